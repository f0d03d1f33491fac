"""Matching: compile every trigger into an index and rank the cards that fit a window.

Pure Python on RE2, no Qt; `match` takes the window and the user's state as parameters.
"""
