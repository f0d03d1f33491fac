"""Operating-system services behind small interfaces: global hotkey, do-not-disturb."""
