#!/bin/sh
# Build dist/Cuecard-VERSION.pkg from dist/Cuecard.app (packaging/pyinstaller/build.py).
#
#   sh packaging/macos/build_pkg.sh
#
# Signing and notarisation happen when these are set (see README.md beside this file):
#   CUECARD_SIGN_APP="Developer ID Application: Example Org (TEAMID)"
#   CUECARD_SIGN_PKG="Developer ID Installer: Example Org (TEAMID)"
#   CUECARD_NOTARY_PROFILE=<a notarytool keychain profile>
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$TOP/app/cuecard/__init__.py")
APP="$TOP/dist/Cuecard.app"
WORK="$TOP/build/pkg"
OUT="$TOP/dist/Cuecard-$VERSION.pkg"
[ -d "$APP" ] || { echo "build_pkg.sh: no $APP; run packaging/pyinstaller/build.py" >&2; exit 1; }

if [ -n "${CUECARD_SIGN_APP:-}" ]; then
  # Inside out, never --deep: every Mach-O file first, then the app itself.
  find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
    xargs -0 codesign --force --timestamp --options runtime \
      --entitlements "$HERE/entitlements.plist" --sign "$CUECARD_SIGN_APP"
  codesign --force --timestamp --options runtime --entitlements "$HERE/entitlements.plist" \
    --sign "$CUECARD_SIGN_APP" "$APP"
  codesign --verify --strict --verbose=2 "$APP"
fi

rm -rf "$WORK"
ROOT="$WORK/root"
mkdir -p "$ROOT/Applications" "$ROOT/Library/LaunchAgents" \
  "$ROOT/Library/Application Support/Cuecard"
ditto "$APP" "$ROOT/Applications/Cuecard.app"
cp "$HERE/org.cuecard.Cuecard.plist" "$ROOT/Library/LaunchAgents/"
"$PYTHON" -m cuecard.deploy site-yaml "$ROOT/Library/Application Support/Cuecard/settings.yaml.default"
cp "$HERE/cuecard.example.mobileconfig" "$ROOT/Library/Application Support/Cuecard/"

pkgbuild --root "$ROOT" --identifier org.cuecard.Cuecard.pkg --version "$VERSION" \
  --scripts "$HERE/scripts" --install-location / "$WORK/cuecard-component.pkg"
sed "s/@VERSION@/$VERSION/" "$HERE/distribution.xml" > "$WORK/distribution.xml"
set -- --distribution "$WORK/distribution.xml" --package-path "$WORK"
if [ -n "${CUECARD_SIGN_PKG:-}" ]; then
  set -- "$@" --sign "$CUECARD_SIGN_PKG"
fi
productbuild "$@" "$OUT"

if [ -n "${CUECARD_NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$OUT" --keychain-profile "$CUECARD_NOTARY_PROFILE" --wait
  xcrun stapler staple "$OUT"
fi
echo "$OUT"
