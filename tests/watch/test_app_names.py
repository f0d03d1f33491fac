"""Application names from real desktop files and app bundles on tmp_path."""

from __future__ import annotations

import plistlib
from pathlib import Path

import pytest

from cuecard.models import WindowInfo
from cuecard.watch.app_names import (
    AppNames,
    DesktopIndex,
    application_dirs,
    bundle_name,
    clean_process_name,
    parse_desktop_file,
)

XTERM = """# comment
[Desktop Entry]
Name=XTerm
Name[de]=XTerm-Terminal
Comment=standard terminal emulator
Exec=xterm
Type=Application
StartupWMClass=XTerm

[Desktop Action New]
Name=Something else
"""
CALC = """[Desktop Entry]
Version=1.0
Type=Application
Name=LibreOffice Calc
Exec=libreoffice --calc %U
StartupWMClass=libreoffice-calc
"""
NAUTILUS = """[Desktop Entry]
Name=Files
Exec=env GTK_THEME=Adwaita nautilus --new-window %U
Type=Application
"""
FLATPAK = """[Desktop Entry]
Name=GNU Image Manipulation Program
Exec=/usr/bin/flatpak run --branch=stable org.gimp.GIMP %U
Type=Application
"""


def desktop(folder: Path, relative: str, text: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def names_for(folders: list[Path], platform: str = "linux") -> AppNames:
    return AppNames(platform, folders=lambda: folders, env={"LANG": "C.UTF-8"})


def test_desktop_file_names_the_window_class_not_the_title(tmp_path: Path) -> None:
    apps = tmp_path / "share" / "applications"
    desktop(apps, "debian-xterm.desktop", XTERM)
    desktop(apps, "libreoffice-calc.desktop", CALC)
    names = names_for([apps])
    second = WindowInfo(app="xterm", title="bash - second", window_class="XTerm")
    assert names.name(second) == "XTerm"
    calc = WindowInfo(app="soffice.bin", title="a.ods - Calc", window_class="libreoffice-calc")
    assert names.name(calc) == "LibreOffice Calc"


def test_desktop_id_program_and_reverse_dns_ids(tmp_path: Path) -> None:
    apps = tmp_path / "applications"
    desktop(apps, "org.gnome.Nautilus.desktop", NAUTILUS)
    desktop(apps, "org.gimp.GIMP.desktop", FLATPAK)
    desktop(apps, "kde/kate.desktop", "[Desktop Entry]\nName=Kate\nExec=kate -b %U\n")
    names = names_for([apps])
    # Wayland app id = desktop id; an X11 class of the id's last part; a process name.
    assert names.name(WindowInfo(app="", title="", window_class="org.gnome.Nautilus")) == "Files"
    assert names.name(WindowInfo(app="nautilus", title="Home")) == "Files"
    assert names.name(WindowInfo(app="gimp-2.10", title="", window_class="gimp")) == (
        "GNU Image Manipulation Program"
    )
    # Subfolders join the id with '-'; "flatpak" in Exec= says nothing about the app.
    assert names.name(WindowInfo(app="kde-kate", title="")) == "Kate"
    assert names.name(WindowInfo(app="flatpak", title="")) == "Flatpak"


def test_the_users_desktop_file_wins_and_hidden_entries_name_nothing(tmp_path: Path) -> None:
    user, system = tmp_path / "home" / "applications", tmp_path / "usr" / "applications"
    desktop(system, "debian-xterm.desktop", XTERM)
    desktop(user, "debian-xterm.desktop", XTERM.replace("Name=XTerm", "Name=My Terminal", 1))
    desktop(system, "gone.desktop", "[Desktop Entry]\nName=Gone\nExec=gone\nHidden=true\n")
    desktop(system, "link.desktop", "[Desktop Entry]\nName=Site\nType=Link\nURL=x\n")
    names = names_for([user, system])
    assert names.name(WindowInfo(app="xterm", title="", window_class="XTerm")) == "My Terminal"
    assert names.name(WindowInfo(app="gone", title="")) == "Gone"  # cleaned process name
    assert names.name(WindowInfo(app="site", title="")) == "Site"


def test_localised_name_and_only_the_desktop_entry_group(tmp_path: Path) -> None:
    entry = parse_desktop_file(XTERM, "debian-xterm", {"LANG": "de_DE.UTF-8"})
    assert entry is not None and entry.name == "XTerm-Terminal"
    entry = parse_desktop_file(XTERM, "debian-xterm", {"LANG": "fr_FR.UTF-8"})
    assert entry is not None and entry.name == "XTerm" and entry.exec_name == "xterm"
    assert parse_desktop_file("[Desktop Action x]\nName=A\n", "a", {}) is None
    assert parse_desktop_file("", "empty", {}) is None


def test_fallback_is_the_cleaned_process_name() -> None:
    names = names_for([])
    assert names.name(WindowInfo(app="soffice.bin", title="a.ods - LibreOffice Calc")) == "Soffice"
    assert names.name(WindowInfo(app="", title="x - y", window_class="Gimp-2.10")) == "Gimp 2.10"
    assert names.name(WindowInfo(app="", title="Report - Draft")) == "this window"
    assert clean_process_name("C:\\Program Files\\Zoom\\Zoom.exe") == "Zoom"
    assert clean_process_name("gnome-terminal-server") == "Gnome terminal server"
    assert clean_process_name("firefox-bin") == "Firefox"
    assert clean_process_name("\u202eevil\x07") == "Evil"


def test_lookups_are_cached_until_the_folders_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apps, other = tmp_path / "applications", tmp_path / "other"
    desktop(apps, "debian-xterm.desktop", XTERM)
    desktop(other, "debian-xterm.desktop", XTERM.replace("Name=XTerm", "Name=Other", 1))
    builds: list[tuple[Path, ...]] = []
    real = DesktopIndex.from_dirs.__func__  # type: ignore[attr-defined]

    def counting(cls: type[DesktopIndex], folders: tuple[Path, ...], env: object) -> DesktopIndex:
        builds.append(tuple(folders))
        return real(cls, folders, env)  # type: ignore[no-any-return]

    monkeypatch.setattr(DesktopIndex, "from_dirs", classmethod(counting))
    current = [apps]
    names = AppNames("linux", folders=lambda: current, env={})
    info = WindowInfo(app="xterm", title="", window_class="XTerm")
    names.warm()
    assert names.name(info) == "XTerm"
    (apps / "debian-xterm.desktop").unlink()
    assert names.name(info) == "XTerm" and names.name(info) == "XTerm"
    assert builds == [(apps,)], "the desktop files are read once"
    current = [other]  # another XDG_DATA_HOME (a test of its own)
    assert names.name(info) == "Other"
    assert builds == [(apps,), (other,)]


def test_windows_names_from_the_exe_description() -> None:
    described: list[str] = []

    def describe(exe: str) -> str | None:
        described.append(exe)
        return "Microsoft Excel" if exe.endswith("EXCEL.EXE") else None

    names = AppNames("win32", folders=lambda: [], describe_exe=describe)
    excel = WindowInfo(app="excel", title="Book1 - Excel", exe="C:\\Office\\EXCEL.EXE")
    assert names.name(excel) == "Microsoft Excel"
    other = WindowInfo(app="tool", title="A - B", exe="C:\\tool.exe")
    assert names.name(other) == "Tool"


def test_macos_names_from_the_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "Applications" / "Visual Studio Code.app"
    (bundle / "Contents" / "MacOS").mkdir(parents=True)
    exe = bundle / "Contents" / "MacOS" / "Electron"
    exe.write_bytes(b"")
    with (bundle / "Contents" / "Info.plist").open("wb") as handle:
        plistlib.dump({"CFBundleName": "Code", "CFBundleDisplayName": "Visual Studio Code"}, handle)
    assert bundle_name(str(exe)) == "Visual Studio Code"
    names = AppNames("darwin", folders=lambda: [])
    info = WindowInfo(
        app="electron", title="a.py - x", window_class="com.microsoft.VSCode", exe=str(exe)
    )
    assert names.name(info) == "Visual Studio Code"
    broken = tmp_path / "Broken.app" / "Contents" / "MacOS" / "broken"
    broken.parent.mkdir(parents=True)
    (tmp_path / "Broken.app" / "Contents" / "Info.plist").write_text("not a plist")
    assert bundle_name(str(broken)) == "Broken"
    assert bundle_name("/usr/bin/true") is None


def test_application_dirs_follow_xdg() -> None:
    dirs = application_dirs({"XDG_DATA_HOME": "/h/share", "XDG_DATA_DIRS": "/a:/b"})
    assert dirs == [Path("/h/share/applications"), Path("/a/applications"), Path("/b/applications")]
    default = application_dirs({"HOME": "/home/u"})
    assert default[0] == Path("/home/u/.local/share/applications")
    assert Path("/usr/share/applications") in default


def test_index_lookup_prefers_the_window_class() -> None:
    index = DesktopIndex(
        [
            *(
                entry
                for entry in (
                    parse_desktop_file(XTERM, "debian-xterm", {}),
                    parse_desktop_file(
                        "[Desktop Entry]\nName=UXTerm\nExec=xterm -class UXTerm\n"
                        "StartupWMClass=UXTerm\n",
                        "debian-uxterm",
                        {},
                    ),
                )
                if entry is not None
            )
        ]
    )
    assert index.lookup("UXTerm", "xterm") == "UXTerm"
    assert index.lookup("XTerm", "xterm") == "XTerm"
    assert index.lookup("", "xterm") == "XTerm"
    assert index.lookup("", "nothing") is None
