"""The data view: the points of the split over the network's output map, and neuron lines."""
