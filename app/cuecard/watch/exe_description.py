"""Windows: an exe's FileDescription ("Microsoft Excel") from its version resource.

Through version.dll with ctypes; imported only on Windows (by watch/app_names.py).
"""

from __future__ import annotations

import sys

DESCRIPTION_LIMIT = 200


if sys.platform == "win32":

    def file_description(exe: str) -> str | None:
        """The FileDescription of `exe` in its first listed language; None without one."""
        import ctypes
        from ctypes import wintypes

        version = ctypes.WinDLL("version", use_last_error=True)
        size = version.GetFileVersionInfoSizeW(exe, None)
        if not size:
            return None
        data = ctypes.create_string_buffer(size)
        if not version.GetFileVersionInfoW(exe, 0, size, data):
            return None
        pointer = ctypes.c_void_p()
        length = wintypes.UINT()
        if not version.VerQueryValueW(
            data, "\\VarFileInfo\\Translation", ctypes.byref(pointer), ctypes.byref(length)
        ):
            return None
        if length.value < 4 or not pointer.value:
            return None
        words = ctypes.cast(pointer, ctypes.POINTER(wintypes.WORD))
        language, codepage = words[0], words[1]
        key = f"\\StringFileInfo\\{language:04x}{codepage:04x}\\FileDescription"
        if not version.VerQueryValueW(data, key, ctypes.byref(pointer), ctypes.byref(length)):
            return None
        if not pointer.value or not length.value:
            return None
        text = ctypes.wstring_at(pointer.value, min(length.value, DESCRIPTION_LIMIT))
        return text.rstrip("\x00").strip() or None

else:

    def file_description(exe: str) -> str | None:
        """Only Windows exes carry a FileDescription this module can read."""
        del exe
        return None
