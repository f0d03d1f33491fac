"""Cuecard's role names for focused elements, and each platform's roles mapped onto them.

Authors write `role: text` (or `button`, `menu item`, `list item`, …) whatever the
platform; AT-SPI role names, UI Automation control types and AX roles are translated
here. Pure data, no I/O: content lint, the rules index and every back-end use it.
"""

from __future__ import annotations

import re

#: Every role a trigger may name, in the order docs list them.
ROLES: tuple[str, ...] = (
    "button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "spin button",
    "slider",
    "menu",
    "menu bar",
    "menu item",
    "list",
    "list item",
    "tree",
    "tree item",
    "table",
    "cell",
    "tab list",
    "tab",
    "link",
    "label",
    "heading",
    "image",
    "group",
    "tool bar",
    "status bar",
    "scroll bar",
    "progress bar",
    "document",
    "dialog",
    "window",
    "terminal",
)
_ROLE_SET = frozenset(ROLES)

#: Other spellings authors use, and platform names that are Cuecard roles as they are.
ALIASES: dict[str, str] = {
    "push button": "button",
    "split button": "button",
    "menu button": "button",
    "entry": "text",
    "edit": "text",
    "text field": "text",
    "textbox": "text",
    "text box": "text",
    "text area": "text",
    "search field": "text",
    "password": "password text",
    "checkbox": "check box",
    "radio": "radio button",
    "combobox": "combo box",
    "drop down": "combo box",
    "dropdown": "combo box",
    "pop up button": "combo box",
    "spinner": "spin button",
    "menuitem": "menu item",
    "check menu item": "menu item",
    "radio menu item": "menu item",
    "listitem": "list item",
    "list box": "list",
    "treeitem": "tree item",
    "tree table": "tree",
    "table cell": "cell",
    "page tab": "tab",
    "tab item": "tab",
    "page tab list": "tab list",
    "hyperlink": "link",
    "static text": "label",
    "toolbar": "tool bar",
    "statusbar": "status bar",
    "scrollbar": "scroll bar",
    "progressbar": "progress bar",
    "panel": "group",
    "pane": "group",
    "filler": "group",
    "section": "group",
    "document frame": "document",
    "document text": "document",
    "document web": "document",
    "frame": "window",
    "alert": "dialog",
    "file chooser": "dialog",
    "color chooser": "dialog",
    "font chooser": "dialog",
}

_SPACES = re.compile(r"[\s_-]+")


def canonical_role(name: str) -> str | None:
    """Cuecard's role for an author's or a platform's role name; None when unknown.

    Case, underscores, hyphens and repeated spaces do not matter ("Push_Button" is a
    button)."""
    key = _SPACES.sub(" ", name.strip().lower())
    if key in _ROLE_SET:
        return key
    return ALIASES.get(key)


#: AT-SPI roles that make an element a dialog for `dialog:` (by role name).
ATSPI_DIALOG_ROLES = frozenset({"dialog", "alert", "file chooser", "color chooser", "font chooser"})

#: UI Automation control type ids (UIAutomationClient.h) -> Cuecard roles.
UIA_CONTROL_TYPES: dict[int, str] = {
    50000: "button",
    50002: "check box",
    50003: "combo box",
    50004: "text",  # Edit
    50005: "link",
    50006: "image",
    50007: "list item",
    50008: "list",
    50009: "menu",
    50010: "menu bar",
    50011: "menu item",
    50012: "progress bar",
    50013: "radio button",
    50014: "scroll bar",
    50015: "slider",
    50016: "spin button",
    50017: "status bar",
    50018: "tab list",  # Tab: the control holding the tabs
    50019: "tab",  # TabItem
    50020: "label",  # Text: static text
    50021: "tool bar",
    50023: "tree",
    50024: "tree item",
    50026: "group",
    50028: "table",  # DataGrid
    50029: "list item",  # DataItem
    50030: "document",
    50031: "button",  # SplitButton
    50032: "window",
    50033: "group",  # Pane
    50036: "table",
}
UIA_WINDOW = 50032
UIA_CONTROL_TYPE_NAMES: dict[int, str] = {
    50000: "Button",
    50002: "CheckBox",
    50003: "ComboBox",
    50004: "Edit",
    50005: "Hyperlink",
    50006: "Image",
    50007: "ListItem",
    50008: "List",
    50009: "Menu",
    50010: "MenuBar",
    50011: "MenuItem",
    50012: "ProgressBar",
    50013: "RadioButton",
    50014: "ScrollBar",
    50015: "Slider",
    50016: "Spinner",
    50017: "StatusBar",
    50018: "Tab",
    50019: "TabItem",
    50020: "Text",
    50021: "ToolBar",
    50023: "Tree",
    50024: "TreeItem",
    50025: "Custom",
    50026: "Group",
    50028: "DataGrid",
    50029: "DataItem",
    50030: "Document",
    50031: "SplitButton",
    50032: "Window",
    50033: "Pane",
    50036: "Table",
}

#: macOS AX roles -> Cuecard roles (subroles refine some of them, see `ax_role`).
AX_ROLES: dict[str, str] = {
    "AXButton": "button",
    "AXMenuButton": "button",
    "AXDisclosureTriangle": "button",
    "AXCheckBox": "check box",
    "AXRadioButton": "radio button",
    "AXPopUpButton": "combo box",
    "AXComboBox": "combo box",
    "AXTextField": "text",
    "AXTextArea": "text",
    "AXIncrementor": "spin button",
    "AXSlider": "slider",
    "AXMenu": "menu",
    "AXMenuBar": "menu bar",
    "AXMenuItem": "menu item",
    "AXMenuBarItem": "menu item",
    "AXList": "list",
    "AXRow": "list item",
    "AXOutline": "tree",
    "AXTable": "table",
    "AXCell": "cell",
    "AXTabGroup": "tab list",
    "AXLink": "link",
    "AXStaticText": "label",
    "AXHeading": "heading",
    "AXImage": "image",
    "AXGroup": "group",
    "AXSplitGroup": "group",
    "AXScrollArea": "group",
    "AXToolbar": "tool bar",
    "AXScrollBar": "scroll bar",
    "AXProgressIndicator": "progress bar",
    "AXWebArea": "document",
    "AXSheet": "dialog",
    "AXWindow": "window",
}
AX_SUBROLES: dict[str, str] = {
    "AXSecureTextField": "password text",
    "AXTabButton": "tab",
    "AXOutlineRow": "tree item",
    "AXToggle": "toggle button",
    "AXDialog": "dialog",
    "AXSystemDialog": "dialog",
}


def atspi_role(role_name: str) -> str:
    """Cuecard's role for an AT-SPI role name ("" when it has none)."""
    return canonical_role(role_name) or ""


def uia_role(control_type: int, is_dialog: bool = False) -> str:
    """Cuecard's role for a UI Automation control type id ("" when it has none)."""
    if control_type == UIA_WINDOW and is_dialog:
        return "dialog"
    return UIA_CONTROL_TYPES.get(control_type, "")


def ax_role(role: str, subrole: str = "") -> str:
    """Cuecard's role for an AX role and subrole ("" when it has none)."""
    return AX_SUBROLES.get(subrole) or AX_ROLES.get(role, "")
