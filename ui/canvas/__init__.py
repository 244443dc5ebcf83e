"""The network canvas: the network drawn as TensorFlow Playground does, and edited by clicks."""
