"""The curves: loss, accuracy and learning rate per epoch, with early stopping's marks."""
