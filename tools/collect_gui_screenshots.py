"""Screenshots of the Collect area (issue 22), in Chinese: the panel serving the demo survey with its QR code and
counts after one phone, a store poster page (the PDF rendered by pdftoppm), the kiosk's NPS screen and its
thank-you screen.

    python tools/collect_gui_screenshots.py [--out docs/screenshots]

Writes collect/panel_zh.png, collect/poster_zh.png, collect/kiosk_nps_zh.png, collect/kiosk_thanks_zh.png.
"""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
from pathlib import Path

from shots import isolated_home, main_window, parse_args, settle, wait_until


def main() -> None:
    args = parse_args(__doc__)
    target = args.out / "collect"
    target.mkdir(parents=True, exist_ok=True)
    home = isolated_home()

    import aiohttp
    from PySide6.QtWidgets import QApplication

    from tests.collect_client import walk_survey
    from xmdesk.core.demo import build_demo

    app = QApplication.instance() or QApplication([])
    study_path = build_demo(home / "零售门店顾客体验 Demo.xmd", responses_count=20)
    window = main_window((1280, 800), "zh")
    window.open_study(study_path)
    window.study_page.show_area("collect")
    area = window.study_page.areas["collect"]
    area.port_spin.setValue(0)
    area.start()

    async def phone() -> None:
        async with aiohttp.ClientSession() as session:
            await walk_survey(session, area.server.link(), seed=3)

    asyncio.run(phone())
    wait_until(lambda: "已提交：1" in area.counts_label.text())
    settle(app)
    window.grab().save(str(target / "panel_zh.png"))

    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "posters.pdf"
        area.write_posters(pdf)
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "72", "-png", "-singlefile", str(pdf),
                        str(target / "poster_zh")], check=True)
    area.stop()

    kiosk = area.open_kiosk("2468")
    assert kiosk is not None
    kiosk.showNormal()
    kiosk.resize(1024, 768)
    while [box.question.code for box in kiosk.boxes] != ["nps"]:
        for box in kiosk.boxes:
            if box.combo is not None:
                box.combo.setCurrentIndex(1)
            for buttons in box.buttons.values():
                buttons.choose(str(buttons.group.buttons()[0].property("value")))
        kiosk.next()
    kiosk.boxes[0].buttons["nps"].choose("9")
    settle(app)
    kiosk.grab().save(str(target / "kiosk_nps_zh.png"))
    while kiosk.stack.currentWidget() is kiosk.form_page:
        for box in kiosk.boxes:
            for buttons in box.buttons.values():
                buttons.choose(str(buttons.group.buttons()[-1].property("value")))
        kiosk.next()
    settle(app)
    kiosk.grab().save(str(target / "kiosk_thanks_zh.png"))
    kiosk.shut()
    window.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
