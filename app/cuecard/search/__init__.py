"""Search: full text over every card (SQLite FTS5) with typo-tolerant titles (rapidfuzz)."""
