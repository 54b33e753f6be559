"""A report reads what it needs once (issue 23, faster reports): one scan of the response table for every block and
the stamp, one text analysis per quoted question, no word segmentation, and no scipy.stats or jieba loaded at all.
Counted on the SQL the study's connection runs and on the modules a fresh process loads, never timed."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from xmdesk.core.analysis.frame import analysable_columns, load_frame
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.recipe import Block, Report
from xmdesk.core.reports.stamp import stamp_report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.core.text import analyze

FRAME_READ = ' WHERE deleted = 0 AND id NOT IN (SELECT response_id FROM excluded_responses'  # the frame's one read
SCORE_LOOKUP = "SELECT text_hash, score FROM text_sentiment_cache"


def _chart(metric: str, question: str, by: str = "") -> Block:
    request = {"survey": "retail_cx", "metric": metric, "question": question, **({"by": by} if by else {})}
    return Block("chart", options={"request": request})


def _report() -> Report:
    """The benchmark's kinds of block in small: tiles, charts, crosstabs, two comment blocks on one question and one
    on another, cases, methodology."""
    return Report(name="speed", survey="retail_cx", blocks=[
        Block("title"), Block("summary"), Block("tiles"), _chart("nps", "nps", "channel"), _chart("csat", "csat"),
        _chart("trend", "nps"), Block("crosstab", options={"row": "channel", "column": "region"}),
        Block("comments", options={"question": "improve_text", "sentiment": "negative", "limit": 5}),
        Block("comments", options={"question": "improve_text", "limit": 10}),
        Block("comments", options={"question": "like_text", "limit": 10}),
        Block("cases"), Block("methodology")])


def _statements(study: Study) -> list[str]:
    seen: list[str] = []
    study.conn.set_trace_callback(seen.append)
    report = _report()
    stamp_report(study, report, build_report(study, report))
    study.conn.set_trace_callback(None)
    return seen


def test_a_report_and_its_stamp_scan_the_responses_once(demo_path: Path) -> None:
    """Every block's columns, the comments' text and the stamp's entry times come from one SELECT (before: one more
    per comment question and one for the stamp's created_at)."""
    with Study.open(demo_path, read_only=True) as study:
        reads = [s for s in _statements(study) if FRAME_READ in s]
    assert len(reads) == 1
    for column in ("nps", "csat", "channel", "region", "visit_date", "created_at", "improve_text", "like_text"):
        assert f'"{column}"' in reads[0]


def test_comment_blocks_on_one_question_share_one_analysis(demo_path: Path) -> None:
    with Study.open(demo_path, read_only=True) as study:
        lookups = [s for s in _statements(study) if s.startswith(SCORE_LOOKUP)]
    assert len(lookups) == 2  # improve_text (two blocks) and like_text


def test_comment_tables_are_scored_without_segmenting(demo_path: Path) -> None:
    """The report's comment table needs scores and topics, not words: its scores are cached, no tokens are made; the
    tokens an analysis stored stay when a comment table stores scores of other comments."""
    with Study.open(demo_path) as study:
        analyze.analyze(study, "retail_cx", "like_text")
        tokens = study.conn.execute("SELECT count(*) FROM text_token_cache").fetchone()[0]
        table = analyze.comment_table(study, "retail_cx", "improve_text")
        scored = dict(study.conn.execute("SELECT text_hash, score FROM text_sentiment_cache").fetchall())
        assert study.conn.execute("SELECT count(*) FROM text_token_cache").fetchone()[0] == tokens > 0
    assert len(table) and len(scored) > tokens
    with Study.open(demo_path, read_only=True) as study:
        full = analyze.score_comments(study, "retail_cx", "improve_text").table  # segmented, as the Text area does
    assert full.drop(columns="topic_polarity").equals(table.drop(columns="topic_polarity"))
    assert full["topic_polarity"].tolist() == table["topic_polarity"].tolist()


def test_a_journey_topic_card_scores_comments_without_segmenting(demo_path: Path) -> None:
    """A journey block's topic card needs each comment's topics and their polarity, not its words."""
    from xmdesk.core.journey import maps as journeys
    from xmdesk.core.journey.scores import score_journey

    with Study.open(demo_path) as study:
        topic = analyze.load_codebook_or_default(study).topics[0].name
        link = journeys.Link("retail_cx", "improve_text", f"topic:{topic}")
        journey = journeys.Journey("t", stages=[journeys.Stage("购买")],
                                   items=[journeys.JourneyItem("touchpoint", link.metric, stage=0, link=link)])
        tokens = study.conn.execute("SELECT count(*) FROM text_token_cache").fetchone()[0]
        card = score_journey(study, journey).cards[0]
        assert study.conn.execute("SELECT count(*) FROM text_token_cache").fetchone()[0] == tokens
        assert study.conn.execute("SELECT count(*) FROM text_sentiment_cache").fetchone()[0] > 0
    assert not card.broken and card.n > 0


def test_reading_a_frame_starts_no_garbage_collection(demo_path: Path) -> None:
    """A read's row tuples are freed by reference counting: the cycle collector stays off while a frame is read (a
    fifth of the read's time on 100,000 responses), and is as it was afterwards."""
    collections: list[str] = []

    def seen(phase: str, _info: dict[str, int]) -> None:
        collections.append(phase)

    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        gc.collect()  # from an empty youngest generation: the few objects made before the read start none
        gc.callbacks.append(seen)
        try:
            load_frame(study, survey, [*analysable_columns(survey), "improve_text"])
        finally:
            gc.callbacks.remove(seen)
        assert collections == [] and gc.isenabled()
        gc.disable()
        try:
            load_frame(study, survey, ["nps"], use_cache=False)
            assert not gc.isenabled()
        finally:
            gc.enable()


PROBE = """
import json, sys
from xmdesk.core.analysis.frame import analysable_columns, load_frame
from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.stamp import stamp_report
from xmdesk.core.study.file import Study
from xmdesk.render.pdf import export_report, journey_painter
from tests.core.test_report_speed import _report

with Study.open(sys.argv[1], read_only=True) as study:
    report = _report()
    export_report(stamp_report(study, report, build_report(study, report, journey_painter=journey_painter())),
                  sys.argv[2])
print(json.dumps(sorted(m for m in ("scipy.stats", "jieba", "pptx", "docx", "openpyxl") if m in sys.modules)))
"""


def test_a_pdf_report_loads_no_statistics_library_nor_segmenter(demo_path: Path, tmp_path: Path) -> None:
    """scipy.stats (0.6 s to import) gives way to the special functions it calls; jieba's dictionary is not loaded
    for comment blocks; the Office writers stay out of a PDF export."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", PROBE, str(demo_path), str(tmp_path / "r.pdf")], env=env,
                            capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    assert (tmp_path / "r.pdf").stat().st_size > 0
