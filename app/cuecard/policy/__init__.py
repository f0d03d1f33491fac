"""Deciding whether to offer a card now: attention budget, dwell, fading, snooze, quiet.

Pure: every function takes the current time and the history as parameters.
"""
