"""Dialogs the window opens: which CSV columns to import, what to export."""
