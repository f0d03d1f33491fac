"""The focused dialog and control, from the accessibility tree screen readers use.

One Protocol (`base.ElementWatcher`), one module per platform, imported lazily:
atspi.py (Linux, AT-SPI over D-Bus), uia.py (Windows, UI Automation), ax.py (macOS, the
AX API). roles.py is Cuecard's platform-neutral role vocabulary (pure).
"""
