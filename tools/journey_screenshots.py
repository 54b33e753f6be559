"""Screenshots of the journey area on the demo study, and of each export, in Chinese.

Run: .venv/bin/python tools/journey_screenshots.py [--out docs/screenshots]
Writes to docs/screenshots/: journey_canvas.png (the area with live scores),
journey_export_png.png (the PNG export, scaled down), journey_export_pdf.png (the PDF page
rendered by `pdftoppm -png -r 60`) and journey_export_svg.png (the SVG drawn by QtSvg), and journey_broken_link.png (the map after the CSAT
question was archived: its card shows the broken-link state), and journey_topic_link.png (the link dialog
with a comment question and its topics, beside the card it links: % positive about 价格).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from shots import isolated_home, main_window, parse_args, settle


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


def broken_link(demo: Path, out: Path) -> None:
    """The demo map after its CSAT question was archived (by an XMDesk before issue 15: the designer now refuses
    to archive a question a journey uses): the 整体满意度 card shows a broken link."""
    from xmdesk.core.journey import maps as journeys
    from xmdesk.core.journey.scores import score_journey
    from xmdesk.core.study.file import Study
    from xmdesk.render.journey import render_image

    with Study.open(demo) as study:
        study.conn.execute("UPDATE questions SET archived = 1 WHERE code = 'csat'"
                           " AND survey_id = (SELECT id FROM surveys WHERE code = 'retail_cx')")
        journey = journeys.load_journey(study, journeys.journey_names(study)[0])
        image = render_image(journey, score_journey(study, journey), "a4", 150)
    image.scaledToWidth(1400).save(str(out / "journey_broken_link.png"))


def topic_link(demo: Path, out: Path) -> None:
    """The link dialog on 您觉得我们最需要改进的是什么？ with the topic 价格 chosen, its topics open, and the
    canvas with the 比价 touchpoint linked so, side by side in one picture."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from xmdesk.core.journey import maps as journeys
    from xmdesk.core.study.file import Study
    from xmdesk.gui.journey.dialogs import LinkDialog
    from xmdesk.gui.journey.editor import JourneyEditor

    with Study.open(demo) as study:
        editor = JourneyEditor(study)
        editor.resize(1100, 760)
        scene = editor.scene
        assert scene is not None
        index = next(i for i, item in enumerate(scene.journey.items) if item.name == "比价")
        link = journeys.Link("retail_cx", "improve_text", "topic:价格")
        scene.edit_items(lambda journey: journeys.update_item(journey, index, link=link), "link")
        editor.show()
        editor.view.fit()
        dialog = LinkDialog(study, link)
        dialog.show()
        settle(QApplication.instance())
        left, right = dialog.grab(), editor.grab()
        picture = QPixmap(left.width() + right.width() + 16, max(left.height(), right.height()))
        picture.fill(0xFFFFFFFF)
        painter = QPainter(picture)
        painter.drawPixmap(QPoint(0, 0), left)
        painter.drawPixmap(QPoint(left.width() + 16, 0), right)
        painter.end()
        picture.save(str(out / "journey_topic_link.png"))
        dialog.close()
        editor.close()


def main() -> int:
    args = parse_args(__doc__)
    work = isolated_home("xmdesk_journey_")

    from PySide6.QtGui import QImage

    from xmdesk.core import messages
    from xmdesk.core.journey import maps as journeys
    from xmdesk.core.demo import build_demo
    from xmdesk.core.journey.scores import score_journey
    from xmdesk.core.study.file import Study
    from xmdesk.gui.app import make_application
    from xmdesk.render.journey import export_journey

    app = make_application()
    demo = build_demo(work / "demo.xmd")
    window = main_window((1600, 960))
    window.open_study(demo)
    assert window.study_page is not None
    window.study_page.show_area("journey")
    settle(app)
    window.study_page.areas["journey"].editor.view.fit()  # type: ignore[attr-defined]
    settle(app)
    window.grab().save(str(args.out / "journey_canvas.png"))
    window.close_study()
    window.close()

    messages.set_language("zh")
    with Study.open(demo, read_only=True) as study:
        journey = journeys.load_journey(study, journeys.journey_names(study)[0])
        scores = score_journey(study, journey)
    for ext in ("png", "svg", "pdf"):
        export_journey(journey, scores, work / f"journey.{ext}", page="a4")
    QImage(str(work / "journey.png")).scaledToWidth(1400).save(str(args.out / "journey_export_png.png"))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(work / "journey.pdf"),
                    str(args.out / "journey_export_pdf")], check=True)
    svg_image(work / "journey.svg").save(str(args.out / "journey_export_svg.png"))
    broken_link(demo, args.out)
    topic_link(build_demo(work / "topics.xmd"), args.out)
    print("\n".join(str(p) for p in sorted(args.out.glob("journey_*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
