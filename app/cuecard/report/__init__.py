"""The author report: what each card is doing for people, and what needs a steward."""
