// Cuecard window watcher: a KWin script (Plasma 5 and 6) that tells the Cuecard app
// which window is active, because Wayland gives that away to no other client.
// Cuecard loads it over D-Bus when it starts and unloads it when it quits
// (app/cuecard/watch/wayland_kde.py). It only reads the active window's caption,
// class, pid, fullscreen state and geometry and sends them to org.cuecard.Watcher on
// the session bus: Report(caption, resourceClass, pid, fullScreen, x, y, w, h, id),
// where id is KWin's internal id of the window (two windows may look alike).
// An empty caption and class with pid 0 mean "no active window".
//
// It also looks after Cuecard's own nudge toast (app id "cuecard", caption starting
// "Cuecard: ", as in app/cuecard/own_windows.py). KWin activates every new window
// before any script hears of it, and a plain Qt window cannot refuse focus on
// Wayland; so when the toast appears the script keeps it above other windows, out of
// the task bar and Alt+Tab, moves it to the bottom-right corner of the work area, and
// gives focus straight back to the user's window, in the same pass through KWin's
// event loop (no key typed meanwhile can reach the toast). The toast is never reported.

var SERVICE = "org.cuecard.Watcher";
var PATH = "/Cuecard";
var IFACE = "org.cuecard.Watcher";
var APP_ID = "cuecard";
var TOAST_PREFIX = "Cuecard: ";
var TOAST_MARGIN = 24;
var plasma6 = typeof workspace.windowActivated !== "undefined";
var watched = null;     // the active window (null: none), whose changes are reported
var userWindow = null;  // the last window the user had active: where focus goes back

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

// The window's own title. KWin makes equal captions unique by appending " <2>",
// " <3>"...; Plasma 6 offers the caption without it, Plasma 5 only with it.
function caption(window) {
    if (window.captionNormal !== undefined) {
        return text(window.captionNormal);
    }
    return text(window.caption).replace(/ <[0-9]+>$/, "");
}

function sameWindow(a, b) {
    return !!a && !!b && String(a.internalId) === String(b.internalId);
}

function isToast(window) {
    return !!window && text(window.resourceClass).toLowerCase() === APP_ID &&
        caption(window).indexOf(TOAST_PREFIX) === 0;
}

function activeWindow() {
    return plasma6 ? workspace.activeWindow : workspace.activeClient;
}

function activate(window) {
    if (plasma6) {
        workspace.activeWindow = window;
    } else {
        workspace.activeClient = window;
    }
}

function report(window) {
    if (!window) {
        callDBus(SERVICE, PATH, IFACE, "Report", "", "", 0, false, 0, 0, 0, 0, "");
        return;
    }
    var g = window.frameGeometry || window.geometry || { x: 0, y: 0, width: 0, height: 0 };
    callDBus(SERVICE, PATH, IFACE, "Report",
        caption(window), text(window.resourceClass), whole(window.pid),
        window.fullScreen ? true : false,
        whole(g.x), whole(g.y), whole(g.width), whole(g.height), String(window.internalId));
}

function onChange() {
    report(watched);
}

function follow(window) {
    if (isToast(window)) {
        return;  // Cuecard's own nudge: the user's window stays the one reported
    }
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
        userWindow = watched;
        watched.captionChanged.connect(onChange);
        watched.fullScreenChanged.connect(onChange);
    }
    report(watched);
}

// KWin reports "no window" between every two activations: remember the user's window
// until it really goes away.
function forget(window) {
    if (sameWindow(window, userWindow)) {
        userWindow = null;
    }
}

function keepToast(window) {
    if (!isToast(window)) {
        return;
    }
    window.keepAbove = true;
    window.skipTaskbar = true;
    window.skipPager = true;
    window.skipSwitcher = true;
    var area = workspace.clientArea(KWin.PlacementArea, userWindow || window);
    var g = window.frameGeometry;
    window.frameGeometry = {
        x: area.x + area.width - g.width - TOAST_MARGIN,
        y: area.y + area.height - g.height - TOAST_MARGIN,
        width: g.width,
        height: g.height
    };
    if (userWindow && sameWindow(activeWindow(), window)) {
        activate(userWindow);
    }
}

if (plasma6) {
    workspace.windowActivated.connect(follow);
    workspace.windowAdded.connect(keepToast);
    workspace.windowRemoved.connect(forget);
    follow(workspace.activeWindow);
} else {
    workspace.clientActivated.connect(follow);
    workspace.clientAdded.connect(keepToast);
    workspace.clientRemoved.connect(forget);
    follow(workspace.activeClient);
}
