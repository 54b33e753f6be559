"""The schema steps themselves. Never edit a step that has shipped: add a new one.

Response data does not live here: each survey gets its own wide table
(`responses.py`), created and widened as the survey grows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

M001_CORE: Sequence[str] = (
    """CREATE TABLE study_meta (
        key TEXT PRIMARY KEY,
        value TEXT
    )""",
    """CREATE TABLE surveys (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        title_en TEXT NOT NULL DEFAULT '',
        title_zh TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1,
        response_table TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        position INTEGER NOT NULL,
        type TEXT NOT NULL,
        label_en TEXT NOT NULL DEFAULT '',
        label_zh TEXT NOT NULL DEFAULT '',
        help_en TEXT NOT NULL DEFAULT '',
        help_zh TEXT NOT NULL DEFAULT '',
        required INTEGER NOT NULL DEFAULT 0,
        group_code TEXT NOT NULL DEFAULT '',
        props TEXT NOT NULL DEFAULT '{}',
        archived INTEGER NOT NULL DEFAULT 0,
        UNIQUE (survey_id, code)
    )""",
    """CREATE TABLE choices (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        value INTEGER NOT NULL,
        label_en TEXT NOT NULL DEFAULT '',
        label_zh TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        weight REAL,
        is_other INTEGER NOT NULL DEFAULT 0,
        UNIQUE (question_id, code),
        UNIQUE (question_id, value)
    )""",
    """CREATE TABLE question_items (
        id INTEGER PRIMARY KEY,
        question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        label_en TEXT NOT NULL DEFAULT '',
        label_zh TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        UNIQUE (question_id, code)
    )""",
    """CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT,
        phone TEXT,
        email TEXT,
        segment TEXT,
        region TEXT,
        first_seen TEXT,
        last_contacted_at TEXT,
        attributes TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE odata_tables (
        name TEXT PRIMARY KEY,
        table_name TEXT NOT NULL UNIQUE,
        key_column TEXT NOT NULL,
        customer_column TEXT,
        label TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        device TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE import_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        file TEXT NOT NULL,
        kind TEXT NOT NULL,
        layout TEXT NOT NULL DEFAULT '',
        target TEXT NOT NULL,
        imported INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        problems TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL
    )""",
    """CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
        response_uuid TEXT NOT NULL,
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX questions_by_survey ON questions (survey_id, position)",
    "CREATE INDEX choices_by_question ON choices (question_id, position)",
    "CREATE INDEX audit_by_entity ON audit_log (entity, entity_id)",
    "CREATE INDEX attachments_by_response ON attachments (response_uuid)",
)

M002_JOURNEYS_AND_CASES: Sequence[str] = (
    """CREATE TABLE journeys (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        persona TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE journey_stages (
        id INTEGER PRIMARY KEY,
        journey_id INTEGER NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        width REAL NOT NULL DEFAULT 240
    )""",
    """CREATE TABLE journey_items (
        id INTEGER PRIMARY KEY,
        journey_id INTEGER NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
        stage_id INTEGER REFERENCES journey_stages(id) ON DELETE SET NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL DEFAULT '',
        x REAL NOT NULL DEFAULT 0,
        y REAL NOT NULL DEFAULT 0,
        w REAL NOT NULL DEFAULT 160,
        h REAL NOT NULL DEFAULT 80,
        props TEXT NOT NULL DEFAULT '{}',
        link_survey TEXT,
        link_question TEXT,
        link_metric TEXT,
        link_filter TEXT
    )""",
    """CREATE TABLE departments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        contact TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE alert_rules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        definition TEXT NOT NULL DEFAULT '{}',
        department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
        sla_hours REAL NOT NULL DEFAULT 24,
        priority TEXT NOT NULL DEFAULT 'normal',
        enabled INTEGER NOT NULL DEFAULT 1
    )""",
    """CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        rule_id INTEGER REFERENCES alert_rules(id) ON DELETE SET NULL,
        survey_code TEXT,
        response_uuid TEXT,
        customer_id TEXT,
        department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
        owner TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        priority TEXT NOT NULL DEFAULT 'normal',
        status TEXT NOT NULL DEFAULT 'new',
        due_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (rule_id, survey_code, response_uuid)
    )""",
    """CREATE TABLE case_events (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        note TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE actions (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
        target_survey TEXT,
        target_question TEXT,
        target_metric TEXT,
        pain_points TEXT NOT NULL DEFAULT '[]',
        start_date TEXT,
        due_date TEXT,
        status TEXT NOT NULL DEFAULT 'planned',
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX journey_items_by_journey ON journey_items (journey_id)",
    "CREATE INDEX cases_by_status ON cases (status, department_id)",
    "CREATE INDEX case_events_by_case ON case_events (case_id)",
)

M003_IMPORT: Sequence[str] = (
    # Provenance of imports: the file's content hash (re-import warning), the mapping used, who and where,
    # and the ids the import added.
    "ALTER TABLE import_log ADD COLUMN content_hash TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE import_log ADD COLUMN mapping TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE import_log ADD COLUMN actor TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE import_log ADD COLUMN device TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE import_log ADD COLUMN first_id INTEGER",
    "ALTER TABLE import_log ADD COLUMN last_id INTEGER",
    "CREATE INDEX import_log_by_hash ON import_log (content_hash)",
    # One key per imported row (its id column, or a hash of its cells) so a re-import skips it.
    """CREATE TABLE import_keys (
        target TEXT NOT NULL,
        key TEXT NOT NULL,
        import_id INTEGER NOT NULL,
        PRIMARY KEY (target, key)
    ) WITHOUT ROWID""",
    """CREATE TABLE import_mappings (
        name TEXT PRIMARY KEY,
        survey TEXT NOT NULL,
        layout TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        saved_at TEXT NOT NULL
    )""",
    # Which response column an O-data table's customer column joins to (customer_id, a phone question...).
    "ALTER TABLE odata_tables ADD COLUMN response_column TEXT NOT NULL DEFAULT 'customer_id'",
)

M004_ANALYSIS: Sequence[str] = (
    # Dashboards of the Charts area: each tile is an analysis request (JSON) with its place on the grid.
    """CREATE TABLE dashboards (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        tiles TEXT NOT NULL DEFAULT '[]',
        position INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
)

M005_DESIGNER: Sequence[str] = (
    # Survey-level settings: groups/pages with their labels, XLSForm settings kept on import.
    "ALTER TABLE surveys ADD COLUMN props TEXT NOT NULL DEFAULT '{}'",
    # The definition of every version of a survey, so data entered under an older version can be
    # read (and merged) with the questions it was typed against.
    """CREATE TABLE survey_versions (
        survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        change TEXT NOT NULL DEFAULT '',
        definition TEXT NOT NULL,
        PRIMARY KEY (survey_id, version)
    )""",
)

M006_ENTRY: Sequence[str] = (
    # The response being typed, saved field by field: a killed app loses at most the field in hand.
    """CREATE TABLE entry_drafts (
        response_uuid TEXT PRIMARY KEY,
        survey_code TEXT NOT NULL,
        response_id INTEGER,
        answers TEXT NOT NULL DEFAULT '{}',
        visit TEXT NOT NULL DEFAULT '{}',
        worker TEXT NOT NULL DEFAULT '',
        current TEXT NOT NULL DEFAULT '',
        device TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    # Mystery-shopping visits: where and when, who shopped, and the weighted checklist score.
    """CREATE TABLE entry_visits (
        response_uuid TEXT PRIMARY KEY,
        survey_code TEXT NOT NULL,
        store TEXT NOT NULL DEFAULT '',
        visited_at TEXT NOT NULL DEFAULT '',
        shopper TEXT NOT NULL DEFAULT '',
        compliance REAL
    )""",
    # What each source (a laptop's packs, another study) last sent for a response: a later edit
    # from the same source is an update, a change on both sides is a conflict.
    """CREATE TABLE merge_ledger (
        survey_code TEXT NOT NULL,
        response_uuid TEXT NOT NULL,
        source TEXT NOT NULL,
        hash TEXT NOT NULL,
        merged_at TEXT NOT NULL,
        PRIMARY KEY (survey_code, response_uuid, source)
    ) WITHOUT ROWID""",
    "CREATE INDEX entry_drafts_by_survey ON entry_drafts (survey_code, updated_at)",
    "CREATE INDEX attachments_by_name ON attachments (response_uuid, name)",
)

M007_TEXT: Sequence[str] = (
    # The study's own words for segmentation: new words jieba should keep whole, and stop words.
    """CREATE TABLE text_terms (
        word TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'word' CHECK (kind IN ('word', 'stop'))
    )""",
    # Synonyms: a comment's variant (售后) counts and tags as the canonical word (客服).
    """CREATE TABLE text_synonyms (
        variant TEXT PRIMARY KEY,
        canonical TEXT NOT NULL
    )""",
    # The codebook: topics, each a JSON list of rules (words, a+b, -word, /regex/).
    """CREATE TABLE text_topics (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        rules TEXT NOT NULL DEFAULT '[]',
        position INTEGER NOT NULL DEFAULT 0
    )""",
    # Each distinct comment scored once per model version and segmented once per segmenter.
    """CREATE TABLE text_sentiment_cache (
        model TEXT NOT NULL,
        text_hash INTEGER NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (model, text_hash)
    ) WITHOUT ROWID""",
    """CREATE TABLE text_token_cache (
        segmenter TEXT NOT NULL,
        text_hash INTEGER NOT NULL,
        tokens TEXT NOT NULL,
        PRIMARY KEY (segmenter, text_hash)
    ) WITHOUT ROWID""",
)

M008_JOURNEY: Sequence[str] = (
    # Per-journey settings of the map: score colour thresholds, what drives the emotion curve, the period.
    "ALTER TABLE journeys ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'",
)

M009_REPORTS: Sequence[str] = (
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        recipe TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
)

M010_LOOP: Sequence[str] = (
    # Why a rule fired (the values it saw), the response's row id for a quick look-up, the latest
    # note, and the do-not-disturb flag: the customer was contacted recently, so nobody calls again.
    "ALTER TABLE cases ADD COLUMN response_id INTEGER",
    "ALTER TABLE cases ADD COLUMN detail TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE cases ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE cases ADD COLUMN do_not_disturb INTEGER NOT NULL DEFAULT 0",
    # Segment rules (a store's score fell) open one case per segment and period, not per response.
    "ALTER TABLE cases ADD COLUMN subject TEXT",
    "CREATE UNIQUE INDEX cases_by_rule_subject ON cases (rule_id, subject) WHERE subject IS NOT NULL",
    "CREATE INDEX cases_by_customer ON cases (customer_id)",
    "ALTER TABLE alert_rules ADD COLUMN survey_code TEXT",
    "ALTER TABLE alert_rules ADD COLUMN filter TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE alert_rules ADD COLUMN do_not_disturb_days INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE alert_rules ADD COLUMN created_at TEXT",
    "ALTER TABLE actions ADD COLUMN description TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE actions ADD COLUMN filter TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE actions ADD COLUMN date_column TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE actions ADD COLUMN updated_at TEXT",
)

M011_OUTBOX: Sequence[str] = (
    # Work that must follow a commit (alert rules over responses that just arrived), written in the
    # same transaction as the responses and removed in the transaction of the work it stood for, so
    # a killed process neither loses it nor does it twice. Ids are a range (first_id..last_id, an
    # import) or a JSON list (a merge); `done_rules` lists the rules that already ran over them.
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        survey_code TEXT NOT NULL,
        first_id INTEGER,
        last_id INTEGER,
        response_ids TEXT,
        done_rules TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
    )""",
    # A rule that failed says so on itself (shown in Cases) instead of failing the write it followed.
    "ALTER TABLE alert_rules ADD COLUMN last_error TEXT",
    "ALTER TABLE alert_rules ADD COLUMN last_error_at TEXT",
)

M012_TEXT_CODES: Sequence[str] = (
    # Each clause's polarity of a scored comment ('+', '-', '0', one a clause): a topic takes the
    # sentiment of the clause that mentions it (价格有点贵但是服务很好: 价格 negative, 服务 positive).
    "ALTER TABLE text_sentiment_cache ADD COLUMN clauses TEXT NOT NULL DEFAULT ''",
    # The analyst's last word on one comment: its polarity and topics set by hand (NULL: the model's),
    # and whether it may be quoted in reports. Wins over the model on every re-analysis.
    """CREATE TABLE text_codes (
        survey_code TEXT NOT NULL,
        question_code TEXT NOT NULL,
        response_id INTEGER NOT NULL,
        polarity TEXT CHECK (polarity IN ('positive', 'neutral', 'negative')),
        topics TEXT,
        quotable INTEGER NOT NULL DEFAULT 0,
        coded_at TEXT NOT NULL,
        PRIMARY KEY (survey_code, question_code, response_id)
    ) WITHOUT ROWID""",
)

# The response fields of m013 as that step added them (never follow later changes of response_fields).
M013_FIELDS: Sequence[tuple[str, str]] = (
    ("sys_respondent_id", "TEXT"), ("sys_started_at", "TEXT"), ("sys_ended_at", "TEXT"),
    ("sys_submitted_at", "TEXT"), ("sys_duration_s", "REAL"), ("sys_channel", "TEXT"), ("sys_ip", "TEXT"),
    ("sys_extra", "TEXT"),
)


def m013_response_fields(db: "Database") -> None:
    """Every survey's response table gains the response fields a survey tool's export fills (respondent
    id, start, end and submission times, duration, channel, IP, the tool's other columns as JSON; see
    xmdesk.core.survey.response_fields); the rows already there keep them empty. A table that already has such a
    column keeps it as it is (no question code of XMDesk began with sys_ before this step)."""
    tables = [table for (table,) in db.execute("SELECT response_table FROM surveys").fetchall()]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        have = {row[1].lower() for row in db.execute(f"PRAGMA table_info({quoted})").fetchall()}
        for name, declaration in M013_FIELDS:
            if have and name not in have:
                db.execute(f'ALTER TABLE {quoted} ADD COLUMN "{name}" {declaration}')


def _derived_variables_table(name: str, kinds: str) -> str:
    """The derived variables' table as m014 made it, with the kinds its CHECK allows (m015 widens them)."""
    return f"""CREATE TABLE {name} (
        id INTEGER PRIMARY KEY,
        survey_code TEXT NOT NULL,
        code TEXT NOT NULL,
        position INTEGER NOT NULL,
        type TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ({kinds})),
        label_en TEXT NOT NULL DEFAULT '',
        label_zh TEXT NOT NULL DEFAULT '',
        definition TEXT NOT NULL DEFAULT '{{}}',
        choices TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (survey_code, code)
    )"""


M014_DERIVED: Sequence[str] = (
    # Derived variables (issue 20): defined once per survey and computed on read, never typed. `kind` is
    # expression, recode, count or flag (a quality flag); `definition` is its JSON, `choices` those of
    # a categorical result, as a question's ([{code, value, label_en, label_zh}]).
    _derived_variables_table("derived_variables", "'expression', 'recode', 'count', 'flag'"),
    # A response left out of every analysis, kept in its table with the reason (a flag's code or the
    # analyst's words); deleting the row restores it. Both are audited.
    """CREATE TABLE excluded_responses (
        survey_code TEXT NOT NULL,
        response_id INTEGER NOT NULL,
        reason TEXT NOT NULL,
        excluded_at TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (survey_code, response_id)
    ) WITHOUT ROWID""",
)

M015_ODATA_VARIABLES: Sequence[str] = (
    # O-data variables (issue 20): a derived variable may also be a field or a per-respondent aggregate of
    # the customers or an operational table (kind 'odata'). SQLite cannot change a CHECK in place, so the
    # table is made again with the wider check and its rows copied over.
    _derived_variables_table("derived_variables_new", "'expression', 'recode', 'count', 'flag', 'odata'"),
    "INSERT INTO derived_variables_new SELECT id, survey_code, code, position, type, kind, label_en, label_zh,"
    " definition, choices, created_at, updated_at FROM derived_variables",
    "DROP TABLE derived_variables",
    "ALTER TABLE derived_variables_new RENAME TO derived_variables",
)

M017_TEXT_ADJUSTMENT: Sequence[str] = (
    # The study's own adjustment of the sentiment model, learned from the analyst's polarity codes
    # (core/text/adjust.py, issue 21): offsets of hashed n-gram buckets (int32 / float32 arrays), one per study,
    # with the agreement it reached on held-out codes before it was kept.
    """CREATE TABLE text_adjustment (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        bits INTEGER NOT NULL,
        buckets BLOB NOT NULL,
        offsets BLOB NOT NULL,
        codes INTEGER NOT NULL,
        held_out INTEGER NOT NULL DEFAULT 0,
        agree_before INTEGER NOT NULL DEFAULT 0,
        agree_after INTEGER NOT NULL DEFAULT 0,
        fitted_at TEXT NOT NULL
    )""",
)

STEPS: dict[str, Sequence[str] | Callable[["Database"], None]] = {
    "m001_core": M001_CORE,
    "m002_journeys_and_cases": M002_JOURNEYS_AND_CASES,
    "m003_import": M003_IMPORT,
    "m004_analysis": M004_ANALYSIS,
    "m005_designer": M005_DESIGNER,
    "m006_entry": M006_ENTRY,
    "m007_text": M007_TEXT,
    "m008_journey": M008_JOURNEY,
    "m009_reports": M009_REPORTS,
    "m010_loop": M010_LOOP,
    "m011_outbox": M011_OUTBOX,
    "m012_text_codes": M012_TEXT_CODES,
    "m013_response_fields": m013_response_fields,
    "m014_derived": M014_DERIVED,
    "m015_odata_variables": M015_ODATA_VARIABLES,
    "m017_text_adjustment": M017_TEXT_ADJUSTMENT,
}
STEP_NAMES: tuple[str, ...] = tuple(STEPS)


def _runner(statements: Sequence[str]):  # type: ignore[no-untyped-def]
    def run(db: "Database") -> None:
        for statement in statements:
            db.execute(statement)

    return run


def register_steps(steps: "Migrations") -> None:
    """Declare every step of STEPS on sqlite-utils' step set, in order; a list of statements becomes a step
    that runs them one by one, a function is a step as it is."""
    for name, statements in STEPS.items():
        steps(name=name)(statements if callable(statements) else _runner(statements))
