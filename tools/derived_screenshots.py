"""Save the derived-variable editor's screenshots (issue 20): a valid definition with its first values, a
mistake said in words, a recode into bands and an O-data sum (orders' amounts, 30 days before) filled in as forms,
the quality flags added ready-made; in Chinese and in English.

    QT_QPA_PLATFORM=offscreen python tools/derived_screenshots.py [--out docs/screenshots]

Pictures go to <out>/derived/.
"""

from __future__ import annotations

from shots import DEMO_NAME, isolated_home, main_window, parse_args, settle, wait_until

SIZE = (1366, 768)
SPEND_BANDS = (("", "100", "100元及以下", "Up to 100"), ("100.01", "300", "100–300元", "100-300"),
               ("300.01", "", "300元以上", "Over 300"))
NPS_GROUPS = "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))"
GROUPS = "promoter=3:推荐者:Promoter, passive=2:中立者:Passive, detractor=1:贬损者:Detractor"


def odata_filled_in(dialog) -> None:  # noqa: ANN001
    """The orders' amounts summed over the 30 days before each response, picked in the O-data form."""
    dialog.start_new()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("odata"))
    odata = dialog.forms["odata"]
    odata.table.setCurrentIndex(odata.table.findData("orders"))
    odata.column.setCurrentIndex(odata.column.findData("amount"))
    odata.agg.setCurrentIndex(odata.agg.findData("sum"))
    odata.days_before.setValue(30)


def main() -> int:
    args = parse_args(__doc__)
    out = args.out / "derived"
    out.mkdir(parents=True, exist_ok=True)
    home = isolated_home()

    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import make_application
    from xmdesk.gui.data.derived_dialog import DerivedDialog

    app = make_application()
    demo = build_demo(home / DEMO_NAME)
    window = main_window(SIZE)
    window.open_study(demo)
    for lang in ("zh", "en"):
        window.set_language(lang)
        window.study_page.show_area("data")
        area = window.study_page.areas["data"]
        settle(app)
        dialog = area.edit_derived()
        assert isinstance(dialog, DerivedDialog)
        dialog.code_edit.setText("nps_group")
        dialog.label_zh_edit.setText("推荐者分组")
        dialog.label_en_edit.setText("NPS group")
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("single"))
        dialog.definition_edit.setPlainText(NPS_GROUPS)
        dialog.choices_edit.setText(GROUPS)
        wait_until(lambda: dialog.preview.rowCount() > 0)
        settle(app)
        dialog.grab().save(str(out / f"editor_{lang}.png"))
        dialog.definition_edit.setPlainText("if(${nps} >= 9, 'promoter', 'fan')")
        wait_until(lambda: bool(dialog.message.property("problem")))
        settle(app)
        dialog.grab().save(str(out / f"editor_error_{lang}.png"))
        dialog.start_new()
        dialog.code_edit.setText("spend_band")
        dialog.label_zh_edit.setText("消费金额分段")
        dialog.label_en_edit.setText("Spend band")
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("bands"))
        bands = dialog.forms["bands"]
        bands.source.setCurrentIndex(bands.source.findData("spend"))
        bands.table.setRowCount(0)
        for band in SPEND_BANDS:
            bands.add_band(*band)
        wait_until(lambda: dialog.preview.rowCount() > 0)
        settle(app)
        dialog.grab().save(str(out / f"bands_{lang}.png"))
        odata_filled_in(dialog)
        wait_until(lambda: dialog.preview.rowCount() > 0)
        settle(app)
        dialog.grab().save(str(out / f"odata_{lang}.png"))
        dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("expression"))
        if lang == "zh":
            dialog.flags_button.click()
            wait_until(lambda: dialog.worker is None)  # the flags are saved on a worker
            straight = next(i for i in range(dialog.variables.count())
                            if dialog.variables.item(i).text().startswith("flag_straight"))
            dialog.variables.setCurrentRow(straight)  # the demo's responses carry no durations: all speeders '—'
            wait_until(lambda: dialog.preview.rowCount() > 0)
            settle(app)
            dialog.grab().save(str(out / f"quality_flags_{lang}.png"))
        window.grab().save(str(out / f"data_area_{lang}.png"))
        dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
