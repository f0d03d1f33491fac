"""Signed content packs: the format, building one, pulling and installing them."""
