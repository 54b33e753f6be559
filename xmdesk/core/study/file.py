"""A study: one SQLite file (.xmd) that can be copied, e-mailed and reopened years later.

Opening checks the file before anything could write to it (empty, not SQLite,
another program's database, truncated, written by a newer XMDesk), so a bad file
is reported and left exactly as it was. While open the file runs in WAL mode so
the UI can read during a background write; closing checkpoints and returns to a
single file. A lock file beside the study keeps a second XMDesk from writing to
it at the same time: the second one gets the study read-only, with a message.
"""

from __future__ import annotations

import getpass
import logging
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from xmdesk import __version__
from xmdesk.core.study import migrations
from xmdesk.core.study.changes import NOTHING, ChangeLog, Changes
from xmdesk.core.errors import Cancelled, ReadOnlyError, StudyBusy, StudyError
from xmdesk.core.files import check_target, disk_full, write_output
from xmdesk.core.jobs import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from sqlite_utils import Database

STUDY_SUFFIX = ".xmd"
# "XMDK": marks a file as ours, so another program's SQLite file is told apart at once.
APPLICATION_ID = 0x584D444B
SQLITE_HEADER = b"SQLite format 3\x00"
# The first bytes of a rollback journal that still holds a write to undo (SQLite zeroes them on commit).
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def now_iso() -> str:
    """UTC timestamps everywhere in the file, so merged laptops in other time zones agree."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _LockFile:
    """An OS lock on `<study>.lock`: released by the OS when the holder dies, so never stale."""

    def __init__(self, study_path: Path) -> None:
        self.path = study_path.with_name(study_path.name + ".lock")
        self._handle: BinaryIO | None = None

    def acquire(self) -> str | None:
        """Take the lock; return None on success, or who holds it."""
        handle = open(self.path, "a+b")
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().decode("utf-8", "replace").strip() or "?"
            handle.close()
            return holder
        handle.seek(0)
        handle.truncate()
        handle.write(f"{getpass.getuser()}@{socket.gethostname()} pid {os.getpid()}".encode())
        handle.flush()
        self._handle = handle
        return None

    def release(self) -> None:
        if self._handle is None:
            return
        self.path.unlink(missing_ok=True)
        _unlock(self._handle)
        self._handle.close()
        self._handle = None


if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _try_lock(handle: BinaryIO) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False

    def _unlock(handle: BinaryIO) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

else:
    import fcntl

    def _try_lock(handle: BinaryIO) -> bool:
        # flock, not fcntl locks: it also refuses a second opener inside the same process.
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def check_study_file(path: Path) -> None:
    """Refuse what is plainly not a whole SQLite file, reading only its first 100 bytes."""
    if not path.exists():
        raise StudyError("study.not_found", path=path)
    if path.is_dir():
        raise StudyError("study.is_directory", path=path)
    size = path.stat().st_size
    if size == 0:
        raise StudyError("study.empty_file", path=path)
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise StudyError("study.not_sqlite", path=path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    # Mid-write the first page may already count pages not yet written; the journal holds the page as it was.
    truncated = change_counter == valid_for and page_count and size < page_size * page_count
    if truncated and not _hot_journal(path):
        detail = f"{size} of {page_size * page_count} bytes"
        raise StudyError("study.damaged", path=path, detail=detail)


def _hot_journal(path: Path) -> bool:
    """A rollback journal whose header still marks a write to undo (a finished write deletes, empties or
    zeroes it): left by a process killed while writing."""
    try:
        with open(f"{path}-journal", "rb") as handle:
            return handle.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC
    except OSError:
        return False


def _log_left(path: Path) -> Path | None:
    """The WAL log beside a study that was not closed (a closed one leaves a single file)."""
    log = Path(f"{path}-wal")
    return log if log.exists() and log.stat().st_size > 0 else None


def _can_write(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _finish_interrupted_write(path: Path) -> None:
    """Before a read-only open: a read-only connection can neither roll back a hot journal (SQLite answers
    "attempt to write a readonly database") nor, in a folder it cannot write, read a WAL log without its
    -shm. When no XMDesk holds the study and the file can be written, a short writable connection under
    the study's lock does what the next normal open would do (undo the unfinished write, bring a log's
    commits into the file) and leaves a single file. Otherwise nothing is touched, and the read-only
    open says what it meets."""
    if not (_hot_journal(path) or _log_left(path)) or not _can_write(path):
        return
    lock = _LockFile(path)
    if lock.acquire() is not None:
        return
    try:
        conn = _connect(path, read_only=False)
        try:
            # Never wait: a program writing without our lock (a script) makes the journal live, not hot;
            # SQLite then refuses at once and the read-only open goes ahead as usual.
            conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls back
            _leave_single_file(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # left as it was; the read-only open reports what it meets
    finally:
        lock.release()


def _leave_single_file(conn: sqlite3.Connection) -> None:
    """Bring the WAL log into the file and delete it, so the study is one file that can be copied alone."""
    conn.execute("PRAGMA main.wal_checkpoint(TRUNCATE)")  # main: the temp schema has no log
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.OperationalError:
        pass  # a read-only reader elsewhere still has it open; it stays WAL until then


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; every write states its own (transaction()).
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_identity(conn: sqlite3.Connection, path: Path) -> list[str]:
    """Confirm the file is an XMDesk study this version can read; return its applied steps."""
    try:
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        if app_id != APPLICATION_ID:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            raise StudyError("study.foreign_sqlite", path=path)
        applied = migrations.applied_steps(conn)
    except sqlite3.DatabaseError as error:
        raise why_unreadable(conn, path, error) from error
    except UnicodeDecodeError as error:  # a schema whose text is not UTF-8: SQLite never writes one
        raise StudyError("study.damaged", path=path, detail=str(error)) from error
    unknown = [name for name in applied if name not in migrations.STEP_NAMES]
    if unknown:
        raise StudyError("study.too_new", path=path, step=unknown[0], version=__version__)
    return applied


def why_unreadable(conn: sqlite3.Connection, path: Path, error: sqlite3.DatabaseError) -> StudyError:
    """Why a study could not be read. "Damaged" only when the integrity check finds damage (or cannot
    even read the file as a database), or its text is not UTF-8: a user told to restore a backup may throw
    good data away."""
    if str(error).startswith("Could not decode to UTF-8"):  # text XMDesk never writes: SQLite's checks read pages
        return StudyError("study.damaged", path=path, detail=str(error)[:160])
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_READONLY_ROLLBACK":
        return StudyError("study.interrupted_write", path=path)
    log = _log_left(path)
    if log is not None and name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
        return StudyError("study.unclosed_log", path=path, log=log.name)
    try:
        problems = integrity_of(conn)
    except sqlite3.DatabaseError as failed:
        if not is_damage(failed):
            return StudyError("study.unreadable", path=path, detail=str(error))
        problems = str(failed)
    if problems == "ok":
        return StudyError("study.unreadable", path=path, detail=str(error))
    return StudyError("study.damaged", path=path, detail=problems)


def damage_behind(path: str | Path, error: sqlite3.DatabaseError) -> StudyError | None:
    """The damage behind an SQLite error met while a command read the study at `path`, or None when the file
    is whole (the error is then a bug, and must show as one): what `why_unreadable` calls damage. Random
    changes to a demo study's bytes ended 1 command in 50 in such a traceback, past the checks on opening."""
    path = Path(path)
    try:
        conn = _connect(path, read_only=True)
    except sqlite3.DatabaseError:
        return None
    try:
        found = why_unreadable(conn, path, error)
    finally:
        conn.close()
    return found if found.message_id == "study.damaged" else None


def integrity_of(conn: sqlite3.Connection) -> str:
    """'ok', or SQLite's description of the first problems (a full read of the file), on one line."""
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    try:
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.OperationalError as error:  # "foreign key mismatch": a parent table lost its key
        return _one_line([r for r in rows if r != "ok"] + [str(error)])
    if fk:
        rows = [r for r in rows if r != "ok"] + [f"foreign key problem in table {fk[0][0]}"]
    return _one_line(rows)


def _one_line(rows: list[str]) -> str:
    return "ok" if rows == ["ok"] else "; ".join(line for row in rows for line in row.splitlines())


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """SQLite met pages that do not hold together (or no database at all) while reading or writing."""
    return getattr(error, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def quick_check(conn: sqlite3.Connection, table: str | None = None) -> str:
    """'ok', or the damage SQLite's quick check finds, on one line. Without `table` it reads every page (the
    b-trees, the freelist; not whether indexes match their tables); `sqlite_schema` checks only the list of
    tables and the freelist, in microseconds. SQLite raises rather than reports some damage (a page that
    points back at its parent): that is an answer too."""
    try:
        rows = [row[0] for row in conn.execute(f"PRAGMA quick_check({table or 20})")]
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise
        return str(error)
    return _one_line(rows)


class _Health:
    """Whether the study may be written, decided before its first write and remembered for the session.

    A study whose pages do not hold together must not take more writes: SQLite would put new rows on pages
    that belong to others, and the damage spreads. The whole quick check reads every page (1.6 s for the
    1,000,000-response benchmark study, 687 MB), too slow for opening a study (the window shows its first
    page in 0.5 s): opening checks the schema and the freelist (`quick_check(sqlite_schema)`, microseconds,
    `Study.open`), and the first write waits for the full quick check, once. The app starts that check on a
    worker as soon as a study is open, so it has usually passed before anyone writes. It reads on a
    connection of its own, so readers and the writer go on meanwhile."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.verdict: str | None = None  # None until checked; then "ok" or the damage found
        self._lock = threading.Lock()

    def check(self, blocking: bool = True) -> str:
        if self.verdict is not None:
            return self.verdict
        if not self._lock.acquire(blocking=blocking):
            raise StudyBusy()
        try:
            if self.verdict is None:
                conn = _connect(self.path, read_only=True)
                try:
                    self.verdict = quick_check(conn)
                finally:
                    conn.close()
            return self.verdict
        finally:
            self._lock.release()


class Study:
    """An open study file. Use `Study.create` / `Study.open`, and `close()` (or `with`)."""

    _origin: Study | None = None  # set on a read view only (`read_view`)

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool, lock: _LockFile | None,
                 warning: str | None) -> None:
        self.path = path
        self.conn = conn
        self.read_only = read_only
        self.warning = warning
        self._lock = lock
        self._db: Database | None = None
        # One writer: a write from another thread waits here instead of joining (and being rolled
        # back with) a transaction that is open on this shared connection.
        self._writer = threading.RLock()
        self._changes = ChangeLog()
        self._listeners: list[Callable[[Changes], None]] = []
        self._health = _Health(path)

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, title: str = "") -> Study:
        """Write a new empty study; refuses to overwrite an existing file."""
        path = Path(path)
        if path.exists():
            raise StudyError("study.exists", path=path)
        check_target(path)  # a folder that is not there was SQLite's "unable to open database file"
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.close()
            study = cls.open(path)
        except BaseException:
            conn.close()
            path.unlink(missing_ok=True)
            raise
        with study.transaction(Changes.of("study")):
            study.set_meta("study_uuid", str(uuid.uuid4()))
            study.set_meta("created_at", now_iso())
            study.set_meta("created_with", __version__)
            study.set_meta("title", title or path.stem)
        return study

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False, window: bool = True) -> Study:
        """Open a study, migrating it if older; nothing is written unless every check passed.

        A window (`window=True`) takes the study's lock: a second window gets it read-only, so two
        designers with their own undo histories never edit one survey. A command (the CLI, a script)
        writes beside a window that has the study open; SQLite serialises their transactions and the
        window notices the command's commits (`data_version`) and refreshes what it shows."""
        path = Path(path)
        check_study_file(path)
        warning = None
        lock: _LockFile | None = None
        if not read_only:
            if not _can_write(path):
                read_only, warning = True, StudyError("study.no_permission", path=path).message()
            elif window:
                lock = _LockFile(path)
                holder = lock.acquire()
                if holder is not None:
                    lock, read_only = None, True
                    warning = StudyError("study.locked", path=path, holder=holder).message()
        if read_only:
            _finish_interrupted_write(path)
        conn = _connect(path, read_only)
        try:
            applied = _check_identity(conn, path)
            study = cls(path, conn, read_only, lock, warning)
            study._check_schema()
            if len(applied) < migrations.SCHEMA_VERSION:
                if read_only:
                    raise StudyError("study.needs_upgrade", path=path, version=migrations.SCHEMA_VERSION)
                study.require_healthy()  # upgrading is writing
                try:
                    migrations.apply(study.db)
                except sqlite3.Error as error:
                    raise StudyError("study.upgrade_failed", path=path, version=migrations.SCHEMA_VERSION,
                                     detail=str(error)) from error
            if not read_only:
                conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL in WAL keeps every committed transaction through a killed process
                # (only a power cut can lose the last ones), at a fraction of FULL's fsyncs.
                conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            conn.close()
            if lock is not None:
                lock.release()
            raise
        return study

    def close(self) -> None:
        """Checkpoint, leave a single file behind (no -wal/-shm), release the lock."""
        if self.conn is None:
            return
        try:
            if not self.read_only:
                _leave_single_file(self.conn)
            if self._db is not None:
                self._db.close()
            self.conn.close()
        finally:
            self.conn = None  # type: ignore[assignment]
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Study:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> None:
        """A command reading a damaged page ends with the study's diagnosis (damaged or not, and how to
        recover), not with SQLite's bare "database disk image is malformed"."""
        try:
            if isinstance(error, sqlite3.DatabaseError) and is_damage(error) and self.conn is not None:
                raise why_unreadable(self.conn, self.path, error) from error
        finally:
            self.close()

    @property
    def closed(self) -> bool:
        """After `close()`: every method that reads or writes would fail, so views check this first."""
        return self.conn is None

    # -- access --------------------------------------------------------------------------

    @property
    def db(self) -> "Database":
        """The sqlite-utils view of the same connection, made on first use (it imports pandas)."""
        if self.conn is None:
            raise StudyError("study.closed")
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False, recursive_triggers=False)
        return self._db

    def reader(self) -> sqlite3.Connection:
        """A separate read-only connection, for reading on another thread while this one writes."""
        return _connect(self.path, read_only=True)

    def read_view(self) -> Study:
        """A read-only Study on a connection of its own, for a job on a worker thread; close it when the job
        ends (`with study.read_view() as view:`). It sees what is committed, and only that: a write on this
        study's connection (the draft autosave) neither shows in it half-done nor waits for it, and it cannot
        write. Its `origin` is this study, whose analysis cache it shares."""
        view = Study(self.path, self.reader(), True, None, None)
        view._origin = self
        return view

    @property
    def origin(self) -> Study:
        """The study a read view was made from (itself when opened): what caches and listeners belong to."""
        return self._origin or self

    @contextmanager
    def transaction(self, changes: Changes, blocking: bool = True) -> Iterator[sqlite3.Connection]:
        """Every write goes through here: all of it lands, or none of it (nested: a savepoint).

        `changes` says what the write changes; when the outermost transaction commits, the
        listeners get everything its nested writes said. Only one thread writes at a time: another
        thread waits for the writer, or with `blocking=False` gets `StudyBusy` at once (the GUI
        thread, which must not freeze while an import writes)."""
        if self.read_only:
            raise ReadOnlyError()
        self.require_healthy(blocking)
        if not self._writer.acquire(blocking=blocking):
            raise StudyBusy()
        log = self._changes
        try:
            outermost = log.depth == 0
            log.depth += 1
            log.pending |= changes
            try:
                with self.db.atomic():
                    yield self.conn
            except BaseException as error:
                if outermost:
                    log.pending = NOTHING
                if outermost and disk_full(error):  # rolled back: the study is as it was
                    raise StudyError("files.study_disk_full", path=self.path) from error
                raise
            finally:
                log.depth -= 1
            if outermost:
                done, log.pending = log.pending, NOTHING
                log.committed |= done
        finally:
            self._writer.release()
        if outermost:
            self._tell_listeners(done)

    def add_listener(self, listener: Callable[[Changes], None]) -> None:
        """`listener(changes)` after each committed write, on the thread that wrote."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[Changes], None]) -> None:
        """Stop telling `listener`; a listener never added (or already removed) is no error."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _tell_listeners(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:  # noqa: BLE001 - a view's failure to refresh must not fail a committed write
                logging.getLogger(__name__).exception("a listener failed on %s", changes)

    def data_version(self) -> int:
        """Changes whenever another connection (another process, a worker's own connection) commits to
        the file; this connection's own commits leave it as it is, since they are reported to listeners."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def take_changes(self) -> Changes:
        """What committed since the last call (the CLI reports it; tests assert it)."""
        with self._writer:
            done, self._changes.committed = self._changes.committed, NOTHING
        return done

    @contextmanager
    def single_write_journal(self) -> Iterator[bool]:
        """For one big write (an import) while this connection is the study's only one: a rollback
        journal writes each new page once, where WAL writes it twice (into the log, then into the file
        at the checkpoint, with its fsyncs): measured 0.3 s of a 100,000-row import. SQLite refuses
        the switch at once while any other connection has the file open (a reader on another
        thread, another program), and the write then goes through WAL as usual. Outside a
        transaction only; WAL comes back afterwards, whatever happened. Yields whether it switched."""
        try:
            switched = self.conn.execute("PRAGMA main.journal_mode = DELETE").fetchall() == [("delete",)]
        except sqlite3.OperationalError:
            switched = False
        try:
            yield switched
        finally:
            if switched:
                try:
                    self.conn.execute("PRAGMA main.journal_mode = WAL").fetchall()  # fetched: no statement left open
                except sqlite3.OperationalError:
                    pass  # a reader came meanwhile: the study stays in rollback mode until it is reopened

    def require_writable(self) -> None:
        """Raise ReadOnlyError at once on a read-only study, before work that the first write would
        only throw away (a deep copy of a survey, a server started)."""
        if self.read_only:
            raise ReadOnlyError()

    def health(self, blocking: bool = True) -> str:
        """'ok', or the damage SQLite's quick check found: run once per session (a full read of the file, see
        `_Health`); the app calls it on a worker right after opening, every write waits for it."""
        return self._health.check(blocking)

    def require_healthy(self, blocking: bool = True) -> None:
        """Refuse to write into a damaged study, naming the command that saves what can still be read."""
        verdict = self.health(blocking)
        if verdict != "ok":
            raise StudyError("study.damaged_no_write", path=self.path, detail=verdict)

    def _check_schema(self) -> None:
        """On open: the list of tables and the freelist (microseconds). Damage there is known at once, and
        every write is refused without waiting for the full check."""
        verdict = quick_check(self.conn, "sqlite_schema")
        if verdict != "ok":
            self._health.verdict = verdict

    # -- metadata ------------------------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        """A study setting (title, study_uuid, created_with, ...) as stored text, or `default` when it was never set."""
        row = self.conn.execute("SELECT value FROM study_meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Store a study setting, replacing its old value, in a transaction of its own (listeners hear "study")."""
        with self.transaction(Changes.of("study")) as conn:
            conn.execute(
                "INSERT INTO study_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    @property
    def schema_version(self) -> int:
        """How many migration steps the file has, counted in the steps' own table (user_version only mirrors it)."""
        return len(migrations.applied_steps(self.conn))

    def integrity(self) -> str:
        """'ok', or SQLite's description of the first problems (a full read of the file)."""
        return integrity_of(self.conn)

    def check_integrity(self, cancel: CancelToken | None = None) -> str:
        """The full check the app's Check integrity asks for: `integrity`, on a connection of its own, so the
        window and other jobs go on while it reads every page (seconds on a large study). Damage SQLite raises
        rather than reports is an answer too. Cancel stops it within a few thousand steps; it only reads, so
        nothing is left half-done. Damage found is remembered: no write goes into this study afterwards."""
        conn = self.reader()
        if cancel is not None:
            conn.set_progress_handler(lambda: cancel.cancelled, 10_000)
        try:
            verdict = integrity_of(conn)
        except sqlite3.DatabaseError as error:
            if cancel is not None and cancel.cancelled:
                raise Cancelled() from error
            if not is_damage(error):
                raise
            verdict = str(error)
        finally:
            conn.close()
        if verdict != "ok":
            self.origin._health.verdict = verdict
        return verdict

    # -- copies --------------------------------------------------------------------------

    def save_copy(self, destination: str | Path, progress: Progress = no_progress,
                  cancel: CancelToken | None = None) -> Path:
        """A consistent copy while the study stays open (SQLite's backup API), as a single file.

        It reads on a connection of its own, in one read transaction: the copy holds exactly what is
        committed when it starts (WAL's snapshot), never a write still open on this study's connection
        (which the backup would otherwise copy half-done, or wait on), and the window's connection stays
        the window's thread's alone while a worker copies."""
        destination = Path(destination)
        if destination.resolve() == self.path.resolve():
            raise StudyError("study.copy_onto_itself")
        from xmdesk.core import messages

        label = messages.text("copy.progress")

        def step(status: int, remaining: int, total: int) -> None:
            if cancel is not None:
                cancel.check()
            progress(total - remaining, total, label)

        def write(partial: str) -> None:
            source = self.reader()
            target = sqlite3.connect(partial, isolation_level=None)
            try:
                source.execute("BEGIN")  # one snapshot for every step: a commit meanwhile cannot restart it
                source.execute("SELECT count(*) FROM sqlite_master").fetchone()
                source.backup(target, pages=1024, progress=step)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
                source.close()

        write_output(destination, write)
        return destination
