"""Hostile and broken packs (issue 16, case 2): a merge stores only what the survey allows, refuses a changed
or truncated pack as a whole, and reads a source without letting anything in it run.

Every pack here is written by the real `write_pack` from a real laptop study; a hostile pack is that
pack (or that laptop) changed the way an attacker or a broken disk would change it. After every merge the
survey still answers `stats`, `alerts`, `report` and `journey list` (run in this process through the CLI's
own entry point)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xmdesk.cli import main as cli_main
from xmdesk.core import messages
from xmdesk.core.survey import edits as designer
from xmdesk.core.fieldwork import entry
from xmdesk.core.survey import responses
from xmdesk.core.errors import StudyError, XMDeskError
from xmdesk.core.fieldwork.merge import MergeReport, merge, write_pack
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from tests.messages import raises_message

SURVEY = "retail_cx"
TABLE = "responses_retail_cx"
ANSWERS = {"region": 1, "store": 1, "channel": 1, "visit_date": "2026-06-01", "csat": 4}


def laptop_study(demo_path: Path, folder: Path, count: int = 6) -> Path:
    """A copy of the lead's study on which `count` responses were typed in (this laptop's device id)."""
    path = folder / "laptop.xmd"
    shutil.copyfile(demo_path, path)
    with Study.open(path) as study:
        survey = load_survey(study, SURVEY)
        for nps in range(count):
            entry.save_response(study, survey, entry.Draft(SURVEY, answers={**ANSWERS, "nps": nps}, worker="王芳"))
    return path


def pack_of(laptop: Path, name: str = "field.xmdpack") -> Path:
    with Study.open(laptop, read_only=True) as study:
        return Path(write_pack(study, laptop.with_name(name)).path)


def laptop_uuids(laptop: Path) -> list[str]:
    with sqlite3.connect(laptop) as conn:
        return [u for (u,) in conn.execute(f"SELECT uuid FROM {TABLE} WHERE source = 'entry' ORDER BY id")]


def poison(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Change a file behind XMDesk's back, as another program (or a person with a SQLite browser) would."""
    conn = sqlite3.connect(path)
    try:
        for sql, params in statements:
            conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def unsign(pack: Path) -> None:
    """Make a pack look like one of the previous format, which carried no checksum."""
    poison(pack, ("DELETE FROM pack_meta WHERE key = 'checksum'", ()),
           ("UPDATE pack_meta SET value = '1' WHERE key = 'format'", ()))


def count(path: Path) -> int:
    with Study.open(path, read_only=True) as study:
        return responses.count(study.conn, load_survey(study, SURVEY))


def cli(*args: str) -> tuple[int, str]:
    """One CLI command run in this process: (exit code, stdout + stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(args))
    return code, out.getvalue() + err.getvalue()


def assert_survey_answers(lead: Path, folder: Path) -> None:
    """What a poisoned survey broke: stats of the NPS, the alert rules, the standard report, the journeys."""
    checks = [("stats", str(lead), "--question", "nps", "--metric", "nps"), ("alerts", str(lead)),
              ("journey", "list", str(lead)), ("report", str(lead), "-o", str(folder / "report.xlsx"))]
    for command in checks:
        code, output = cli(*command)
        assert code == 0 and "Error" not in output, (command, output[-800:])
    messages.set_language("en")


@pytest.fixture
def lead(demo_path: Path) -> Path:
    messages.set_language("en")
    return demo_path


def merged(lead: Path, *packs: Path, apply: bool = True) -> MergeReport:
    with Study.open(lead, window=False) as study:
        return merge(study, list(packs), apply=apply)


# -- values: one validation, refused per response with the reason --------------------------------


def test_invalid_values_are_refused_per_response_with_the_reason(lead: Path, tmp_path: Path) -> None:
    laptop = laptop_study(lead, tmp_path)
    uuids = laptop_uuids(laptop)
    poison(laptop,
           (f"UPDATE {TABLE} SET nps = 'DROP TABLE x' WHERE uuid = ?", (uuids[0],)),
           (f"UPDATE {TABLE} SET nps = 99 WHERE uuid = ?", (uuids[1],)),
           (f"UPDATE {TABLE} SET csat = -5 WHERE uuid = ?", (uuids[2],)),
           (f"UPDATE {TABLE} SET region = 42 WHERE uuid = ?", (uuids[3],)),
           (f"UPDATE {TABLE} SET categories__fresh = 'yes' WHERE uuid = ?", (uuids[4],)))
    report = merged(lead, pack_of(laptop))
    assert report.added == 1
    refused = {r.uuid: r.reason for r in report.refused}
    assert set(refused) == set(uuids[:5]) and report.refused_responses == 5
    assert "nps" in refused[uuids[0]] and "'DROP TABLE x'" in refused[uuids[0]]
    assert "nps" in refused[uuids[1]] and "0 to 10" in refused[uuids[1]]
    assert "csat" in refused[uuids[2]] and "1 to 5" in refused[uuids[2]]
    assert "region" in refused[uuids[3]] and "42 is not one of the choices" in refused[uuids[3]]
    assert "categories" in refused[uuids[4]]
    with sqlite3.connect(lead) as conn:
        assert conn.execute(f"SELECT count(*) FROM {TABLE} WHERE uuid IN (?, ?, ?, ?, ?)", uuids[:5]).fetchone() == (0,)
    assert_survey_answers(lead, tmp_path)


def test_a_constraint_of_the_survey_is_checked_on_merge(lead: Path, tmp_path: Path) -> None:
    """The designer's constraint (the logic language) refuses a merged value as it refuses a typed one."""
    with Study.open(lead) as study:
        survey = load_survey(study, SURVEY)
        designer.apply(study, survey, designer.set_props(survey.question("spend"), constraint="${csat} >= 3"))
    laptop = laptop_study(lead, tmp_path, count=2)
    first, second = laptop_uuids(laptop)
    poison(laptop, (f"UPDATE {TABLE} SET spend = 90, csat = 2 WHERE uuid = ?", (first,)),
           (f"UPDATE {TABLE} SET spend = 90, csat = 3 WHERE uuid = ?", (second,)))
    report = merged(lead, pack_of(laptop))
    (refusal,) = report.refused
    assert report.added == 1 and refusal.uuid == first
    assert "spend" in refusal.reason and "${csat} >= 3" in refusal.reason


def test_system_columns_are_checked(lead: Path, tmp_path: Path) -> None:
    laptop = laptop_study(lead, tmp_path, count=4)
    uuids = laptop_uuids(laptop)
    poison(laptop, (f"UPDATE {TABLE} SET created_at = '9999-12-31T00:00:00+00:00' WHERE uuid = ?", (uuids[0],)),
           (f"UPDATE {TABLE} SET deleted = 7 WHERE uuid = ?", (uuids[1],)),
           (f"UPDATE {TABLE} SET worker = ? WHERE uuid = ?", ("x" * 5000, uuids[2])))
    pack = pack_of(laptop)
    report = merged(lead, pack)
    refused = {r.uuid: r.reason for r in report.refused}
    assert set(refused) == set(uuids[:3]) and report.added == 1
    assert "9999" in refused[uuids[0]] and "deleted" in refused[uuids[1]] and "worker" in refused[uuids[2]]


def test_a_uuid_twice_in_one_pack_is_refused_not_a_traceback(lead: Path, tmp_path: Path) -> None:
    laptop = laptop_study(lead, tmp_path, count=3)
    pack = pack_of(laptop)
    unsign(pack)
    poison(pack, (f"INSERT INTO {TABLE} SELECT * FROM {TABLE} WHERE rowid = 1", ()))
    report = merged(lead, pack)
    assert report.added == 2 and report.refused_responses == 2  # both copies: which one is true is unknown
    assert all("twice" in r.reason for r in report.refused)


def test_a_huge_photo_is_refused_and_its_response_kept(lead: Path, tmp_path: Path) -> None:
    laptop = laptop_study(lead, tmp_path, count=1)
    pack = pack_of(laptop)
    unsign(pack)
    (response_uuid,) = laptop_uuids(laptop)
    poison(pack, ("INSERT INTO attachments VALUES (?, ?, 'huge.jpg', 'image/jpeg', zeroblob(21000000), '')",
                  (SURVEY, response_uuid)))
    report = merged(lead, pack)
    assert report.added == 1 and report.photos == 0
    (refusal,) = report.refused
    assert refusal.responses == 0 and "huge.jpg" in refusal.reason and "20 MB" in refusal.reason


# -- the pack as a whole: checksum, truncation, format -------------------------------------------


def test_a_changed_pack_is_refused_as_a_whole(lead: Path, tmp_path: Path) -> None:
    pack = pack_of(laptop_study(lead, tmp_path, count=3))
    poison(pack, (f"UPDATE {TABLE} SET nps = 10 WHERE rowid = 1", ()))
    with raises_message(StudyError, "merge.pack_changed"):
        merged(lead, pack)
    assert count(lead) == 1000


def test_a_truncated_pack_says_where_it_ends(lead: Path, tmp_path: Path) -> None:
    pack = pack_of(laptop_study(lead, tmp_path, count=3))
    data = pack.read_bytes()
    for cut in (len(data) // 2, 60):
        pack.write_bytes(data[:cut])
        with raises_message(StudyError, "merge.truncated"):
            merged(lead, pack)
    assert count(lead) == 1000


def test_an_unsigned_pack_of_the_previous_format_merges_and_says_so(lead: Path, tmp_path: Path) -> None:
    pack = pack_of(laptop_study(lead, tmp_path, count=3))
    unsign(pack)
    report = merged(lead, pack)
    assert report.added == 3
    assert any("unsigned pack" in warning for warning in report.warnings)


# -- survey definitions and hostile studies ------------------------------------------------------


@pytest.mark.parametrize("change", ["injection", "many", "twice", "choices"])
def test_a_hostile_survey_definition_is_refused_cleanly(lead: Path, tmp_path: Path, change: str) -> None:
    pack = pack_of(laptop_study(lead, tmp_path, count=2))
    unsign(pack)
    with sqlite3.connect(pack) as conn:
        (text,) = conn.execute("SELECT definition FROM pack_surveys").fetchone()
    definition = json.loads(text)
    questions = definition["questions"]
    if change == "injection":
        questions[0]["code"] = 'x"; DROP TABLE surveys; --'
    elif change == "many":
        questions.extend(dict(questions[-1], code=f"q{i}") for i in range(5000))
    elif change == "twice":
        questions.append(dict(questions[0]))
    else:  # the region's choices swapped round and one given twice
        questions[0]["choices"][1]["value"] = questions[0]["choices"][0]["value"]
    poison(pack, ("UPDATE pack_surveys SET definition = ?", (json.dumps(definition),)))
    report = merged(lead, pack)
    assert report.added == 0 and report.refused_responses == 2
    assert count(lead) == 1000
    with sqlite3.connect(lead) as conn:
        assert conn.execute("SELECT count(*) FROM surveys").fetchone() == (1,)


def test_a_study_whose_tables_are_views_is_not_read(lead: Path, tmp_path: Path) -> None:
    """A 'study' given as merge source whose response table is a view (code that would run on read)."""
    laptop = laptop_study(lead, tmp_path, count=2)
    poison(laptop, (f"ALTER TABLE {TABLE} RENAME TO hidden", ()),
           (f"CREATE VIEW {TABLE} AS SELECT * FROM hidden", ()))
    with raises_message(StudyError, "merge.code_inside"):
        merged(lead, laptop)
    assert count(lead) == 1000


# -- random damage ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_pack(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> tuple[Path, Path]:
    """A lead's study and a real pack of three typed responses, made once for the fuzz test."""
    folder = tmp_path_factory.mktemp("fuzz")
    lead = folder / "lead.xmd"
    shutil.copyfile(demo_template, lead)
    laptop = laptop_study(lead, folder, count=3)
    return lead, pack_of(laptop)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=st.lists(st.tuples(st.floats(min_value=0, max_value=1, exclude_max=True),
                                 st.integers(min_value=1, max_value=255)), min_size=1, max_size=4),
       cut=st.one_of(st.none(), st.floats(min_value=0, max_value=1, exclude_max=True)))
def test_random_damage_is_the_same_merge_or_a_clean_refusal(real_pack: tuple[Path, Path],
                                                             tmp_path_factory: pytest.TempPathFactory,
                                                             damage: list[tuple[float, int]],
                                                             cut: float | None) -> None:
    source_lead, source_pack = real_pack
    folder = tmp_path_factory.mktemp("damaged")
    lead, pack = folder / "lead.xmd", folder / "field.xmdpack"
    shutil.copyfile(source_lead, lead)
    data = bytearray(source_pack.read_bytes())
    for where, flip in damage:
        data[int(where * len(data))] ^= flip
    if cut is not None:
        data = data[:int(cut * len(data))]
    pack.write_bytes(bytes(data))
    try:
        report = merged(lead, pack)
    except XMDeskError as refusal:
        assert "\n" not in str(refusal)
        assert count(lead) == 1000
        return
    assert (report.added, report.refused_responses) in ((3, 0), (0, 0))
    assert count(lead) == 1000 + report.added
    if report.added:
        assert_survey_answers(lead, folder)
