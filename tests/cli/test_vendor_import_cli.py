"""`xmdesk import` of a 问卷星 export as a user runs it: the JSON names the response fields its own columns
filled, the new survey is titled from the export, and `xmdesk export` masks the IP unless --show-ip."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.cli.test_import_cli import new_study, xmdesk
from tests.core.test_vendor_layouts import WJX, xlsx
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey


def test_import_reports_the_response_fields_and_export_masks_the_ip(tmp_path: Path) -> None:
    study = new_study(tmp_path)
    done = xmdesk("import", str(study), str(xlsx(tmp_path / "nps_visit.xlsx", WJX)), "--new", "nps_visit", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["response_fields"] == {
        "sys_respondent_id": ["序号"], "sys_submitted_at": ["提交答卷时间"], "sys_duration_s": ["所用时间"],
        "sys_channel": ["来源"], "sys_ip": ["来自IP"], "sys_extra": ["来源详情", "总分", "答题序号", "store"]}
    with Study.open(study, read_only=True) as opened:
        survey = load_survey(opened, "nps_visit")
        assert survey.title() == "2024年5月门店满意度回访"  # the export's title, not the code
        assert [q.code for q in survey.questions] == ["q1", "q2", "q3"]

    told = xmdesk("import", str(study), str(tmp_path / "nps_visit.xlsx"), "--survey", "nps_visit")
    assert "Response fields (not questions): sys_respondent_id ← 序号; sys_submitted_at ← 提交答卷时间" in told.stdout

    out = tmp_path / "out.csv"
    assert xmdesk("export", str(study), "--survey", "nps_visit", "--format", "csv", "-o", str(out)).returncode == 0
    with out.open(encoding="utf-8-sig") as handle:
        assert [row["sys_ip"] for row in csv.DictReader(handle)] == ["203.0.*.*(北京-北京)", "198.51.*.*(上海-上海)"]
    shown = xmdesk("export", str(study), "--survey", "nps_visit", "--format", "csv", "-o", str(out), "--show-ip")
    assert shown.returncode == 0 and "203.0.113.7(北京-北京)" in out.read_text(encoding="utf-8-sig")
