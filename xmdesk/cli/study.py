"""Study commands: open, new, demo, info, recover, selftest."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xmdesk import __version__
from xmdesk.cli.common import EXIT_ERROR, CommandAdder, StderrProgress, emit_json
from xmdesk.core import messages
from xmdesk.core.errors import StudyError

if TYPE_CHECKING:
    from xmdesk.core.study.file import Study


def cmd_new(args: argparse.Namespace) -> int:
    from xmdesk.core.study.file import Study

    with Study.create(args.path, title=args.title or "") as study:
        emit_json({"path": str(study.path), "schema_version": study.schema_version})
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from xmdesk.core.demo import build_demo

    path = Path(args.path)
    if args.force and path.exists():
        path.unlink()
    started = time.perf_counter()
    build_demo(path, responses_count=args.responses, seed=args.seed, progress=StderrProgress())
    emit_json({"path": str(path), "responses": args.responses, "seed": args.seed,
               "seconds": round(time.perf_counter() - started, 2)})
    return 0


def study_summary(path: str | Path, check_integrity: bool = True) -> dict[str, Any]:
    """What `xmdesk info` reports; opened read-only, so looking never changes the file. An SQLite error
    while reading is damage only if the integrity check says so."""
    from xmdesk.core.study.file import Study, why_unreadable

    with Study.open(path, read_only=True) as study:
        try:
            return _summary(study, check_integrity)
        except sqlite3.DatabaseError as error:
            raise why_unreadable(study.conn, study.path, error) from error


def _summary(study: Study, check_integrity: bool) -> dict[str, Any]:
    from xmdesk.core import odata
    from xmdesk.core.loop import cases
    from xmdesk.core.journey import maps as journeys
    from xmdesk.core.survey import responses
    from xmdesk.core.survey.model import list_surveys

    lang = messages.language()
    surveys = [
        {
            "name": s.code,
            "title": s.title(lang),
            "version": s.version,
            "responses": responses.count(study.conn, s),
            "questions": [{"code": q.code, "type": q.type.value, "label": q.label(lang),
                           "columns": [c.name for c in q.columns()]} for q in s.questions],
        }
        for s in list_surveys(study)
    ]
    return {
        "path": str(study.path),
        "title": study.meta("title"),
        "study_uuid": study.meta("study_uuid"),
        "created_with": study.meta("created_with"),
        "schema_version": study.schema_version,
        "integrity": study.integrity() if check_integrity else "not checked",
        "surveys": surveys,
        "odata": [{"name": t.name, "key": t.key_column, "rows": odata.row_count(study, t)}
                  for t in odata.list_tables(study)],
        "customers": odata.customer_count(study),
        "journeys": journeys.journey_names(study),
        "cases": cases.count_cases(study),
    }


def cmd_info(args: argparse.Namespace) -> int:
    summary = study_summary(args.path, check_integrity=not args.no_check)
    if args.json:
        emit_json(summary)
    else:
        write_summary(summary)
    if summary["integrity"] not in ("ok", "not checked"):
        # Said only now, after what could still be read was shown: the integrity check found damage.
        damaged = StudyError("study.damaged", path=summary["path"], detail=summary["integrity"])
        sys.stderr.write(f"xmdesk: {damaged}\n")
        return EXIT_ERROR
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from xmdesk.core.study.recover import recover

    result = recover(args.path, args.output, progress=StderrProgress())
    emit_json({"path": str(result.path), "integrity": result.integrity,
               "tables": [{"table": t.table, "saved": t.saved, "lost_at_most": t.lost_at_most}
                          for t in result.damaged_tables], "reset": result.reset})
    return 0 if result.integrity == "ok" else EXIT_ERROR


def write_summary(summary: dict[str, Any]) -> None:
    out = sys.stdout
    out.write(f"{summary['path']}  schema {summary['schema_version']}  integrity: {summary['integrity']}\n")
    for survey in summary["surveys"]:
        out.write(f"survey {survey['name']} «{survey['title']}»: {survey['responses']:,} responses, "
                  f"{len(survey['questions'])} questions\n")
        for q in survey["questions"]:
            out.write(f"  {q['code']:<14} {q['type']:<10} {q['label']}\n")
    for table in summary["odata"]:
        out.write(f"o-data {table['name']}: {table['rows']:,} rows (key {table['key']})\n")
    out.write(f"customers: {summary['customers']:,}; journeys: {', '.join(summary['journeys']) or '-'}; "
              f"cases: {summary['cases']}\n")


def cmd_selftest(args: argparse.Namespace) -> int:
    """Use every lazily imported component once: a packaged build that lacks one fails here, not at a user's."""
    import io

    import jieba
    import openpyxl
    import pandas as pd
    from scipy import stats
    from snownlp import SnowNLP

    from xmdesk.core.text.sentiment import SentimentModel

    jieba.setLogLevel(60)
    workbook = io.BytesIO()
    pd.DataFrame({"门店": ["上海南京东路店"], "NPS": [9]}).to_excel(workbook, index=False)
    sheet = openpyxl.load_workbook(workbook).active
    report = {
        "version": __version__,
        "jieba": jieba.lcut("排队时间太长，收银台开得太少"),
        "snownlp": round(SnowNLP("服务态度很好，非常满意").sentiments, 3),
        "sentiment_model": [round(s, 3) for s in SentimentModel.load().score(["服务态度很好", "退款一直没到账"])],
        "scipy_chi2_p": round(float(stats.chi2.sf(3.841458820694124, 1)), 4),
        "excel_round_trip": sheet is not None and sheet["A2"].value == "上海南京东路店",
    }
    emit_json(report)
    return 0 if report["excel_round_trip"] and report["sentiment_model"][0] > report["sentiment_model"][1] else 1


def demo_study_path() -> Path:
    from xmdesk.core.study.audit import user_data_dir

    return user_data_dir() / "demo.xmd"


def cmd_open(args: argparse.Namespace) -> int:
    if args.path:
        from xmdesk.core.study.file import check_study_file

        check_study_file(Path(args.path))  # a missing or non-SQLite file gets its message before Qt starts
    if not display_available():
        sys.stderr.write(messages.text("cli.no_display") + "\n")
        return EXIT_ERROR
    if not args.demo:
        return launch_gui(Path(args.path) if args.path else None, entry_only=args.entry_only)
    demo = demo_study_path()
    if not demo.exists():
        from xmdesk.core.demo import build_demo

        demo.parent.mkdir(parents=True, exist_ok=True)
        build_demo(demo, progress=StderrProgress())
    return launch_gui(demo, entry_only=args.entry_only)


def display_available() -> bool:
    """On Linux a window needs X11 or Wayland, unless Qt was told to draw offscreen."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def launch_gui(path: Path | None, entry_only: bool = False) -> int:
    if not display_available():
        sys.stderr.write(messages.text("cli.no_display") + "\n")
        return EXIT_ERROR
    from xmdesk.gui.app import run_gui

    return run_gui(str(path) if path else None, entry_only=entry_only)


def register(command: CommandAdder) -> None:
    sub = command("open", cmd_open, "Open the app on a study (or on the bundled demo study).")
    target = sub.add_mutually_exclusive_group()
    target.add_argument("path", nargs="?", help="study file (.xmd)")
    target.add_argument("--demo", action="store_true", help="open the demo study, building it on first use")
    sub.add_argument("--entry-only", action="store_true",
                     help="field work: show only data entry (no designer, no analysis)")

    sub = command("new", cmd_new, "Create an empty study file.")
    sub.add_argument("path", help="new study file (.xmd); must not exist")
    sub.add_argument("--title", help="study title (default: the file name)")

    sub = command("demo", cmd_demo, "Write the deterministic demo study (Chinese retail CX survey).")
    sub.add_argument("path", help="new study file (.xmd)")
    sub.add_argument("--responses", type=int, default=1000, help="number of responses (default 1000)")
    sub.add_argument("--seed", type=int, default=0, help="random seed (default 0); same seed, same data")
    sub.add_argument("--force", action="store_true", help="replace the file if it exists")

    sub = command("info", cmd_info, "Describe a study: surveys, questions, counts, schema, integrity.")
    sub.add_argument("path", help="study file (.xmd)")
    sub.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    sub.add_argument("--no-check", action="store_true", help="skip the integrity check (faster on large studies)")

    sub = command("recover", cmd_recover, "Save what can still be read from a damaged study into a new study; "
                  "says how many rows of which tables were saved and at most how many were lost.")
    sub.add_argument("path", help="the damaged study (.xmd); only read")
    sub.add_argument("-o", "--output", required=True, help="the new study to write (.xmd); must not exist")

    command("selftest", cmd_selftest, "Check that the bundled Chinese text components load.")
