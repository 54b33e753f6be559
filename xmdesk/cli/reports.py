"""Report and data-export commands: `xmdesk report` and `xmdesk export`."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xmdesk.cli.common import CommandAdder, StderrProgress, emit_json, freeze_imports

if TYPE_CHECKING:
    from xmdesk.core.reports.build import BuiltReport
    from xmdesk.core.reports.interactive import Views
    from xmdesk.core.reports.recipe import Report
    from xmdesk.core.study.file import Study


def cmd_report(args: argparse.Namespace) -> int:
    from xmdesk.core.reports.build import build_report
    from xmdesk.core.reports.defaults import default_report
    from xmdesk.core.reports.recipe import load_report
    from xmdesk.core.reports.stamp import dated, read_stamp, stamp_report
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import list_surveys
    from xmdesk.render.pdf import export_report, journey_painter

    freeze_imports()
    started = time.perf_counter()
    earlier = read_stamp(args.since) if args.since else None
    with Study.open(args.study, read_only=True) as study:
        if args.report:
            recipe = load_report(study, args.report)
        else:
            surveys = list_surveys(study)
            survey = next((s for s in surveys if s.code == args.survey), surveys[0] if surveys else None)
            if survey is None:
                from xmdesk.core.errors import ModelError

                raise ModelError("report.no_survey", survey=args.survey or "-")
            recipe = default_report(survey, args.report_lang or "zh")
        if args.report_lang:
            recipe.lang = args.report_lang
        if args.layout:
            recipe.layout = args.layout
        if args.client:
            recipe.branding.client = args.client
        if args.no_mask:
            recipe.mask_personal = False
        if args.filter_by:
            from xmdesk.core.reports.build import option_codes
            from xmdesk.core.reports.interactive import allow_filters

            recipe = allow_filters(recipe, option_codes(args.filter_by))
        used = check_surveys(study, recipe, args.mixed_surveys)
        with data_of(study, args.as_of) as source:
            built = build_report(source, recipe, journey_painter=journey_painter(), progress=StderrProgress())
            built = stamp_report(source, recipe, built, as_of(args.as_of))
            views = interactive_views(source, recipe, args) if args.interactive else None
        built = dated(built, as_of(args.as_of), earlier)
        size = (export_report(built, args.output, progress=StderrProgress()) if views is None
                else write_interactive_report(built, views, args.output))
    emit_json({"report": recipe.name, "output": str(Path(args.output)), "format": Path(args.output).suffix.lstrip("."),
               "sections": len(built.sections), "size": size, "surveys": used,
               "unavailable": [s.title for s in built.sections if s.message],
               "seconds": round(time.perf_counter() - started, 2)})
    return 0


def interactive_views(study: Study, recipe: Report, args: argparse.Namespace) -> Views:
    """Every filter choice of the report's filtered blocks, computed ahead (`--interactive`): only an HTML file
    can hold them, so another suffix is refused before the work starts."""
    from xmdesk.core.errors import ModelError
    from xmdesk.core.reports.interactive import compute_views

    if Path(args.output).suffix.lower() != ".html":
        raise ModelError("report.interactive_html_only")
    return compute_views(study, recipe, args.min_base, progress=StderrProgress())


def write_interactive_report(built: BuiltReport, views: Views, output: str) -> int:
    """The interactive page, with Qt's SVG for the blocks that have no filters (as the static HTML draws them)."""
    from xmdesk.core.reports.interactive_html import write_interactive
    from xmdesk.render.charts import QtChartImages, ensure_gui

    ensure_gui()
    images = QtChartImages(built.branding.primary, built.branding.accent)
    return write_interactive(built, views, output, images, progress=StderrProgress())


@contextmanager
def data_of(study: Study, when: str | None) -> Iterator[Study]:
    """The study itself, or a temporary copy of it as it stood at `when` (`--as-of`)."""
    if not when:
        yield study
        return
    from xmdesk.core.reports.as_of import study_as_of

    with study_as_of(study, when) as past:
        yield past


def as_of(when: str | None) -> str:
    """`--as-of` as the stamp keeps it: one aware moment, so a verify on another machine means the same time."""
    from xmdesk.core.reports.as_of import parse_moment

    return parse_moment(when).isoformat() if when else ""


def check_surveys(study: Study, recipe: Report, mixed_allowed: bool) -> list[dict[str, Any]]:
    """The surveys the report's blocks read (blocks numbered from 1, as the builder lists them). Several are
    listed on stderr, and refused unless --mixed-surveys says they are meant: a script must not publish a
    mixed report by accident any more than a person clicking Export."""
    from xmdesk.core import messages
    from xmdesk.core.errors import ModelError
    from xmdesk.core.reports.surveys import survey_uses, uses_text

    lang = messages.language()
    uses = survey_uses(study, recipe, lang)
    if len(uses) > 1:
        listing = uses_text(uses, lang)
        if not mixed_allowed:
            raise ModelError("report.mixed_surveys", count=len(uses), uses=listing)
        sys.stderr.write(f"{messages.text('report.method.surveys', lang)}: {listing}\n")
    return [{"survey": use.survey, "title": use.title, "blocks": [i + 1 for i in use.blocks]} for use in uses]


def cmd_export(args: argparse.Namespace) -> int:
    from xmdesk.core.export import export_responses, format_of_name
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import load_survey

    started = time.perf_counter()
    fmt = args.format or format_of_name(args.output)
    with Study.open(args.study, read_only=True) as study:
        survey = load_survey(study, args.survey)
        result = export_responses(study, survey, fmt, args.output, mask_personal=args.mask_personal,
                                  labels=args.labels, lang=args.data_lang, progress=StderrProgress(),
                                  show_ip=args.show_ip)
    emit_json({"output": str(result.path), "format": result.format, "rows": result.rows, "columns": result.columns,
               "masked": result.masked, "seconds": round(time.perf_counter() - started, 2)})
    return 0


def register(command: CommandAdder) -> None:
    from xmdesk.core.export import FORMATS as DATA_FORMATS
    from xmdesk.core.reports.recipe import LANGUAGES, LAYOUTS

    report = command("report", cmd_report, "write a report (pdf, pptx, xlsx, docx or html, from the output's suffix)")
    report.add_argument("study", help="the study file (.xmd)")
    which = report.add_mutually_exclusive_group()
    which.add_argument("--report", metavar="NAME", help="a report saved in the study")
    which.add_argument("--default", action="store_true", help="the standard report made from the survey (default)")
    report.add_argument("--survey", help="survey of the standard report (default: the first)")
    report.add_argument("-o", "--output", required=True, help="OUT.pdf, OUT.pptx, OUT.xlsx, OUT.docx or OUT.html")
    report.add_argument("--report-lang", choices=LANGUAGES, help="language of the report's texts")
    report.add_argument("--layout", choices=LAYOUTS, help="PDF layout: a4 portrait or 16:9 slides")
    report.add_argument("--client", help="client name on the cover")
    report.add_argument("--no-mask", action="store_true", help="quote comments without masking personal data")
    report.add_argument("--mixed-surveys", action="store_true",
                        help="write a report whose blocks read several surveys (without it such a report is refused; "
                             "the surveys are listed either way)")
    report.add_argument("--as-of", metavar="DATE",
                        help="compute from the data as it stood then (2026-10-31: the end of that day; or a time "
                             "such as a stamp's, 2026-10-31T09:30:00+00:00), undoing later changes from the audit log")
    report.add_argument("--since", metavar="EARLIER_REPORT",
                        help="an earlier delivery exported by XMDesk: the cover says what changed since (responses, "
                             "headline numbers), from its stamp")
    report.add_argument("--interactive", action="store_true",
                        help="one offline HTML file whose filtered blocks the client can filter (every choice computed "
                             "ahead; aggregates only)")
    report.add_argument("--filter-by", metavar="CODES",
                        help="filters allowed on every tile and chart block that names none, e.g. region,store,period "
                             "(single-choice questions; period: the month of the first date question)")
    report.add_argument("--min-base", type=int, default=30,
                        help="interactive: figures on fewer responses than this are not in the file (default 30)")

    export = command("export", cmd_export, "export one survey's responses as csv (UTF-8 with BOM), xlsx or sav")
    export.add_argument("study", help="the study file (.xmd)")
    export.add_argument("--survey", required=True, help="survey code")
    export.add_argument("--format", choices=DATA_FORMATS, help="default: the one the output's name ends in")
    export.add_argument("-o", "--output", required=True, help="the file to write: OUT.csv, OUT.xlsx or OUT.sav")
    export.add_argument("--mask-personal", action="store_true",
                        help="mask phone numbers, e-mails, ID numbers and names in text answers")
    export.add_argument("--show-ip", action="store_true",
                        help="the respondents' IP addresses as stored (masked by default: personal data)")
    export.add_argument("--labels", action="store_true", help="choice labels instead of codes (csv, xlsx)")
    export.add_argument("--data-lang", choices=LANGUAGES, help="language of labels (default: the app's)")
