"""Search that forgives: typos, other word forms, synonyms and stop words (see docs/search.md)."""
