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
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from xmdesk import __version__
from xmdesk.core import audit, messages, outbox
from xmdesk.core.changes import Changes
from xmdesk.core.errors import ModelError, StudyError, XMDeskError
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.sql import ident, idents
from xmdesk.core.study import APPLICATION_ID, Study, now_iso
from xmdesk.core.survey import QuestionType, Survey, list_surveys, load_survey, survey_from_dict, survey_to_dict

PACK_SUFFIX = ".xmdpack"
PACK_FORMAT = 1
# "XMPK": a response pack, told apart from a study ("XMDK") and from other SQLite files.
PACK_APPLICATION_ID = 0x584D504B
# System columns a pack carries and a merge writes; `id` is the receiving study's own.
CARRIED = ("uuid", "status", "created_at", "updated_at", "survey_version", "device_id", "worker", "customer_id",
           "source", "deleted")
# What a person changes about a response besides its answers: part of the comparison.
COMPARED = ("status", "worker", "customer_id", "deleted")
VISIT_COLUMNS = ("store", "visited_at", "shopper")
LOOKUP_CHUNK = 500


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
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    label = messages.text("merge.writing")
    surveys = list_surveys(study)
    counts: dict[str, int] = {}
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
        photos = 0
        for position, survey in enumerate(surveys):
            if cancel is not None:
                cancel.check()
            counts[survey.code], survey_photos = _copy_survey(study.conn, pack, survey, device)
            photos += survey_photos
            progress(position + 1, len(surveys), label)
        if not any(counts.values()):
            raise StudyError("merge.nothing_to_pack", path=study.path)
        pack.execute("COMMIT")
        pack.close()
        os.replace(partial, destination)
    except BaseException:
        pack.close()
        partial.unlink(missing_ok=True)
        raise
    return PackSummary(str(destination), device, counts, photos)


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

    def close(self) -> None:
        self.conn.close()


def open_source(path: str | Path) -> Source:
    """Open a pack or a study read-only; anything else is refused with its reason."""
    path = Path(path)
    if not path.is_file():
        raise StudyError("study.not_found", path=path)
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    except sqlite3.DatabaseError as error:
        raise StudyError("merge.not_a_source", path=path) from error
    try:
        if app_id == PACK_APPLICATION_ID:
            return _open_pack(path, conn)
        if app_id == APPLICATION_ID:
            conn.close()
            return _open_study(path)
        raise StudyError("merge.not_a_source", path=path)
    except BaseException:
        conn.close()
        raise


def _open_pack(path: Path, conn: sqlite3.Connection) -> Source:
    try:
        meta = dict(conn.execute("SELECT key, value FROM pack_meta").fetchall())
        if int(meta.get("format", 0)) > PACK_FORMAT:
            raise StudyError("merge.pack_too_new", path=path, format=meta["format"])
        surveys = [survey_from_dict(json.loads(text)) for (text,) in conn.execute("SELECT definition FROM pack_surveys")]
    except (sqlite3.DatabaseError, KeyError, ValueError, TypeError) as error:
        raise StudyError("merge.bad_pack", path=path, detail=str(error)) from error
    return Source(path, f"pack:{meta.get('device', '')}", True, conn, surveys)


def _open_study(path: Path) -> Source:
    with Study.open(path, read_only=True) as study:
        surveys = list_surveys(study)
        key = f"study:{study.meta('study_uuid')}:{path.name}"
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    return Source(path, key, False, conn, surveys)


# -- mapping an older survey version onto this one -------------------------------------------------


@dataclass(frozen=True)
class ColumnMap:
    theirs: str
    mine: str
    values: dict[Any, Any] | None = None  # their choice value → ours, when the codes' values differ


def column_map(theirs: Survey, mine: Survey) -> list[ColumnMap]:
    """How their columns land in ours, matched by question, choice and row codes; ModelError if they cannot."""
    versions = {"survey": mine.code, "theirs": theirs.version, "mine": mine.version}
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
    """Alert rules that failed over the added responses: reported, not a failed merge."""

    @property
    def refused_responses(self) -> int:
        return sum(r.responses for r in self.refused)

    def as_dict(self) -> dict[str, Any]:
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
        report.warnings = outbox.settle(study, pending)
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
    report.photos += _merge_photos(study, source, mine, [r.uuid for r in (*inserts, *updates)])


def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return int(conn.execute(f"SELECT count(*) FROM {ident(table)}").fetchone()[0])
    except sqlite3.DatabaseError:
        return 0


def _source_rows(source: Source, theirs: Survey, mapping: list[ColumnMap]) -> list[_Row]:
    names = [*CARRIED, *(m.theirs for m in mapping)]
    sql = (f"SELECT {', '.join('r.' + ident(n) for n in names)}, v.store, v.visited_at, v.shopper, v.compliance"
           f" FROM {ident(theirs.response_table)} r LEFT JOIN entry_visits v ON v.response_uuid = r.uuid")
    try:
        raw = source.conn.execute(sql).fetchall()
    except sqlite3.DatabaseError as error:
        raise StudyError("merge.bad_pack", path=source.path, detail=str(error)) from error
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


def _merge_photos(study: Study, source: Source, mine: Survey, uuids: list[str]) -> int:
    """Photos of the responses just added or updated that this study does not have yet (by name)."""
    if not uuids:
        return 0
    # A pack names a photo's survey by code, a study by its row id.
    if source.is_pack:
        sql = ("SELECT response_uuid, name, mime, data, created_at FROM attachments"
               " WHERE survey_code = ? AND response_uuid IN ({})")
    else:
        sql = ("SELECT a.response_uuid, a.name, a.mime, a.data, a.created_at FROM attachments a"
               " JOIN surveys s ON s.id = a.survey_id WHERE s.code = ? AND a.response_uuid IN ({})")
    added = 0
    for start in range(0, len(uuids), LOOKUP_CHUNK):
        chunk = uuids[start:start + LOOKUP_CHUNK]
        for response_uuid, name, mime, data, created in source.conn.execute(
                sql.format(", ".join("?" * len(chunk))), [mine.code, *chunk]):
            exists = study.conn.execute("SELECT 1 FROM attachments WHERE response_uuid = ? AND name = ?",
                                        (response_uuid, name)).fetchone()
            if not exists:
                study.conn.execute("INSERT INTO attachments (survey_id, response_uuid, name, mime, data, created_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?)", (mine.id, response_uuid, name, mime, data, created))
                added += 1
    return added
