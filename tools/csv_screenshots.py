"""Screenshots of the import wizard's preview of a hostile CSV (issue 16): a UTF-8 export with one comment
pasted in GBK, read as UTF-8 with that row named and its cells marked, and a CSV whose rows disagree in
field count, refused with one line naming the row.

    python tools/csv_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

from shots import import_wizard, isolated_home, modal_box_shot, parse_args, save_small, wait_until


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home(None)
    from tests.core.test_hostile_csv import mixed_file
    from xmdesk.gui.app import make_application
    from xmdesk.gui.importing.wizard import PAGES

    make_application()
    for language in ("zh", "en"):
        window, wizard = import_wizard(home / f"hostile_{language}.xmd", language)
        wizard.open_file(str(mixed_file(home / "门店回访_mixed.csv", rows=40, bad_row=5)))
        wait_until(lambda: wizard.plan is not None and PAGES[wizard.pages.currentIndex()] == "preview")
        save_small(window, args.out / f"import_preview_undecodable_{language}.png")
        ragged = home / "ragged.csv"
        ragged.write_text("id,score,comment\n1,9,good\n2,3,slow, rude\n3,7,ok\n", encoding="utf-8")
        modal_box_shot(lambda: wizard.open_file(str(ragged)), args.out / f"import_ragged_refused_{language}.png",
                       10_000)
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
