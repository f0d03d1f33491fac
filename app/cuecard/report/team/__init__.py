"""The team view: outcomes across people, read back from the LRS (`cuecard report --lrs`).

Statements are fetched page by page into a private local cache (only what is new on
the next run), folded in one pass into group figures, and rendered as one page. No
figure is about one person, nothing ranks people, and every figure about fewer than
`report.k_anonymity` people (at least 5) is left out, saying so on the page.
"""
