"""Shrink the ICU data library Qt Core links to (libicudata, 32 MB) to what Qt uses.

PySide6's Qt is built with ICU, so Qt Core needs libicudata.so.NN, a library that holds
one symbol, `icudtNN_dat`: ICU's "common data" package of 3,900 items (converters,
collation, break-iterator dictionaries, time-zone names, unit and currency names for
every locale ...). Qt uses ICU for a few things only: QCollator, QStringConverter for
legacy encodings, locale-aware upper/lower case, time-zone display names. Character
properties, case mapping and normalisation (NFC) are compiled into libicuuc itself and
need no data. Cuecard calls none of those APIs for anything but UTF-8, so the bundle
keeps only the items in `KEEP` (the root locale, the root collation, the UTF converters'
alias table, 1.4 MB) and rebuilds the library with the same soname and symbol. When ICU asks for
an item that is not there it reports U_MISSING_RESOURCE_ERROR and Qt falls back (QCollator
compares code points, QStringConverter reports the codec as unavailable); it never
crashes. tests/packaging/test_icu_data.py checks the format round trip.

Needs binutils (`readelf`, `as`, `ld`), as the rest of the build does.
"""

from __future__ import annotations

import fnmatch
import re
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Item names inside the package, without the "icudtNNl/" prefix; fnmatch patterns.
KEEP: tuple[str, ...] = (
    "root.res",
    "res_index.res",
    "pool.res",
    "cnvalias.icu",
    "coll/root.res",
    "coll/res_index.res",
    "coll/ucadata.icu",
    "nfkc*.nrm",
    "uts46.nrm",
    "ulayout.icu",
    "uemoji.icu",
)
ALIGNMENT = 16  # ICU's pkgdata aligns every item to 16 bytes
PAD = b"\xaa"  # and pads with this byte


@dataclass(frozen=True)
class Item:
    """One entry of an ICU common data package: its full name and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Package:
    """An ICU common data package ("CmnD"): its header as read, and its items."""

    header: bytes
    items: tuple[Item, ...]


def parse_package(blob: bytes) -> Package:
    """Read a common data package (little-endian, as on every platform Qt ships)."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    (count,) = struct.unpack_from("<I", blob, header_size)
    toc = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    body = blob[header_size:]
    items = []
    for index, (name_offset, data_offset) in enumerate(toc):
        end = toc[index + 1][1] if index + 1 < count else len(body)
        name = body[name_offset : body.index(b"\0", name_offset)].decode("ascii")
        items.append(Item(name, body[data_offset:end]))
    return Package(blob[:header_size], tuple(items))


def build_package(package: Package) -> bytes:
    """The bytes of `package`: header, table of contents, names, 16-byte aligned items."""
    items = sorted(package.items, key=lambda item: item.name)  # ICU searches the ToC
    toc_size = 4 + 8 * len(items)
    names = b""
    name_offsets = []
    for item in items:
        name_offsets.append(toc_size + len(names))
        names += item.name.encode("ascii") + b"\0"
    offset = _aligned(toc_size + len(names) + len(package.header)) - len(package.header)
    data = PAD * (offset - toc_size - len(names))
    data_offsets = []
    for item in items:
        data_offsets.append(offset)
        padded = item.data + PAD * (_aligned(len(item.data)) - len(item.data))
        data += padded
        offset += len(padded)
    toc = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    return package.header + toc + names + data


def _aligned(size: int) -> int:
    return (size + ALIGNMENT - 1) // ALIGNMENT * ALIGNMENT


def kept(name: str) -> bool:
    """True when the item `name` ("icudt73l/coll/root.res") stays in the bundle."""
    short = name.split("/", 1)[1] if "/" in name else name
    return any(fnmatch.fnmatchcase(short, pattern) for pattern in KEEP)


def read_library(library: Path) -> tuple[str, bytes]:
    """The data symbol's name and the package it holds, from an ICU data library."""
    listing = subprocess.run(
        ["readelf", "--dyn-syms", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 8 and re.fullmatch(r"icudt\d+_dat", fields[7]) and fields[6] != "UND":
            symbol, address, size = fields[7], int(fields[1], 16), int(fields[2], 0)
            break
    else:
        raise ValueError(f"{library}: no icudtNN_dat symbol")
    offset = address - _section_delta(library, address)
    with library.open("rb") as handle:
        handle.seek(offset)
        return symbol, handle.read(size)


def _section_delta(library: Path, address: int) -> int:
    """Address minus file offset of the section holding `address`."""
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        match = re.search(r"\]\s+\S+\s+\S+\s+([0-9a-f]{8,})\s+([0-9a-f]{6,})\s+([0-9a-f]+)", line)
        if match:
            start, offset, size = (int(value, 16) for value in match.groups())
            if start <= address < start + size:
                return start - offset
    raise ValueError(f"{library}: no section holds {address:#x}")


def write_library(path: Path, soname: str, symbol: str, package: bytes) -> None:
    """Assemble and link a shared library exporting `symbol` = `package`."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "data.bin").write_bytes(package)
        (work / "data.s").write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n"
            f"\t.balign {ALIGNMENT}\n{symbol}:\n"
            f'\t.incbin "{work / "data.bin"}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(["as", "-o", str(work / "data.o"), str(work / "data.s")], check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-o", str(path), str(work / "data.o")],
            check=True,
        )


def shrink(library: Path) -> tuple[int, int]:
    """Rewrite `library` in place keeping only the `KEEP` items; sizes before and after."""
    before = library.stat().st_size
    symbol, blob = read_library(library)
    package = parse_package(blob)
    trimmed = Package(package.header, tuple(i for i in package.items if kept(i.name)))
    write_library(library, library.name, symbol, build_package(trimmed))
    return before, library.stat().st_size


def shrink_in(folder: Path) -> list[tuple[Path, int, int]]:
    """Shrink every ICU data library under `folder`; (library, before, after) each."""
    return [
        (library, *shrink(library))
        for library in sorted(folder.rglob("libicudata.so*"))
        if library.is_file() and not library.is_symlink()
    ]
