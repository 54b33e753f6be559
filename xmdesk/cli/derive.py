"""`xmdesk derive`: derived variables and quality flags of a survey, and responses excluded from analysis.

    xmdesk derive STUDY --survey S list
    xmdesk derive STUDY --survey S add nps_group --kind expression --type single \\
        --expression "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))" \\
        --choices "promoter=3:推荐者:Promoter,passive=2:中立者:Passive,detractor=1:贬损者:Detractor"
    xmdesk derive STUDY --survey S add age_band --kind recode --type single --spec '{"source": "age", "rules": [...]}'
    xmdesk derive STUDY --survey S add fast --kind flag --spec '{"flag": "speeder", "duration": "secs"}'
    xmdesk derive STUDY --survey S add orders.amount_30d --odata orders --column amount --agg sum --days-before 30
    xmdesk derive STUDY --survey S add customers.segment --odata customers      (the field named after the dot)
    xmdesk derive STUDY --survey S exclude --flag fast        (or --ids 3,7 --reason "...")
    xmdesk derive STUDY --survey S restore --ids 3,7
    xmdesk derive STUDY --survey S remove nps_group

What was done as JSON on stdout, each step on stderr; a derived code is then usable in `stats --by`/`--filter`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from xmdesk.cli.common import CommandAdder, emit_json, open_study
from xmdesk.core.errors import ModelError

if TYPE_CHECKING:
    from xmdesk.core.analysis.derived import Definition
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import Survey

ACTIONS = ("list", "add", "remove", "exclude", "restore")


def cmd_derive(args: argparse.Namespace) -> int:
    from xmdesk.core.survey.model import load_survey

    with open_study(args.path, read_only=args.action == "list") as study:
        survey = load_survey(study, args.survey)
        data = _ACTIONS[args.action](args, study, survey)
    emit_json(data)
    return 0


def _step(text: str) -> None:
    sys.stderr.write(f"xmdesk derive: {text}\n")


def _list(args: argparse.Namespace, study: Study, survey: Survey) -> dict[str, Any]:
    from xmdesk.core.analysis import derived, exclusion

    return {"survey": survey.code, "derived": [derived.to_json(q) for q in survey.derived],
            "excluded": [{"id": i, "reason": r} for i, r in exclusion.excluded(study, survey.code).items()]}


def _add(args: argparse.Namespace, study: Study, survey: Survey) -> dict[str, Any]:
    from xmdesk.core.analysis import derived
    from xmdesk.core.analysis.frame import load_frame
    from xmdesk.core.survey.model import load_survey

    definition = _odata_definition(args, study) if args.odata or args.kind == "odata" else _definition(args)
    _step(f"checking {definition.code}")
    derived.save(study, survey.code, definition)
    survey = load_survey(study, survey.code)
    question = survey.question(definition.code)
    _step(f"computing {definition.code} over the responses")
    values = load_frame(study, survey, [question.code])[question.code]
    return {"survey": survey.code, "saved": derived.to_json(question), "n": int(values.notna().sum()),
            "missing": int(values.isna().sum()),
            "first": [derived.value_text(question, v) for v in values.iloc[:10]]}


def _remove(args: argparse.Namespace, study: Study, survey: Survey) -> dict[str, Any]:
    from xmdesk.core.analysis import derived

    derived.remove(study, survey.code, args.code)
    return {"survey": survey.code, "removed": args.code}


def _exclude(args: argparse.Namespace, study: Study, survey: Survey) -> dict[str, Any]:
    from xmdesk.core.analysis import exclusion

    before = set(exclusion.excluded(study, survey.code))
    if args.flag:
        _step(f"excluding the responses {args.flag} flags")
        exclusion.exclude_flagged(study, survey, args.flag)
    else:
        exclusion.exclude(study, survey, _ids(args.ids), args.reason or "")
    now = exclusion.excluded(study, survey.code)
    return {"survey": survey.code, "excluded": sorted(set(now) - before), "excluded_total": len(now)}


def _restore(args: argparse.Namespace, study: Study, survey: Survey) -> dict[str, Any]:
    from xmdesk.core.analysis import exclusion

    ids = _ids(args.ids)
    exclusion.restore(study, survey, ids)
    return {"survey": survey.code, "restored": sorted(ids),
            "excluded_total": len(exclusion.excluded(study, survey.code))}


_ACTIONS = {"list": _list, "add": _add, "remove": _remove, "exclude": _exclude, "restore": _restore}


def _ids(text: str | None) -> list[int]:
    try:
        return [int(part) for part in (text or "").replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise ModelError("derived.no_responses", survey="-", ids=text) from None


def _definition(args: argparse.Namespace) -> Definition:
    from xmdesk.core.analysis.derived import Definition, parse_choices
    from xmdesk.core.survey.model import QuestionType

    try:
        spec = json.loads(args.spec) if args.spec else {}
    except json.JSONDecodeError as error:
        raise ModelError("derived.spec_json", detail=str(error)) from None
    if not isinstance(spec, dict):  # valid JSON (a text, a number, a list) but no parameters by name
        raise ModelError("derived.spec_not_object", given=args.spec)
    if args.expression:
        spec["expression"] = args.expression
    if args.flag:
        spec["flag"] = args.flag
    if args.source:
        _put_source(args.kind, spec, args.source)
    # A variable with choices is a single choice: without --type, --choices says so (it was stored as a number).
    qtype = args.type or ("single" if args.choices else "number")
    return Definition(args.code, args.kind, spec, QuestionType.parse(qtype), args.label_en or "",
                      args.label_zh or "", parse_choices(args.choices or ""))


FLAG_SOURCES = {"straightliner": "matrix", "outlier": "column", "speeder": "duration", "duplicate": "by"}
"""What --source names for each quality flag: before, a flag ignored --source and read its matrix (column…) only
from --spec, so `--flag straightliner --source attr` said '- is not a matrix question'."""


def _put_source(kind: str, spec: dict[str, Any], source: str) -> None:
    """--source into the definition: the recoded or counted question, or what a flag reads (a duplicate flag's
    columns comma-separated)."""
    if kind != "flag":
        spec["source"] = source
        return
    key = FLAG_SOURCES.get(str(spec.get("flag") or ""))
    if key is None:  # no flag or an unknown one: derived.check names the flags
        return
    spec[key] = [part.strip() for part in source.split(",") if part.strip()] if key == "by" else source


def _odata_definition(args: argparse.Namespace, study: Study) -> Definition:
    """An O-data variable: its table from --odata (or the code's part before the dot), its type and choices
    read from the table by `odata_vars.definition`."""
    from xmdesk.core.analysis import odata_vars

    code = args.code or ""
    return odata_vars.definition(study, code, args.odata or code.partition(".")[0], args.column, args.agg,
                                 args.days_before, args.days_after, args.date_column,
                                 args.response_date or odata_vars.DEFAULT_RESPONSE_DATE, args.label_en or "",
                                 args.label_zh or "")


def register(command: CommandAdder) -> None:
    sub = command("derive", cmd_derive, "Derived variables and quality flags of a survey (list, add, remove), and "
                  "responses excluded from analysis with a reason (exclude, restore)")
    sub.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    sub.add_argument("--survey", required=True, help="survey code")
    sub.add_argument("action", choices=ACTIONS, help="what to do")
    sub.add_argument("code", nargs="?", help="the derived variable's code (add, remove)")
    sub.add_argument("--kind", choices=("expression", "recode", "count", "flag", "odata"), default="expression",
                     help="how it is computed (default expression; --odata makes it odata)")
    sub.add_argument("--type", help="single, number or text (default: single with --choices, else number; a flag is "
                                    "single, a count a number)")
    sub.add_argument("--expression", help="an expression such as \"mean(${q5})\" or \"if(${nps} >= 9, 'promoter', …)\"")
    sub.add_argument("--source", help="the question recoded or counted; for a flag, what it reads: a straight-liner's "
                                      "matrix, an outlier's number column, a speeder's duration column, a "
                                      "duplicate's columns (comma-separated)")
    sub.add_argument("--flag", help="add: speeder, straightliner, duplicate or outlier; exclude: the flag whose "
                                    "responses are excluded")
    sub.add_argument("--spec", help="the kind's parameters as JSON, e.g. '{\"rules\": [{\"choice\": \"young\", "
                                    "\"max\": 24}]}' or '{\"duration\": \"secs\", \"share\": 0.5}'")
    sub.add_argument("--choices", help="choices of a single-choice variable: \"code=value:中文:English,…\"")
    sub.add_argument("--label-en", help="English label")
    sub.add_argument("--label-zh", help="Chinese label")
    sub.add_argument("--odata", metavar="TABLE",
                     help="an O-data variable read from TABLE (customers, or an operational table linked to "
                          "responses by customer or order id); its code is TABLE.NAME")
    sub.add_argument("--column", help="O-data: the field read (default: the code's part after the dot)")
    sub.add_argument("--agg", help="O-data: count, sum, mean, last, first, min, max or any (at least one row). "
                                   "Without one, a field of a table with many rows per customer is its value in "
                                   "the last row on or before the response's day")
    sub.add_argument("--days-before", type=int, help="O-data: rows from N days before the response's day to that "
                                                      "day, both included")
    sub.add_argument("--days-after", type=int, help="O-data: rows of the N days after the response's day (that day "
                                                     "left out)")
    sub.add_argument("--date-column", help="O-data: the table's column dating its rows (default: the first column "
                                           "named like a date)")
    sub.add_argument("--response-date", help="O-data: the response's date column or date question (default "
                                             "created_at)")
    sub.add_argument("--ids", help="response ids, comma-separated (exclude, restore)")
    sub.add_argument("--reason", help="why the responses are excluded (kept with them)")
