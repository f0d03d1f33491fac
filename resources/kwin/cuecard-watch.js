// Cuecard window watcher: a KWin script (Plasma 5 and 6) that tells the Cuecard app
// which window is active, because Wayland gives that away to no other client.
// Cuecard loads it over D-Bus when it starts and unloads it when it quits
// (app/cuecard/watch/wayland_kde.py). It only reads the active window's caption,
// class, pid, fullscreen state and geometry and sends them to org.cuecard.Watcher on
// the session bus: Report(caption, resourceClass, pid, fullScreen, x, y, w, h).
// An empty caption and class with pid 0 mean "no active window".

var SERVICE = "org.cuecard.Watcher";
var PATH = "/Cuecard";
var IFACE = "org.cuecard.Watcher";
var watched = null;

// resourceClass is a string on Plasma 6 and may be a byte array on Plasma 5.
function text(value) {
    if (value === undefined || value === null) {
        return "";
    }
    if (typeof value === "string") {
        return value;
    }
    if (typeof ArrayBuffer !== "undefined" && value instanceof ArrayBuffer) {
        var bytes = new Uint8Array(value);
        var out = "";
        for (var i = 0; i < bytes.length; i++) {
            out += String.fromCharCode(bytes[i]);
        }
        return out;
    }
    return String(value);
}

function whole(value) {
    var number = Number(value);
    return isFinite(number) ? Math.round(number) : 0;
}

function report(window) {
    if (!window) {
        callDBus(SERVICE, PATH, IFACE, "Report", "", "", 0, false, 0, 0, 0, 0);
        return;
    }
    var g = window.frameGeometry || window.geometry || { x: 0, y: 0, width: 0, height: 0 };
    callDBus(SERVICE, PATH, IFACE, "Report",
        text(window.caption), text(window.resourceClass), whole(window.pid),
        window.fullScreen ? true : false,
        whole(g.x), whole(g.y), whole(g.width), whole(g.height));
}

function onChange() {
    report(watched);
}

function follow(window) {
    if (watched) {
        try {
            watched.captionChanged.disconnect(onChange);
            watched.fullScreenChanged.disconnect(onChange);
        } catch (error) {
            // the window is already gone
        }
    }
    watched = window || null;
    if (watched) {
        watched.captionChanged.connect(onChange);
        watched.fullScreenChanged.connect(onChange);
    }
    report(watched);
}

if (typeof workspace.windowActivated !== "undefined") {
    workspace.windowActivated.connect(follow);      // Plasma 6
    follow(workspace.activeWindow);
} else {
    workspace.clientActivated.connect(follow);      // Plasma 5
    follow(workspace.activeClient);
}
