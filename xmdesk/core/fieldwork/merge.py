"""Response packs and merging field laptops into the lead's study, losing nothing and counting nothing twice.

A pack (`.xmdpack`) is one small SQLite file: the survey definitions (code, version,
questions and choices), this laptop's responses of each survey with their system
columns, their visit metadata and their photos. The lead merges packs, or whole
studies of the same survey, into the lead's study:

- keyed by response uuid, so the same pack merged twice adds nothing;
- a pack of an older survey version is mapped by question, choice and row codes,
  one of a newer version (or with a question or choice this study lacks) is refused
  with the reason;
- `merge_ledger` remembers what each laptop last sent for each response: a later edit
  from the same laptop, of a response nobody changed here since, is an update; a
  response changed both here (or by another laptop) and there is a conflict, listed
  for the person to resolve (keep mine / take theirs) and left as it is until then;
- everything happens in one transaction: a failed merge changes nothing, and a
  dry run (`apply=False`) reports what would happen and rolls back.

A pack comes from another laptop, maybe a stranger's, so nothing in it is trusted:

- it carries a checksum of its whole content (with the writer's study and device ids);
  a changed pack is refused as a whole, a cut one says where it ends. Packs of the
  previous format (1) have none: they still merge, said as "unsigned", because their
  values go through the same checks below and a lead must not lose a laptop's week of
  work to an update; the checksum tells damage apart, it is not a signature (anyone can
  recompute it), so refusing them would protect nothing the checks do not;
- a source is read on a read-only, query-only connection with `trusted_schema` off,
  and one holding a view, trigger, virtual table or generated column (XMDesk writes
  none) is not read at all: nothing in it can run;
- its survey definitions must be valid surveys, and every merged response goes through
  the validation a typed entry gets (`entry.SurveyRules.stored_problems`: type, range,
  choice codes, constraints) and a check of its system columns; one that fails is
  refused with its reason, the others merge. Photos above the entry's limit are refused.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timedelta, timezone
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from xmdesk import __version__
from xmdesk.core import messages
from xmdesk.core.study import audit
from xmdesk.core.fieldwork import entry
from xmdesk.core.loop import outbox
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError, StudyError, XMDeskError
from xmdesk.core.files import write_output
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.study.sql import ident, idents
from xmdesk.core.study.file import APPLICATION_ID, Study, now_iso
from xmdesk.core.survey.model import QuestionType, Survey, list_surveys, load_survey, survey_from_dict, survey_to_dict

PACK_SUFFIX = ".xmdpack"
PACK_FORMAT = 2  # 2: a checksum of the content in pack_meta; 1 had none
SIGNED_FORMAT = 2
# "XMPK": a response pack, told apart from a study ("XMDK") and from other SQLite files.
PACK_APPLICATION_ID = 0x584D504B
# System columns a pack carries and a merge writes; `id` is the receiving study's own.
CARRIED = ("uuid", "status", "created_at", "updated_at", "survey_version", "device_id", "worker", "customer_id",
           "source", "deleted")
# What a person changes about a response besides its answers: part of the comparison.
COMPARED = ("status", "worker", "customer_id", "deleted")
VISIT_COLUMNS = ("store", "visited_at", "shopper")
LOOKUP_CHUNK = 500
DIGEST_BATCH = 256
SQLITE_MAGIC = b"SQLite format 3\x00"
# The longest value a source may hold: a photo at the entry's limit, with room to spare. A longer one
# (a blob of gigabytes) fails to read instead of filling the memory.
VALUE_LIMIT = (entry.PHOTO_LIMIT_MB + 5) * 1_000_000
# System text (device id, worker, store...) longer than this is not something XMDesk wrote.
TEXT_LIMIT = 200
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
TEXT_COLUMNS = frozenset({"uuid", "status", "device_id", "worker", "source", *VISIT_COLUMNS})
TIME_COLUMNS = ("created_at", "updated_at")
# What reading a damaged source raises: SQLite's errors, and Python's when such an error's message quotes a
# damaged name that is not UTF-8 (sqlite3 then fails to decode the message itself).
UNREADABLE = (sqlite3.DatabaseError, UnicodeDecodeError)


# -- writing a pack ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PackSummary:
    path: str
    device: str
    responses: dict[str, int]
    photos: int


def write_pack(study: Study, destination: str | Path, device: str | None = None,
               progress: Progress = no_progress, cancel: CancelToken | None = None) -> PackSummary:
    """This laptop's responses (deleted ones too, so a deletion travels) in one new file; all or nothing."""
    destination = Path(destination)
    device = device or audit.device_id()
    label = messages.text("merge.writing")
    surveys = list_surveys(study)
    counts: dict[str, int] = {}
    photos = 0

    def write(partial: str) -> None:
        nonlocal photos
        pack = sqlite3.connect(partial, isolation_level=None)
        try:
            pack.execute(f"PRAGMA application_id = {PACK_APPLICATION_ID}")
            pack.execute("BEGIN")
            pack.execute("CREATE TABLE pack_meta (key TEXT PRIMARY KEY, value TEXT)")
            pack.execute("CREATE TABLE pack_surveys (code TEXT PRIMARY KEY, version INTEGER, definition TEXT)")
            pack.execute("CREATE TABLE entry_visits (response_uuid TEXT PRIMARY KEY, survey_code TEXT, store TEXT,"
                         " visited_at TEXT, shopper TEXT, compliance REAL)")
            pack.execute("CREATE TABLE attachments (survey_code TEXT, response_uuid TEXT, name TEXT, mime TEXT,"
                         " data BLOB, created_at TEXT)")
            meta = {"format": str(PACK_FORMAT), "device": device, "study_uuid": study.meta("study_uuid") or "",
                    "created_at": now_iso(), "xmdesk": __version__}
            pack.executemany("INSERT INTO pack_meta VALUES (?, ?)", list(meta.items()))
            for position, survey in enumerate(surveys):
                if cancel is not None:
                    cancel.check()
                counts[survey.code], survey_photos = _copy_survey(study.conn, pack, survey, device)
                photos += survey_photos
                progress(position + 1, len(surveys), label)
            if not any(counts.values()):
                raise StudyError("merge.nothing_to_pack", path=study.path)
            pack.execute("INSERT INTO pack_meta VALUES ('checksum', ?)", (content_digest(pack),))
            pack.execute("COMMIT")
        finally:
            pack.close()

    write_output(destination, write)  # all or nothing; a full disk is said so
    return PackSummary(str(destination), device, counts, photos)


def content_digest(conn: sqlite3.Connection) -> str:
    """The checksum of everything a pack holds but the checksum itself: its schema, then every table's
    rows in rowid order (pack_meta with the writer's study and device ids included)."""
    digest = hashlib.blake2b(digest_size=16)
    schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    digest.update(repr(schema).encode("utf-8"))
    for kind, name, _, _ in schema:
        if kind != "table":
            continue
        skip = " WHERE key IS NOT 'checksum'" if name == "pack_meta" else ""
        cursor = conn.execute(f"SELECT * FROM {ident(name)}{skip} ORDER BY rowid")
        while batch := cursor.fetchmany(DIGEST_BATCH):  # one repr per batch: the rows' loop stays in C
            digest.update(repr(batch).encode("utf-8"))
    return digest.hexdigest()


def _on_this_device(survey: Survey) -> tuple[str, list[Any]]:
    """Rows of `r` this laptop typed in, or changed (edited, deleted, restored: the audit log says where)."""
    prefix = f"{survey.code}:"
    sql = ("(r.device_id = ? OR r.id IN (SELECT CAST(substr(entity_id, ?) AS INTEGER) FROM audit_log"
           " WHERE entity = 'response' AND device = ? AND action IN ('edit', 'delete', 'restore')"
           " AND substr(entity_id, 1, ?) = ?))")
    return sql, [len(prefix) + 1, len(prefix), prefix]


def _copy_survey(conn: sqlite3.Connection, pack: sqlite3.Connection, survey: Survey,
                 device: str) -> tuple[int, int]:
    """One survey's rows, visits and photos from this laptop into the pack; (responses, photos)."""
    names = list(CARRIED) + [c.name for c in survey.columns()]
    where, params = _on_this_device(survey)
    params = [device, params[0], device, *params[1:]]
    definition = json.dumps(survey_to_dict(survey), ensure_ascii=False)
    pack.execute("INSERT INTO pack_surveys VALUES (?, ?, ?)", (survey.code, survey.version, definition))
    pack.execute(f"CREATE TABLE {ident(survey.response_table)} ({idents(names)})")
    rows = conn.execute(f"SELECT {', '.join('r.' + ident(n) for n in names)} FROM {ident(survey.response_table)} r"
                        f" WHERE {where}", params).fetchall()
    pack.executemany(f"INSERT INTO {ident(survey.response_table)} VALUES ({', '.join('?' * len(names))})", rows)
    visits = conn.execute(
        f"SELECT v.response_uuid, v.survey_code, v.store, v.visited_at, v.shopper, v.compliance FROM entry_visits v"
        f" JOIN {ident(survey.response_table)} r ON r.uuid = v.response_uuid WHERE {where}", params)
    pack.executemany("INSERT INTO entry_visits VALUES (?, ?, ?, ?, ?, ?)", visits)
    photos = conn.execute(
        f"SELECT ?, a.response_uuid, a.name, a.mime, a.data, a.created_at FROM attachments a"
        f" JOIN {ident(survey.response_table)} r ON r.uuid = a.response_uuid WHERE {where}",
        [survey.code, *params]).fetchall()
    pack.executemany("INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?)", photos)
    return len(rows), len(photos)


# -- reading a source: a pack or a whole study ---------------------------------------------------


@dataclass
class Source:
    """Something to merge from, read on its own read-only connection."""

    path: Path
    key: str
    """Who sent it, for the ledger: 'pack:<device>' or 'study:<study uuid>:<file name>'."""
    is_pack: bool
    conn: sqlite3.Connection
    surveys: list[Survey]
    signed: bool = True
    """False for a pack of the previous format, which carried no checksum."""

    def close(self) -> None:
        """Close the source's read-only connection; the pack or study file itself is left untouched."""
        self.conn.close()

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows read from the source; a file that fails to read is a damaged pack, said as such."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except UNREADABLE as error:
            raise StudyError("merge.bad_pack", path=self.path, detail=str(error)) from error


def open_source(path: str | Path) -> Source:
    """Open a pack or a study read-only, so that nothing in it can run; anything else is refused with
    its reason."""
    path = Path(path)
    if not path.is_file():  # not the study's 'create it with xmdesk new': this is someone else's pack
        raise StudyError("merge.source_not_a_file" if path.exists() else "merge.no_source", path=path)
    check_complete(path)
    try:
        conn = _read_only(path)
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    except UNREADABLE as error:
        raise StudyError("merge.not_a_source", path=path) from error
    try:
        if app_id not in (PACK_APPLICATION_ID, APPLICATION_ID):
            raise StudyError("merge.not_a_source", path=path)
        _check_inert(conn, path)
        if app_id == PACK_APPLICATION_ID:
            return _open_pack(path, conn)
        conn.close()
        return _open_study(path)
    except BaseException:
        conn.close()
        raise


def check_complete(path: Path) -> None:
    """Refuse a SQLite file shorter than its header says (a copy or download cut short), naming where
    it ends; SQLite itself would read it as 'not a database' or fail half-way through a merge."""
    size = path.stat().st_size
    with path.open("rb") as file:
        header = file.read(100)
    if not header or not (header.startswith(SQLITE_MAGIC) or SQLITE_MAGIC.startswith(header)):
        return  # not SQLite at all: the open says so
    if len(header) < 100:
        raise StudyError("merge.truncated", path=path, size=size)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid only when written by the same change as the change counter (SQLite's rule).
    if header[92:96] == header[24:28] and size < page_size * pages:
        raise StudyError("merge.truncated", path=path, size=size)


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, runs no function from the file's schema and reads no value
    longer than VALUE_LIMIT."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_LIMIT)
    return conn


def _check_inert(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a source holding code that could run when read: XMDesk writes no view, trigger, virtual
    table or generated column, so one in a pack or study was put there by someone else."""
    try:
        objects = conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master").fetchall()
        for kind, name, sql in objects:
            if kind in ("view", "trigger") or sql.lstrip().upper().startswith("CREATE VIRTUAL"):
                raise StudyError("merge.code_inside", path=path, kind=kind, name=name)
            if kind == "table" and any(
                    column[6] in (2, 3) for column in conn.execute(f"PRAGMA table_xinfo({ident(name)})")):
                raise StudyError("merge.code_inside", path=path, kind="generated column", name=name)
    except UNREADABLE as error:
        raise StudyError("merge.bad_pack", path=path, detail=str(error)) from error


def _open_pack(path: Path, conn: sqlite3.Connection) -> Source:
    try:
        meta = dict(conn.execute("SELECT key, value FROM pack_meta").fetchall())
        written = int(meta.get("format", 0))
        if written > PACK_FORMAT:
            raise StudyError("merge.pack_too_new", path=path, format=meta["format"])
        signed = written >= SIGNED_FORMAT
        if signed and meta.get("checksum") != content_digest(conn):
            raise StudyError("merge.pack_changed", path=path)
        surveys = [survey_from_dict(json.loads(text)) for (text,) in conn.execute("SELECT definition FROM pack_surveys")]
    except (sqlite3.DatabaseError, KeyError, ValueError, TypeError, AttributeError) as error:
        raise StudyError("merge.bad_pack", path=path, detail=str(error)[:200]) from error
    return Source(path, f"pack:{meta.get('device', '')}", True, conn, surveys, signed)


def _open_study(path: Path) -> Source:
    with Study.open(path, read_only=True) as study:
        surveys = list_surveys(study)
        key = f"study:{study.meta('study_uuid')}:{path.name}"
    return Source(path, key, False, _read_only(path), surveys)


# -- mapping an older survey version onto this one -------------------------------------------------


@dataclass(frozen=True)
class ColumnMap:
    theirs: str
    mine: str
    values: dict[Any, Any] | None = None  # their choice value → ours, when the codes' values differ


def column_map(theirs: Survey, mine: Survey) -> list[ColumnMap]:
    """How their columns land in ours, matched by question, choice and row codes; ModelError if they cannot."""
    versions = {"survey": mine.code, "theirs": theirs.version, "mine": mine.version}
    theirs.validate()  # a definition read from a file, maybe made by hand
    if theirs.version > mine.version:
        raise ModelError("merge.newer_version", **versions)
    mapped: list[ColumnMap] = []
    for question in theirs.questions:
        try:
            target = mine.question(question.code)
        except ModelError:
            raise ModelError("merge.missing_question", code=question.code, **versions) from None
        if target.type is not question.type:
            raise ModelError("merge.changed_type", code=question.code, old=question.type.value,
                             new=target.type.value, **versions)
        ours = {c.code: c for c in target.choices}
        for choice in question.choices:
            if choice.code not in ours:
                raise ModelError("merge.missing_choice", code=question.code, choice=choice.code, **versions)
        if question.type is QuestionType.MULTIPLE or question.type is QuestionType.MATRIX:
            parts = {c.part: c.name for c in target.columns()}
            for column in question.columns():
                if column.part not in parts:
                    raise ModelError("merge.missing_choice", code=question.code, choice=column.part, **versions)
                mapped.append(ColumnMap(column.name, parts[column.part]))
            continue
        values = {c.value: ours[c.code].value for c in question.choices if ours[c.code].value != c.value}
        mapped.append(ColumnMap(question.code, target.code, values or None))
    return mapped


# -- the merge itself ---------------------------------------------------------------------------


@dataclass
class Conflict:
    """One response changed differently here and there."""

    survey: str
    uuid: str
    response_id: int
    source: str
    differences: list[tuple[str, Any, Any]]
    """(column, mine, theirs) for each column that differs."""


@dataclass
class Refusal:
    source: str
    survey: str
    responses: int
    reason: str
    uuid: str = ""
    """The one response (or the response of the photo) refused; "" when a whole survey was."""


@dataclass
class MergeReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    """Conflicts still unresolved: nothing was changed for them."""
    kept_mine: int = 0
    took_theirs: int = 0
    refused: list[Refusal] = field(default_factory=list)
    photos: int = 0
    new_ids: dict[str, list[int]] = field(default_factory=dict)
    """Survey code → ids of the responses this merge added (for the alert rules)."""
    applied: bool = False
    warnings: list[str] = field(default_factory=list)
    """Unsigned packs, alert rules that failed over the added responses: reported, not a failed merge."""

    @property
    def refused_responses(self) -> int:
        """How many responses were refused in all, whole surveys' included."""
        return sum(r.responses for r in self.refused)

    def as_dict(self) -> dict[str, Any]:
        """The report as the CLI's JSON prints it: counts, each unresolved conflict with its differing
        columns, and each refusal."""
        return {
            "applied": self.applied, "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "conflicting": len(self.conflicts), "kept_mine": self.kept_mine, "took_theirs": self.took_theirs,
            "refused": self.refused_responses, "photos": self.photos, "warnings": self.warnings,
            "conflicts": [{"survey": c.survey, "uuid": c.uuid, "id": c.response_id, "source": c.source,
                           "differences": [{"column": col, "mine": a, "theirs": b} for col, a, b in c.differences]}
                          for c in self.conflicts],
            "refusals": [asdict(r) for r in self.refused],
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll back a merge that was only looked at."""


def merge(study: Study, paths: Sequence[str | Path], resolutions: Mapping[str, str] | None = None,
          apply: bool = True, progress: Progress = no_progress, cancel: CancelToken | None = None) -> MergeReport:
    """Merge packs or studies into `study` in one transaction. `resolutions` maps a conflicting response's
    uuid to 'mine' or 'theirs'; unresolved conflicts are reported and left as they are."""
    study.require_writable()
    resolutions = dict(resolutions or {})
    for path in paths:
        if Path(path).resolve() == study.path.resolve():
            raise StudyError("merge.same_study", path=path)
    sources: list[Source] = []
    report = MergeReport()
    resolved: set[str] = set()  # the uuids `resolutions` applied to
    pending: list[int | None] = []  # the outbox rows of the alert rules over what arrives
    try:
        for path in paths:
            sources.append(open_source(path))
        report.warnings = [messages.text("merge.unsigned", path=s.path.name) for s in sources if not s.signed]
        try:
            with study.transaction(Changes.of("surveys", "responses", "drafts", "audit")):
                for position, source in enumerate(sources):
                    if cancel is not None:
                        cancel.check()
                    progress(position, len(sources), messages.text("merge.reading", name=source.path.name))
                    for theirs in source.surveys:
                        _merge_survey(study, source, theirs, resolutions, resolved, report)
                unknown = set(resolutions) - resolved
                if unknown:
                    raise ModelError("merge.unknown_resolution", uuid=sorted(unknown)[0])
                if apply:
                    audit.record(study, "merge", "responses", ", ".join(s.path.name for s in sources),
                                 {k: v for k, v in report.as_dict().items() if k not in ("conflicts", "refusals")})
                    pending = [outbox.add(study.conn, code, ids) for code, ids in report.new_ids.items()]
                else:
                    raise _DryRun()
        except _DryRun:
            report.new_ids = {}
    finally:
        for source in sources:
            source.close()
    progress(len(sources), len(sources), messages.text("merge.reading", name=""))
    report.applied = apply
    if apply:
        report.warnings.extend(outbox.settle(study, pending))
    return report


@dataclass
class _Row:
    uuid: str
    carried: tuple[Any, ...]  # CARRIED values
    answers: tuple[Any, ...]  # mapped columns, in ours order
    visit: tuple[Any, ...]  # VISIT_COLUMNS + compliance
    digest: str


def _digest(answers: Iterable[Any], compared: Iterable[Any], visit: Iterable[Any]) -> str:
    text = repr((tuple(answers), tuple(compared), tuple(visit)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _merge_survey(study: Study, source: Source, theirs: Survey, resolutions: Mapping[str, str],
                  resolved: set[str], report: MergeReport) -> None:
    table = theirs.response_table
    total = _count(source.conn, table)
    try:
        mine = load_survey(study, theirs.code)
        mapping = column_map(theirs, mine)
    except XMDeskError as error:
        if total:
            report.refused.append(Refusal(source.path.name, theirs.code, total, str(error)))
        return
    rows = _source_rows(source, theirs, mapping)
    existing = _target_rows(study.conn, mine, mapping, [r.uuid for r in rows])
    ledger = dict(study.conn.execute(
        "SELECT response_uuid, hash FROM merge_ledger WHERE survey_code = ? AND source = ?", (mine.code, source.key)))
    # What this study already holds as sent (a pack merged again) is written nowhere: not checked again.
    settled = {r.uuid for r in rows if r.uuid in existing and r.digest in (existing[r.uuid][1], ledger.get(r.uuid))}
    rows = _checked(source, mine, mapping, rows, settled, report)
    inserts: list[_Row] = []
    updates: list[_Row] = []
    seen: list[_Row] = []
    for row in rows:
        current = existing.get(row.uuid)
        if current is None:
            inserts.append(row)
        elif current[1] == row.digest or ledger.get(row.uuid) == row.digest:
            report.unchanged += 1
            seen.append(row)
        elif source.is_pack and ledger.get(row.uuid) == current[1]:
            updates.append(row)
            report.updated += 1
        else:
            choice = resolutions.get(row.uuid)
            if choice is None:
                report.conflicts.append(_conflict(mine, source, row, current, mapping))
                continue
            resolved.add(row.uuid)
            if choice == "theirs":
                updates.append(row)
                report.took_theirs += 1
            else:
                report.kept_mine += 1
                seen.append(row)
    report.added += len(inserts)
    new_ids = _write(study.conn, mine, mapping, inserts, updates)
    if new_ids:
        report.new_ids.setdefault(mine.code, []).extend(new_ids)
    study.conn.executemany(
        "INSERT INTO merge_ledger (survey_code, response_uuid, source, hash, merged_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT DO UPDATE SET hash = excluded.hash, merged_at = excluded.merged_at",
        [(mine.code, r.uuid, source.key, r.digest, now_iso()) for r in (*inserts, *updates, *seen)])
    _merge_photos(study, source, mine, [r.uuid for r in (*inserts, *updates)], report)


def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return int(conn.execute(f"SELECT count(*) FROM {ident(table)}").fetchone()[0])
    except sqlite3.DatabaseError:
        return 0


def _source_rows(source: Source, theirs: Survey, mapping: list[ColumnMap]) -> list[_Row]:
    names = [*CARRIED, *(m.theirs for m in mapping)]
    sql = (f"SELECT {', '.join('r.' + ident(n) for n in names)}, v.store, v.visited_at, v.shopper, v.compliance"
           f" FROM {ident(theirs.response_table)} r LEFT JOIN entry_visits v ON v.response_uuid = r.uuid")
    raw = source.fetch(sql)
    width = len(CARRIED)
    compared_at = [CARRIED.index(c) for c in COMPARED]
    value_maps = [(i, m.values) for i, m in enumerate(mapping) if m.values]
    rows = []
    for record in raw:
        carried = record[:width]
        answers = list(record[width:width + len(mapping)])
        for index, values in value_maps:
            answers[index] = values.get(answers[index], answers[index])
        visit = tuple("" if v is None else v for v in record[-4:-1]) + (record[-1],)
        compared = [carried[i] for i in compared_at]
        rows.append(_Row(carried[0], carried, tuple(answers), visit, _digest(answers, compared, visit[:3])))
    return rows


def _checked(source: Source, mine: Survey, mapping: list[ColumnMap], rows: list[_Row], settled: set[str],
             report: MergeReport) -> list[_Row]:
    """The rows that may be stored; each other one is refused in `report` with its reason: a uuid given
    twice, a system column XMDesk would not write, an answer the survey does not allow. Rows whose uuid
    is `settled` (stored here as they are) pass unchecked."""
    twice = {u for u, n in Counter(r.uuid for r in rows).items() if n > 1}
    fresh = [r for r in rows if r.uuid not in settled or r.uuid in twice]
    system = _system_problems(fresh, mine.version)
    rules = entry.SurveyRules.of(mine)
    answers = rules.stored_problems({m.mine: column for m, column in zip(mapping, zip(*(r.answers for r in fresh)))})
    refused: set[int] = set()
    for index, row in enumerate(fresh):
        reason = (messages.text("merge.uuid_twice", uuid=entry.shown_value(row.uuid)) if row.uuid in twice
                  else system.get(index))
        if reason is None and index in answers:
            reason = "; ".join(messages.text("merge.bad_answer", code=code, problem=problem)
                               for code, problem in answers[index].items())
        if reason is not None:
            refused.add(id(row))
            report.refused.append(Refusal(source.path.name, mine.code, 1, reason, entry.shown_value(row.uuid)))
    return [r for r in rows if id(r) not in refused]


def _system_problems(rows: list[_Row], version: int) -> dict[int, str]:
    """What is wrong with the rows' system columns and visits, as XMDesk writes them, by row index;
    column by column, each distinct value checked once."""
    found: dict[int, str] = {}
    names = (*CARRIED, *VISIT_COLUMNS, "compliance")
    columns = zip(*((*r.carried, *r.visit) for r in rows))
    for name, column in zip(names, columns):
        values = _left_to_check(name, set(column))
        bad = {value for value in values if not _system_value_ok(name, value, version)}
        for index, value in enumerate(column) if bad else ():
            if value in bad and index not in found:
                found[index] = messages.text("merge.bad_system", column=name, value=entry.shown_value(value))
    return found


def _left_to_check(name: str, values: set[Any]) -> set[Any]:
    """The distinct values of a system column that `_system_value_ok` must still see one by one: the columns
    of nearly one value per response (uuids, timestamps, customer ids) are judged whole, at C speed, when
    all of them are plain text (and, for timestamps, all plausible); any doubt leaves every value to it."""
    text = values - {None} if name == "customer_id" else values
    if name in (*TEXT_COLUMNS, "customer_id") and _all_plain_text(text):
        return values & {""}  # only an empty uuid or status is left to check
    if name in TIME_COLUMNS and _all_plain_text(values) and _all_plausible_times(values):
        return set()
    return values


def _all_plausible_times(values: set[str]) -> bool:
    """`_plausible_time` of every value: all parsed in C, then only the earliest and the latest compared
    (a time without a zone is read as UTC, as there)."""
    try:
        moments = list(map(datetime.fromisoformat, values))
    except ValueError:
        return False
    naive = [moment for moment in moments if moment.tzinfo is None]
    aware = [moment for moment in moments if moment.tzinfo is not None]
    extremes = [min(naive).replace(tzinfo=timezone.utc), max(naive).replace(tzinfo=timezone.utc)] if naive else []
    extremes += [min(aware), max(aware)] if aware else []
    latest = datetime.now(timezone.utc) + timedelta(days=1)
    return all(EARLIEST <= moment <= latest for moment in extremes)


def _system_value_ok(name: str, value: Any, version: int) -> bool:
    if name == "deleted":
        return value in (0, 1)
    if name == "survey_version":
        return isinstance(value, int) and 1 <= value <= version
    if name == "compliance":
        return value is None or (isinstance(value, (int, float)) and 0 <= value <= 100)
    if name == "customer_id" and value is None:
        return True
    if not _plain_text(value):
        return False
    if name in TIME_COLUMNS:
        return _plausible_time(value)
    return bool(value) or name not in ("uuid", "status")


def _all_plain_text(values: set[Any]) -> bool:
    """`_plain_text` of every value, in a few passes over the whole set (a pack has a uuid per response)."""
    return (bool(values) and set(map(type, values)) == {str} and max(map(len, values)) <= TEXT_LIMIT
            and "".join(values).isprintable())


def _plain_text(value: Any) -> bool:
    """Text as XMDesk writes it in a system column: one printable line of at most TEXT_LIMIT characters."""
    return isinstance(value, str) and len(value) <= TEXT_LIMIT and value.isprintable()


def _plausible_time(text: str) -> bool:
    """A timestamp XMDesk could have written: ISO, after 1990 and not later than tomorrow."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return False
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return EARLIEST <= moment <= datetime.now(timezone.utc) + timedelta(days=1)


def _target_rows(conn: sqlite3.Connection, mine: Survey, mapping: list[ColumnMap],
                 uuids: list[str]) -> dict[str, tuple[int, str, tuple[Any, ...], tuple[Any, ...]]]:
    """uuid → (id, digest, answers, compared) of the responses this study already has."""
    names = [*COMPARED, *(m.mine for m in mapping)]
    found = {}
    for start in range(0, len(uuids), LOOKUP_CHUNK):
        chunk = uuids[start:start + LOOKUP_CHUNK]
        cursor = conn.execute(
            f"SELECT r.id, r.uuid, {', '.join('r.' + ident(n) for n in names)}, v.store, v.visited_at, v.shopper"
            f" FROM {ident(mine.response_table)} r LEFT JOIN entry_visits v ON v.response_uuid = r.uuid"
            f" WHERE r.uuid IN ({', '.join('?' * len(chunk))})", chunk)
        for record in cursor:
            compared = record[2:2 + len(COMPARED)]
            answers = record[2 + len(COMPARED):-3]
            visit = tuple("" if v is None else v for v in record[-3:])
            found[record[1]] = (record[0], _digest(answers, compared, visit), answers, compared)
    return found


def _conflict(mine: Survey, source: Source, row: _Row, current: tuple[int, str, tuple[Any, ...], tuple[Any, ...]],
              mapping: list[ColumnMap]) -> Conflict:
    theirs_compared = [row.carried[CARRIED.index(c)] for c in COMPARED]
    pairs = zip([*COMPARED, *(m.mine for m in mapping)], [*current[3], *current[2]], [*theirs_compared, *row.answers])
    differences = [(name, a, b) for name, a, b in pairs if a != b]
    return Conflict(mine.code, row.uuid, current[0], source.path.name, differences)


def _write(conn: sqlite3.Connection, mine: Survey, mapping: list[ColumnMap], inserts: list[_Row],
           updates: list[_Row]) -> list[int]:
    """Insert new responses and overwrite updated ones with executemany; returns the new ids."""
    table = ident(mine.response_table)
    columns = [*CARRIED, *(m.mine for m in mapping)]
    before = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
    conn.executemany(f"INSERT INTO {table} ({idents(columns)}) VALUES ({', '.join('?' * len(columns))})",
                     [(*r.carried, *r.answers) for r in inserts])
    changed = [c for c in columns if c not in ("uuid", "created_at", "device_id", "source")]
    positions = [columns.index(c) for c in changed]
    conn.executemany(f"UPDATE {table} SET {', '.join(f'{ident(c)} = ?' for c in changed)} WHERE uuid = ?",
                     [(*[(*r.carried, *r.answers)[p] for p in positions], r.uuid) for r in updates])
    conn.executemany(
        "INSERT INTO entry_visits (response_uuid, survey_code, store, visited_at, shopper, compliance)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(response_uuid) DO UPDATE SET store = excluded.store,"
        " visited_at = excluded.visited_at, shopper = excluded.shopper, compliance = excluded.compliance",
        [(r.uuid, mine.code, *r.visit) for r in (*inserts, *updates) if any(r.visit)])
    if not inserts:
        return []
    return [i for (i,) in conn.execute(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (before,))]


def _merge_photos(study: Study, source: Source, mine: Survey, uuids: list[str], report: MergeReport) -> None:
    """Photos of the responses just added or updated that this study does not have yet (by name); one
    that is not a photo as the entry stores it (too big, not a blob) is refused in `report`."""
    if not uuids:
        return
    # A pack names a photo's survey by code, a study by its row id. The size first: a blob is read
    # only once it is known to be a photo the entry would have taken.
    if source.is_pack:
        sql = ("SELECT rowid, response_uuid, name, mime, typeof(data), length(data), created_at FROM attachments"
               " WHERE survey_code = ? AND response_uuid IN ({})")
    else:
        sql = ("SELECT a.id, a.response_uuid, a.name, a.mime, typeof(a.data), length(a.data), a.created_at"
               " FROM attachments a JOIN surveys s ON s.id = a.survey_id WHERE s.code = ? AND a.response_uuid IN ({})")
    for start in range(0, len(uuids), LOOKUP_CHUNK):
        chunk = uuids[start:start + LOOKUP_CHUNK]
        for rowid, response_uuid, name, mime, kind, size, created in source.fetch(
                sql.format(", ".join("?" * len(chunk))), [mine.code, *chunk]):
            try:
                if kind != "blob" or not all(_plain_text(v) for v in (name, mime, created)):
                    raise ModelError("merge.bad_photo", name=entry.shown_value(name))
                entry.check_photo_size(name, size)
            except ModelError as error:
                report.refused.append(Refusal(source.path.name, mine.code, 0, str(error), response_uuid))
                continue
            exists = study.conn.execute("SELECT 1 FROM attachments WHERE response_uuid = ? AND name = ?",
                                        (response_uuid, name)).fetchone()
            if not exists:
                (data,) = source.fetch(f"SELECT data FROM attachments WHERE {'rowid' if source.is_pack else 'id'} = ?",
                                       (rowid,))[0]
                study.conn.execute("INSERT INTO attachments (survey_id, response_uuid, name, mime, data, created_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?)", (mine.id, response_uuid, name, mime, data, created))
                report.photos += 1
