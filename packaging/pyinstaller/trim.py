"""What the frozen Cuecard leaves out of its PyInstaller bundle, and why.

The spec (cuecard.spec) filters PyInstaller's binaries and data through `keep()`;
build.py then drops the libraries nothing in the bundle links to any more and checks the
result. tests/packaging/test_bundle.py reads the same lists, so a rule written here is
also a rule checked there.

Cuecard draws plain widgets (no OpenGL, no QML, no printing), loads SVG icons and card
images, and has no translations of its own, so Qt's standard-dialog translations would
give a half-translated app: none are shipped.
"""

from __future__ import annotations

import fnmatch

# Paths inside the bundle (relative to _internal/, "/" separated), fnmatch patterns; the
# leading "*/" matches where each OS keeps Qt (PySide6/Qt/ on Linux, PySide6/ on Windows).
DROP_PATTERNS: tuple[str, ...] = (
    # Platforms a desktop session never uses: framebuffer, VNC, EGL full-screen, Vulkan.
    "*/plugins/platforms/*qeglfs*",
    "*/plugins/platforms/*qlinuxfb*",
    "*/plugins/platforms/*qvnc*",
    "*/plugins/platforms/*qvkkhrdisplay*",
    "*/plugins/platforms/*qminimalegl*",
    "*/plugins/egldeviceintegrations/*",
    "*/libQt6EglFSDeviceIntegration.so*",
    "*/libQt6EglFsKmsSupport.so*",
    # evdev input and TUIO: only for the framebuffer platforms above.
    "*/plugins/generic/*",
    # The GTK3 theme drags in GTK, cairo, pango and gdk-pixbuf (11 MB); the portal
    # theme and Qt's own style look right on GNOME without it.
    "*/plugins/platformthemes/*qgtk3*",
    # Only QLocalSocket is used from QtNetwork: no TLS, no network-state plugins.
    "*/plugins/tls/*",
    "*/plugins/networkinformation/*",
    # OpenGL glue for the X11 platform: the app draws with the raster engine.
    "*/plugins/xcbglintegrations/*",
    # Wayland shells other than xdg-shell (embedded and automotive compositors).
    "*/plugins/wayland-shell-integration/libfullscreen-shell-v1.so",
    "*/plugins/wayland-shell-integration/libivi-shell.so",
    "*/plugins/wayland-shell-integration/libqt-shell.so",
    "*/plugins/wayland-shell-integration/libwl-shell-plugin.so",
    "*/libQt6WlShellIntegration.so*",
    # Wayland buffer sharing through EGL/dmabuf (and its OpenGL library): raster widgets
    # use shared memory, which needs no plugin.
    "*/plugins/wayland-graphics-integration-client/*",
    "*/libQt6OpenGL.so*",
    # Image formats no card or icon uses (cards use PNG, JPEG, GIF, WebP, SVG).
    "*/plugins/imageformats/*qicns.*",
    "*/plugins/imageformats/*qtga.*",
    "*/plugins/imageformats/*qtiff.*",
    "*/plugins/imageformats/*qwbmp.*",
    # Translations: the app loads none (see the module docstring).
    "*/translations/*",
)

# What the bundle must contain for the app to work on a Linux desktop.
REQUIRED_LINUX: tuple[str, ...] = (
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "resources/icons/cuecard.svg",
    "resources/icons/cuecard-tray-light.svg",
    "resources/icons/cuecard-tray-dark.svg",
    "resources/kwin/cuecard-watch.js",
    "resources/gnome-shell-extension/cuecard-watch@cuecard.org/extension.js",
    "resources/gnome-shell-extension/cuecard-watch@cuecard.org/metadata.json",
    "resources/cuecard.desktop",
    "resources/search/related-words.tsv.gz",
)

# Libraries the build host may have that must never end up in the bundle: a sign that
# something pulled in GTK (the build host's desktop), or a dropped plugin came back.
FORBIDDEN_LIBRARIES: tuple[str, ...] = (
    "libgtk-3.so*",
    "libgdk-3.so*",
    "libgdk_pixbuf-2.0.so*",
    "libcairo*.so*",
    "libpango*.so*",
    "libatk*.so*",
    "libQt6Qml*.so*",
    "libQt6Quick*.so*",
    "libQt6Pdf*.so*",
    "libQt6VirtualKeyboard*.so*",
)

# Python modules PyInstaller would otherwise follow from optional imports.
EXCLUDED_MODULES: tuple[str, ...] = (
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "IPython",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPrintSupport",
)


def dropped(relative: str) -> bool:
    """True when the bundle path `relative` ("/" separated) is left out."""
    return any(fnmatch.fnmatchcase(relative, pattern) for pattern in DROP_PATTERNS)


def keep(relative: str) -> bool:
    return not dropped(relative)
