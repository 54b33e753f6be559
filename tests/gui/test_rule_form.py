"""Cases → Rules: each rule kind is set in a form of its own (question, threshold, words, store × period), the
JSON kept beside it for power users: the form writes the JSON, JSON typed by hand fills the form, keys the form
does not know survive an edit, and what is saved is what the form showed."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from tests.gui.test_cases import area  # noqa: F401 - the Cases area fixture on the demo study
from xmdesk.core.loop import alerts
from xmdesk.gui.cases.area import CasesArea
from xmdesk.gui.cases.rules import RulesPanel


def start(rules: RulesPanel, kind: str, name: str) -> dict:
    rules.new_rule()
    rules.name_edit.setText(name)
    rules.kind_combo.setCurrentIndex(rules.kind_combo.findData(kind))
    return rules.settings_form.fields


def stored(area: CasesArea, name: str) -> dict:
    return next(rule.definition for rule in alerts.list_rules(area.study) if rule.name == name)


def test_a_detractor_rule_is_set_by_question_and_threshold(area: CasesArea) -> None:  # noqa: F811
    rules = area.rules
    fields = start(rules, "detractor", "严重贬损者")
    question, limit = fields["question"], fields["max"]
    assert isinstance(question, QComboBox) and isinstance(limit, QDoubleSpinBox)
    assert question.currentText() == "How likely are you to recommend us to a friend or colleague?"
    assert question.itemData(question.currentIndex(), 3) == "nps"  # the code is the tooltip
    assert limit.value() == 6
    limit.setValue(4)
    assert '"max": 4' in rules.definition_edit.text()
    rules.save()
    assert stored(area, "严重贬损者") == {"question": "nps", "max": 4}


def test_a_comment_rule_takes_words_in_either_comma(area: CasesArea) -> None:  # noqa: F811
    rules = area.rules
    fields = start(rules, "comment", "差评关键词")
    words, negative = fields["words"], fields["negative"]
    assert isinstance(words, QLineEdit) and isinstance(negative, QCheckBox)
    assert words.text() == "退款，投诉，12315" and negative.isChecked()
    words.setText("退款，差评、12315")
    words.textEdited.emit(words.text())
    negative.setChecked(False)
    rules.save()
    assert stored(area, "差评关键词") == {"words": ["退款", "差评", "12315"], "negative": False}


def test_a_drop_rule_compares_each_store_by_period_and_keeps_what_the_json_adds(area: CasesArea) -> None:  # noqa: F811
    rules = area.rules
    fields = start(rules, "drop", "门店 NPS 下滑")
    segment, period, drop, base = fields["segment"], fields["period"], fields["drop"], fields["min_base"]
    assert isinstance(segment, QComboBox) and isinstance(period, QComboBox) and isinstance(base, QSpinBox)
    assert segment.currentText() == "Store visited" and period.currentData() == "month"
    rules.definition_edit.setText(rules.definition_edit.text()[:-1] + ', "touchpoint": "checkout"}')
    rules.definition_edit.textEdited.emit(rules.definition_edit.text())  # typed by hand: the form follows
    period.setCurrentIndex(period.findData("week"))
    drop.setValue(8)
    base.setValue(50)
    rules.save()
    definition = stored(area, "门店 NPS 下滑")
    assert definition["period"] == "week" and definition["drop"] == 8 and definition["min_base"] == 50
    assert definition["segment"] == "store" and definition["touchpoint"] == "checkout"
    rules.list.setCurrentItem(rules.list.topLevelItem([r.name for r in rules.rules].index("门店 NPS 下滑")))
    fields = rules.settings_form.fields
    assert fields["segment"].currentData() == "store" and fields["drop"].value() == 8
    rules.definition_edit.setText('{"question": "nps", "segment": "region", "period": "day", "drop": 12}')
    rules.definition_edit.textEdited.emit(rules.definition_edit.text())
    assert fields["segment"].currentData() == "region" and fields["period"].currentData() == "day"
    assert fields["drop"].value() == 12
