"""The derived-variable editor of the Data area (issue 20): preview as typed, a message in words, save, flags."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.data.derived_dialog import DerivedDialog

NPS_GROUPS = "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))"
GROUPS = "promoter=3:推荐者:Promoter, passive=2:中立者:Passive, detractor=1:贬损者:Detractor"


def editor(window, path: Path, qtbot):  # noqa: ANN001, ANN201
    window.open_study(path)
    area = window.study_page.areas["data"]
    qtbot.mouseClick(area.derived_button, Qt.MouseButton.LeftButton)
    dialog = area.findChild(DerivedDialog)  # the editor the click opened
    assert dialog is not None
    return dialog


def saved(dialog, qtbot) -> None:  # noqa: ANN001
    """Click Save and wait for the write, which runs on a worker, to end (at once when nothing can be saved)."""
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20000)


def fill(dialog, code: str, kind: str, text: str, qtype: str = "single", choices: str = "") -> None:  # noqa: ANN001
    dialog.code_edit.setText(code)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(qtype))
    dialog.definition_edit.setPlainText(text)
    dialog.choices_edit.setText(choices)


def test_preview_shows_the_first_values_and_save_makes_a_variable(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    fill(dialog, "nps_group", "expression", NPS_GROUPS, choices=GROUPS)
    dialog.label_zh_edit.setText("推荐者分组")
    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 10)
    scores = [n for (n,) in window.study.conn.execute(
        "SELECT nps FROM responses_retail_cx WHERE deleted = 0 ORDER BY id LIMIT 10")]
    shown = [dialog.preview.item(row, 1).text().split(" · ")[0] for row in range(10)]
    assert shown == ["—" if n is None else "promoter" if n >= 9 else "passive" if n >= 7 else "detractor"
                     for n in scores]
    assert "valid" in dialog.message.text() and not dialog.message.property("problem")
    saved(dialog, qtbot)
    survey = load_survey(window.study, "retail_cx")
    assert [q.code for q in survey.derived] == ["nps_group"]
    assert dialog.variables.count() == 1
    frame = load_frame(window.study, survey, ["nps_group"])
    assert frame["nps_group"].iloc[:10].tolist() == [None if n is None else 3 if n >= 9 else 2 if n >= 7 else 1
                                                     for n in scores]


def test_a_mistake_is_said_in_words_and_nothing_is_saved(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    fill(dialog, "spend_k", "expression", "${spnd} div 1000", qtype="number")
    qtbot.waitUntil(lambda: bool(dialog.message.property("problem")))
    assert "has no question 'spnd'" in dialog.message.text() and dialog.preview.rowCount() == 0
    saved(dialog, qtbot)
    assert load_survey(window.study, "retail_cx").derived == []
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("bands"))
    bands = dialog.forms["bands"]
    bands.add_band("0", "1百", "低", "Low")
    qtbot.waitUntil(lambda: "Band 1: '1百' is not a number" in dialog.message.text())
    bands.table.item(0, 1).setText("100")
    bands.table.item(0, 2).setText("")
    bands.table.item(0, 3).setText("")
    qtbot.waitUntil(lambda: "Band 1 has no label" in dialog.message.text())


def test_quality_flags_come_ready_made(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    qtbot.mouseClick(dialog.flags_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20000)
    codes = [q.code for q in load_survey(window.study, "retail_cx").derived]
    assert {"flag_straight_attr", "flag_dup_customer", "flag_odd_spend"} <= set(codes)
    assert dialog.variables.count() == len(codes) and dialog.code_edit.text() == codes[0]
    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 10)


def test_the_charts_area_offers_and_plots_a_derived_breakdown(demo_path: Path, qtbot) -> None:  # noqa: ANN001
    from xmdesk.core.analysis import derived
    from xmdesk.core.analysis.query import Query
    from xmdesk.core.analysis.request import Request, run
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import QuestionType
    from xmdesk.gui.charts.area import ChartsArea

    study = Study.open(demo_path)
    derived.save(study, "retail_cx", derived.Definition("nps_group", "expression", {"expression": NPS_GROUPS},
                                                        QuestionType.SINGLE, "NPS group", "推荐者分组",
                                                        derived.parse_choices(GROUPS)))
    area = ChartsArea(study)
    qtbot.addWidget(area)
    area.show()
    try:
        area.select("csat", "csat", "nps_group")
        assert area.by_combo.currentData() == "nps_group"
        qtbot.waitUntil(lambda: area.outcome is not None and not area.computation.busy
                        and area.outcome.request.by == "nps_group", timeout=20000)
        expected = run(study, Request("csat", "csat", Query("retail_cx"), by="nps_group"))
        means = [expected.result.mean] + [g.result.mean for g in expected.groups]
        assert [round(v, 12) for v in area.view.plotted_values()[0]] == [round(m, 12) for m in means]
        assert area.weight_combo.findData("nps_group") == -1
    finally:
        qtbot.waitUntil(lambda: not area.computation.busy, timeout=20000)
        study.close()


def test_journey_links_rule_segments_and_report_blocks_offer_derived_variables(demo_path: Path, qtbot) -> None:  # noqa: ANN001
    from xmdesk.core.analysis import derived
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import QuestionType
    from xmdesk.gui.cases.rule_form import RuleSettingsForm
    from xmdesk.gui.journey.dialogs import numeric_targets

    with Study.open(demo_path) as study:
        derived.save(study, "retail_cx", derived.Definition("nps_group", "expression", {"expression": NPS_GROUPS},
                                                            QuestionType.SINGLE, choices=derived.parse_choices(GROUPS)))
        derived.save(study, "retail_cx", derived.Definition("attr_mean", "expression", {"expression": "mean(${attr})"}))
        survey = load_survey(study, "retail_cx")
    assert "attr_mean" in [code for code, _ in numeric_targets(survey, "en")]
    form = RuleSettingsForm()
    qtbot.addWidget(form)
    form.show_definition("drop", survey, {"segment": "nps_group"})
    assert form.definition()["segment"] == "nps_group"
    from xmdesk.core.reports.recipe import Block
    from xmdesk.gui.reports.blocks import BlockForm

    with Study.open(demo_path) as study:
        block = BlockForm(study, survey, Block("crosstab", options={"row": "csat", "column": "nps_group"}))
        qtbot.addWidget(block)
        columns = block.editors[("column",)]
        assert columns.currentData() == "nps_group"  # type: ignore[attr-defined]


# -- the forms (a definition filled in, not typed) ----------------------------------------------------------


def start(dialog, code: str, kind: str):  # noqa: ANN001, ANN201
    """A new variable of that code and kind: its form."""
    dialog.start_new()
    dialog.code_edit.setText(code)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    return dialog.forms[kind]


def save_and_read(window, dialog, qtbot, code: str):  # noqa: ANN001, ANN201
    """Save what the form says once its preview is shown; the stored question and its values in the real study."""
    from xmdesk.core.analysis import derived

    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 10 or bool(dialog.message.property("problem")))
    assert not dialog.message.property("problem"), dialog.message.text()
    saved(dialog, qtbot)
    survey = load_survey(window.study, "retail_cx")
    question = survey.question(code)
    return derived.definition_of(question), question, load_frame(window.study, survey, [code])[code]


def stored_column(window, name: str) -> list[object]:  # noqa: ANN001
    return [v for (v,) in window.study.conn.execute(
        f"SELECT {name} FROM responses_retail_cx WHERE deleted = 0 ORDER BY id")]


def test_a_band_recode_filled_in_as_a_form(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    bands = start(dialog, "spend_band", "bands")
    assert not dialog.definition_edit.isVisible() and bands.isVisible()  # a form, not JSON text
    bands.source.setCurrentIndex(bands.source.findData("spend"))
    spend = [s for s in stored_column(window, "spend") if s is not None]
    assert bands.range_label.text() == (f"Answers from {min(spend):g} to {max(spend):g} ({len(spend)} answered)")
    for band in (("", "100", "低", "Low"), ("100.01", "300", "中", "Mid"), ("300.01", "", "高", "High")):
        bands.add_band(*band)
    definition, question, values = save_and_read(window, dialog, qtbot, "spend_band")
    assert definition == {"kind": "recode", "source": "spend", "rules": [
        {"choice": "band1", "max": 100}, {"choice": "band2", "min": 100.01, "max": 300},
        {"choice": "band3", "min": 300.01}]}
    assert [(c.code, c.value, c.label_zh, c.label_en) for c in question.choices] == [
        ("band1", 1, "低", "Low"), ("band2", 2, "中", "Mid"), ("band3", 3, "高", "High")]
    expected = [None if s is None else 1 if s <= 100 else 2 if s <= 300 else 3 for s in stored_column(window, "spend")]
    assert [None if v != v else int(v) for v in values.astype(float)] == expected
    dialog.start_new()
    dialog.variables.setCurrentRow(0)  # shown again from the study: the same form, filled in
    assert dialog.kind_combo.currentData() == "bands" and bands.table.rowCount() == 3
    assert [bands.table.item(1, c).text() for c in range(4)] == ["100.01", "300", "中", "Mid"]


def test_merged_answers_a_count_of_options_and_flags_filled_in_as_forms(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    groups = start(dialog, "nps3", "groups")
    groups.source.setCurrentIndex(groups.source.findData("nps"))
    for zh, en in (("贬损者", "Detractor"), ("中立者", "Passive"), ("推荐者", "Promoter")):
        groups.add_group(zh, en)
    for point in range(11):
        groups.set_group(str(point), 0 if point <= 6 else 1 if point <= 8 else 2)
    definition, question, values = save_and_read(window, dialog, qtbot, "nps3")
    assert definition == {"kind": "recode", "source": "nps", "rules": [
        {"choice": "group1", "values": list(range(7))}, {"choice": "group2", "values": [7, 8]},
        {"choice": "group3", "values": [9, 10]}]}
    assert [c.label_en for c in question.choices] == ["Detractor", "Passive", "Promoter"]
    assert [None if v != v else int(v) for v in values.astype(float)] == [
        None if n is None else 1 if n <= 6 else 2 if n <= 8 else 3 for n in stored_column(window, "nps")]

    count = start(dialog, "n_fresh_daily", "count")
    count.source.setCurrentIndex(count.source.findData("categories"))
    count.set_options(["fresh", "daily"])
    definition, question, values = save_and_read(window, dialog, qtbot, "n_fresh_daily")
    assert definition == {"kind": "count", "source": "categories", "options": ["fresh", "daily"]}
    fresh, daily = stored_column(window, "categories__fresh"), stored_column(window, "categories__daily")
    assert [None if v != v else int(v) for v in values.astype(float)] == [
        None if f is None and d is None else (f == 1) + (d == 1) for f, d in zip(fresh, daily)]

    flag = start(dialog, "straight_attr", "flag")
    flag.flag.setCurrentIndex(flag.flag.findData("straightliner"))
    flag.matrix.setCurrentIndex(flag.matrix.findData("attr"))
    flag.min_items.setValue(5)
    definition, question, values = save_and_read(window, dialog, qtbot, "straight_attr")
    assert definition == {"kind": "flag", "flag": "straightliner", "matrix": "attr", "min_items": 5}
    items = list(zip(*(stored_column(window, f"attr__{i}") for i in ("env", "range", "price", "staff", "expert",
                                                                        "queue", "checkout", "delivery", "aftersales"))))
    expected = []
    for row in items:
        answered = [v for v in row if v is not None]
        expected.append(None if len(answered) < 5 else int(len(set(answered)) == 1))
    assert [None if v != v else int(v) for v in values.astype(float)] == expected

    import numpy as np
    import pandas as pd

    customers = pd.Series(stored_column(window, "customer_id"), dtype=object)
    spend = np.array([np.nan if v is None else v for v in stored_column(window, "spend")], dtype=float)
    q1, q3 = np.nanpercentile(spend, [25, 75])
    for flag_kind, settings, spec, expected in (
            ("duplicate", lambda: flag.set_keys(["customer_id"]),
             {"flag": "duplicate", "by": ["customer_id"], "min_length": 1},
             (customers.duplicated() & customers.notna() & (customers != "")).astype(int).tolist()),
            ("outlier", lambda: (flag.column.setCurrentIndex(flag.column.findData("spend")), flag.k.setValue(1.5)),
             {"flag": "outlier", "column": "spend", "k": 1.5},
             [None if np.isnan(v) else int(v < q1 - 1.5 * (q3 - q1) or v > q3 + 1.5 * (q3 - q1)) for v in spend])):
        start(dialog, f"flag_{flag_kind}", "flag")
        flag.flag.setCurrentIndex(flag.flag.findData(flag_kind))
        settings()
        definition, _, values = save_and_read(window, dialog, qtbot, f"flag_{flag_kind}")
        assert definition == {"kind": "flag", **spec}
        assert [None if v != v else int(v) for v in values.astype(float)] == expected and {0, 1} <= set(expected)


def test_a_speeder_flag_form_writes_the_share_of_the_median(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    flag = start(dialog, "fast", "flag")
    flag.flag.setCurrentIndex(flag.flag.findData("speeder"))
    flag.duration.setCurrentIndex(flag.duration.findData("spend"))  # any number column stands for seconds here
    flag.share.setValue(0.3)
    definition, _, values = save_and_read(window, dialog, qtbot, "fast")
    assert definition == {"kind": "flag", "flag": "speeder", "duration": "spend", "share": 0.3}
    import numpy as np

    spend = np.array([np.nan if s is None else s for s in stored_column(window, "spend")], dtype=float)
    cut = 0.3 * np.nanmedian(spend)
    expected = [None if np.isnan(s) else int(s < cut) for s in spend]
    assert [None if v != v else int(v) for v in values.astype(float)] == expected


# -- O-data variables filled in as a form -------------------------------------------------------------------


def odata_form(dialog, table: str, column: str | None, agg: str | None = None, before: int | None = None,  # noqa: ANN001, ANN201
               after: int | None = None, response_date: str = "created_at"):
    """A new O-data variable picked in its form, its code left as the form proposes it."""
    dialog.start_new()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("odata"))
    form = dialog.forms["odata"]
    form.table.setCurrentIndex(form.table.findData(table))
    form.agg.setCurrentIndex(form.agg.findData(agg))
    if column is not None:
        form.column.setCurrentIndex(form.column.findData(column))
    form.days_before.setValue(-1 if before is None else before)
    form.days_after.setValue(-1 if after is None else after)
    form.response_date.setCurrentIndex(form.response_date.findData(response_date))
    return form


def stored_rows(path: Path, codes: tuple[str, ...]) -> list[tuple[object, ...]]:
    """What the study file holds of these derived variables, read with plain sqlite3, in the order asked."""
    from tests.cli.run import rows

    found = {row[0]: row[1:] for row in rows(path, "SELECT code, type, kind, label_en, label_zh, definition, choices"
                                                   " FROM derived_variables WHERE survey_code = 'retail_cx'")}
    return [found[code] for code in codes]


def test_an_odata_sum_filled_in_as_a_form_is_what_the_cli_defines(window, demo_path: Path, qtbot) -> None:
    import numpy as np

    from tests.cli.run import xmdesk

    dialog = editor(window, demo_path, qtbot)
    form = odata_form(dialog, "orders", "amount", "sum", before=30)
    assert form.isVisible() and not dialog.definition_edit.isVisible() and not dialog.type_combo.isVisible()
    assert dialog.code_edit.text() == "orders.amount_sum_30d"  # proposed from the choices, editable
    assert form.date_column.currentData() == "order_date"
    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 10)
    assert (dialog.label_en_edit.placeholderText(), dialog.label_zh_edit.placeholderText()) == (
        "orders: sum of amount, 30 days before", "orders：amount合计（之前 30 天）")  # what a blank label becomes
    definition, question, values = save_and_read(window, dialog, qtbot, "orders.amount_sum_30d")
    assert definition == {"kind": "odata", "table": "orders", "column": "amount", "agg": "sum", "days_before": 30,
                          "key": "customer_id", "join": "customer_id", "date": "order_date",
                          "response_date": "created_at"}
    done = xmdesk("derive", str(demo_path), "--survey", "retail_cx", "add", "orders.cli_30d", "--odata", "orders",
                  "--column", "amount", "--agg", "sum", "--days-before", "30")
    assert done.returncode == 0, done.stderr
    by_form, by_cli = stored_rows(demo_path, ("orders.amount_sum_30d", "orders.cli_30d"))
    assert by_form == by_cli  # type, kind, labels, definition and choices as stored
    survey = load_survey(window.study, "retail_cx")
    frame = load_frame(window.study, survey, ["orders.amount_sum_30d", "orders.cli_30d"])
    assert frame["orders.amount_sum_30d"].notna().sum() > 100
    np.testing.assert_array_equal(frame["orders.amount_sum_30d"].to_numpy(float), frame["orders.cli_30d"].to_numpy(float))
    np.testing.assert_array_equal(values.to_numpy(float), frame["orders.cli_30d"].to_numpy(float))


def test_odata_forms_write_the_cores_definition_and_reopen_in_their_form(window, demo_path: Path, qtbot) -> None:
    from xmdesk.core.analysis import derived, odata_vars

    dialog = editor(window, demo_path, qtbot)
    cases = (("orders.channel", dict(table="orders", column="channel", response_date="visit_date")),
             ("orders.count_after90d", dict(table="orders", column=None, agg="count", after=90)),
             ("customers.segment", dict(table="customers", column="segment")))
    for code, picked in cases:
        form = odata_form(dialog, **picked)
        assert dialog.code_edit.text() == code
        assert form.column.isEnabled() == (picked.get("agg") != "count")
        assert form.is_windowed() == (picked["table"] != "customers")  # a customer has one row: no window
        stored, question, values = save_and_read(window, dialog, qtbot, code)
        made = odata_vars.definition(window.study, code, picked["table"], picked["column"], picked.get("agg"),
                                     None, picked.get("after"), None, picked.get("response_date", "created_at"))
        assert stored == {"kind": "odata", **made.spec}
        assert (question.type, question.choices, question.label_en) == (made.type, list(made.choices), made.label_en)
        assert values.notna().sum() > 100
    assert [c.label_en for c in load_survey(window.study, "retail_cx").question("orders.channel").choices] == sorted(
        v for (v,) in window.study.conn.execute("SELECT DISTINCT channel FROM odata_orders"))

    for code, picked in cases:  # each stored variable shown again in its form, as picked
        dialog.start_new()
        dialog.variables.setCurrentRow(next(r for r in range(dialog.variables.count())
                                            if dialog.variables.item(r).data(256) == code))
        form = dialog.forms["odata"]
        assert dialog.kind_combo.currentData() == "odata" and dialog.code_edit.text() == code
        assert form.table.currentData() == picked["table"] and form.agg.currentData() == picked.get("agg")
        assert form.column.currentData() == picked["column"] if picked["column"] else not form.column.isEnabled()
        assert form.days_after.value() == picked.get("after", -1) and form.days_before.value() == -1
        if picked["table"] != "customers":
            assert form.response_date.currentData() == picked.get("response_date", "created_at")
        stored = derived.definition_of(load_survey(window.study, "retail_cx").question(code))
        assert {"kind": "odata", **dialog.definition().spec} == stored  # saving it again changes nothing


def test_an_odata_form_says_what_is_wrong_in_words(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    odata_form(dialog, "orders", "channel", "sum", before=30)
    qtbot.waitUntil(lambda: bool(dialog.message.property("problem")))
    assert dialog.message.text() == "orders.channel is not a number, so it has no sum."
    assert dialog.label_en_edit.placeholderText() == ""  # no label promised for what cannot be made
    saved(dialog, qtbot)
    assert load_survey(window.study, "retail_cx").derived == []
    dialog.code_edit.setText("channel_sum")
    qtbot.waitUntil(lambda: "cannot name an O-data variable" in dialog.message.text())
    window.set_language("zh")
    dialog.code_edit.setText("orders.channel_sum")
    qtbot.waitUntil(lambda: dialog.message.text() == "orders.channel 不是数值，无法计算 sum。")


def test_an_odata_variable_the_cli_dated_by_another_column_reopens_as_it_was(window, demo_path: Path, qtbot) -> None:
    from xmdesk.core.analysis import derived
    from tests.cli.run import xmdesk

    done = xmdesk("derive", str(demo_path), "--survey", "retail_cx", "add", "orders.spend_7d", "--odata", "orders",
                  "--column", "amount", "--agg", "mean", "--days-before", "7", "--response-date", "updated_at")
    assert done.returncode == 0, done.stderr
    dialog = editor(window, demo_path, qtbot)
    dialog.variables.setCurrentRow(0)
    form = dialog.forms["odata"]
    assert (form.response_date.currentData(), form.agg.currentData(), form.days_before.value()) == (
        "updated_at", "mean", 7)
    stored = derived.definition_of(load_survey(window.study, "retail_cx").question("orders.spend_7d"))
    assert {"kind": "odata", **dialog.definition().spec} == stored  # saved again unchanged, not re-dated


def test_saving_writes_on_a_worker_and_holds_the_buttons_until_it_ends(window, demo_path: Path, qtbot) -> None:
    """A count or a flag has its values indexed when saved (about a second per million responses): the write runs
    off the window's thread, and Save and Add quality flags wait for it."""
    import threading

    dialog = editor(window, demo_path, qtbot)
    threads: list[threading.Thread] = []
    window.study.add_listener(lambda _changes: threads.append(threading.current_thread()))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("expression"))
    fill(dialog, "nps_group", "expression", NPS_GROUPS, choices=GROUPS)
    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 10)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.worker is not None and not dialog.buttons.isEnabled() and not dialog.flags_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20000)
    assert dialog.buttons.isEnabled() and dialog.flags_button.isEnabled()
    assert [q.code for q in load_survey(window.study, "retail_cx").derived] == ["nps_group"]
    assert threads and all(thread is not threading.main_thread() for thread in threads)
