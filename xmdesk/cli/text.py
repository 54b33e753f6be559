"""`xmdesk text`: topics, keywords and sentiment of one open-text question, and the scored comments as CSV."""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xmdesk.cli.common import CommandAdder, StderrProgress, chosen_survey, emit_json, open_study
from xmdesk.core import messages
from xmdesk.core.files import safe_cell, write_output

if TYPE_CHECKING:
    from xmdesk.core.analysis.metrics import NpsResult, ScaleResult
    from xmdesk.core.study.file import Study
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
                      "positive": s.positive, "negative_share": _number(s.share("negative")),
                      "machine_coded": s.machine_coded, "by_hand": s.by_hand, "adjusted_by_codes": s.adjusted},
        "topics": [{"topic": t.topic, "comments": t.n, "neutral": t.neutral, "share": _number(t.share),
                    "sentiment": _number(t.mean_sentiment, 3), "negative_share": _number(t.negative_share),
                    "nps_with": _nps(t.nps_with), "nps_without": _nps(t.nps_without),
                    "csat_with": _csat(t.csat_with), "csat_without": _csat(t.csat_without)}
                   for t in analysis.topics],
        "keywords": {"tfidf": [[w, round(x, 4)] for w, x in analysis.tfidf],
                     "textrank": [[w, round(x, 4)] for w, x in analysis.textrank],
                     "frequencies": [[w, c] for w, c in analysis.frequencies]},
    }


COMMENT_COLUMNS = ("response_id", "text", "sentiment", "polarity", "topics", "topic_polarity", "coded", "quotable")


def comment_records(analysis: TextAnalysis) -> list[dict[str, Any]]:
    """One record per comment: the score beside its polarity, each topic's polarity, and who coded it."""
    return [{"response_id": int(row.response_id), "text": row.text, "sentiment": round(float(row.sentiment), 4),
             "polarity": row.polarity, "topics": list(row.topics), "topic_polarity": dict(row.topic_polarity),
             "coded": "by hand" if row.coded else "machine", "quotable": bool(row.quotable)}
            for row in analysis.table.itertuples(index=False)]


def write_comments(analysis: TextAnalysis, path: Path) -> int:
    """One row per comment, as CSV (UTF-8 with a BOM so Excel opens the Chinese; never run as formulas) or JSON."""
    records = comment_records(analysis)

    def write_csv(target: str) -> None:
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COMMENT_COLUMNS)
            for r in records:
                writer.writerow([r["response_id"], safe_cell(r["text"]), f"{r['sentiment']:.4f}", r["polarity"],
                                 safe_cell(";".join(r["topics"])),
                                 safe_cell(";".join(f"{t}:{p}" for t, p in r["topic_polarity"].items())),
                                 r["coded"], "yes" if r["quotable"] else ""])

    def write_json(target: str) -> None:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(records, handle, ensure_ascii=False, indent=1)

    write_output(path, write_json if path.suffix.lower() == ".json" else write_csv)
    return len(records)


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
              f"positive {s['positive']} ({_fmt(s['negative_share'])}% of opinions negative); "
              f"{s['machine_coded']} machine-coded, {s['by_hand']} by hand"
              + (f" (the model adjusted by {s['adjusted_by_codes']} of this study's codes)"
                 if s["adjusted_by_codes"] else "") + "\n\n")
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


def adjust_model(study: Study, args: argparse.Namespace) -> dict[str, Any] | None:
    """--learn-from-codes / --remove-adjustment: the study's model adjustment learned (and measured on held-out
    codes, said on stderr) or removed before the analysis; what was done, for the JSON."""
    from xmdesk.core.text import adjust

    if args.remove_adjustment:
        removed = adjust.remove_adjustment(study)
        sys.stderr.write(messages.text("text.adjust.removed" if removed else "text.adjust.none") + "\n")
        return {"removed": removed}
    if not args.learn_from_codes:
        return None
    learned = adjust.learn_adjustment(study, StderrProgress())
    sys.stderr.write(adjust.learned_text(learned) + "\n")
    return {"learned_from": learned.codes, **(learned.held_out or adjust.Agreement(0, 0, 0)).as_dict()}


def cmd_text(args: argparse.Namespace) -> int:
    from xmdesk.core.text.analyze import analyze, check_top
    from xmdesk.core.text.codebook import read_codebook_file

    check_top(args.top)  # before the study is opened for a --learn-from-codes
    codebook = read_codebook_file(args.codebook) if args.codebook else None
    with open_study(args.path) as study:
        adjustment = adjust_model(study, args)
        survey = chosen_survey(study, args.survey, "text.choose_survey")
        if survey is None:
            return 2
        analysis = analyze(study, survey, args.question, StderrProgress(), model=args.model, codebook=codebook,
                           top=args.top)
    data = summary(analysis)
    if adjustment is not None:
        data["adjustment"] = adjustment
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
    learning = sub.add_mutually_exclusive_group()
    learning.add_argument("--learn-from-codes", action="store_true",
                          help="first learn the study's own adjustment of the sentiment model from every polarity "
                               "coded by hand (kept in the study, used on every analysis; agreement on held-out "
                               "codes is printed)")
    learning.add_argument("--remove-adjustment", action="store_true",
                          help="first remove the study's adjustment: the shipped model scores the comments again")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.add_argument("--comments", type=Path, metavar="OUT.csv",
                     help="write one row per comment (CSV, or JSON when the name ends in .json): response_id, text, "
                          "sentiment (0..1), polarity, topics, each topic's polarity, machine or by hand, quotable")
