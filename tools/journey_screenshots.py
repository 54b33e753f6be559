"""Screenshots of the journey area on the demo study, and of each export, in Chinese.

Run: .venv/bin/python tools/journey_screenshots.py
Writes to docs/screenshots/: journey_canvas.png (the area with live scores),
journey_export_png.png (the PNG export, scaled down), journey_export_pdf.png (the PDF page
rendered by `pdftoppm -png -r 60`) and journey_export_svg.png (the SVG drawn by QtSvg), and journey_broken_link.png (the map after the CSAT
question was archived: its card shows the broken-link state).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def settle(app) -> None:  # noqa: ANN001 - QApplication, imported late on purpose
    for _ in range(5):
        app.processEvents()


def svg_image(path: Path):  # noqa: ANN201 - QImage, imported late on purpose
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    size = renderer.defaultSize()
    image = QImage(size.width(), size.height(), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return image


def broken_link(demo: Path) -> None:
    """The demo map after its CSAT question was archived: the 整体满意度 card shows a broken link."""
    from xmdesk.core import designer, journeys
    from xmdesk.core.journey_scores import score_journey
    from xmdesk.core.study import Study
    from xmdesk.core.survey import load_survey
    from xmdesk.render.journey import render_image

    with Study.open(demo) as study:
        designer.apply(study, load_survey(study, "retail_cx"), designer.Edit("archive", "csat"))
        journey = journeys.load_journey(study, journeys.journey_names(study)[0])
        image = render_image(journey, score_journey(study, journey), "a4", 150)
    image.scaledToWidth(1400).save(str(OUT / "journey_broken_link.png"))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_SCALE_FACTOR", "1")
    work = Path(tempfile.mkdtemp(prefix="xmdesk_journey_"))
    os.environ["XMDESK_HOME"] = str(work)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtGui import QImage

    from xmdesk.core import journeys, messages
    from xmdesk.core.demo import build_demo
    from xmdesk.core.journey_scores import score_journey
    from xmdesk.core.study import Study
    from xmdesk.gui.app import create_main_window, make_application
    from xmdesk.gui.settings import Settings
    from xmdesk.render.journey import export_journey

    app = make_application()
    demo = build_demo(work / "demo.xmd")
    settings = Settings()
    settings.set_language("zh")
    window = create_main_window(settings)
    window.resize(1600, 960)
    window.show()
    window.open_study(demo)
    assert window.study_page is not None
    window.study_page.show_area("journey")
    settle(app)
    window.study_page.areas["journey"].editor.view.fit()  # type: ignore[attr-defined]
    settle(app)
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "journey_canvas.png"))
    window.close_study()
    window.close()

    messages.set_language("zh")
    with Study.open(demo, read_only=True) as study:
        journey = journeys.load_journey(study, journeys.journey_names(study)[0])
        scores = score_journey(study, journey)
    for ext in ("png", "svg", "pdf"):
        export_journey(journey, scores, work / f"journey.{ext}", page="a4")
    QImage(str(work / "journey.png")).scaledToWidth(1400).save(str(OUT / "journey_export_png.png"))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(work / "journey.pdf"),
                    str(OUT / "journey_export_pdf")], check=True)
    svg_image(work / "journey.svg").save(str(OUT / "journey_export_svg.png"))
    broken_link(demo)
    print("\n".join(str(p) for p in sorted(OUT.glob("journey_*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
