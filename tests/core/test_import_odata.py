"""Operational tables from files: key column, types, join to responses, one customer seen whole."""

from __future__ import annotations

from pathlib import Path


from tests.core.test_import_samples import write_csv, write_xlsx
from xmdesk.core import odata
from xmdesk.core.importing.operational import import_odata
from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.study.file import Study
from tests.messages import raises_message

CALLS = [["call_id", "电话", "时长(秒)", "结果"], ["K1", "13800000001", 320, "已解决"], ["K2", "13800000002", 45, "转接"],
         ["K3", "13800000001", 600, "投诉"]]


def test_odata_table_joined_on_a_phone_question_gives_the_customer_profile(study: Study, tmp_path: Path) -> None:
    answers = write_csv(tmp_path / "answers.csv", [["手机", "满意度", "评论"], ["13800000001", "非常满意", "很好"],
                                                   ["13800000002", "不满意", "太慢"], ["13800000003", "满意", "还行"]])
    run_import(study, prepare(study, answers, new="cx"))
    result = import_odata(study, write_xlsx(tmp_path / "calls.xlsx", CALLS), "calls", "call_id",
                          customer_column="电话", response_column="col1")
    assert (result.imported, result.created) == (3, True)
    table = odata.list_tables(study)[0]
    assert (table.customer_column, table.response_column) == ("电话", "col1")
    view = odata.customer_view(study, "13800000001")
    assert [(r["col1"], r["col2"], r["col3"]) for r in view.answers["cx"]] == [("13800000001", 5, "很好")]
    assert [(r["call_id"], r["时长(秒)"], r["结果"]) for r in view.records["calls"]] == [("K1", 320, "已解决"),
                                                                                     ("K3", 600, "投诉")]
    # next month's file replaces known keys and adds new ones
    import_odata(study, write_csv(tmp_path / "more.csv", [CALLS[0], ["K3", "13800000001", 610, "已解决"],
                                                          ["K4", "13800000003", 12, "挂断"]]), "calls", "call_id")
    assert study.conn.execute('SELECT call_id, "结果" FROM odata_calls ORDER BY 1').fetchall() == [
        ("K1", "已解决"), ("K2", "转接"), ("K3", "已解决"), ("K4", "挂断")]


def test_empty_or_duplicate_keys_import_nothing(study: Study, tmp_path: Path) -> None:
    duplicate = write_csv(tmp_path / "dup.csv", CALLS + [["K2", "13800000009", 1, "x"]])
    with raises_message(ImportProblem, "importing.odata_key_duplicate", "dup.csv", "K2"):
        import_odata(study, duplicate, "calls", "call_id")
    empty = write_csv(tmp_path / "empty_key.csv", CALLS + [["", "13800000009", 1, "x"]])
    with raises_message(ImportProblem, "importing.odata_key_empty", "empty_key.csv", "call_id"):
        import_odata(study, empty, "calls", "call_id")
    assert odata.list_tables(study) == []
    assert study.conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'odata_calls%'").fetchall() == []
