"""What the views share: colours, geometry, stock graphics items, axis ticks, map colouring."""
