"""Anyone can teach: "Share a tip…" and `cuecard new` make a card draft in the user's own
content folder, prefilled from the window they were working in, and open it for editing."""
