// Cuecard window watcher for GNOME Shell 45 to 51 (ES modules, so not before 45).
//
// It uses only API that is unchanged from 45 to 51: Extension from extension.js,
// global.display's focus-window, Meta.Window's get_title, get_wm_class, get_pid,
// is_fullscreen, get_frame_rect and its title/fullscreen notifications, and Gio's D-Bus
// export. disable() stays synchronous (GNOME 51 refuses an async one).
//
// Wayland tells no ordinary client which window is focused, so this extension does:
// it follows global.display's focus window and that window's title and fullscreen
// state, and emits org.cuecard.Shell.FocusChanged(title, wm_class, pid, fullscreen,
// x, y, width, height) from /org/cuecard/Shell on the session bus. It owns the name
// org.cuecard.Shell, and Current() returns the same values, so Cuecard can check that
// the extension is answering and read the state it starts from. An empty title and
// class with pid 0 mean "no focused window". The receiving end is
// app/cuecard/watch/wayland_gnome.py.

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import {Extension} from 'resource:///org/gnome/shell/extensions/extension.js';

const BUS_NAME = 'org.cuecard.Shell';
const OBJECT_PATH = '/org/cuecard/Shell';
const SIGNATURE = '(ssibiiii)';
const ARGS = `
      <arg type="s" name="title"/>
      <arg type="s" name="wm_class"/>
      <arg type="i" name="pid"/>
      <arg type="b" name="fullscreen"/>
      <arg type="i" name="x"/>
      <arg type="i" name="y"/>
      <arg type="i" name="width"/>
      <arg type="i" name="height"/>`;
const INTERFACE_XML = `
<node>
  <interface name="org.cuecard.Shell">
    <method name="Current">${ARGS.replaceAll('<arg ', '<arg direction="out" ')}
    </method>
    <signal name="FocusChanged">${ARGS}
    </signal>
  </interface>
</node>`;

function describe(window) {
    if (!window)
        return ['', '', 0, false, 0, 0, 0, 0];
    const rect = window.get_frame_rect();
    return [
        window.get_title() ?? '',
        window.get_wm_class() ?? '',
        Math.max(0, window.get_pid()),
        window.is_fullscreen(),
        rect.x, rect.y, rect.width, rect.height,
    ];
}

class FocusReporter {
    constructor() {
        this._window = null;
        this._windowSignals = [];
        this._exported = Gio.DBusExportedObject.wrapJSObject(INTERFACE_XML, this);
        this._exported.export(Gio.DBus.session, OBJECT_PATH);
        this._nameId = Gio.bus_own_name_on_connection(
            Gio.DBus.session, BUS_NAME, Gio.BusNameOwnerFlags.NONE, null, null);
        this._focusId = global.display.connect('notify::focus-window',
            () => this._follow(global.display.focus_window));
        this._follow(global.display.focus_window);
    }

    // D-Bus method org.cuecard.Shell.Current
    Current() {
        return describe(this._window);
    }

    _follow(window) {
        this._forgetWindow();
        this._window = window;
        if (window) {
            this._windowSignals = [
                window.connect('notify::title', () => this._emit()),
                window.connect('notify::fullscreen', () => this._emit()),
            ];
        }
        this._emit();
    }

    _emit() {
        this._exported.emit_signal('FocusChanged',
            new GLib.Variant(SIGNATURE, describe(this._window)));
    }

    _forgetWindow() {
        if (this._window) {
            for (const id of this._windowSignals)
                this._window.disconnect(id);
        }
        this._windowSignals = [];
        this._window = null;
    }

    destroy() {
        global.display.disconnect(this._focusId);
        this._forgetWindow();
        Gio.bus_unown_name(this._nameId);
        this._exported.unexport();
    }
}

export default class CuecardWatchExtension extends Extension {
    enable() {
        this._reporter = new FocusReporter();
    }

    disable() {
        this._reporter?.destroy();
        this._reporter = null;
    }
}
