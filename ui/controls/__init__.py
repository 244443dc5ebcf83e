"""The controls panel: the data settings and the training settings as grouped forms."""
