"""The local learning record: one SQLite file (sqlite-utils), versioned migrations, one
writer thread. Nothing about windows is ever stored: events name a card, a kind, a time."""
