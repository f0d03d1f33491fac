"""Optional sync: xAPI statements to any Learning Record Store, signed content packs
from any web server or file share. Off by default; nothing here touches the network
unless `sync.enabled` or `packs.urls` is set. No Qt (ui/sync_bridge.py wires it in).
"""
