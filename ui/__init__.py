"""Qt widgets of the playground: views and editors (imports engine, Qt, pyqtgraph)."""
