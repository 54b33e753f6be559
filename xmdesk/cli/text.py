"""`xmdesk text`: topics, keywords and sentiment of one open-text question, and the scored comments as CSV."""

from __future__ import annotations

import argparse
import csv
import math
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xmdesk.cli.common import CommandAdder, StderrProgress, emit_json, open_study
from xmdesk.core import messages
from xmdesk.core.files import safe_cell, write_output

if TYPE_CHECKING:
    from xmdesk.core.analysis.metrics import NpsResult, ScaleResult
    from xmdesk.core.text.analyze import TextAnalysis


def _number(value: float, digits: int = 1) -> float | None:
    return None if value is None or math.isnan(value) else round(value, digits)


def _nps(result: NpsResult | None) -> dict[str, Any] | None:
    return None if result is None else {"n": result.n, "nps": _number(result.nps), "small_base": result.small_base}


def _csat(result: ScaleResult | None) -> dict[str, Any] | None:
    return None if result is None else {"n": result.n, "mean": _number(result.mean, 2),
                                        "top2": _number(result.top_box), "small_base": result.small_base}


def summary(analysis: TextAnalysis) -> dict[str, Any]:
    """What the command prints, as data (the JSON output)."""
    s = analysis.sentiment
    return {
        "survey": analysis.survey.code,
        "question": analysis.question.code,
        "comments": s.n,
        "model": analysis.model_version,
        "computed": {"segmented": analysis.computed_tokens, "scored": analysis.computed_scores},
        "sentiment": {"mean": _number(s.mean, 3), "negative": s.negative, "neutral": s.neutral,
                      "positive": s.positive},
        "topics": [{"topic": t.topic, "comments": t.n, "share": _number(t.share),
                    "sentiment": _number(t.mean_sentiment, 3), "negative_share": _number(t.negative_share),
                    "nps_with": _nps(t.nps_with), "nps_without": _nps(t.nps_without),
                    "csat_with": _csat(t.csat_with), "csat_without": _csat(t.csat_without)}
                   for t in analysis.topics],
        "keywords": {"tfidf": [[w, round(x, 4)] for w, x in analysis.tfidf],
                     "textrank": [[w, round(x, 4)] for w, x in analysis.textrank],
                     "frequencies": [[w, c] for w, c in analysis.frequencies]},
    }


def write_comments(analysis: TextAnalysis, path: Path) -> int:
    """One row per comment, UTF-8 with a BOM so Excel opens the Chinese correctly; comments never run as formulas."""

    def write(target: str) -> None:
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["response_id", "text", "sentiment", "topics"])
            for row in analysis.table.itertuples(index=False):
                writer.writerow([row.response_id, safe_cell(row.text), f"{row.sentiment:.4f}",
                                 safe_cell(";".join(row.topics))])

    write_output(path, write)
    return len(analysis.table)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _pad(text: str, width: int) -> str:
    """Left-aligned in `width` terminal columns: a Chinese character takes two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def _print(data: dict[str, Any]) -> None:
    out = sys.stdout
    s = data["sentiment"]
    out.write(f"{data['survey']} · {data['question']}: {data['comments']} comments, model {data['model']}\n")
    out.write(f"sentiment: mean {_fmt(s['mean'])}, negative {s['negative']}, neutral {s['neutral']}, "
              f"positive {s['positive']}\n\n")
    out.write(f"{_pad('topic', 12)}{'comments':>8} {'share%':>7} {'sentiment':>9} {'NPS with':>9} {'without':>8} "
              f"{'CSAT with':>9} {'without':>8}\n")
    for t in data["topics"]:
        nps_w, nps_o, cs_w, cs_o = (t["nps_with"] or {}), (t["nps_without"] or {}), (t["csat_with"] or {}), \
            (t["csat_without"] or {})
        out.write(f"{_pad(t['topic'], 12)}{t['comments']:>8} {_fmt(t['share']):>7} {_fmt(t['sentiment']):>9} "
                  f"{_fmt(nps_w.get('nps')):>9} {_fmt(nps_o.get('nps')):>8} {_fmt(cs_w.get('mean')):>9} "
                  f"{_fmt(cs_o.get('mean')):>8}\n")
    for name in ("tfidf", "textrank"):
        words = "  ".join(w for w, _ in data["keywords"][name][:15])
        out.write(f"\nkeywords ({name}): {words}")
    words = "  ".join(f"{w} {c}" for w, c in data["keywords"]["frequencies"][:15])
    out.write(f"\nfrequent words: {words}\n")


def cmd_text(args: argparse.Namespace) -> int:
    from xmdesk.core.survey import list_surveys
    from xmdesk.core.text.analyze import analyze
    from xmdesk.core.text.codebook import read_codebook_file

    codebook = read_codebook_file(args.codebook) if args.codebook else None
    with open_study(args.path) as study:
        survey = args.survey
        if survey is None:
            codes = [s.code for s in list_surveys(study)]
            if len(codes) != 1:
                sys.stderr.write(f"xmdesk: {messages.text('text.choose_survey', surveys=', '.join(codes))}\n")
                return 2
            survey = codes[0]
        analysis = analyze(study, survey, args.question, StderrProgress(), model=args.model, codebook=codebook,
                           top=args.top)
    data = summary(analysis)
    if args.comments:
        data["comments_file"] = str(args.comments)
        data["comments_written"] = write_comments(analysis, Path(args.comments))
    if args.json:
        emit_json(data)
    else:
        _print(data)
    return 0


def register(command: CommandAdder) -> None:
    sub = command("text", cmd_text, "Open comments of one question: topics, keywords, sentiment and topic scores")
    sub.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    sub.add_argument("--survey", help="survey code (may be left out when the study has one survey)")
    sub.add_argument("--question", required=True, help="code of the open-text question")
    sub.add_argument("--codebook", type=Path, help="topics from this JSON or CSV file instead of the study's")
    sub.add_argument("--model", default="ours",
                     help="sentiment model: ours (default) or snownlp (the baseline, much slower)")
    sub.add_argument("--top", type=int, default=30, help="how many keywords to list (default 30)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.add_argument("--comments", type=Path, metavar="OUT.csv",
                     help="write one row per comment: response_id, text, sentiment (0..1), topics")
