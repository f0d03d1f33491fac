"""Files for administrators, generated from the settings Cuecard knows (settings.SPECS).

The commented site settings file the packages install, the Group Policy template
(ADMX/ADML), an example macOS configuration profile and the settings table of
docs/deploy.md all come from here, so none of them can drift from the app.
`python -m cuecard.deploy --help` writes them. Pure Python, no Qt.
"""
