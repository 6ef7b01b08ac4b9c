"""Saving form files safely: atomic writes, conflict detection, previous versions kept. Never raises for I/O.

The studio opens a file, remembers the SHA-256 of the bytes it read, and later asks to save:

- `open_text(path)` reads a file and fingerprints it;
- `save(path, text, expected_sha256)` refuses text that does not load (errors block, warnings do
  not), refuses when the file on disk is no longer the one that was opened (a conflict: the result
  carries both texts so the user can choose), keeps the version it replaces, then writes;
- `save_copy(path, text)` writes the text to a new file beside it (`NAME-copy.yaml`,
  `NAME-copy-2.yaml`, ...), never over an existing one.

Writes are atomic: the bytes go to a temporary file in the same folder, are flushed to disk
(fsync) and then renamed over the target (`os.replace`), so a crash or a full disk leaves either
the old file or the new one, never half of each.

Previous versions go to a `.history/` folder beside the file, as numbered copies
`.history/NAME.yaml.1`, `.2`, ... (the highest number is the most recent; the newest `KEEP` are
kept). Numbered copies rather than one `NAME.yaml.bak`, because a single backup is overwritten by
the second save and a workshop often wants to step back further. The copies end in a number, not
`.yaml`, so nothing that looks for forms (`*.yaml`) ever mistakes them for forms.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import re
import stat
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from forms.errors import Code, Issue
from forms.loader import load_text
from forms.model import Form
from forms.reader import MAX_BYTES, FileTooLarge, NotRegularFile, read_file

HISTORY_DIR = ".history"
KEEP = 20  # previous versions kept per file
DEFAULT_MODE = 0o644

SAVED = "saved"
CONFLICT = "conflict"
INVALID = "invalid"
FAILED = "failed"

# One lock per process: studio sessions are threads of one process, and two of them saving the
# same file must not interleave "check the fingerprint" and "replace the file". Another program
# writing in between is still possible; the fingerprint is checked again just before the rename
# to keep that window to microseconds.
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Opened:
    """A file as read for editing: its text and the fingerprint of its bytes (None if it does not exist)."""

    path: str
    text: str | None
    sha256: str | None
    problem: Issue | None = None  # why it could not be opened (a FILE_ entry of the catalog)

    @property
    def message(self) -> str:
        return self.problem.sentence() if self.problem else ""

    @property
    def ok(self) -> bool:
        return self.text is not None


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did. On a conflict, `mine` and `theirs` hold both texts so the user can choose."""

    status: str
    path: str
    message: str  # what the studio shows: a catalog sentence when not saved, a confirmation when saved
    sha256: str | None = None  # fingerprint of the file now on disk (when saved)
    previous: str | None = None  # where the replaced version was kept (when there was one)
    mine: str | None = None
    theirs: str | None = None  # the text on disk now (None when the file has gone)
    theirs_sha256: str | None = None
    issues: tuple[Issue, ...] = ()
    problem: Issue | None = None  # why it was not saved (a FILE_ entry of the catalog)

    @property
    def ok(self) -> bool:
        return self.status == SAVED

    @property
    def conflict(self) -> bool:
        return self.status == CONFLICT


def sha256_of(data: bytes | str) -> str:
    """The fingerprint the studio compares: SHA-256 of the file's bytes (text is taken as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def open_text(path: str | Path) -> Opened:
    """Read a file for editing. A missing or unreadable file gives a message, never an exception."""
    target = Path(path)
    name, where = target.name, str(target)
    try:
        data = read_file(target)
    except FileNotFoundError:
        return Opened(where, None, None, Code.FILE_OPEN_MISSING.issue(where, name=name))
    except NotRegularFile as exc:
        return Opened(where, None, None, Code.FILE_OPEN_NOT_A_FILE.issue(where, name=name, kind=exc.kind))
    except FileTooLarge as exc:
        return Opened(where, None, None, Code.FILE_OPEN_TOO_LARGE.issue(where, name=name, size=exc.size,
                                                                       limit=MAX_BYTES))
    except OSError as exc:
        # Nothing is being saved yet: the loader's own words for a file that cannot be read.
        return Opened(where, None, None, Code.FILE_UNREADABLE.issue(where, reason=f"{exc.strerror or exc} ({name})"))
    return Opened(str(target), data.decode("utf-8", "replace"), sha256_of(data))


def save(path: str | Path, text: str, expected_sha256: str | None, *,
         forms: Mapping[str, Form] | None = None, keep: int = KEEP) -> SaveResult:
    """Write `text` to `path` if it loads and the file is still the one opened.

    `expected_sha256` is the fingerprint of the file when it was opened (`None`: it did not exist,
    so it must not exist now either). To save over someone else's version on purpose, pass the
    fingerprint the conflict reported (`SaveResult.theirs_sha256`).
    """
    target = Path(path)
    data = _ready(target, text, forms)
    if isinstance(data, SaveResult):
        return data
    with _lock:
        try:
            current = _read_or_none(target)
        except OSError as exc:
            return _failed(target, text, _explain(exc, "read", target))
        found = sha256_of(current) if current is not None else None
        if found != expected_sha256:
            return _conflict(target, text, current, found)
        previous = None
        if current is not None:
            try:
                previous = _keep_previous(target, current, keep)
            except OSError as exc:
                return _failed(target, text, _explain(exc, "keep the previous version in", target.parent / HISTORY_DIR))
        try:
            mode = stat.S_IMODE(target.stat().st_mode) if current is not None else DEFAULT_MODE
            _write_atomic(target, data, mode, expected_sha256)
        except _Changed as changed:
            return _conflict(target, text, changed.current, changed.sha256)
        except OSError as exc:
            return _failed(target, text, _explain(exc, "write", target))
    kept = f" The version it replaced is kept as {Path(previous).relative_to(target.parent)}." if previous else ""
    return SaveResult(SAVED, str(target), f"Saved {target.name}.{kept}", sha256_of(data), previous)


def save_copy(path: str | Path, text: str, *, forms: Mapping[str, Form] | None = None) -> SaveResult:
    """Write `text` to a new file beside `path` (NAME-copy.yaml, NAME-copy-2.yaml, ...), never over a file."""
    target = Path(path)
    data = _ready(target, text, forms)
    if isinstance(data, SaveResult):
        return data
    stem = re.sub(r"-copy(-\d+)?$", "", target.stem)
    try:
        tmp = _write_temp(target.parent, target.name, data, DEFAULT_MODE)
    except OSError as exc:
        return _failed(target, text, _explain(exc, "write in", target.parent))
    try:
        # No upper limit: each name taken costs one system call, and a copy is always made.
        for number in itertools.count(1):
            candidate = target.with_name(f"{stem}-copy{'' if number == 1 else f'-{number}'}{target.suffix}")
            if _create_exclusive(tmp, candidate):
                fsync_dir(target.parent)
                return SaveResult(SAVED, str(candidate), f"Saved a copy as {candidate.name}. It has the same form id "
                                  "as the original: change the id if both are to be kept.", sha256_of(data))
    except OSError as exc:
        return _failed(target, text, _explain(exc, "write in", target.parent))
    finally:
        _unlink_quietly(tmp)


def write_file(path: str | Path, data: bytes, mode: int = DEFAULT_MODE) -> None:
    """Write a whole file atomically (an export, an import's YAML); OSError when it cannot be written.

    The bytes go to a new temporary file made exclusively in the target's folder (mkstemp: O_EXCL,
    a random name), never to a predictable name such as NAME.part that someone could have planted
    as a symlink to another file; `os.replace` then swaps a symlink at the target itself for the
    new file instead of writing through it.
    """
    target = Path(path)
    tmp = _write_temp(target.parent, target.name, data, mode)
    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(target.parent)


def history(path: str | Path) -> list[Path]:
    """The kept previous versions of a file, oldest first."""
    target = Path(path)
    return [p for _, p in _numbered(target.parent / HISTORY_DIR, target.name)]


# --- the steps -------------------------------------------------------------------------
class _Changed(Exception):
    """The file changed between the fingerprint check and the rename (another program wrote it)."""

    def __init__(self, current: bytes | None, sha256: str | None) -> None:
        super().__init__("changed on disk")
        self.current = current
        self.sha256 = sha256


def _ready(target: Path, text: str, forms: Mapping[str, Form] | None) -> bytes | SaveResult:
    """The text's UTF-8 bytes when it may be saved, else the refusal.

    A lone surrogate (half of a pasted character) has no UTF-8 bytes: that is checked first, since
    the YAML reader would stop at the same character with an exception. Then the text must load
    (lints are skipped: warnings never block a save).
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return _failed(target, text, Code.FILE_SAVE_NOT_UTF8.issue(str(target)))
    result = load_text(text, str(target), forms=forms, lint=False)
    if result.ok:
        return data
    errors = result.errors
    first = errors[0]
    problem = Code.FILE_SAVE_INVALID.issue(
        str(target), first.line, first.column, first=first.sentence(),
        count="an error" if len(errors) == 1 else f"{len(errors)} errors",
        at=f" (line {first.line})" if first.line else "")
    return SaveResult(INVALID, str(target), problem.sentence(), mine=text, issues=errors, problem=problem)


def _read_or_none(target: Path) -> bytes | None:
    try:
        return read_file(target)
    except FileNotFoundError:
        return None


def _keep_previous(target: Path, data: bytes, keep: int) -> str:
    folder = target.parent / HISTORY_DIR
    folder.mkdir(exist_ok=True)
    kept = _numbered(folder, target.name)
    number = kept[-1][0] + 1 if kept else 1
    copy = folder / f"{target.name}.{number}"
    _write_atomic(copy, data, DEFAULT_MODE, None, check=False)
    for _, old in kept[:max(0, len(kept) + 1 - keep)]:
        _unlink_quietly(old)
    return str(copy)


def _numbered(folder: Path, name: str) -> list[tuple[int, Path]]:
    pattern = re.compile(re.escape(name) + r"\.(\d+)")
    try:
        found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := pattern.fullmatch(p.name))]
    except OSError:
        return []
    return sorted(found)


def _write_temp(folder: Path, name: str, data: bytes, mode: int) -> str:
    # The temporary name starts with '.' and ends in '.tmp': never taken for a form if left behind.
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


def _write_atomic(target: Path, data: bytes, mode: int, expected_sha256: str | None, *, check: bool = True) -> None:
    tmp = _write_temp(target.parent, target.name, data, mode)
    try:
        if check:
            now = _read_or_none(target)
            found = sha256_of(now) if now is not None else None
            if found != expected_sha256:
                raise _Changed(now, found)
        os.replace(tmp, target)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(target.parent)


def _create_exclusive(tmp: str, candidate: Path) -> bool:
    """Give the temporary file the name `candidate` unless that name exists (False then)."""
    try:
        os.link(tmp, candidate)  # atomic, and fails rather than overwrite
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    # A filesystem without hard links: check, then rename (a tiny window, on an unusual disk).
    if candidate.exists():
        return False
    os.replace(tmp, candidate)
    return True


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable. Best effort: some systems cannot open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _unlink_quietly(path: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _conflict(target: Path, text: str, current: bytes | None, found: str | None) -> SaveResult:
    code = Code.FILE_SAVE_GONE if current is None else Code.FILE_SAVE_CONFLICT
    problem = code.issue(str(target), name=target.name)
    theirs = None if current is None else current.decode("utf-8", "replace")
    return SaveResult(CONFLICT, str(target), problem.sentence(), mine=text, theirs=theirs, theirs_sha256=found,
                      problem=problem)


def _failed(target: Path, text: str, problem: Issue) -> SaveResult:
    return SaveResult(FAILED, str(target), problem.sentence(), mine=text, problem=problem)


def _explain(exc: OSError, action: str, where: Path) -> Issue:
    """An OSError as the catalog words it: what happened and what the user can do."""
    place = str(where)
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return Code.FILE_SAVE_DENIED.issue(place, action=action, place=place)
    if exc.errno == errno.ENOSPC:
        return Code.FILE_SAVE_DISK_FULL.issue(place, place=place)
    if exc.errno == errno.EROFS:
        return Code.FILE_SAVE_READ_ONLY.issue(place, place=place)
    if exc.errno == errno.ENOENT:
        return Code.FILE_SAVE_FOLDER_GONE.issue(place, place=place)
    return Code.FILE_SAVE_FAILED.issue(place, action=action, place=place, reason=exc.strerror or exc)
