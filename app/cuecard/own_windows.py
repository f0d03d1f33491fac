"""How Cuecard's own windows present themselves to the desktop.

The UI sets these; the window watchers and the compositor helpers they install (sway
rules, the KWin script in resources/kwin) use them to recognise the nudge toast, which
must never take focus and belongs in the corner of the screen.
"""

APP_ID = "cuecard"  # Wayland app id (Qt: the desktop file name); X11 WM_CLASS instance
TOAST_TITLE_PREFIX = "Cuecard: "  # every nudge toast's window title starts with this
TOAST_MARGIN = 24  # pixels between the toast and the corner of the work area
