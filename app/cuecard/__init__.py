"""Cuecard: just-in-time micro-learning from the system tray."""

__version__ = "0.1.0"
