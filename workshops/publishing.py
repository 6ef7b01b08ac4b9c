"""A published version's file and its database record agree, whenever a process is killed.

`stage` writes the new version under a temporary name in the target folder (created exclusively,
flushed to disk, and locked for as long as the publishing process lives) inside the publish
transaction; once the transaction commits, the file is renamed to its real name, and if the
transaction rolls back it is removed. A process killed at any instant leaves either nothing, or a
temporary file: `recover` (run before every publish, and by `python -m workshops` before any
command) renames it when its version is recorded, and removes it when it is not. A temporary
file still locked belongs to a publish in progress elsewhere and is left alone.
"""

from __future__ import annotations

import os
import secrets
import signal
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from forms.errors import Code
from workshops.access import digest
from workshops.db import ROOT
from workshops.errors import refuse
from workshops.schema import FormVersion

try:
    import fcntl
except ImportError:  # not POSIX: no lock, so recovery cannot tell a live publish from a dead one
    fcntl = None

SUFFIX = ".publishing"
# Test hook: kill this process (SIGKILL) when publishing reaches this phase, to test recovery at every
# instant: "created" (empty temporary file), "written", "committed" (record stored, not renamed), "renamed".
CRASH_AT = "COFORM_TEST_CRASH_PUBLISH_AT"


def default_dir() -> Path:
    """Where the studio publishes: COFORM_PUBLISH_DIR, else data/published."""
    return Path(os.environ.get("COFORM_PUBLISH_DIR") or ROOT / "data" / "published")


def _phase(name: str) -> None:
    if os.environ.get(CRASH_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _lock(fd: int, wait: bool) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX: the directory entry is data of the folder); forms.storage's one way."""
    from forms.storage import fsync_dir  # the form loader behind it is not needed by commands that never publish

    fsync_dir(folder)


def stage(session: Session, folder: Path, name: str, text: str) -> Path:
    """Write TEXT as FOLDER/NAME once SESSION's transaction commits (never if it rolls back)."""
    target = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = _create(folder, name)
        try:
            _phase("created")
            data = text.encode("utf-8")
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)  # on disk before the record is: recovery finds the whole file or no record
        except BaseException:
            os.close(fd)
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise refuse(Code.WORKSHOP_CANNOT_WRITE, "--out", out=str(folder), reason=exc.strerror or str(exc)) from None
    _phase("written")
    state = {"open": True}

    def done() -> None:
        if state["open"]:
            state["open"] = False
            os.close(fd)  # releases the lock

    def finish(_session: Session) -> None:
        if not state["open"]:
            return
        _phase("committed")
        try:
            os.replace(temporary, target)
            _sync_folder(folder)
        except OSError:
            pass  # recorded: the next publish or command renames it (recover)
        finally:
            done()
        _phase("renamed")

    def abandon(_session: Session) -> None:
        if state["open"]:
            temporary.unlink(missing_ok=True)
            done()

    event.listen(session, "after_commit", finish, once=True)
    event.listen(session, "after_rollback", abandon, once=True)
    return target


def _create(folder: Path, name: str) -> tuple[int, Path]:
    """An exclusively created, locked temporary file (never through a planted link), still at its name."""
    for _ in range(5):
        temporary = folder / f".{name}.{secrets.token_hex(6)}{SUFFIX}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        _lock(fd, wait=True)
        try:
            if os.stat(temporary).st_ino == os.fstat(fd).st_ino:
                return fd, temporary
        except FileNotFoundError:
            pass  # a recovery took it in the instant before the lock: make another
        os.close(fd)
    raise OSError("no temporary file could be kept in the folder")


def leftovers(folder: Path) -> list[Path]:
    """Temporary files of publishes in FOLDER (cheap: no database read)."""
    try:
        return sorted(p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(SUFFIX))
    except OSError:
        return []


def recover(session: Session, folder: str | Path) -> dict[str, list[str]]:
    """Finish (the version is recorded: rename) or remove (it is not) each publish a killed process left."""
    folder = Path(folder)
    out: dict[str, list[str]] = {"finished": [], "removed": []}
    for temporary in leftovers(folder):
        try:
            fd = os.open(temporary, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if not _lock(fd, wait=False) or os.stat(temporary).st_ino != os.fstat(fd).st_ino:
                continue  # a publish in progress holds it, or another recovery already moved it
            text = _read(fd)
            name = temporary.name[1:].rsplit(".", 2)[0]  # ".NAME.RANDOM.publishing"
            if text is not None and _recorded(session, name, text):
                os.replace(temporary, folder / name)
                out["finished"].append(name)
            else:
                temporary.unlink()
                out["removed"].append(temporary.name)
            _sync_folder(folder)
        except OSError:
            continue
        finally:
            os.close(fd)
    return out


def _read(fd: int) -> str | None:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _recorded(session: Session, name: str, text: str) -> bool:
    """Is this exact text a stored version whose file is called NAME?"""
    for version in session.scalars(select(FormVersion).where(FormVersion.sha256 == digest(text))):
        if version.yaml_text == text and name == f"{version.form_id}-v{version.version}.yaml":
            return True
    return False
