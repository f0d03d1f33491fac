"""Content: parse cards, render safe HTML, lint, index all roots and reload on change.

Pure Python: nothing in this package imports Qt.
"""
