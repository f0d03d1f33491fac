"""A GTK 3 test app (run with the system python3 and its gi bindings).

A main window "Notes" with a "Search" entry and a "Print Setup" dialog with a "Copies"
entry and a "Print" button. Commands on stdin as in qt_dialogs.py: `dialog`,
`focus NAME` (search, copies, print), `burst NAME`, `close`, `quit`.
"""

from __future__ import annotations

import json
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import GLib, Gtk  # noqa: E402


def say(**record: object) -> None:
    print(json.dumps(record), flush=True)


def labelled(text: str, widget: Gtk.Widget, box: Gtk.Box) -> None:
    label = Gtk.Label.new_with_mnemonic(text)
    label.set_mnemonic_widget(widget)
    row = Gtk.Box(spacing=6)
    row.pack_start(label, False, False, 0)
    row.pack_start(widget, True, True, 0)
    box.pack_start(row, False, False, 0)


def main() -> int:
    window = Gtk.Window(title="Notes")
    box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=6)
    search = Gtk.Entry()
    labelled("_Search", search, box)
    window.add(box)
    window.connect("destroy", Gtk.main_quit)
    dialog = Gtk.Dialog(title="Print Setup", transient_for=window)
    content = dialog.get_content_area()
    copies = Gtk.Entry()
    copies.set_text("2")
    labelled("_Copies", copies, content)
    print_button = dialog.add_button("_Print", Gtk.ResponseType.OK)
    widgets = {"search": search, "copies": copies, "print": print_button}

    def command(_source: object, _condition: object) -> bool:
        line = sys.stdin.readline()
        if not line:
            Gtk.main_quit()
            return False
        verb, _, arg = line.strip().partition(" ")
        if verb == "dialog":
            dialog.show_all()
            dialog.present()
            copies.grab_focus()
        elif verb == "focus":
            widgets[arg].grab_focus()
        elif verb == "burst":
            for _ in range(20):
                for name in ("copies", "print"):
                    widgets[name].grab_focus()
            widgets[arg].grab_focus()
        elif verb == "close":
            dialog.hide()
        elif verb == "quit":
            Gtk.main_quit()
        say(reply=verb, arg=arg)
        return True

    GLib.io_add_watch(sys.stdin, GLib.IO_IN, command)
    window.show_all()
    window.present()
    search.grab_focus()
    say(event="ready", pid=os.getpid())
    Gtk.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
