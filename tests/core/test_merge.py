"""Merging field laptops: idempotent by uuid, updates vs conflicts, survey versions, all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xmdesk.core.fieldwork import entry
from xmdesk.core.survey import responses
from xmdesk.core.errors import StudyError
from xmdesk.core.fieldwork.merge import merge, write_pack
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey, load_survey
from tests.messages import raises_message

COLUMNS = ["uuid", "device_id", "worker", "visited", "score", "tags__a", "tags__b"]


def base_study(path: Path) -> Path:
    with Study.create(path) as study:
        create_survey(study, "visit", questions=[
            Question("visited", QuestionType.SINGLE, choices=[Choice("yes", 1), Choice("no", 2)]),
            Question("score", QuestionType.RATING, props={"points": 5}),
            Question("tags", QuestionType.MULTIPLE, choices=[Choice("a", 1), Choice("b", 2)]),
        ])
    return path


def laptop(base: Path, folder: Path, device: str, count: int, first: int = 0) -> Path:
    path = folder / f"{device}.xmd"
    if not path.exists():
        shutil.copyfile(base, path)
    with Study.open(path) as study:
        survey = load_survey(study, "visit")
        rows = [(f"{device}-{i}", device, "王芳", 1 + i % 2, 1 + i % 5, i % 2, 0) for i in range(first, first + count)]
        responses.insert_rows(study, survey, COLUMNS, rows)
    return path


def pack(study_path: Path, device: str, name: str) -> Path:
    with Study.open(study_path, read_only=True) as study:
        return Path(write_pack(study, study_path.with_name(name), device=device).path)


def edit(study_path: Path, response_uuid: str, **answers: int) -> None:
    with Study.open(study_path) as study:
        survey = load_survey(study, "visit")
        (response_id,) = study.conn.execute("SELECT id FROM responses_visit WHERE uuid = ?", (response_uuid,)).fetchone()
        draft = entry.edit_draft(study.conn, survey, response_id)
        draft.answers.update(answers)
        entry.save_response(study, survey, draft)


def count(path: Path) -> int:
    with Study.open(path, read_only=True) as study:
        return responses.count(study.conn, load_survey(study, "visit"))


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path]:
    base = base_study(tmp_path / "base.xmd")
    lead = tmp_path / "lead.xmd"
    shutil.copyfile(base, lead)
    return base, lead


def test_same_pack_twice_adds_nothing(world: tuple[Path, Path], tmp_path: Path) -> None:
    base, lead = world
    a = pack(laptop(base, tmp_path, "A", 30), "A", "a.xmdpack")
    with Study.open(lead) as study:
        first = merge(study, [a])
        second = merge(study, [a, a])
    assert (first.added, first.unchanged) == (30, 0)
    assert (second.added, second.unchanged, len(second.conflicts)) == (0, 60, 0)
    assert count(lead) == 30


def test_later_edit_from_the_same_laptop_is_an_update(world: tuple[Path, Path], tmp_path: Path) -> None:
    base, lead = world
    a_study = laptop(base, tmp_path, "A", 5)
    with Study.open(lead) as study:
        merge(study, [pack(a_study, "A", "a1.xmdpack")])
    edit(a_study, "A-3", score=5)
    with Study.open(lead) as study:
        report = merge(study, [pack(a_study, "A", "a2.xmdpack")])
        assert study.conn.execute("SELECT score FROM responses_visit WHERE uuid = 'A-3'").fetchone()[0] == 5
    assert (report.added, report.updated, report.unchanged, report.conflicts) == (0, 1, 4, [])


def test_changed_on_both_sides_is_a_conflict_until_resolved(world: tuple[Path, Path], tmp_path: Path) -> None:
    base, lead = world
    a_study = laptop(base, tmp_path, "A", 5)
    with Study.open(lead) as study:
        merge(study, [pack(a_study, "A", "a1.xmdpack")])
    edit(a_study, "A-2", score=5)
    edit(lead, "A-2", score=1, visited=2)
    a2 = pack(a_study, "A", "a2.xmdpack")
    with Study.open(lead) as study:
        report = merge(study, [a2])
        (conflict,) = report.conflicts
        assert conflict.uuid == "A-2"
        assert ("score", 1, 5) in conflict.differences and ("visited", 2, 1) in conflict.differences
        assert study.conn.execute("SELECT score FROM responses_visit WHERE uuid = 'A-2'").fetchone()[0] == 1
        assert len(merge(study, [a2]).conflicts) == 1  # undecided: it comes back
        resolved = merge(study, [a2], resolutions={"A-2": "theirs"})
        assert resolved.took_theirs == 1 and resolved.conflicts == []
        assert study.conn.execute("SELECT score, visited FROM responses_visit WHERE uuid = 'A-2'").fetchone() == (5, 1)
        assert merge(study, [a2]).conflicts == []


def test_keep_mine_is_remembered(world: tuple[Path, Path], tmp_path: Path) -> None:
    base, lead = world
    a_study = laptop(base, tmp_path, "A", 3)
    with Study.open(lead) as study:
        merge(study, [pack(a_study, "A", "a1.xmdpack")])
    edit(a_study, "A-1", score=5)
    edit(lead, "A-1", score=3)
    a2 = pack(a_study, "A", "a2.xmdpack")
    with Study.open(lead) as study:
        assert merge(study, [a2], resolutions={"A-1": "mine"}).kept_mine == 1
        assert merge(study, [a2]).conflicts == []
        assert study.conn.execute("SELECT score FROM responses_visit WHERE uuid = 'A-1'").fetchone()[0] == 3


def test_two_laptops_editing_the_same_response_conflict(world: tuple[Path, Path], tmp_path: Path) -> None:
    """A study copied to two laptops; both change one response: the second change is not taken silently."""
    base, lead = world
    laptop(base, tmp_path, "lead", 2)  # writes into lead.xmd: the lead's own responses, copied to both laptops
    b_copy, c_copy = tmp_path / "b.xmd", tmp_path / "c.xmd"
    shutil.copyfile(lead, b_copy)
    shutil.copyfile(lead, c_copy)
    edit(b_copy, "lead-0", score=5)
    edit(c_copy, "lead-0", score=3)
    with Study.open(lead) as study:
        first = merge(study, [b_copy])
        second = merge(study, [c_copy])
    assert len(first.conflicts) == 1 and len(second.conflicts) == 1


def test_dry_run_changes_nothing(world: tuple[Path, Path], tmp_path: Path) -> None:
    base, lead = world
    a = pack(laptop(base, tmp_path, "A", 10), "A", "a.xmdpack")
    with Study.open(lead) as study:
        report = merge(study, [a], apply=False)
        assert report.added == 10 and not report.applied
        assert responses.count(study.conn, load_survey(study, "visit")) == 0
        assert study.conn.execute("SELECT count(*) FROM merge_ledger").fetchone()[0] == 0
    assert count(lead) == 0


def test_a_failed_merge_changes_nothing(world: tuple[Path, Path], tmp_path: Path) -> None:
    base, lead = world
    good = pack(laptop(base, tmp_path, "A", 10), "A", "a.xmdpack")
    broken = pack(laptop(base, tmp_path, "B", 10), "B", "b.xmdpack")
    import sqlite3

    conn = sqlite3.connect(broken)
    # Unsigned (the previous format), so that the damage is met half-way through the merge, not at the open.
    conn.execute("DELETE FROM pack_meta WHERE key = 'checksum'")
    conn.execute("UPDATE pack_meta SET value = '1' WHERE key = 'format'")
    conn.execute("ALTER TABLE responses_visit RENAME COLUMN score TO lost")
    conn.commit()
    conn.close()
    with Study.open(lead) as study:
        with raises_message(StudyError, "merge.bad_pack"):
            merge(study, [good, broken])
        assert responses.count(study.conn, load_survey(study, "visit")) == 0
        assert study.conn.execute("SELECT count(*) FROM merge_ledger").fetchone()[0] == 0
    garbage = tmp_path / "garbage.xmdpack"
    garbage.write_bytes(b"not a pack at all" * 10)
    with Study.open(lead) as study, raises_message(StudyError, "merge.not_a_source"):
        merge(study, [good, garbage])
    assert count(lead) == 0


def test_older_version_is_mapped_and_newer_refused(world: tuple[Path, Path], tmp_path: Path) -> None:
    base, lead = world
    old_pack = pack(laptop(base, tmp_path, "A", 4), "A", "a.xmdpack")
    from xmdesk.core.survey.model import add_question

    with Study.open(lead) as study:
        survey = load_survey(study, "visit")
        add_question(study, survey, Question("comment", QuestionType.TEXT), position=0)
        assert survey.version == 2
        report = merge(study, [old_pack])
        assert report.added == 4 and report.refused == []
        assert study.conn.execute("SELECT count(*) FROM responses_visit WHERE score IS NOT NULL").fetchone()[0] == 4
    newer = tmp_path / "newer.xmd"
    shutil.copyfile(lead, newer)
    with Study.open(newer) as study:
        add_question(study, load_survey(study, "visit"), Question("extra", QuestionType.NUMBER))
    laptop(base, tmp_path, "newer", 0)
    with Study.open(newer) as study:
        survey = load_survey(study, "visit")
        responses.insert_rows(study, survey, ["uuid", "device_id", "extra"], [("N-1", "N", 3)])
        newer_pack = Path(write_pack(study, tmp_path / "n.xmdpack", device="N").path)
    with Study.open(lead) as study:
        report = merge(study, [newer_pack])
    (refusal,) = report.refused
    assert report.added == 0 and refusal.responses == 1
    assert "version 3 in the pack but version 2 here" in refusal.reason


def test_whole_study_merges_with_photos_and_visits(world: tuple[Path, Path], tmp_path: Path) -> None:
    base, lead = world
    field = tmp_path / "field.xmd"
    shutil.copyfile(base, field)
    with Study.open(field) as study:
        survey = load_survey(study, "visit")
        draft = entry.Draft("visit", answers={"visited": 1, "score": 4},
                            visit=entry.Visit("杭州武林店", "2026-06-01 10:00", "王芳"))
        entry.add_photo(study, survey, draft.response_uuid, "shelf.jpg", b"jpeg bytes")
        entry.save_response(study, survey, draft)
    with Study.open(lead) as study:
        report = merge(study, [field])
        assert (report.added, report.photos) == (1, 1)
        assert entry.visit_of(study.conn, draft.response_uuid).store == "杭州武林店"
        assert [p.name for p in entry.photos(study.conn, draft.response_uuid)] == ["shelf.jpg"]
        with raises_message(StudyError, "merge.same_study"):
            merge(study, [lead])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=7))
def test_any_order_and_repetition_of_packs_counts_each_response_once(tmp_path_factory: pytest.TempPathFactory,
                                                                     order: list[int]) -> None:
    folder = tmp_path_factory.mktemp("prop")
    base = base_study(folder / "base.xmd")
    lead = folder / "lead.xmd"
    shutil.copyfile(base, lead)
    sizes = [3, 5, 7]
    packs = [pack(laptop(base, folder, f"L{i}", n), f"L{i}", f"l{i}.xmdpack") for i, n in enumerate(sizes)]
    with Study.open(lead) as study:
        added = sum(merge(study, [packs[i]]).added for i in order)
    expected = sum(sizes[i] for i in set(order))
    assert added == expected == count(lead)
