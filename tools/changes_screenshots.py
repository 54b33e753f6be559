"""Screenshots of the Data area following an import made by the command line while the study is open:
before, and within two seconds after (the new survey offered, the header's counts up). Writes
docs/screenshots/changes_data_before_cli_zh.png and changes_data_after_cli_zh.png (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/changes_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import subprocess
import sys
import time

from shots import isolated_home, main_window, parse_args, settle

FILE_ROWS = 240


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home(None)
    from PySide6.QtWidgets import QApplication

    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import make_application

    app = make_application()
    study_path = build_demo(home / "零售门店.xmd", responses_count=300)
    hotline = home / "热线回访.csv"
    hotline.write_text("来电号,满意度,评价\n" + "".join(
        f"T{i:04d},{1 + i % 5},{'等待时间太长' if i % 3 else '客服很耐心'}\n" for i in range(FILE_ROWS)),
        encoding="utf-8")
    window = main_window((1280, 800))
    window.open_study(study_path)
    window.study_page.show_area("data")
    settle(app)
    data = window.study_page.areas["data"]
    window.grab().save(str(args.out / "changes_data_before_cli_zh.png"))
    done = subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "zh", "import", str(study_path),
                           str(hotline), "--new", "hotline", "--title", "热线回访"], capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return 1
    started = time.monotonic()
    while data.survey_combo.count() < 2 and time.monotonic() - started < 5:
        app.processEvents()
        time.sleep(0.02)
    print(f"noticed after {time.monotonic() - started:.2f} s", file=sys.stderr)
    data.survey_combo.setCurrentIndex(data.survey_combo.findData("hotline"))
    settle(app)
    window.grab().save(str(args.out / "changes_data_after_cli_zh.png"))
    noticed = data.survey_combo.count() == 2
    window.close()
    QApplication.processEvents()
    return 0 if noticed else 1


if __name__ == "__main__":
    raise SystemExit(main())
