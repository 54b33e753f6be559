"""Reports that prove their numbers (issue 23): the stamp every export carries, verify, and reports as of a date.

All on the demo study on disk; the changes are made through the app's own writers (import rows, the entry
form's edit, soft delete, exclusion), so the audit log holds what a user's work leaves there.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.messages import raises_message
from xmdesk.core import messages
from xmdesk.core.analysis import exclusion
from xmdesk.core.errors import ModelError
from xmdesk.core.fieldwork import cleaning, entry
from xmdesk.core.reports import docx_export, html_export, pptx_export, xlsx_export
from xmdesk.core.reports.as_of import study_as_of
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.defaults import default_report
from xmdesk.core.reports.recipe import Report
from xmdesk.core.reports.stamp import Stamp, block_numbers, read_stamp, stamp_report, verdict_lines, verify
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey import responses
from xmdesk.core.survey.model import load_survey

WRITERS = {"xlsx": xlsx_export.write_xlsx, "pptx": pptx_export.write_pptx, "docx": docx_export.write_docx,
           "html": html_export.write_html}


def _recipe(study: Study) -> Report:
    return default_report(load_survey(study, "retail_cx"), "en")


def _stamped(study: Study, recipe: Report) -> Stamp:
    return Stamp.from_text(stamp_report(study, recipe, build_report(study, recipe)).stamp, "built")


def _next_second() -> None:
    """Audit times are to the second: later changes must fall after the moment a report was stamped."""
    started = now_iso()
    while now_iso() == started:
        time.sleep(0.05)


def change_the_data(study: Study) -> dict[str, int]:
    """What a month of work leaves: 40 new responses, one answer edited in the entry form and one corrected in the
    Data area, one response deleted, two excluded from analysis. Returns the counts the verdict must name."""
    survey = load_survey(study, "retail_cx")
    rows = study.conn.execute('SELECT nps, csat, region FROM "responses_retail_cx" WHERE deleted = 0 AND nps <= 6'
                              " ORDER BY id LIMIT 40").fetchall()
    responses.insert_rows(study, survey, ["nps", "csat", "region"], [[10, 5, region] for _, _, region in rows])
    first, second, third, fourth, fifth = (r[0] for r in study.conn.execute(
        'SELECT id FROM "responses_retail_cx" WHERE deleted = 0 AND csat > 1 ORDER BY id LIMIT 5'))
    draft = entry.edit_draft(study.conn, survey, first)
    draft.answers["nps"] = 0 if draft.answers.get("nps") != 0 else 10
    entry.save_response(study, survey, draft)
    cleaning.set_value(study, survey, fifth, "csat", "1")
    responses.soft_delete(study, survey, second)
    exclusion.exclude(study, survey, [third, fourth], "speeder")
    return {"added": len(rows), "edited": 2, "deleted": 1, "excluded": 2}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_carries_the_stamp(demo_path: Path, tmp_path: Path, fmt: str) -> None:
    with Study.open(demo_path, read_only=True) as study:
        recipe = _recipe(study)
        built = stamp_report(study, recipe, build_report(study, recipe))
        uuid = study.meta("study_uuid")
    WRITERS[fmt](built, tmp_path / f"r.{fmt}")
    stamp = read_stamp(tmp_path / f"r.{fmt}")
    assert stamp == Stamp.from_text(built.stamp, "built")
    assert stamp.study == uuid and stamp.version and stamp.made and list(stamp.data) == ["retail_cx"]
    assert stamp.report() == recipe and stamp.counts == {"retail_cx": 1000}
    assert len(stamp.blocks) == len(recipe.blocks) and stamp.number_count > 100
    tiles = next(b for b in stamp.blocks if b.kind == "tiles")
    assert "1,000" in tiles.numbers  # the base, written as the formatting module writes counts
    assert _parts_read_back(tmp_path / f"r.{fmt}")  # the stamped file still opens in its own library


def _parts_read_back(path: Path) -> int:
    """Sheets, slides, paragraphs or characters of an exported file, read by the library that reads it."""
    if path.suffix == ".xlsx":
        import openpyxl

        return len(openpyxl.load_workbook(path).sheetnames)
    if path.suffix == ".pptx":
        from pptx import Presentation

        return len(Presentation(str(path)).slides)
    if path.suffix == ".docx":
        import docx

        return len(docx.Document(str(path)).paragraphs)
    return len(path.read_text(encoding="utf-8"))


def test_verify_passes_on_an_untouched_study(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        stamp = _stamped(study, _recipe(study))
        verdict = verify(study, stamp)
    assert verdict.reproduced and verdict.same_data and verdict.numbers == stamp.number_count
    assert verdict_lines(verdict, "en") == [f"Same data, all {stamp.number_count} numbers reproduced."]
    assert verdict_lines(verdict, "zh") == [f"数据相同，全部 {stamp.number_count} 个数字均已重现。"]


def test_verify_names_the_changed_blocks_and_why(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        recipe = _recipe(study)
        stamp = _stamped(study, recipe)
        made = change_the_data(study)
        verdict = verify(study, stamp)
    assert not verdict.reproduced and not verdict.same_data
    kinds = {recipe.blocks[c.index].kind for c in verdict.changed}
    assert {"tiles", "summary", "methodology"} <= kinds and "title" not in kinds
    assert verdict.reasons == made
    text = verdict_lines(verdict, "en")
    assert text[0].startswith(f"{len(verdict.changed)} of {len(recipe.blocks)} blocks changed")
    tiles = next(c for c in verdict.changed if recipe.blocks[c.index].kind == "tiles")
    assert f"block {tiles.index + 1} “{tiles.title}”" in "\n".join(text)
    assert text[-1] == ("Since the report was made: responses added 40, responses edited 2, responses deleted 1, "
                        "responses excluded from analysis 2.")
    assert "新增 40 份答卷" in verdict_lines(verdict, "zh")[-1]


def test_a_report_as_of_its_date_equals_the_one_exported_then(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        recipe = _recipe(study)
        delivered = _stamped(study, recipe)
        _next_second()
        change_the_data(study)
        today = block_numbers(build_report(study, recipe), recipe)
        with study_as_of(study, delivered.made) as past:
            again = Stamp.from_text(stamp_report(past, recipe, build_report(past, recipe), delivered.made).stamp, "")
        assert study.conn.execute('SELECT count(*) FROM "responses_retail_cx"').fetchone()[0] == 1040
    assert today != delivered.blocks  # the data did change what the report shows
    assert again.blocks == delivered.blocks  # number for number
    assert again.data == delivered.data and again.counts == delivered.counts and again.audit == delivered.audit


def test_verify_of_an_as_of_report_recomputes_it_as_of_its_date(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        recipe = _recipe(study)
        moment = now_iso()
        _next_second()
        change_the_data(study)
        with study_as_of(study, moment) as past:
            stamp = Stamp.from_text(stamp_report(past, recipe, build_report(past, recipe), moment).stamp, "")
        verdict = verify(study, stamp)
    assert stamp.counts == {"retail_cx": 1000} and verdict.reproduced and verdict.same_data


def test_files_without_a_stamp_and_other_studies_are_refused_in_words(demo_path: Path, tmp_path: Path) -> None:
    messages.set_language("en")
    plain = tmp_path / "plain.html"
    plain.write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    with raises_message(ModelError, "verify.no_stamp", str(plain)):
        read_stamp(plain)
    with raises_message(ModelError, "verify.no_file", "gone.pdf"):
        read_stamp(tmp_path / "gone.pdf")
    with Study.open(demo_path, read_only=True) as study:
        stamp = _stamped(study, _recipe(study))
    with Study.create(tmp_path / "other.xmd") as other, raises_message(ModelError, "verify.other_study", "other.xmd"):
        verify(other, stamp)
    with Study.open(demo_path, read_only=True) as study, raises_message(ModelError, "verify.bad_moment", "31/10"):
        with study_as_of(study, "31/10"):
            pass
