"""Screenshots of issue 17's SPSS import and matrix rows: a GBK-encoded .sav (code page 936, a user-missing 9 =
不知道) in the import wizard's preview and its proposed survey, and the Charts area showing the mean of one matrix
row (attr__range) by channel on the demo study; and (issue 16) the refusal of a damaged .sav on which the SPSS
reader crashes, read in a child process first; in Chinese and English at 1280×800.

    python tools/spss_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

from shots import import_wizard, isolated_home, modal_box_shot, parse_args, save_small, wait_until


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home(None)
    from tests.core.test_hostile_spss import CRASHING, damaged
    from tests.core.test_import_spss import ROWS, SATISFACTION, write_gbk_sav
    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import make_application
    from xmdesk.gui.importing.wizard import PAGES

    make_application()
    spss = home / "门店满意度.sav"
    write_gbk_sav(spss, SATISFACTION, ROWS, 936)
    demo = build_demo(home / "demo.xmd", responses_count=1000, seed=0)
    for language in ("zh", "en"):
        window, wizard = import_wizard(home / f"spss_{language}.xmd", language)
        wizard.open_file(str(spss))
        wait_until(lambda: wizard.plan is not None and PAGES[wizard.pages.currentIndex()] == "preview")
        save_small(window, args.out / f"import_spss_preview_{language}.png")
        wizard.next.click()
        wait_until(lambda: PAGES[wizard.pages.currentIndex()] == "target")
        save_small(window, args.out / f"import_spss_survey_{language}.png")
        crashing = damaged(home, *CRASHING).rename(home / "门店满意度_损坏.sav")
        modal_box_shot(lambda: wizard.open_file(str(crashing)), args.out / f"import_spss_damaged_{language}.png")
        window.open_study(demo)
        window.study_page.show_area("charts")
        charts = window.study_page.areas["charts"]
        charts.select("mean", "attr__range", "channel")
        wait_until(lambda: charts.outcome is not None and charts.outcome.request.question == "attr__range")
        save_small(window, args.out / f"chart_matrix_row_{language}.png")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
