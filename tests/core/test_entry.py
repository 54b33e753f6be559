"""Data entry core: validation with skip logic, drafts, saving, editing, compliance, photos."""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core.fieldwork import entry
from xmdesk.core.survey import responses
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, create_survey


@pytest.fixture
def study(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Study.create(tmp_path / "shop.xmd") as opened:
        yield opened


def shop_survey(study: Study) -> Survey:
    """A small mystery-shopping checklist with skip logic, a constraint and weights."""
    return create_survey(study, "shop", questions=[
        Question("greeted", QuestionType.CHECKLIST, "Greeted within 30 s", "30 秒内问候", required=True,
                 props={"weight": 2}),
        Question("waited", QuestionType.SINGLE, "Did you wait?", "是否排队", required=True,
                 choices=[Choice("yes", 1, "Yes", "是"), Choice("no", 2, "No", "否")]),
        Question("minutes", QuestionType.NUMBER, "Minutes waited", "等待分钟", required=True,
                 props={"relevant": "${waited} = 'yes'", "min": 0, "max": 120,
                        "constraint": ". <= 60", "constraint_message_en": "Over an hour? Check the clock."}),
        Question("clean", QuestionType.CHECKLIST, "Store clean", "门店整洁", props={"weight": 1}),
        Question("phone", QuestionType.TEXT, "Phone", "电话", props={"regex": r"1\d{10}"}),
    ])


def test_skip_logic_hides_and_clears_answers(study: Study) -> None:
    survey = shop_survey(study)
    rules = entry.SurveyRules.of(survey)
    assert "minutes" not in [q.code for q in rules.shown({"waited": 2})]
    assert "minutes" in [q.code for q in rules.shown({"waited": 1})]
    draft = entry.Draft("shop", answers={"greeted": 1, "waited": 2, "minutes": 15}, worker="李娜")
    saved = entry.save_response(study, survey, draft)
    stored = study.conn.execute("SELECT minutes, worker, device_id FROM responses_shop WHERE id = ?",
                                (saved.id,)).fetchone()
    assert stored[0] is None and stored[1] == "李娜" and stored[2]


def test_problems_are_per_question_with_their_rule(study: Study) -> None:
    survey = shop_survey(study)
    rules = entry.SurveyRules.of(survey)
    problems = rules.problems({"greeted": 7, "waited": 1, "minutes": 90, "phone": "123"})
    assert set(problems) == {"greeted", "minutes", "phone"}
    assert problems["minutes"] == "Over an hour? Check the clock."
    assert "choices" in problems["greeted"]
    assert rules.problems({"greeted": 1, "waited": 1}) == {"minutes": "An answer is required."}
    # out of min..max: the designer's constraint message, when the question has one
    assert rules.problems({"greeted": 1, "waited": 1, "minutes": 500})["minutes"] == "Over an hour? Check the clock."
    spend = Question("spend", QuestionType.NUMBER, props={"max": 100, "decimals": 0})
    assert "largest" in str(entry.question_problem(spend, {"spend": 500}))
    assert "decimal" in str(entry.question_problem(spend, {"spend": "9.5"}))
    assert "not a number" in rules.problems({"greeted": 1, "waited": 1, "minutes": "abc"})["minutes"]


def test_invalid_response_is_refused_and_nothing_written(study: Study) -> None:
    survey = shop_survey(study)
    with pytest.raises(entry.EntryInvalid) as raised:
        entry.save_response(study, survey, entry.Draft("shop", answers={"waited": 1, "minutes": 5}))
    assert list(raised.value.problems) == ["greeted"]
    assert responses.count(study.conn, survey) == 0


def test_compliance_is_weighted_and_skips_not_applicable(study: Study) -> None:
    survey = shop_survey(study)
    # greeted yes (2 of 2), clean no (0 of 1): 2 / 3
    assert entry.compliance(survey, {"greeted": 1, "clean": 2}).percent == pytest.approx(66.7)
    # clean not applicable: only greeted counts
    assert entry.compliance(survey, {"greeted": 2, "clean": 3}).percent == 0.0
    assert entry.compliance(survey, {}).percent is None
    saved = entry.save_response(study, survey, entry.Draft(
        "shop", answers={"greeted": 1, "waited": 2, "clean": 2},
        visit=entry.Visit("上海南京东路店", "2026-05-31T14:30", "王芳")))
    assert saved.compliance == pytest.approx(66.7)
    visit = study.conn.execute("SELECT store, visited_at, shopper, compliance FROM entry_visits").fetchone()
    assert visit == ("上海南京东路店", "2026-05-31 14:30", "王芳", pytest.approx(66.7))


def test_draft_survives_and_goes_when_the_response_is_saved(study: Study) -> None:
    survey = shop_survey(study)
    draft = entry.Draft("shop", answers={"greeted": 1}, worker="王芳", current="waited")
    entry.save_draft(study, draft)
    path = study.path
    study.close()
    with Study.open(path) as reopened:
        (back,) = entry.drafts(reopened.conn, "shop")
        assert back.answers == {"greeted": 1} and back.current == "waited" and back.worker == "王芳"
        back.answers["waited"] = 2
        entry.save_response(reopened, survey, back)
        assert entry.drafts(reopened.conn, "shop") == []
        assert reopened.conn.execute("SELECT uuid FROM responses_shop").fetchone()[0] == back.response_uuid


def test_edit_delete_and_restore_are_audited(study: Study) -> None:
    survey = shop_survey(study)
    saved = entry.save_response(study, survey, entry.Draft("shop", answers={"greeted": 1, "waited": 2}))
    draft = entry.edit_draft(study.conn, survey, saved.id)
    draft.answers["greeted"] = 2
    again = entry.save_response(study, survey, draft)
    assert again.id == saved.id and not again.created
    assert study.conn.execute("SELECT greeted FROM responses_shop").fetchone()[0] == 2
    entry.delete_response(study, survey, saved.id)
    assert [r.deleted for r in entry.device_responses(study.conn, survey)] == [True]
    entry.delete_response(study, survey, saved.id, restore=True)
    actions = [a for (a,) in study.conn.execute(
        "SELECT action FROM audit_log WHERE entity = 'response' ORDER BY id")]
    assert actions == ["enter", "edit", "delete", "restore"]
    assert responses.count(study.conn, survey) == 1


def test_photos_are_stored_with_the_response_and_dropped_with_a_discarded_draft(study: Study) -> None:
    survey = shop_survey(study)
    kept = entry.Draft("shop", answers={"greeted": 1, "waited": 2})
    entry.add_photo(study, survey, kept.response_uuid, "front.jpg", b"\xff\xd8jpeg")
    entry.save_response(study, survey, kept)
    dropped = entry.Draft("shop", answers={"greeted": 1})
    entry.save_draft(study, dropped)
    entry.add_photo(study, survey, dropped.response_uuid, "x.png", b"png")
    entry.discard_draft(study, survey, dropped.response_uuid)
    assert [p.name for p in entry.photos(study.conn, kept.response_uuid)] == ["front.jpg"]
    assert entry.photos(study.conn, dropped.response_uuid) == []
    photo = entry.photos(study.conn, kept.response_uuid)[0]
    assert entry.photo_data(study.conn, photo.id) == b"\xff\xd8jpeg" and photo.mime == "image/jpeg"


def test_a_typed_in_detractor_opens_a_case_at_once(study: Study) -> None:
    from xmdesk.core.loop import cases

    survey = create_survey(study, "visit", questions=[Question("nps", QuestionType.NPS)])
    cases.add_rule(study, "贬损者", "detractor", {"question": "nps", "max": 6}, department="客服", sla_hours=24)
    promoter = entry.save_response(study, survey, entry.Draft("visit", answers={"nps": 9}))
    detractor = entry.save_response(study, survey, entry.Draft("visit", answers={"nps": 2}))
    opened = cases.list_cases(study)
    assert [c.response_uuid for c in opened] == [detractor.uuid] and promoter.uuid != detractor.uuid


def test_logic_on_a_checklist_item_uses_its_choice_codes(study: Study) -> None:
    survey = create_survey(study, "audit", questions=[
        Question("greeted", QuestionType.CHECKLIST),
        Question("why_not", QuestionType.TEXT, props={"relevant": "${greeted} = 'no'"}),
    ])
    rules = entry.SurveyRules.of(survey)
    assert rules.broken == {}
    assert [q.code for q in rules.shown({"greeted": 2})] == ["greeted", "why_not"]
    assert [q.code for q in rules.shown({"greeted": 1})] == ["greeted"]


def test_sections_and_pass_mark_of_the_mystery_shopper_template(study: Study) -> None:
    from xmdesk.core.survey.edits import create_from_template

    survey = create_from_template(study, "mystery_shopper")
    checklist = [q for q in survey.active_questions() if q.type is QuestionType.CHECKLIST]
    answers = {q.code: 1 for q in checklist}  # all yes ...
    answers[checklist[0].code] = 2  # ... but the first item of the first section
    sections = entry.compliance_by_section(survey, answers)
    first = checklist[0].group
    assert sections[first].percent is not None and sections[first].percent < 100
    assert all(s.percent == 100 for group, s in sections.items() if group != first)
    total = entry.compliance(survey, answers)
    weights = [float(q.props.get("weight", 1)) for q in checklist]
    assert total.percent == pytest.approx(100 * (sum(weights) - weights[0]) / sum(weights), abs=0.05)
    assert entry.pass_mark(survey) == 80
    assert entry.pass_mark(shop_survey(study)) is None
