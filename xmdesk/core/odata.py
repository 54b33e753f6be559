"""Operational data (O-data): orders, visits, tickets… kept beside the survey data.

Each O-data table has a key column and, optionally, a column that holds the
customer id, which is what joins it to responses (X+O fusion). Customers are the
people behind both, with the contact facts that do-not-disturb rules need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from xmdesk.core.study import audit
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.sql import ident, idents
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey.model import Question, QuestionType, validate_code

CUSTOMER_FIELDS = ("id", "name", "phone", "email", "segment", "region", "first_seen", "last_contacted_at")
CUSTOMERS = "customers"
"""The study's own table of customers, which O-data variables name as a table too (`customers.segment`)."""
_COLUMN_NAME = re.compile(r"^[^\x00]{1,64}$")
SQL_TYPES = frozenset({"TEXT", "INTEGER", "REAL", "NUMERIC", "BLOB"})


@dataclass(frozen=True)
class ODataTable:
    name: str
    table_name: str
    key_column: str
    customer_column: str | None
    label: str
    source: str
    response_column: str = "customer_id"  # the response column the customer column joins to


def create_table(study: Study, name: str, columns: Sequence[tuple[str, str]], key_column: str,
                 customer_column: str | None = None, label: str = "", source: str = "") -> ODataTable:
    """Declare an O-data table: `columns` are (name, SQL type) pairs; the key must be one of them. Not named
    `customers`: variables reading `customers.…` read the study's customers, so such a table could never be read."""
    validate_code(name)
    if name.lower() == CUSTOMERS:
        raise ModelError("importing.odata_reserved_name", table=name)
    names = [column for column, _ in columns]
    for column, sql_type in columns:
        if not _COLUMN_NAME.match(column) or sql_type.upper() not in SQL_TYPES:
            raise ModelError("survey.bad_code", code=column)
    for wanted in filter(None, (key_column, customer_column)):
        if wanted not in names:
            raise ModelError("odata.bad_key", table=name, key=wanted, known=", ".join(names))
    table = ODataTable(name, f"odata_{name}", key_column, customer_column, label, source)
    declared = ", ".join(
        f"{ident(column)} {sql_type}" + (" PRIMARY KEY" if column == key_column else "") for column, sql_type in columns
    )
    with study.transaction(Changes.of("odata")) as conn:
        conn.execute(f'CREATE TABLE "{table.table_name}" ({declared})')
        if customer_column:
            conn.execute(f"CREATE INDEX {ident(table.table_name + '_customer')} ON {ident(table.table_name)}"
                         f" ({ident(customer_column)})")
        conn.execute(
            "INSERT INTO odata_tables (name, table_name, key_column, customer_column, label, source, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (name, table.table_name, key_column, customer_column, label, source, now_iso()),
        )
        audit.record(study, "create", "odata_table", name)
    return table


def insert_rows(study: Study, table: ODataTable, columns: Sequence[str], rows: Iterable[Sequence[Any]],
                progress: Progress = no_progress, cancel: CancelToken | None = None,
                batch_size: int = 10000) -> int:
    """Bulk insert (or replace by key) in one transaction."""
    from itertools import islice

    sql = (f"INSERT OR REPLACE INTO {ident(table.table_name)} ({idents(columns)})"
           f" VALUES ({', '.join('?' * len(columns))})")
    done = 0
    iterator = iter(rows)
    with study.transaction(Changes.of("odata")) as conn:
        while batch := list(islice(iterator, batch_size)):
            if cancel is not None:
                cancel.check()
            conn.executemany(sql, batch)
            done += len(batch)
            progress(done, done, table.name)
    return done


def list_tables(study: Study) -> list[ODataTable]:
    """Every O-data table declared in the study, by name, with its key and join columns."""
    rows = study.conn.execute(
        "SELECT name, table_name, key_column, customer_column, label, source, response_column FROM odata_tables"
        " ORDER BY name"
    )
    return [ODataTable(*row) for row in rows]


def row_count(study: Study, table: ODataTable) -> int:
    """How many records an O-data table holds."""
    return int(study.conn.execute(f"SELECT count(*) FROM {ident(table.table_name)}").fetchone()[0])


def upsert_customers(study: Study, customers: Iterable[Sequence[Any]]) -> int:
    """Customers as tuples in CUSTOMER_FIELDS order; an existing id is updated, never duplicated."""
    placeholders = ", ".join("?" * len(CUSTOMER_FIELDS))
    updates = ", ".join(f"{f} = excluded.{f}" for f in CUSTOMER_FIELDS[1:])
    with study.transaction(Changes.of("odata")) as conn:
        cursor = conn.executemany(
            f"INSERT INTO customers ({', '.join(CUSTOMER_FIELDS)}) VALUES ({placeholders})"
            f" ON CONFLICT(id) DO UPDATE SET {updates}",
            customers,
        )
        return cursor.rowcount


def customer_count(study: Study) -> int:
    """How many customers the study holds: the people its O-data and responses join on."""
    return int(study.conn.execute("SELECT count(*) FROM customers").fetchone()[0])


def customer_profile(study: Study, customer_id: str) -> dict[str, Any] | None:
    """The customer's facts plus how many rows each O-data table holds for them."""
    row = study.conn.execute(
        f"SELECT {', '.join(CUSTOMER_FIELDS)} FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()
    if row is None:
        return None
    profile: dict[str, Any] = dict(zip(CUSTOMER_FIELDS, row))
    profile["odata"] = {
        table.name: int(study.conn.execute(
            f"SELECT count(*) FROM {ident(table.table_name)} WHERE {ident(table.customer_column)} = ?",
            (customer_id,),
        ).fetchone()[0])
        for table in list_tables(study) if table.customer_column
    }
    return profile


def table_columns(study: Study, table: ODataTable) -> list[str]:
    """An O-data table's column names in their stored order, as the file brought them."""
    return [row[1] for row in study.conn.execute(f"PRAGMA table_info({ident(table.table_name)})")]


def joinable_questions(study: Study) -> list[Question]:
    """The questions O-data records can join on besides customer_id: text and number answers (a phone number, an
    order id), the only ones that can tell one customer or record from another."""
    from xmdesk.core.survey.model import list_surveys

    return [q for survey in list_surveys(study) for q in survey.questions
            if q.type in (QuestionType.TEXT, QuestionType.NUMBER)]


def _check_join_column(study: Study, table: str, response_column: str) -> None:
    """`--joins csat` joined customers to a 1-5 rating: every customer answering 5 became one person. Refused,
    listing what can be joined on."""
    joinable = [q.code for q in joinable_questions(study)]
    if response_column in ("customer_id", *joinable):
        return
    from xmdesk.core.survey.model import list_surveys

    listed = ", ".join(dict.fromkeys(["customer_id", *joinable[:8]]))
    asked = next((q for survey in list_surveys(study) for q in survey.questions if q.code == response_column), None)
    if asked is None:
        raise ModelError("importing.odata_join_unknown", column=response_column, table=table, known=listed)
    raise ModelError("importing.odata_join_not_id", column=response_column, table=table, type=asked.type.value,
                     known=listed)


def declare_join(study: Study, table: ODataTable, customer_column: str, response_column: str) -> ODataTable:
    """How a table's records join to responses: its `customer_column` holds what the responses hold in
    `response_column` (customer_id, or a question such as a phone number or an order id)."""
    _check_join_column(study, table.name, response_column)
    if customer_column not in table_columns(study, table):
        raise ModelError("odata.bad_key", table=table.name, key=customer_column,
                         known=", ".join(table_columns(study, table)))
    with study.transaction(Changes.of("odata")) as conn:
        conn.execute("UPDATE odata_tables SET customer_column = ?, response_column = ? WHERE name = ?",
                     (customer_column, response_column, table.name))
        conn.execute(f"CREATE INDEX IF NOT EXISTS {ident(table.table_name + '_customer')}"
                     f" ON {ident(table.table_name)} ({ident(customer_column)})")
        audit.record(study, "join", "odata_table", table.name, {"customer_column": customer_column,
                                                                 "response_column": response_column})
    return next(t for t in list_tables(study) if t.name == table.name)


@dataclass
class CustomerView:
    """One customer seen whole: their facts, their answers in every survey, their operational records."""

    customer_id: str
    facts: dict[str, Any] | None
    answers: dict[str, list[dict[str, Any]]]  # survey code -> responses (stored column -> value)
    records: dict[str, list[dict[str, Any]]]  # O-data table -> rows


def customer_view(study: Study, customer_id: str, limit: int = 200) -> CustomerView:
    """Answers next to operational records: responses whose join column (customer_id, or the column an
    O-data table declared) holds this id, and the O-data rows whose customer column holds it."""
    from xmdesk.core.survey.model import list_surveys

    tables = [t for t in list_tables(study) if t.customer_column]
    records = {}
    for table in tables:
        cursor = study.conn.execute(
            f"SELECT * FROM {ident(table.table_name)} WHERE {ident(table.customer_column or '')} = ? LIMIT ?",
            (customer_id, limit))
        names = [d[0] for d in cursor.description]
        records[table.name] = [dict(zip(names, row)) for row in cursor]
    facts = customer_profile(study, customer_id)
    if facts is None:  # a phone number is how many files name a customer
        row = study.conn.execute("SELECT id FROM customers WHERE phone = ? LIMIT 1", (customer_id,)).fetchone()
        facts = customer_profile(study, row[0]) if row else None
    values = sorted({customer_id, facts["id"]} if facts else {customer_id})
    join_columns = {"customer_id"} | {t.response_column for t in tables}
    answers = {}
    for survey in list_surveys(study):
        stored = {c.name for c in survey.columns()} | {"customer_id"}
        wanted = sorted(join_columns & stored)
        where = " OR ".join(f"{ident(c)} IN ({', '.join('?' * len(values))})" for c in wanted)
        cursor = study.conn.execute(
            f"SELECT * FROM {ident(survey.response_table)} WHERE deleted = 0 AND ({where}) LIMIT ?",
            values * len(wanted) + [limit])
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor]
        if rows:
            answers[survey.code] = rows
    return CustomerView(customer_id, facts, answers, records)
