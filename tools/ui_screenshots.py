"""Save a picture of every dialog built from a Qt Designer form in ui/, in Chinese and English.

    QT_QPA_PLATFORM=offscreen python tools/ui_screenshots.py [--out docs/screenshots]

Builds the demo study in a temporary XMDesk home and opens each form-built dialog on it (the working
hours, an improvement action of the demo, a new survey from a template, the data export, a journey card's
link to the NPS question): docs/screenshots/ui_<form>_<lang>.png.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shots import DEMO_NAME, isolated_home, parse_args, settle

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from xmdesk.core.study.file import Study


def link_dialog(study: Study) -> QDialog:
    """A card's link to the first survey's NPS, in store only, as the canvas opens it."""
    from xmdesk.core.journey import maps as J
    from xmdesk.core.survey.model import survey_codes
    from xmdesk.gui.journey.dialogs import LinkDialog

    return LinkDialog(study, J.Link(survey_codes(study)[0], "nps", "nps", "${channel} = 1"))


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home()

    from PySide6.QtWidgets import QDialog

    from xmdesk.core.demo import build_demo
    from xmdesk.core.loop import actions
    from xmdesk.core.study.file import Study
    from xmdesk.gui import i18n
    from xmdesk.gui.app import make_application
    from xmdesk.gui.cases.action_dialog import ActionDialog
    from xmdesk.gui.cases.worktime_dialog import WorkTimeDialog
    from xmdesk.gui.designer.new_survey import NewSurveyDialog
    from xmdesk.gui.reports.data_export import DataExportDialog

    app = make_application()
    with Study.open(build_demo(home / DEMO_NAME)) as study:
        for language in ("zh", "en"):
            i18n.apply_language(language)
            settle(app)
            new_survey = NewSurveyDialog(study)
            new_survey.choose("nps")
            dialogs: dict[str, QDialog] = {"worktime": WorkTimeDialog(study),
                                           "action": ActionDialog(study, actions.list_actions(study)[0]),
                                           "new_survey": new_survey, "data_export": DataExportDialog(study),
                                           "link": link_dialog(study)}
            for name, dialog in dialogs.items():
                dialog.show()
                settle(app)
                dialog.grab().save(str(args.out / f"ui_{name}_{language}.png"))
                dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
