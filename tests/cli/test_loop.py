"""xmdesk alerts / xmdesk cases [export|import], run as real subprocesses on a demo study copy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "en", *args], capture_output=True, text=True,
                          timeout=120)


def test_alerts_counts_then_a_run_opens_nothing_twice(demo_path: Path) -> None:
    counted = run("alerts", str(demo_path), "--json")
    assert counted.returncode == 0, counted.stderr
    data = json.loads(counted.stdout)
    assert data["hits"] > 0 and data["new_cases"] == 0  # the demo already ran its rules
    assert {r["rule"] for r in data["rules"]} == {"贬损者（NPS 0-6）", "提及退款或投诉的负面评论"}
    again = json.loads(run("alerts", str(demo_path), "--run", "--json").stdout)
    assert (again["hits"], again["new_cases"]) == (data["hits"], 0)


def test_cases_list_plain_form_with_filters(demo_path: Path) -> None:
    listed = run("cases", str(demo_path), "--department", "售后服务部", "--status", "新建", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert rows and all(r["department"] == "售后服务部" and r["status"] == "new" for r in rows)
    assert {"id", "response_id", "rule", "department", "status", "due"} <= set(rows[0])
    assert all(isinstance(r["response_id"], int) for r in rows)
    bad = run("cases", str(demo_path), "--status", "finished")
    assert bad.returncode == 2 and "--status" in bad.stderr


def test_cases_export_and_import_subcommands(demo_path: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "售后.xlsx"
    exported = run("cases", "export", str(demo_path), "--department", "售后服务部", "-o", str(workbook))
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["cases"] > 2
    book = openpyxl.load_workbook(workbook)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert {"case_id", "status", "note"} <= set(header)
    changed = sheet["A3"].value
    sheet["B3"] = "in_progress"          # a code works as well as 处理中
    sheet["C3"] = "已联系"
    sheet["A4"] = 777777                 # unknown case
    book.save(workbook)
    imported = run("cases", "import", str(demo_path), str(workbook), "--json")
    assert imported.returncode == 0, imported.stderr
    result = json.loads(imported.stdout)
    assert result["updated"] == 1
    assert result["unchanged"] == json.loads(exported.stdout)["cases"] - 2
    assert [(p["row"], "777777" in p["reason"]) for p in result["problems"]] == [(4, True)]
    listed = json.loads(run("cases", str(demo_path), "--status", "in_progress", "--json").stdout)
    assert [(r["id"], r["note"]) for r in listed] == [(changed, "已联系")]


def test_cases_usage_errors_and_bad_files(demo_path: Path, tmp_path: Path) -> None:
    assert run("cases", "export", str(demo_path)).returncode == 2
    assert run("cases", "import", str(demo_path)).returncode == 2
    missing = run("cases", "import", str(demo_path), str(tmp_path / "nope.xlsx"))
    assert missing.returncode == 1 and "nope.xlsx" in missing.stderr
    unknown = run("cases", "export", str(demo_path), "--department", "财务部", "-o", str(tmp_path / "x.xlsx"))
    assert unknown.returncode == 1 and "客服中心" in unknown.stderr


def test_a_rule_that_fails_is_in_the_json_and_the_others_run(tmp_path: Path) -> None:
    from xmdesk.core.loop import cases
    from xmdesk.core.survey import responses
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import Question, QuestionType, create_survey

    path = tmp_path / "broken.xmd"
    with Study.create(path) as study:
        survey = create_survey(study, "cx", questions=[Question("nps", QuestionType.NPS)])
        responses.insert_rows(study, survey, ["uuid", "nps"], [("a", 2), ("b", 9)])
        cases.add_rule(study, "gone", "detractor", {"question": "q1"}, survey_code="cx")  # as an old file has it
        cases.add_rule(study, "detractors", "detractor", {"question": "nps"}, survey_code="cx")
    ran = run("alerts", str(path), "--run", "--json")
    assert ran.returncode == 0, ran.stderr
    data = json.loads(ran.stdout)
    assert [(e["rule"], e["survey"]) for e in data["errors"]] == [("gone", "cx")]
    assert "q1" in data["errors"][0]["error"] and data["errors"][0]["at"]
    assert [(r["rule"], r["new_cases"]) for r in data["rules"]] == [("detractors", 1)]
