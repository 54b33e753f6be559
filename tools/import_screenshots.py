"""Screenshots of the import wizard's pages, the O-data page, a customer profile and the history, in Chinese.

    QT_QPA_PLATFORM=offscreen python tools/import_screenshots.py [--out docs/screenshots]   # writes import_*.png
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from shots import isolated_home, main_window, parse_args

HEADER = ["序号", "提交答卷时间", "所用时间", "来源", "来自IP", "1、您的性别", "2、您对本次服务的满意度",
          "3、您通过哪些渠道了解我们？", "4、您向朋友推荐我们的可能性", "5、您的手机号", "6、其他建议"]
CHANNELS = ["微信", "朋友推荐", "电视", "抖音"]
COMMENTS = ["排队太久", "店员很热情", "价格有点贵", "环境干净", "(跳过)", "停车不方便"]
LEVELS = ["非常不满意", "不满意", "一般", "满意", "非常满意"]


def wjx_export(path: Path, first: int, count: int, phones: list[str], bad: bool) -> Path:
    rng = random.Random(first)
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number in range(first, first + count):
            nps = rng.randint(0, 10)
            writer.writerow([number, f"2024/6/{number % 28 + 1} 10:{number % 60:02d}:00", f"{rng.randint(40, 300)}秒",
                             rng.choice(["微信", "手机提交", "链接"]), f"10.0.0.{number % 250}(北京-北京)",
                             rng.choice(["男", "女"]), rng.choice(LEVELS), "┋".join(rng.sample(CHANNELS, 2)),
                             f"{nps}分", phones[number % len(phones)], rng.choice(COMMENTS)])
        if bad:
            writer.writerow([first + count, "2024/6/30 10:00:00", "60秒", "微信", "10.0.0.1(北京-北京)", "保密", "满意",
                             "微信", "12分", phones[0], "好"])
            writer.writerow([first + count, "2024/6/30 11:00:00", "75秒", "链接", "10.0.0.2(上海-上海)", "女", "一般",
                             "电视", "8分", phones[1], ""])
    return path


def wait_for(app: object, condition: object, limit: int = 200) -> None:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtTest import QTest

    for _ in range(limit):
        if condition():  # type: ignore[operator]
            break
        QTest.qWait(50)
    QThreadPool.globalInstance().waitForDone(10000)
    QTest.qWait(200)


def shape_new_survey(window: Any, wizard: Any, out: Path) -> None:
    """The columns page of a new survey being shaped: a code renamed, a type changed, a column left out;
    then the choices dialog of a single-choice question."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from xmdesk.gui.importing.target import CODE, LABEL_EN, SOURCE, TYPE

    rows = {wizard.target_page.shape.item(r, SOURCE).text(): r for r in range(wizard.target_page.shape.rowCount())}
    wizard.target_page.shape.item(rows["1、您的性别"], CODE).setText("gender")
    wizard.target_page.shape.item(rows["1、您的性别"], LABEL_EN).setText("Gender")
    wizard.target_page.shape.item(rows["来自IP"], SOURCE).setCheckState(Qt.CheckState.Unchecked)
    seconds = wizard.target_page.shape.cellWidget(rows["所用时间"], TYPE)
    seconds.setCurrentIndex(seconds.findData("text"))
    wizard.target_page.shape.item(rows["5、您的手机号"], CODE).setText("5phone")  # refused: the message shows under the table
    wizard.target_page.shape.setCurrentCell(rows["1、您的性别"], CODE)
    QTest.qWait(200)
    window.grab().save(str(out / "import_columns_new.png"))
    wizard.target_page.edit_choices(rows["1、您的性别"])
    QTest.qWait(200)
    wizard.target_page.choices_dialog.grab().save(str(out / "import_choices.png"))
    wizard.target_page.choices_dialog.reject()


def late_options_check(app: Any, window: Any, wizard: Any, path: Path, out: Path) -> None:
    """The check page of a new survey whose file has an option (保密) first seen after the sampled rows."""
    from xmdesk.gui.importing.wizard import PAGES

    with path.open("a", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerow([99999, "2024/6/30 10:00:00", "60秒", "微信", "10.0.0.1(北京-北京)", "保密", "满意",
                                     "微信", "9分", "", "好"])
    wizard.open_file(str(path))
    wait_for(app, lambda: PAGES[wizard.pages.currentIndex()] == "preview")
    wizard.next.click()
    wizard.next.click()
    wizard.next.click()
    wait_for(app, lambda: PAGES[wizard.pages.currentIndex()] == "check")
    window.grab().save(str(out / "import_check_new_options.png"))


GRID_ROWS = ["服务态度", "购物环境", "商品价格", "结账速度"]
QUALITY = ["好", "一般", "差"]


def matrix_columns(app: Any, window: Any, wizard: Any, home: Path, out: Path) -> None:
    """The columns page of a new survey from a 问卷星 export with two grids: question 2 (rows in brackets,
    answered with scale words) and question 3 (rows after a dash, answered 好/一般/差), each proposed as one
    matrix question; a row of question 2 selected."""
    from PySide6.QtTest import QTest

    from xmdesk.gui.importing.target import CODE, SOURCE
    from xmdesk.gui.importing.wizard import PAGES

    rng = random.Random(11)
    path = home / "问卷星_门店评价.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER[:6] + [f"2、({row})" for row in GRID_ROWS]
                        + ["3、您对以下方面的评价—商品质量", "3、您对以下方面的评价—售后服务", "4、您通过哪些渠道了解我们？",
                           "5、其他建议"])
        for number in range(1, 81):
            writer.writerow([number, f"2024/7/{number % 28 + 1} 10:00:00", f"{rng.randint(40, 300)}秒", "微信",
                             f"10.0.1.{number}(北京-北京)", rng.choice(["男", "女"]),
                             *[rng.choice(LEVELS + ["(跳过)"]) for _ in GRID_ROWS],
                             rng.choice(QUALITY), rng.choice(QUALITY), "┋".join(rng.sample(CHANNELS, 2)),
                             rng.choice(COMMENTS)])
    wizard.open_file(str(path))
    wait_for(app, lambda: PAGES[wizard.pages.currentIndex()] == "preview")
    wizard.next.click()
    rows = {wizard.target_page.shape.item(r, SOURCE).text(): r for r in range(wizard.target_page.shape.rowCount())}
    wizard.target_page.shape.setCurrentCell(rows["2、(购物环境)"], CODE)
    QTest.qWait(200)
    window.grab().save(str(out / "import_matrix.png"))


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home(None)
    from PySide6.QtTest import QTest

    from xmdesk.core import odata
    from xmdesk.core.demo import build_demo
    from xmdesk.core.importing.run import SAMPLE_ROWS, prepare, run_import
    from xmdesk.core.study.file import Study
    from xmdesk.gui.app import make_application
    from xmdesk.gui.importing.wizard import PAGES

    app = make_application()
    study_path = build_demo(home / "零售体验研究.xmd", responses_count=300)
    with Study.open(study_path) as study:
        phones = [row[0] for row in study.conn.execute("SELECT phone FROM customers ORDER BY id LIMIT 40")]
        may = wjx_export(home / "问卷星_5月.csv", 1, 60, phones, bad=False)
        run_import(study, prepare(study, may, new="wjx_service", title="门店服务满意度调查"))
    june = wjx_export(home / "问卷星_6月.csv", 61, 60, phones, bad=True)
    window = main_window((1280, 800))
    window.open_study(study_path)
    QTest.qWaitForWindowActive(window)
    window.study_page.show_area("import")
    area = window.study_page.areas["import"]
    wizard = area.wizard
    QTest.qWait(300)
    window.grab().save(str(args.out / "import_file.png"))
    area.open_file(str(june))
    wait_for(app, lambda: wizard.plan is not None)
    wizard.go(0)
    QTest.qWait(200)
    window.grab().save(str(args.out / "import_file_opened.png"))
    wizard.go(1)
    QTest.qWait(200)
    window.grab().save(str(args.out / "import_preview.png"))
    wizard.next.click()
    shape_new_survey(window, wizard, args.out)
    wizard.target_page.existing_radio.setChecked(True)
    wizard.target_page.survey_box.setCurrentIndex(wizard.target_page.survey_box.findData("wjx_service"))
    QTest.qWait(200)
    window.grab().save(str(args.out / "import_columns.png"))
    wizard.next.click()
    fields = [wizard.recode_page.recode_fields.item(i).text() for i in range(wizard.recode_page.recode_fields.count())]
    wizard.recode_page.recode_fields.setCurrentRow(next(i for i, f in enumerate(fields) if f.startswith("2、")))
    QTest.qWait(200)
    window.grab().save(str(args.out / "import_recode.png"))
    wizard.next.click()
    wait_for(app, lambda: PAGES[wizard.pages.currentIndex()] == "check")
    window.grab().save(str(args.out / "import_check.png"))
    wizard.next.click()
    wait_for(app, lambda: PAGES[wizard.pages.currentIndex()] == "import")
    window.grab().save(str(args.out / "import_done.png"))
    long = wjx_export(home / "问卷星_全年.csv", 1000, SAMPLE_ROWS + 500, phones, bad=False)
    late_options_check(app, window, wizard, long, args.out)
    matrix_columns(app, window, wizard, home, args.out)

    calls = home / "呼叫中心记录.csv"
    with calls.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["工单号", "手机号", "来电时间", "时长(秒)", "结果"])
        rng = random.Random(7)
        for number in range(1, 201):
            writer.writerow([f"T{number:05d}", phones[number % len(phones)], f"2024-06-{number % 28 + 1:02d} 14:00",
                             rng.randint(30, 900), rng.choice(["已解决", "转接", "投诉", "回访"])])
    area.tabs.setCurrentWidget(area.odata_page)
    page = area.odata_page
    page.open_file(str(calls))
    page.table_name.setText("calls")
    page.key_box.setCurrentText("工单号")
    page.customer_box.setCurrentIndex(page.customer_box.findData("手机号"))
    page.joins_box.setCurrentIndex(page.joins_box.findData("q5"))
    page.run()
    wait_for(app, lambda: any(t.name == "calls" for t in odata.list_tables(window.study)))
    page.refresh()
    QTest.qWait(200)
    window.grab().save(str(args.out / "import_odata.png"))
    area.tabs.setCurrentWidget(area.profile)
    area.profile.customer.setText(phones[1])
    area.profile.show_customer()
    QTest.qWait(200)
    window.grab().save(str(args.out / "import_profile.png"))
    area.tabs.setCurrentWidget(area.history)
    QTest.qWait(200)
    window.grab().save(str(args.out / "import_history.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
