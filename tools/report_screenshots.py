"""Pictures of the reports area for the README: builder, PDF pages (A4 and 16:9), PowerPoint slides, sample PDF.

    QT_QPA_PLATFORM=offscreen python tools/report_screenshots.py [--out docs/screenshots] [--samples docs/samples]

Builds a 1,000-response demo study in a temporary folder, exports its standard report,
renders PDF pages with pdftoppm and the PowerPoint deck through LibreOffice headless
(`soffice`, only needed here, not by XMDesk), and copies the A4 PDF to docs/samples/ (--samples).
Then adds a second survey (240 responses) and shows the builder, in Chinese and in English, on a
report whose blocks read both (each block's survey and n in the list), and a PDF page of its notes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from shots import ROOT, isolated_home, parse_args

SAMPLES = ROOT / "docs" / "samples"


def pdf_pages(pdf: Path, out: Path, prefix: str, pages: list[int], dpi: int = 70) -> None:
    for page in pages:
        target = out / f"{prefix}_p{page}"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(target)], check=True)


def builder_shot(study_path: Path, out: Path, file_name: str, lang: str = "zh", report: str = "", row: int = 4,
                 page_index: int = 2) -> None:
    """The builder on `report` (default: the study's first), block `row` selected, preview at page `page_index`."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from xmdesk.core.study.file import Study
    from xmdesk.gui.reports.area import ReportsArea
    from xmdesk.gui.i18n import apply_language

    app = QApplication.instance() or QApplication([])
    apply_language(lang)
    with Study.open(study_path) as study:
        area = ReportsArea(study)
        area.resize(1500, 900)
        area.show()
        shown: list[int] = []
        area.sig_preview_ready.connect(shown.append)
        if report:
            area.open_report(report)
        deadline = time.monotonic() + 60
        while (not shown or area.counting()) and time.monotonic() < deadline:  # the pages, and every block's n
            app.processEvents()
            time.sleep(0.02)
        area.block_list.setCurrentRow(row)
        for _ in range(20):
            app.processEvents()
        # Show a page of content (the first charts) rather than the cover.
        page = area.preview_layout.itemAt(1).widget()
        if page is not None:
            area.preview.verticalScrollBar().setValue(page_index * (page.height() + area.preview_layout.spacing()))
        app.processEvents()
        area.grab().save(str(out / file_name))
        area.close()
        # Gone before its study closes: the next shot's language switch would retranslate it.
        area.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def save_two_wave_reports(study_path: Path) -> dict[str, str]:
    """A second survey beside the demo's, and per language a report whose blocks read both: the standard
    blocks follow the report's survey, two blocks chose the second wave. Returns the report name per language."""
    from tests.core.test_report_core import WAVE2, add_second_wave
    from xmdesk.core.reports.defaults import default_report
    from xmdesk.core.reports.recipe import Block, save_report
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import load_survey

    add_second_wave(study_path)
    names = {"zh": "两波对比", "en": "Two waves"}
    with Study.open(study_path) as study:
        for lang, name in names.items():
            report = default_report(load_survey(study, "retail_cx"), lang, name)
            report.blocks[3:3] = [Block("tiles", survey=WAVE2),
                                  Block("chart", survey=WAVE2, options={"request": {"metric": "nps", "question": "nps",
                                                                                    "by": "channel"}})]
            save_report(study, report)
    return names


def mixed_shots(study_path: Path, out: Path, work: Path) -> None:
    """The builder in both languages on the two-wave report (a second-wave block selected), and the PDF page
    whose notes name both surveys."""
    from xmdesk.core.reports.build import build_report
    from xmdesk.core.reports.recipe import load_report
    from xmdesk.core.study.file import Study
    from xmdesk.render.pdf import export_report, journey_painter

    names = save_two_wave_reports(study_path)
    with Study.open(study_path, read_only=True) as study:
        export_report(build_report(study, load_report(study, names["zh"]), journey_painter=journey_painter()),
                      work / "two_waves.pdf")
    pdf_pages(work / "two_waves.pdf", out, "report_mixed_pdf", [3], dpi=90)
    for lang, name in names.items():
        builder_shot(study_path, out, f"report_builder_surveys_{lang}.png", lang, name, row=3, page_index=2)


def main() -> None:
    args = parse_args(__doc__, lambda parser: parser.add_argument("--samples", type=Path, default=SAMPLES))
    work = isolated_home("xmdesk_report_shots_")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # before the renderer would make a widget-less one
    from xmdesk.core.demo import build_demo
    from xmdesk.core.reports.build import build_report
    from xmdesk.core.reports.recipe import load_report, report_names
    from xmdesk.core.study.file import Study
    from xmdesk.render.pdf import export_report, journey_painter

    args.samples.mkdir(parents=True, exist_ok=True)
    study_path = build_demo(work / "demo.xmd", responses_count=1000)
    with Study.open(study_path, read_only=True) as study:
        recipe = load_report(study, report_names(study)[0])
        recipe.branding.client = "某零售集团"
        built = build_report(study, recipe, journey_painter=journey_painter())
        export_report(built, work / "report.pdf")
        export_report(built, work / "report.pptx")
        recipe.layout = "slides"
        export_report(build_report(study, recipe, journey_painter=journey_painter()), work / "slides.pdf")
    shutil.copyfile(work / "report.pdf", args.samples / "report_sample.pdf")
    pdf_pages(work / "report.pdf", args.out, "report_pdf", [1, 2, 3, 4, 6])
    pdf_pages(work / "slides.pdf", args.out, "report_slides", [4, 5])
    soffice = shutil.which("soffice")
    if soffice:
        converted = work / "pptx"
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(converted),
                        str(work / "report.pptx")], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pdf_pages(converted / "report.pdf", args.out, "report_pptx", [4, 5, 6])
    else:
        print("soffice not found: PowerPoint slides not rendered", file=sys.stderr)
    builder_shot(study_path, args.out, "report_builder_zh.png")
    mixed_shots(study_path, args.out, work)
    del app
    print(f"screenshots in {args.out}, sample in {args.samples}, files in {work}")


if __name__ == "__main__":
    main()
