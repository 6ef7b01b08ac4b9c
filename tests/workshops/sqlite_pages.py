"""An attacker's reader of SQLite files: b-tree cells with their byte offsets, from the main file and the WAL.

It reads the raw bytes only (the file format, https://www.sqlite.org/fileformat.html), the way
someone holding a copy of the database would: each table's rows with their rowid and the byte
offset of their cell in its page, which is what reveals insertion order.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Cell:
    page: int
    offset: int  # of the cell within its page: cells are written downwards, so lower means written later
    rowid: int | None  # None in an index (or WITHOUT ROWID) b-tree
    values: tuple


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = 0
    for n in range(9):
        byte = data[i + n]
        if n == 8:
            return (value << 8) | byte, i + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, i + n + 1
    raise AssertionError("unreachable")


def _record(payload: bytes) -> tuple:
    header_size, i = _varint(payload, 0)
    types = []
    while i < header_size:
        kind, i = _varint(payload, i)
        types.append(kind)
    values, at = [], header_size
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
    for kind in types:
        if kind in (0,):
            values.append(None)
        elif kind in (8, 9):
            values.append(kind - 8)
        elif kind == 7:
            values.append(struct.unpack(">d", payload[at:at + 8])[0])
        elif kind <= 6:
            values.append(int.from_bytes(payload[at:at + sizes[kind]], "big", signed=True))
        else:
            size = (kind - 12) // 2 if kind % 2 == 0 else (kind - 13) // 2
            raw = payload[at:at + size]
            values.append(raw if kind % 2 == 0 else raw.decode("utf-8", "replace"))
            at += size
            continue
        at += sizes.get(kind, 0)
    return tuple(values)


class Database:
    """The pages a reader would see: the main file's, each replaced by its newest image in the WAL."""

    def __init__(self, path: Path) -> None:
        self.main = path.read_bytes()
        self.page_size = struct.unpack(">H", self.main[16:18])[0] or 65536
        self.pages = {n + 1: self.main[n * self.page_size:(n + 1) * self.page_size]
                      for n in range(len(self.main) // self.page_size)}
        wal = Path(f"{path}-wal")
        self.wal = wal.read_bytes() if wal.exists() else b""
        self.wal_frames = list(self._frames())
        for number, image in self.wal_frames:
            self.pages[number] = image
        # Table names to root pages, read like any other table (sqlite_master is on page 1).
        master = [c.values for c in self.cells(1)]
        self.roots = {row[1]: row[3] for row in master if row[0] in ("table", "index")}
        self.sql = {row[1]: row[4] for row in master if row[0] == "table"}

    def _frames(self):
        if len(self.wal) < 32:
            return
        size = struct.unpack(">I", self.wal[8:12])[0]
        at = 32
        while at + 24 + size <= len(self.wal):
            number = struct.unpack(">I", self.wal[at:at + 4])[0]
            yield number, self.wal[at + 24:at + 24 + size]
            at += 24 + size

    def cells(self, root: int) -> list[Cell]:
        """Every leaf cell of the b-tree rooted at ROOT (payloads that spill to overflow pages are cut)."""
        out: list[Cell] = []
        pending = [root]
        while pending:
            number = pending.pop()
            page = self.pages[number]
            head = 100 if number == 1 else 0
            kind = page[head]
            count = struct.unpack(">H", page[head + 3:head + 5])[0]
            pointers_at = head + (12 if kind in (2, 5) else 8)
            pointers = [struct.unpack(">H", page[pointers_at + 2 * k:pointers_at + 2 * k + 2])[0] for k in range(count)]
            if kind in (2, 5):  # interior: children, then the right-most one
                pending.extend(struct.unpack(">I", page[p:p + 4])[0] for p in pointers)
                pending.append(struct.unpack(">I", page[head + 8:head + 12])[0])
                continue
            for p in pointers:
                size, i = _varint(page, p)
                rowid = None
                if kind == 13:
                    rowid, i = _varint(page, i)
                out.append(Cell(number, p, rowid, _record(page[i:i + size])))
        return out

    def rows(self, table: str) -> list[dict]:
        """The table's rows as {column: value} (with "rowid" and "offset"), in b-tree order."""
        names = self.columns(table)
        return [{"rowid": c.rowid, "page": c.page, "offset": c.offset, **dict(zip(names, c.values, strict=False))}
                for c in self.cells(self.roots[table])]

    def columns(self, table: str) -> list[str]:
        """Column names in stored order, from the table's CREATE statement (kept in the file)."""
        scratch = sqlite3.connect(":memory:")
        try:
            scratch.execute(self.sql[table])
            named = [row[1] for row in scratch.execute(f"PRAGMA table_info({table})")]
            without_rowid = "WITHOUT ROWID" in self.sql[table].upper()
            if without_rowid:  # stored as its primary key first
                keys = [row[1] for row in sorted(scratch.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5])
                        if row[5]]
                named = keys + [n for n in named if n not in keys]
            return named
        finally:
            scratch.close()
