"""Loss surfaces seen from above: the optimizer race and the network's loss landscape."""
