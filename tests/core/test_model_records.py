"""O-data tables, customers, journeys, cases and the audit log on a real study file."""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core import odata
from xmdesk.core.study import audit
from xmdesk.core.loop import cases
from xmdesk.core.journey import maps as journeys
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from tests.messages import raises_message


@pytest.fixture
def study(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Study.create(tmp_path / "s.xmd") as opened:
        yield opened


def test_odata_table_keyed_and_joined_to_customers(study: Study) -> None:
    table = odata.create_table(study, "tickets", [("ticket id", "TEXT"), ("customer", "TEXT"), ("minutes", "REAL")],
                               key_column="ticket id", customer_column="customer", label="工单记录")
    columns = ["ticket id", "customer", "minutes"]
    odata.insert_rows(study, table, columns, [("T1", "C1", 3.5), ("T2", "C1", 8.0), ("T3", "C2", 1.0)])
    odata.insert_rows(study, table, columns, [("T2", "C1", 9.0)])  # same key: replaced, not doubled
    assert odata.row_count(study, table) == 3
    odata.upsert_customers(study, [("C1", "张伟", "13800000000", None, "会员", "华东", "2025-01-01", None)])
    odata.upsert_customers(study, [("C1", "张伟", "13911111111", None, "VIP会员", "华东", "2025-01-01", None)])
    profile = odata.customer_profile(study, "C1")
    assert profile is not None
    assert (profile["phone"], profile["segment"], profile["odata"]) == ("13911111111", "VIP会员", {"tickets": 2})
    assert odata.customer_profile(study, "nobody") is None
    assert odata.customer_count(study) == 1


def test_odata_refuses_a_missing_key_and_odd_types(study: Study) -> None:
    with raises_message(ModelError, "odata.bad_key", "id"):
        odata.create_table(study, "orders", [("order", "TEXT")], key_column="id")
    with pytest.raises(ModelError):
        odata.create_table(study, "orders", [("order", "TEXT); DROP TABLE surveys; --")], key_column="order")
    assert odata.list_tables(study) == []


def test_journey_round_trip_and_replace(study: Study) -> None:
    journey = journeys.Journey(
        name="开户旅程",
        items=[journeys.JourneyItem("touchpoint", "网点排队", 2, "网点", 10, 20,
                                    link=journeys.Link("cx", "nps", "nps", "${channel} = 1")),
               journeys.JourneyItem("pain_point", "材料太多", 1, props={"severity": 3}),
               journeys.JourneyItem("note", "备注")],
        persona={"name": "小王"},
    )
    journeys.save_journey(study, journey)
    assert journeys.load_journey(study, "开户旅程") == journey
    journey.stages.append(journeys.Stage("推荐", 300))
    journey.items = journey.items[:1]
    journeys.save_journey(study, journey)
    assert journeys.load_journey(study, "开户旅程") == journey
    assert journeys.journey_names(study) == ["开户旅程"]
    with pytest.raises(ModelError):
        journeys.load_journey(study, "nope")
    with pytest.raises(ModelError):
        journeys.save_journey(study, journeys.Journey("bad", items=[journeys.JourneyItem("sticker")]))


def test_one_case_per_rule_and_response_with_history(study: Study) -> None:
    rule = cases.add_rule(study, "贬损者", "detractor", {"question": "nps", "max": 6}, department="客服", sla_hours=24)
    first = cases.open_case(study, rule, "NPS 2 的顾客", "cx", "r-1", "C1")
    assert first is not None
    assert cases.open_case(study, rule, "NPS 2 的顾客", "cx", "r-1", "C1") is None
    cases.set_status(study, first, "in_progress", "已致电")
    cases.set_status(study, first, "resolved")
    cases.set_status(study, first, "closed")
    cases.set_status(study, first, "in_progress", "客户再次投诉")  # reopened
    with raises_message(ModelError, "cases.bad_status", "in_progress", "new"):
        cases.set_status(study, first, "new")
    listed = cases.list_cases(study, department="客服")
    assert [(c.status, c.department, c.rule) for c in listed] == [("in_progress", "客服", "贬损者")]
    assert listed[0].due_at and listed[0].due_at > (listed[0].due_at[:4])
    steps = [(h["kind"], h["new_value"]) for h in cases.history(study, first)]
    assert steps == [("opened", "new"), ("status", "in_progress"), ("status", "resolved"), ("status", "closed"),
                     ("status", "in_progress")]


def test_audit_records_changes_with_device(study: Study) -> None:
    from xmdesk.core.survey.model import create_survey

    create_survey(study, "cx")
    entry = audit.recent_audit(study)[0]
    assert (entry["action"], entry["entity"], entry["entity_id"]) == ("create", "survey", "cx")
    assert entry["device"] == audit.device_id() and len(entry["device"]) == 12
    audit.log_import(study, audit.ImportRecord("x.xlsx", "responses", "cx", "cancelled", problems=[{"row": 3}]))
    assert study.conn.execute("SELECT status, problems FROM import_log").fetchone() == ("cancelled", '[{"row": 3}]')
