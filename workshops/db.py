"""Where workshops are kept: an SQLite file under data/ by default, PostgreSQL when DATABASE_URL says so.

Every operation runs through `Store.run`, one short transaction that is retried with backoff when
the database is busy, so "database is locked" never reaches a person. On SQLite, writes start with
BEGIN IMMEDIATE: a transaction that reads and then writes would otherwise fail at once (without
waiting) when another writer got there first. Opening a store upgrades its schema to the newest
migration, so a database made by an older version of Coform is carried forward without loss.

Opening is cheap and safe when a whole room starts commands at once: one plain read of the stored
revision, and alembic is imported and run (under the write lock, retried like any write) only
when that revision is not the newest.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = ROOT / "data" / "workshops.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 5000
PAUSE = "coform_pause"  # session.info key: how an operation waits without blocking other writers (Store._pause)
ATTEMPTS = 12  # with the backoff below, about 6 s of retrying after SQLite's own 5 s wait

T = TypeVar("T")
# What a batched operation answers for a call it leaves to be run on its own (see Store.run).
ALONE = object()
BATCH_LIMIT = 200  # calls in one batched transaction at most


def database_url(url: str | None = None) -> str:
    """The SQLAlchemy URL to use: the one given, else DATABASE_URL, else the SQLite file under data/."""
    url = url or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_PATH}"
    # Hosting platforms write postgres:// or postgresql://; Coform ships the psycopg 3 driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def _is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take over transaction control from pysqlite, so BEGIN IMMEDIATE can be issued below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # secure_delete: deleted and rewritten rows are zeroed in the file, so an erased text or an
        # earlier state of a secret ballot box does not stay in free space (docs/secret-ballots.md).
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}",
                       "synchronous=NORMAL", "secure_delete=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # Readers may share the database (WAL); writers queue for the lock before reading anything.
        read_only = connection.get_execution_options().get("coform_read_only", False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str | None = None) -> Engine:
    """A new engine for the URL, with SQLite's pragmas set on every connection."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
                               pool_size=10, max_overflow=60, pool_timeout=60)
        _sqlite_settings(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=60, pool_timeout=60)
    return engine


def head_revision() -> str:
    """The newest migration's revision, read from the file names (each NNNN_*.py holds revision 'NNNN'):
    no alembic import is needed to learn it. A test checks it against alembic's own answer."""
    return max(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def stored_revision(engine: Engine) -> str | None:
    """The revision the database is at, by one read that takes no write lock (None: no schema yet)."""
    try:
        with engine.execution_options(coform_read_only=True).connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except SQLAlchemyError:  # no table yet, or busy: upgrade() below finds out properly
        return None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (by default the newest) with alembic; safe to run every start."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def checkpoint(engine: Engine, *, wait_ms: int = BUSY_TIMEOUT_MS) -> bool:
    """SQLite: copy the WAL into the main file and truncate it to nothing, so the page images of earlier
    transactions (an erased text, an earlier state of a secret ballot box) leave the files. It waits at
    most WAIT_MS for other connections to finish writing or reading an older state, then does what it
    can (a later checkpoint finishes the work). Best effort: False when it could not finish or on any
    other database; never raises."""
    if not _is_sqlite(engine):
        return False
    try:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
            try:
                busy, _frames, _copied = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            return busy == 0
        finally:
            raw.close()
    except Exception:  # what was committed stands whatever happens here
        return False


def vacuum(engine: Engine, tables: tuple[str, ...] = ("vote",)) -> bool:
    """PostgreSQL: VACUUM the tables (outside any transaction), so dead row versions stop being readable
    through the system columns. Best effort: False on SQLite or on any failure; never raises."""
    if _is_sqlite(engine):
        return False
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                connection.exec_driver_sql(f"VACUUM {table}")
        return True
    except Exception:  # what was committed stands whatever happens here
        return False


def _retryable(exc: Exception) -> bool:
    """Busy or locked (SQLite), a serialization failure or deadlock (PostgreSQL), or a lost race."""
    if isinstance(exc, IntegrityError):
        return True  # two writers raced past a check; the retry sees the winner and answers properly
    text = str(getattr(exc, "orig", exc)).lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return "locked" in text or "busy" in text or code in ("40001", "40P01")


def _pause(attempt: int) -> None:
    """Exponential backoff with jitter, so the waiting writers do not all wake together."""
    time.sleep(min(0.5, 0.01 * 2 ** attempt) * (0.5 + random.random()))


class Store:
    """An engine, its schema brought up to date, and short retried transactions over it."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        if migrate:
            self._upgrade()
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(self.engine.execution_options(coform_read_only=True), expire_on_commit=False)
        # SQLite has one writer at a time anyway. Threads of one process (the studio's sessions) queue
        # for it on this lock, which hands over at once, instead of in SQLite's busy handler, which
        # sleeps up to 100 ms between tries: 60 voters at once waited seconds for a free database.
        # Other processes still meet at SQLite's lock, with its busy timeout and the retries above.
        self._one_writer = threading.Lock() if _is_sqlite(self.engine) else None
        # Group commit for batched operations (a vote): calls made while a batch is being written queue
        # here, and the next one to find no batch running writes them all in one transaction.
        self._batches = threading.Condition()
        self._queued: dict[Callable, list[_Call]] = {}
        self._leading: set[Callable] = set()

    def _pause(self, seconds: float, sleep: Callable[[float], object]) -> None:
        """Wait without holding this process's write lock (the operation has ended its transaction first)."""
        assert self._one_writer is not None
        self._one_writer.release()
        try:
            sleep(seconds)
        finally:
            self._one_writer.acquire()

    def run(self, operation: Callable[..., T], *args: object, read_only: bool = False, **kwargs: object) -> T:
        """Call operation(session, *args, **kwargs) in one transaction; commit, or retry when busy.

        An operation with a `batched` attribute (`service.vote`) is grouped with the calls other
        threads make meanwhile: `batched(session, [(args, kwargs), ...])` writes them in one
        transaction and answers each call's result, or ALONE for a call it leaves to the operation
        itself (a refusal, a secret ballot: anything it does not do exactly as the operation would)."""
        batched = getattr(operation, "batched", None)
        if batched is not None and not read_only:
            result = self._in_batch(batched, args, kwargs)
            if result is not ALONE:
                return result
        factory = self._readers if read_only else self._sessions
        guard = self._one_writer if self._one_writer is not None and not read_only else nullcontext()
        for attempt in range(ATTEMPTS):
            with guard:
                session: Session = factory()
                if guard is self._one_writer:
                    session.info[PAUSE] = self._pause  # a wait inside the operation lets other writers go
                try:
                    result = operation(session, *args, **kwargs)
                    session.commit()
                    return result
                except (OperationalError, IntegrityError) as exc:
                    session.rollback()
                    # A lost race shows on the first retry; an integrity error that persists is a real bug.
                    lost_race_retried = isinstance(exc, IntegrityError) and attempt >= 2
                    if attempt == ATTEMPTS - 1 or lost_race_retried or not _retryable(exc):
                        raise
                except BaseException as exc:
                    # A refusal may still need what it wrote (a wrong join code is counted against guessing).
                    if getattr(exc, "keep_writes", False):
                        session.commit()
                    else:
                        session.rollback()
                    raise
                finally:
                    session.close()
            _pause(attempt)  # outside the guard: others write while this one waits
        raise AssertionError("unreachable")

    def _in_batch(self, batched: Callable, args: tuple, kwargs: dict) -> object:
        """This call's result from a batch: written by whoever leads the batch it joined (perhaps this
        thread), or ALONE. A batch that fails as a whole (after run's retries) leaves every call ALONE,
        so each is then tried, retried or refused on its own, exactly as without batching."""
        call = _Call(args, kwargs)
        with self._batches:
            self._queued.setdefault(batched, []).append(call)
            while call.result is _WAITING and batched in self._leading:
                self._batches.wait()
            if call.result is not _WAITING:
                return call.result
            self._leading.add(batched)
            queued = self._queued.pop(batched)
            batch, rest = queued[:BATCH_LIMIT], queued[BATCH_LIMIT:]
            if rest:
                self._queued[batched] = rest
        results: list[object] = [ALONE] * len(batch)
        try:
            results = self.run(lambda session: batched(session, [(c.args, c.kwargs) for c in batch]))
        except Exception:  # each call is tried on its own, which reports its own error
            pass
        finally:
            with self._batches:
                for each, result in zip(batch, results, strict=True):
                    each.result = result
                self._leading.discard(batched)
                self._batches.notify_all()
        return call.result

    def _upgrade(self) -> None:
        """Upgrade to the newest schema unless the database is already there, retrying while it is busy.

        Fifty commands started at once used to each take the write lock to run alembic (seconds of
        work in all), so some waited past the busy timeout and failed: "database is locked".
        """
        if stored_revision(self.engine) == head_revision():
            return
        for attempt in range(ATTEMPTS):
            try:
                upgrade(self.engine)  # on SQLite under BEGIN IMMEDIATE; on PostgreSQL an advisory lock
                return
            except OperationalError as exc:
                if attempt == ATTEMPTS - 1 or not _retryable(exc):
                    raise
                _pause(attempt)

    def close(self) -> None:
        self.engine.dispose()


_WAITING = object()


class _Call:
    """One call waiting in a batch, and its result once the batch is written."""

    __slots__ = ("args", "kwargs", "result")

    def __init__(self, args: tuple, kwargs: dict) -> None:
        self.args, self.kwargs, self.result = args, kwargs, _WAITING


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def shared_store(url: str | None = None) -> Store:
    """One Store per URL per process (engines hold connection pools; the studio shares them)."""
    key = database_url(url)
    with _stores_lock:
        if key not in _stores:
            _stores[key] = Store(key)
        return _stores[key]
