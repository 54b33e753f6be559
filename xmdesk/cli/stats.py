"""`xmdesk stats`: one analysis of a study, the same request the charts panel runs."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from xmdesk.cli.common import CommandAdder, chosen_survey, emit_json
from xmdesk.core import messages
from xmdesk.core.errors import ModelError
from xmdesk.core.vocabulary import registry

if TYPE_CHECKING:
    from xmdesk.core.analysis.query import Query
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import Survey

METRIC_HELP = ("nps, csat, ces, freq (frequencies), mean, crosstab (needs --by), drivers (--question is the "
               "outcome, --by the matrix of attribute ratings), trend (--period)")


def cmd_stats(args: argparse.Namespace) -> int:
    from xmdesk.core.analysis.query import Query
    from xmdesk.core.analysis.request import Request, outcome_json, run
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import load_survey

    lang = messages.language()
    with Study.open(args.path, read_only=True) as study:
        survey = chosen_survey(study, args.survey)
        if survey is None:
            return 2
        loaded = load_survey(study, survey)
        rim = rim_targets(args.rake, loaded) if args.rake else {}
        query = Query(survey, filter=args.filter or "", date_from=args.date_from, date_to=args.date_to,
                      weight=args.weight, rim=rim)
        request = Request(args.metric, args.question, query, by=args.by, period=args.period, lang=lang)
        data = outcome_json(run(study, request, loaded))
        if rim:
            data["weighting"] = _weighting_json(study, query, loaded)
    if args.json:
        emit_json(data)
    else:
        _print(data)
    return 0


def rim_targets(text: str, survey: Survey) -> dict[str, dict[int, float]]:
    """`--rake` text as rim targets {column: {choice value: share}}.

    The syntax is "region=east:30,north:20;channel=store:60,app:40": per variable (a
    single-choice question), each category as its choice code (or stored value) and its
    share. Shares of a variable are normalised to add up to 1 when weighting, so
    percentages and fractions both work.
    """
    from xmdesk.core.survey.model import QuestionType

    targets: dict[str, dict[int, float]] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        column, _, pairs = part.partition("=")
        if not pairs.strip():
            raise ModelError("analysis.rake_syntax", part=part)
        question = next((q for q in survey.questions if q.code == column.strip()), None)
        if question is None or question.type not in (QuestionType.SINGLE, QuestionType.DROPDOWN):
            raise ModelError("analysis.rake_question", column=column.strip(), survey=survey.code)
        shares: dict[int, float] = {}
        for pair in pairs.split(","):
            choice, _, share = pair.partition(":")
            try:
                value = float(share)
            except ValueError:
                raise ModelError("analysis.rake_syntax", part=pair.strip()) from None
            found = next((c for c in question.choices if choice.strip() in (c.code, str(c.value))), None)
            if found is None:
                raise ModelError("analysis.rake_choice", column=question.code, choice=choice.strip(),
                                 known=", ".join(c.code for c in question.choices))
            shares[found.value] = value
        targets[question.code] = shares
    return targets


def _weighting_json(study: Study, query: Query, survey: Survey) -> dict[str, Any]:
    """How the rim weights fit: the targets (by choice code, normalised), the weighting efficiency and effective base."""
    from xmdesk.core.analysis.query import select

    raked = select(study, query, [], survey).rake
    assert raked is not None  # a query with rim targets is always raked
    codes = {column: {c.value: c.code for c in survey.question(column).choices} for column in query.rim}
    return {"rim": {column: {codes[column][value]: share / sum(shares.values()) for value, share in shares.items()}
                    for column, shares in query.rim.items()},
            "efficiency": float(raked.efficiency), "effective_n": float(raked.effective_n),
            "converged": bool(raked.converged), "iterations": int(raked.iterations),
            "max_deviation": float(raked.max_deviation)}


def _print(data: dict[str, Any]) -> None:
    """A short human summary, its numbers written as the charts panel and the reports write them; --json has everything."""
    print(f"{data['metric']}  {data['question']['code']}  {data['question']['label']}")
    for line in _lines(data, data["metric"]):
        print("  " + line)
    for group in data.get("groups", []):
        print(f"  [{group['label']}]")
        for line in _lines(group, data["metric"]):
            print("    " + line)
    for note in data.get("notes", []):
        print(f"  * {note}")


SUMMARY_KEYS = ("n", "nps", "promoters", "passives", "detractors", "mean", "sd", "top2box", "low_effort", "ci_low",
                "ci_high", "r_squared", "missing")


def _key_role(key: str, metric: str) -> str | None:
    """The `numbers.Role` of a summary figure (None: a statistic printed as it is, such as R²)."""
    from xmdesk.core.vocabulary.numbers import Role

    if key in ("ci_low", "ci_high"):
        return Role.NPS.value if metric == "nps" else Role.SCORE.value
    roles = {"n": Role.COUNT, "missing": Role.COUNT, "nps": Role.NPS, "mean": Role.SCORE, "sd": Role.SCORE}
    percent = ("promoters", "passives", "detractors", "top2box", "low_effort")
    role = Role.PERCENT if key in percent else roles.get(key)
    return None if role is None else role.value


def _lines(data: dict[str, Any], metric: str) -> list[str]:
    from xmdesk.core.vocabulary import numbers

    def f(value: Any, role: str | None = None) -> str:
        if value is None:
            return numbers.MISSING
        if role is not None:
            return numbers.text(value, role)
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    keys = [k for k in SUMMARY_KEYS if k in data]
    lines = ["  ".join(f"{k}={f(data[k], _key_role(k, metric))}" for k in keys)
             + ("  (n < 30)" if data.get("small_base") else "")]
    lines += [f"{r['label_zh'] or r['label_en']}: {numbers.count(r['count'])} ({numbers.percent(r['pct'])})"
              for r in data.get("rows", []) if isinstance(r, dict) and "count" in r]
    lines += [f"{d['priority']}. {d['label']}: {numbers.percent(d['share'])} r={f(d['correlation'])} "
              f"mean={numbers.score(d['performance'])} [{d['quadrant']}]" for d in data.get("drivers", [])]
    point_role = "nps" if data.get("measure") == "nps" else "score"
    lines += [f"{p['period']}: {f(p['value'], point_role)} n={numbers.count(p['n'])}" + (" *" if p["significant"] else "")
              for p in data.get("points", [])]
    return lines


def register(command: CommandAdder) -> None:
    sub = command("stats", cmd_stats, "Statistics of one question: NPS, CSAT, CES, frequencies, means, crosstabs, "
                  "key drivers, trends; by segment, filtered and weighted")
    sub.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    sub.add_argument("--survey", help="survey code (may be left out when the study has one survey)")
    sub.add_argument("--metric", required=True, choices=registry.NAMES, help=METRIC_HELP)
    sub.add_argument("--question", required=True, help="code of the question analysed")
    sub.add_argument("--by", help="code of the question to split by (segments, crosstab columns, driver matrix)")
    sub.add_argument("--filter", help="an expression such as \"${region} = 'east' and ${csat} >= 4\"")
    sub.add_argument("--weight", help="a numeric question holding a weight per response")
    sub.add_argument("--rake", metavar="TARGETS",
                     help="rim weighting on single-choice questions, e.g. "
                          "\"region=east:30,north:20,...;channel=store:60,app:40\" (choice code or value : share; "
                          "each variable's shares are normalised; every category needs a target)")
    sub.add_argument("--period", choices=("day", "week", "month"), default="week", help="trend period (default week)")
    sub.add_argument("--from", dest="date_from", help="first date included (YYYY-MM-DD)")
    sub.add_argument("--to", dest="date_to", help="last date included (YYYY-MM-DD)")
    sub.add_argument("--json", action="store_true", help="print JSON")
