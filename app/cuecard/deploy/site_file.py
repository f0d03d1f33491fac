"""The commented site settings file the packages install (/etc/cuecard/settings.yaml,
%ProgramData%\\Cuecard\\settings.yaml, /Library/Application Support/Cuecard/settings.yaml).

Every known setting appears as a commented line holding its default, so removing the
`#` of a line sets that value; the file as installed sets nothing.
"""

from __future__ import annotations

from cuecard import __version__
from cuecard.deploy.model import managed_settings, yaml_value

HEADER = """\
# Cuecard site settings: defaults for every user of this machine.
#
# Users may change these in their own settings file unless a key is listed under
# `locked:` below; Group Policy (Windows) and configuration profiles (macOS) override
# this file and always lock. Remove the `#` in front of a line to set it; the values
# shown are the built-in defaults. `cuecard doctor` shows what is in effect and where
# each value came from. A wrong value is reported by name and ignored, never fatal.
#
# Generated from the settings Cuecard {version} knows; package upgrades keep your edits.
"""

FOOTER = """
# Keys users cannot change (they are greyed out in their Settings window):
#locked: [nudges.per_hour, nudges.per_day, privacy.exclude_apps]
"""


def site_settings_template() -> str:
    lines = [HEADER.format(version=__version__)]
    section = ""
    for setting in managed_settings():
        if setting.section != section:
            section = setting.section
            lines.append(f"\n# --- {section} ---\n")
        lines.append(f"# {setting.description}\n")
        lines.append(f"#{setting.key}: {yaml_value(setting.default)}\n")
    lines.append(FOOTER)
    return "".join(lines)
