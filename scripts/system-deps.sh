#!/bin/sh
# Install the Debian packages Cuecard needs (`run`: Qt's X11 libraries; `test`: those plus
# a real X server, window manager and tray; `wayland`: the real compositors the tests in
# tests/wayland start: sway, KWin, Xwayland, and GTK for a GTK test window; `package`: what
# `make package` needs to build the frozen app and the .deb; `installers`: all of `test`
# and `package` plus what `make test-installers` uses: msitools/wixl and wine). As root it
# installs them; otherwise it prints the exact apt-get line and stops (for `wayland` it
# only says so: without those packages the real-Wayland tests skip, except under CI).
# `test` also brings Node.js and npm, which run the real Learning Record Store the sync
# tests start (tests/sync/lrs_server.py).
set -eu
QT_LIBS="libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-xcb1
 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 fonts-dejavu-core"
# at-spi2-core: the accessibility bus (element triggers); python3-gi + gir1.2-gtk-3.0: the
# GTK 3 test app, run with the system python3.
TEST_TOOLS="xvfb openbox x11-utils xdotool wmctrl trayer xterm imagemagick dbus
 desktop-file-utils nodejs at-spi2-core python3-gi gir1.2-gtk-3.0"
# About 175 packages, 1.5 to 2 minutes to download and install on a fresh machine.
WAYLAND="sway kwin-wayland xwayland python3 python3-gi gir1.2-gtk-3.0 dbus xterm"
# The Wayland libraries are in Depends of the .deb: dpkg -S must find them here.
PACKAGE_TOOLS="xvfb xauth binutils dpkg-dev xz-utils libwayland-client0 libwayland-cursor0
 libwayland-egl1"
INSTALLER_TOOLS="msitools wixl wine wine64"
MODE="${1:-test}"
case "$MODE" in
  run) WANT="$QT_LIBS" ;;
  wayland) WANT="$WAYLAND" ;;
  package) WANT="$QT_LIBS $PACKAGE_TOOLS" ;;
  installers) WANT="$QT_LIBS $TEST_TOOLS $PACKAGE_TOOLS $INSTALLER_TOOLS" ;;
  *) WANT="$QT_LIBS $TEST_TOOLS" ;;
esac
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian/Ubuntu: install by hand
MISSING=""
for pkg in $WANT; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  case "$status" in *"install ok installed"*) ;; *) MISSING="$MISSING $pkg" ;; esac
done
# npm: Debian's package only when no npm is there (a NodeSource nodejs ships its own,
# and Debian's npm would pull Debian's nodejs in over it).
if [ "$MODE" = test ] && ! command -v npm >/dev/null 2>&1; then MISSING="$MISSING npm"; fi
[ -z "$MISSING" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian packages:$MISSING"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $MISSING >/dev/null
elif [ "$MODE" = wayland ]; then
  echo "The real-Wayland tests (tests/wayland) will skip; to run them:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$MISSING" >&2
else
  echo "Cuecard needs these Debian packages. Install them, then run make again:" >&2
  echo "  sudo apt-get install -y$MISSING" >&2
  exit 1
fi
