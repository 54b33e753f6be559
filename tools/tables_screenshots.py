"""Pictures of banner tables (issue 20): a report's banner block as a PDF page, in Chinese and English, and the
Reports builder with the block selected.

    QT_QPA_PLATFORM=offscreen python tools/tables_screenshots.py [--out docs/screenshots/tables]

Builds a 1,000-response demo study in a temporary folder, defines the NPS group as a derived variable, saves a
report per language whose banner block crosses CSAT and the NPS group with Total | channel | NPS group, exports it
to PDF (pages drawn with pdftoppm) and shows the builder on it.
"""

from __future__ import annotations

from pathlib import Path

from report_screenshots import builder_shot, pdf_pages
from shots import ROOT, SCREENSHOTS, isolated_home, parse_args

OUT = ROOT / "docs" / "screenshots" / "tables"
GROUPS = "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))"
NAMES = {"zh": "横幅表", "en": "Banner tables"}


def prepare(study_path: Path) -> None:
    """The derived NPS group and, per language, a report of a title and one banner block."""
    from xmdesk.core.analysis import derived
    from xmdesk.core.reports.recipe import Block, Report, save_report
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import Choice, QuestionType

    with Study.open(study_path) as study:
        derived.save(study, "retail_cx", derived.Definition(
            "nps_group", "expression", {"expression": GROUPS}, QuestionType.SINGLE, "NPS group", "NPS 分组",
            (Choice("promoter", 3, "Promoter", "推荐者"), Choice("passive", 2, "Passive", "中立者"),
             Choice("detractor", 1, "Detractor", "贬损者"))))
        for lang, name in NAMES.items():
            save_report(study, Report(name=name, survey="retail_cx", lang=lang, blocks=[
                Block("title"), Block("banner", options={"rows": ["csat", "nps_group"],
                                                         "banner": ["channel", "nps_group"]})]))


def main() -> None:
    args = parse_args(__doc__)
    out = OUT if args.out == SCREENSHOTS else args.out
    out.mkdir(parents=True, exist_ok=True)
    work = isolated_home("xmdesk_tables_shots_")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from xmdesk.core.demo import build_demo
    from xmdesk.core.reports.build import build_report
    from xmdesk.core.reports.recipe import load_report
    from xmdesk.core.study.file import Study
    from xmdesk.render.pdf import export_report

    study_path = build_demo(work / "demo.xmd", responses_count=1000)
    prepare(study_path)
    for lang, name in NAMES.items():
        with Study.open(study_path, read_only=True) as study:
            export_report(build_report(study, load_report(study, name)), work / f"banner_{lang}.pdf")
        pdf_pages(work / f"banner_{lang}.pdf", out, f"banner_pdf_{lang}", [3], dpi=110)
        builder_shot(study_path, out, f"banner_builder_{lang}.png", lang, name, row=1, page_index=2)
    del app
    print(f"screenshots in {out}, files in {work}")


if __name__ == "__main__":
    main()
