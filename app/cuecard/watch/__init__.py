"""Active-window watchers: one Protocol (base.py), one module per platform, imported lazily."""
