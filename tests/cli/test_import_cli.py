"""`xmdesk import` and `xmdesk import-odata` run as the user runs them: a subprocess, JSON on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.core.test_import_samples import QUALTRICS, WJX_TEXT, write_csv, write_xlsx
from xmdesk.core.importing.run import SAMPLE_ROWS
from xmdesk.core.study.file import Study


def xmdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "en", *args], capture_output=True, text=True,
                          timeout=120)


def new_study(tmp_path: Path) -> Path:
    path = tmp_path / "s.xmd"
    assert xmdesk("new", str(path)).returncode == 0
    return path


def test_import_new_survey_then_again_with_a_saved_mapping(tmp_path: Path) -> None:
    study = new_study(tmp_path)
    export = write_xlsx(tmp_path / "qualtrics.xlsx", QUALTRICS)
    done = xmdesk("import", str(study), str(export), "--new", "cx", "--save-mapping", str(tmp_path / "m.json"),
                  "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {k: result[k] for k in ("layout", "survey", "imported", "skipped", "problems")} == {
        "layout": "qualtrics", "survey": "cx", "imported": 3, "skipped": 0, "problems": []}
    with Study.open(study, read_only=True) as opened:
        assert opened.conn.execute('SELECT sys_respondent_id, Q1, Q4 FROM responses_cx ORDER BY id').fetchall() == [
            ("R_aaa", 9, "Great staff"), ("R_bbb", 3, "Long queue"), ("R_ccc", 10, None)]
    again = xmdesk("import", str(study), str(export), "--mapping", str(tmp_path / "m.json"), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["already_imported"] == 3 and "already imported on" in again.stderr


def test_bad_values_stop_with_a_message_or_are_listed_when_skipped(tmp_path: Path) -> None:
    study = new_study(tmp_path)
    export = write_csv(tmp_path / "wjx.csv", WJX_TEXT, encoding="gb18030")
    assert xmdesk("import", str(study), str(export), "--new", "wjx", "--layout", "wjx").returncode == 0
    bad = write_csv(tmp_path / "june.csv", WJX_TEXT[:1] + [
        ["9", "2024/6/1 10:30:00", "120秒", "微信", "1.2.3.4", "男", "非常满意", "微信", "12分", "好"],
        ["10", "2024/6/2 10:30:00", "120秒", "微信", "1.2.3.4", "男", "满意", "电视", "8分", "好"]])
    stopped = xmdesk("import", str(study), str(bad), "--survey", "wjx")
    assert stopped.returncode == 1
    assert "june.csv, row 2, column '4、您向朋友推荐我们的可能性': out of range 0–10 (value '12分')" in stopped.stderr
    skipped = xmdesk("import", str(study), str(bad), "--survey", "wjx", "--on-error", "skip", "--json")
    result = json.loads(skipped.stdout)
    assert (result["imported"], result["skipped"]) == (1, 1)
    assert result["problems"] == [{"row": 2, "column": "4、您向朋友推荐我们的可能性", "value": "12分",
                                   "problem": "out of range 0–10"}]
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    failed = xmdesk("import", str(study), str(broken), "--survey", "wjx")
    assert failed.returncode == 1 and "broken.xlsx is not an Excel workbook" in failed.stderr


def test_import_odata_and_its_join(tmp_path: Path) -> None:
    study = new_study(tmp_path)
    orders = write_csv(tmp_path / "orders.csv", [["订单号", "客户", "金额", "下单日期"], ["A1", "C001", "128.5", "2024-05-01"],
                                                 ["A2", "C002", "99", "2024-05-02"], ["A3", "C001", "45", "2024-05-03"]])
    done = xmdesk("import-odata", str(study), str(orders), "--table", "orders", "--key", "订单号",
                  "--customer-column", "客户", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["imported"] == 3 and {"name": "金额", "type": "REAL"} in result["columns"]
    with Study.open(study, read_only=True) as opened:
        assert opened.conn.execute('SELECT "订单号", "金额" FROM odata_orders ORDER BY 1').fetchall() == [
            ("A1", 128.5), ("A2", 99), ("A3", 45)]
    missing = xmdesk("import-odata", str(study), str(orders), "--table", "o2", "--key", "order_id")
    assert missing.returncode == 1 and "orders.csv has no column 'order_id'" in missing.stderr


def test_options_found_after_the_sample_are_named_in_the_summary_and_the_json(tmp_path: Path) -> None:
    study = new_study(tmp_path)
    rows = [[str(n), "2024/5/1 10:30:00", "60秒", "链接", "1.2.3.4", "男" if n % 2 else "女", "满意", "微信",
             f"{n % 11}分", "好"] for n in range(1, SAMPLE_ROWS + 11)]
    rows[-1][5] = "不愿透露"
    export = write_csv(tmp_path / "wjx.csv", WJX_TEXT[:1] + rows)
    told = xmdesk("import", str(study), str(export), "--new", "late")
    assert told.returncode == 0, told.stderr
    assert f"New options of q1 after the first {SAMPLE_ROWS} rows, from which the survey was proposed: 不愿透露" in told.stdout
    export.rename(tmp_path / "again.csv")
    shown = xmdesk("import", str(study), str(tmp_path / "again.csv"), "--new", "late2", "--json")
    assert json.loads(shown.stdout)["new_choices"] == {"q1": ["不愿透露"]}
