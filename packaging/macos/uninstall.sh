#!/bin/sh
# Remove Cuecard from a Mac (run as root, e.g. from Jamf). Users' own data in
# ~/Library/Application Support/cuecard stays; so does the site settings file unless
# --purge is given.
set -eu
for uid in $(ps -axo uid=,comm= | awk '/Cuecard.app/ {print $1}' | sort -u); do
  launchctl bootout "gui/$uid/org.cuecard.Cuecard" 2>/dev/null || true
done
pkill -x cuecard 2>/dev/null || true
rm -rf /Applications/Cuecard.app /Library/LaunchAgents/org.cuecard.Cuecard.plist
rm -f "/Library/Application Support/Cuecard/settings.yaml.default" \
  "/Library/Application Support/Cuecard/cuecard.example.mobileconfig"
if [ "${1:-}" = --purge ]; then
  rm -rf "/Library/Application Support/Cuecard"
fi
pkgutil --forget org.cuecard.Cuecard.pkg >/dev/null 2>&1 || true
