"""Stewardship: which cards are stale or soon stale, by owner, with what the local record
says about them; and marking a card reviewed by editing its one `reviewed:` line."""
