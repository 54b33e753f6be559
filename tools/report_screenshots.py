"""Pictures of the reports area for the README: builder, PDF pages (A4 and 16:9), PowerPoint slides, sample PDF.

    QT_QPA_PLATFORM=offscreen python tools/report_screenshots.py [--out docs/screenshots] [--samples docs/samples]

Builds a 1,000-response demo study in a temporary folder, exports its standard report,
renders PDF pages with pdftoppm and the PowerPoint deck through LibreOffice headless
(`soffice`, only needed here, not by XMDesk), and copies the A4 PDF to docs/samples/ (--samples).
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


def builder_shot(study_path: Path, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from xmdesk.core.study import Study
    from xmdesk.gui.areas.reports import ReportsArea
    from xmdesk.gui.i18n import apply_language

    app = QApplication.instance() or QApplication([])
    apply_language("zh")
    with Study.open(study_path) as study:
        area = ReportsArea(study)
        area.resize(1500, 900)
        area.show()
        shown: list[int] = []
        area.sig_preview_ready.connect(shown.append)
        deadline = time.monotonic() + 60
        while not shown and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        area.block_list.setCurrentRow(4)
        for _ in range(20):
            app.processEvents()
        # Show the third page (the first charts) rather than the cover.
        page = area.preview_layout.itemAt(1).widget()
        if page is not None:
            area.preview.verticalScrollBar().setValue(2 * (page.height() + area.preview_layout.spacing()))
        app.processEvents()
        area.grab().save(str(out / "report_builder_zh.png"))
        area.close()


def main() -> None:
    args = parse_args(__doc__, lambda parser: parser.add_argument("--samples", type=Path, default=SAMPLES))
    work = isolated_home("xmdesk_report_shots_")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # before the renderer would make a widget-less one
    from xmdesk.core.demo import build_demo
    from xmdesk.core.reports.build import build_report
    from xmdesk.core.reports.recipe import load_report, report_names
    from xmdesk.core.study import Study
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
    builder_shot(study_path, args.out)
    del app
    print(f"screenshots in {args.out}, sample in {args.samples}, files in {work}")


if __name__ == "__main__":
    main()
