"""Report recipes on a real demo study: stored in the file, rebuilt on new data, numbers equal to the engine's."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from xmdesk.core.survey import responses
from xmdesk.core.analysis import crosstab, load_frame, nps, scale_summary
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.defaults import default_report
from xmdesk.core.reports.recipe import Block, Branding, Report, delete_report, load_report, report_names, save_report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from tests.messages import raises_message


def _tiles_report(name: str = "t") -> Report:
    return Report(name=name, survey="retail_cx", blocks=[Block("tiles")])


def test_recipe_is_stored_in_the_study_and_read_back(demo_path: Path) -> None:
    report = Report(name="月度报告", survey="retail_cx", lang="en", layout="slides", filter="${channel} = 1",
                    branding=Branding(client="某零售集团", primary="#123456"),
                    blocks=[Block("title", options={"subtitle": "六月"}), Block("crosstab", "地区", {"row": "channel",
                                                                                                  "column": "region"},
                                                                         filter="${nps} >= 9")])
    with Study.open(demo_path) as study:
        save_report(study, report)
    with Study.open(demo_path) as study:
        assert "月度报告" in report_names(study)
        assert load_report(study, "月度报告") == report
        delete_report(study, "月度报告")
        with raises_message(ModelError, "report.unknown", "月度报告"):
            load_report(study, "月度报告")


def test_unknown_block_kind_is_refused() -> None:
    with raises_message(ModelError, "report.bad_block", "pie"):
        Block("pie")


def test_tiles_equal_the_engine(demo_path: Path) -> None:
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        built = build_report(study, _tiles_report())
        frame = load_frame(study, survey, ["nps", "csat", "ces"])
        tiles = {t.label: t for t in built.sections[0].tiles}
    expected = nps(frame["nps"].to_numpy(dtype=float))
    assert tiles["净推荐值 NPS"].value == pytest.approx(expected.nps)
    assert tiles["净推荐值 NPS"].text == f"{expected.nps:.1f}"
    assert tiles["净推荐值 NPS"].n == expected.n == 1000
    csat = scale_summary(frame["csat"].to_numpy(dtype=float), (1, 5))
    assert tiles["满意度（前两档）"].text == f"{csat.top_box:.1f}%"
    assert tiles["样本量"].n == 1000


def test_report_and_block_filters_stack(demo_path: Path) -> None:
    report = Report(name="f", survey="retail_cx", filter="${channel} = 1",
                    blocks=[Block("tiles"), Block("tiles", filter="${nps} >= 9")])
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        frame = load_frame(study, survey, ["channel", "nps"])
        built = build_report(study, report)
    in_store = frame[frame["channel"].astype(float) == 1]
    counts = [next(t for t in s.tiles if t.label == "样本量").n for s in built.sections]
    assert counts == [len(in_store), int((in_store["nps"] >= 9).sum())]
    assert any("${channel} = 1" in note for note in built.sections[1].notes)


def test_saved_report_rebuilds_with_fresh_numbers(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        save_report(study, _tiles_report(name="weekly"))
        before = build_report(study, load_report(study, "weekly")).sections[0].tiles[0]
        survey = load_survey(study, "retail_cx")
        for _ in range(40):
            responses.add_response(study, survey, {"nps": 10, "region": 1, "store": 1, "channel": 1,
                                                   "visit_date": "2026-11-01", "csat": 5})
        after = build_report(study, load_report(study, "weekly")).sections[0].tiles[0]
        values = load_frame(study, survey, ["nps"])["nps"].to_numpy(dtype=float)
    assert after.n == before.n + 40
    assert after.value == pytest.approx(nps(values).nps)
    assert after.value > before.value


def test_crosstab_block_carries_the_engines_percentages_and_letters(demo_path: Path) -> None:
    report = Report(name="x", survey="retail_cx", lang="en",
                    blocks=[Block("crosstab", options={"row": "channel", "column": "region"})])
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        table = build_report(study, report).sections[0].table
        frame = load_frame(study, survey, ["channel", "region"])
    engine = crosstab(frame, survey.question("channel"), survey.question("region"), lang="en")
    assert table is not None
    assert table.header[1] == f"{engine.column_labels[0]} (A)"
    for i in range(len(engine.row_labels)):
        assert table.rows[i][0] == engine.row_labels[i]
        assert np.allclose([v for v in table.rows[i][1:]], engine.column_pct[i])
        assert table.marks[i][1:] == engine.significance[i]
    assert table.rows[-1][1:] == engine.column_n


def test_comments_are_masked_and_ranked(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        for _ in range(300):  # the most frequent comment, so it is among the top ones
            responses.add_response(study, survey, {"improve_text": "我叫张伟，电话13812345678，服务太差了",
                                                   "region": 1, "store": 1, "channel": 1, "nps": 1})
        block = Block("comments", options={"question": "improve_text", "limit": 3})
        masked = build_report(study, Report(name="c", survey="retail_cx", blocks=[block])).sections[0]
        plain = build_report(study, Report(name="c", survey="retail_cx", mask_personal=False,
                                           blocks=[block])).sections[0]
    assert masked.table is not None and plain.table is not None
    assert masked.table.rows[0][0] == "我叫张*，电话1*********8，服务太差了"
    assert masked.table.rows[0][3] == 300
    assert masked.table.header[2] == "主题"
    assert plain.table.rows[0][0] == "我叫张伟，电话13812345678，服务太差了"
    assert masked.table.rows[0][1] == "负面"


def test_missing_features_are_visible_messages_not_crashes(demo_path: Path) -> None:
    report = Report(name="m", survey="retail_cx", blocks=[Block("journey"), Block("journey", options={"name": "无"})])
    with Study.open(demo_path, read_only=True) as study:
        sections = build_report(study, report).sections
    assert "旅程图" in sections[0].message
    assert "无" in sections[1].message


def test_bad_filter_names_the_block(demo_path: Path) -> None:
    report = Report(name="b", survey="retail_cx", blocks=[Block("tiles", "门店", filter="${nope} = 1")])
    with Study.open(demo_path, read_only=True) as study, raises_message(ModelError, "report.bad_filter", "门店"):
        build_report(study, report)


def test_methodology_lists_base_dates_filter_and_weighting(demo_path: Path) -> None:
    report = Report(name="m", survey="retail_cx", lang="en", filter="${channel} = 2",
                    blocks=[Block("methodology")])
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        table = build_report(study, report).sections[0].table
        frame = load_frame(study, survey, ["channel", "visit_date"])
    assert table is not None
    rows = dict((r[0], r[1]) for r in table.rows)
    app = frame[frame["channel"].astype(float) == 2]
    assert rows["Responses analysed"] == f"{len(app):,}"
    assert rows["Fieldwork dates"] == f"{app['visit_date'].min()} – {app['visit_date'].max()}"
    assert rows["Report filter"] == "${channel} = 2"
    assert rows["Weighting"] == "Unweighted"


def test_default_report_covers_every_block_kind_but_none_missing(demo_path: Path) -> None:
    with Study.open(demo_path, read_only=True) as study:
        report = default_report(load_survey(study, "retail_cx"))
        saved = report_names(study)
    kinds = {b.kind for b in report.blocks}
    assert kinds == {"title", "summary", "tiles", "chart", "crosstab", "comments", "journey", "cases", "methodology"}
    assert sum(b.kind == "chart" for b in report.blocks) >= 6
    assert report.name in saved  # the demo ships it


def test_summary_sentence_uses_the_numbers(demo_path: Path) -> None:
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        section = build_report(study, Report(name="s", survey="retail_cx", blocks=[Block("summary")])).sections[0]
        value = nps(load_frame(study, survey, ["nps"])["nps"].to_numpy(dtype=float)).nps
    assert f"NPS {value:.1f}" in section.text
    assert not math.isnan(value)


def test_chart_blocks_are_rebuilt_by_the_chart_builders_with_filters(demo_path: Path) -> None:
    from xmdesk.core.analysis import nps_by

    request = {"survey": "retail_cx", "metric": "nps", "question": "nps", "by": "channel", "chart": "bars"}
    report = Report(name="c", survey="retail_cx", filter="${region} = 1", blocks=[Block("chart", options={
        "request": request})])
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        spec = build_report(study, report).sections[0].chart
        frame = load_frame(study, survey, ["nps", "channel", "region"])
    east = frame[frame["region"].astype(float) == 1]
    expected = {s.label: s.result.nps for s in nps_by(east, "nps", survey.question("channel"))}
    assert spec is not None
    values = dict(zip(spec.categories, spec.series[0].values))
    for label, value in expected.items():
        assert values[label] == pytest.approx(value)
    assert spec.source["filter"] == "(${region} = 1)"


def test_weighted_report_uses_the_weight_column_everywhere(demo_path: Path) -> None:
    report = Report(name="w", survey="retail_cx", weight="spend", lang="en", blocks=[Block("tiles"),
                                                                                      Block("methodology")])
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        tiles, method = build_report(study, report).sections
        frame = load_frame(study, survey, ["nps", "spend"])
    expected = nps(frame["nps"].to_numpy(dtype=float), frame["spend"].to_numpy(dtype=float))
    assert tiles.tiles[0].value == pytest.approx(expected.nps)
    assert expected.nps != pytest.approx(nps(frame["nps"].to_numpy(dtype=float)).nps)
    assert "Weighted by spend" in tiles.notes
    assert method.table is not None and ("Weighting", "Weighted by spend") in method.table.rows


def test_cases_block_counts_cases_and_actions_by_status(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        with study.transaction(Changes.of("actions")) as conn:
            conn.executemany("INSERT INTO actions (title, status, created_at) VALUES (?, ?, '2026-11-01')",
                             [("增加自助结账机", "planned"), ("缩短退款时间", "planned"), ("培训店员", "done")])
        section = build_report(study, Report(name="c", survey="retail_cx", blocks=[Block("cases")])).sections[0]
        actions = dict(study.conn.execute("SELECT status, count(*) FROM actions GROUP BY status").fetchall())
        cases = dict(study.conn.execute("SELECT status, count(*) FROM cases GROUP BY status").fetchall())
    assert section.table is not None
    rows = {(kind, status): n for kind, status, n in section.table.rows}
    assert rows[("行动", "计划中")] == actions["planned"] >= 2
    assert rows[("行动", "已完成")] == actions["done"]
    assert sum(n for (kind, _), n in rows.items() if kind == "工单") == sum(cases.values())


# -- reports over two surveys (issue 15) ---------------------------------------------------------

WAVE2 = "wave2"
WAVE2_COUNT = 240


def add_second_wave(path: Path) -> None:
    """A second survey with the demo's questions and 240 responses of other months (the issue's n = 240)."""
    from xmdesk.core.demo import demo_survey
    from xmdesk.core.survey.model import create_survey

    columns = ["region", "store", "channel", "visit_date", "nps", "csat", "ces", "spend"]
    rows = [(1 + i % 7, 1 + i % 20, 1 + i % 2, f"2027-0{1 + i % 3}-{1 + i % 28:02d}", i % 11, 1 + i % 5, 1 + i % 7,
             float(10 * i)) for i in range(WAVE2_COUNT)]
    with Study.open(path) as study:
        survey = create_survey(study, WAVE2, title_en="Retail CX wave 2", title_zh="零售体验第二波",
                               questions=demo_survey().questions)
        responses.insert_rows(study, survey, columns, rows, total=len(rows))


def test_switching_the_reports_survey_moves_every_block_that_followed_it(demo_path: Path) -> None:
    """The issue's report: a standard report switched to a second survey reads that survey in every block."""
    add_second_wave(demo_path)
    with Study.open(demo_path, read_only=True) as study:
        report = default_report(load_survey(study, "retail_cx"), "en")
        report.survey = WAVE2
        built = build_report(study, report)
    charts = [s.chart for s in built.sections if s.chart is not None]
    assert charts and {c.source["survey"] for c in charts} == {WAVE2}
    trend = next(c for c in charts if c.source["metric"] == "trend")
    assert all(month.startswith("2027") for month in trend.categories)
    tiles = next(s for s in built.sections if s.kind == "tiles")
    assert next(t for t in tiles.tiles if t.label == "Responses").n == WAVE2_COUNT
    method = next(s for s in built.sections if s.kind == "methodology")
    assert method.table is not None and ("Responses analysed", "240") in method.table.rows
    for section in built.sections:
        if section.kind in ("summary", "tiles", "chart", "crosstab", "methodology"):
            assert "Survey: Retail CX wave 2 (wave2), n = 240" in section.notes, section.title


def test_a_block_naming_another_survey_keeps_it_and_says_so(demo_path: Path) -> None:
    add_second_wave(demo_path)
    report = Report(name="mix", survey="retail_cx", lang="en", filter="${channel} = 1",
                    blocks=[Block("tiles"), Block("tiles", survey=WAVE2), Block("methodology")])
    with Study.open(demo_path, read_only=True) as study:
        frame = load_frame(study, load_survey(study, "retail_cx"), ["channel"])
        built = build_report(study, report)
        report.survey = WAVE2
        moved = build_report(study, report)
    in_store = int((frame["channel"].astype(float) == 1).sum())
    counts = [next(t for t in s.tiles if t.label == "Responses").n for s in built.sections[:2]]
    assert counts == [in_store, WAVE2_COUNT // 2]
    assert f"Survey: Retail store customer experience 2026 (retail_cx), n = {in_store:,}" in built.sections[0].notes
    assert "Survey: Retail CX wave 2 (wave2), n = 120" in built.sections[1].notes
    method = built.sections[2].table
    assert method is not None
    assert ("Surveys in this report", "Retail store customer experience 2026 (retail_cx): blocks 1, 3; "
            "Retail CX wave 2 (wave2): block 2") in method.rows
    assert [next(t for t in s.tiles if t.label == "Responses").n for s in moved.sections[:2]] == [120, 120]


def test_block_bases_are_one_count_per_block_after_filters(demo_path: Path) -> None:
    from xmdesk.core.reports.surveys import block_bases, survey_uses

    add_second_wave(demo_path)
    report = Report(name="b", survey="retail_cx", blocks=[
        Block("title"), Block("tiles", filter="${nps} >= 9"), Block("chart", survey=WAVE2, options={
            "request": {"metric": "nps", "question": "nps", "filter": "${channel} = 2"}}), Block("cases")])
    with Study.open(demo_path, read_only=True) as study:
        frame = load_frame(study, load_survey(study, "retail_cx"), ["nps"])
        bases = block_bases(study, report, "en")
        uses = survey_uses(study, report, "en")
    assert bases[0] is None and bases[3] is None  # a title and the cases do not read a survey
    assert (bases[1].survey, bases[1].n, bases[1].follows) == ("retail_cx", int((frame["nps"] >= 9).sum()), True)
    assert (bases[2].survey, bases[2].title, bases[2].n, bases[2].follows) == (WAVE2, "Retail CX wave 2", 120, False)
    assert [(u.survey, u.blocks) for u in uses] == [("retail_cx", (1,)), (WAVE2, (2,))]


def test_an_unfiltered_block_base_leaves_out_excluded_responses_as_its_figures_do(demo_path: Path) -> None:
    """A response excluded from analysis is still a response, but not in any base: the chart's "n =" note
    counted it (one COUNT of live rows) while the chart's figures, read through the frame, did not."""
    from xmdesk.core.analysis.exclusion import exclude
    from xmdesk.core.reports.surveys import block_bases

    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        exclude(study, survey, [1, 2, 3], "speeder")
    report = Report(name="x", survey="retail_cx", blocks=[Block("chart", options={
        "request": {"metric": "nps", "question": "nps"}})])
    with Study.open(demo_path, read_only=True) as study:
        frame = load_frame(study, load_survey(study, "retail_cx"), ["nps"])
        base = block_bases(study, report, "en")[0]
    assert base is not None and base.n == len(frame) and 3 not in frame.index


def test_a_recipe_stored_the_old_way_opens_with_its_blocks_following_the_report(demo_path: Path) -> None:
    """Before recipe version 2 a chart named its survey in its request, whether or not it was the report's:
    one equal to the report's survey follows the report now, another survey stays the block's own."""
    import json
    import sqlite3

    add_second_wave(demo_path)
    old = {"name": "old", "survey": "retail_cx", "lang": "en", "blocks": [
        {"kind": "chart", "options": {"request": {"survey": "retail_cx", "metric": "nps", "question": "nps"}}},
        {"kind": "chart", "options": {"request": {"survey": WAVE2, "metric": "nps", "question": "nps"}}},
        {"kind": "tiles"}]}
    with sqlite3.connect(demo_path) as conn:  # as an older XMDesk wrote it
        conn.execute("INSERT INTO reports (name, recipe, created_at, updated_at) VALUES ('old', ?, '2026-06-01', "
                     "'2026-06-01')", (json.dumps(old),))
    conn.close()
    with Study.open(demo_path) as study:
        report = load_report(study, "old")
        assert [b.survey for b in report.blocks] == ["", WAVE2, ""]
        assert all("survey" not in b.options.get("request", {}) for b in report.blocks)
        report.survey = WAVE2
        report.blocks[1].survey = "retail_cx"
        save_report(study, report)
        again = load_report(study, "old")
        built = build_report(study, again)
    assert again == report and again.version == 2
    assert [s.chart.source["survey"] for s in built.sections[:2] if s.chart] == [WAVE2, "retail_cx"]


def _file_text(path: Path) -> str:
    """Every text an exported file holds (cells, slide and notes texts, paragraphs, HTML), one string."""
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        return "\n".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None)
    if path.suffix == ".pptx":
        from pptx import Presentation

        slides = Presentation(str(path)).slides
        return "\n".join([s.text_frame.text for slide in slides for s in slide.shapes if s.has_text_frame]
                         + [slide.notes_slide.notes_text_frame.text for slide in slides if slide.has_notes_slide])
    if path.suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["xlsx", "pptx", "docx", "html"])
def test_every_format_notes_each_blocks_survey_and_n(demo_path: Path, tmp_path: Path, fmt: str) -> None:
    from xmdesk.core.reports import docx_export, html_export, pptx_export, xlsx_export

    add_second_wave(demo_path)
    report = Report(name="notes", survey="retail_cx", lang="en", blocks=[
        Block("summary"), Block("tiles", survey=WAVE2),
        Block("chart", options={"request": {"metric": "nps", "question": "nps"}}), Block("methodology")])
    with Study.open(demo_path, read_only=True) as study:
        built = build_report(study, report)
    writers = {"xlsx": xlsx_export.write_xlsx, "pptx": pptx_export.write_pptx, "docx": docx_export.write_docx,
               "html": html_export.write_html}
    writers[fmt](built, tmp_path / f"r.{fmt}")
    text = _file_text(tmp_path / f"r.{fmt}")
    assert text.count("Survey: Retail store customer experience 2026 (retail_cx), n = 1,000") >= 3
    assert "Survey: Retail CX wave 2 (wave2), n = 240" in text


def test_a_comments_block_can_show_only_the_comments_marked_quotable(demo_path: Path) -> None:
    from xmdesk.core.text.analyze import comment_table
    from xmdesk.core.text.codes import set_code

    with Study.open(demo_path) as study:
        table = comment_table(study, "retail_cx", "improve_text")
        chosen = table[table["text"] == "优惠活动规则太复杂"].iloc[0]
        set_code(study, "retail_cx", "improve_text", int(chosen["response_id"]), quotable=True)
        block = Block("comments", options={"question": "improve_text", "sentiment": "quotable"})
        section = build_report(study, Report(name="q", survey="retail_cx", blocks=[block])).sections[0]
    assert section.table is not None and [row[0] for row in section.table.rows] == ["优惠活动规则太复杂"]
    assert section.table.rows[0][3] == 1
