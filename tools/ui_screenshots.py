"""Save a picture of every dialog built from a Qt Designer form in ui/, in Chinese and English.

    QT_QPA_PLATFORM=offscreen python tools/ui_screenshots.py [--out docs/screenshots]

Builds the demo study in a temporary XMDesk home and opens each form-built dialog on it (the working
hours, an improvement action of the demo, a new survey from a template, the data export, a journey card's
link to the NPS question, the topic picker on a comment, the merge of a field laptop's pack after its dry run,
with a conflict and a refused response, the codebook editor, a whole response opened from a comment, the
responses behind a card): docs/screenshots/ui_<form>_<lang>.png.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from shots import DEMO_NAME, isolated_home, parse_args, settle, wait_until

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from xmdesk.core.study.file import Study


def link_dialog(study: Study) -> QDialog:
    """A card's link to the first survey's NPS, in store only, as the canvas opens it."""
    from xmdesk.core.journey import maps as J
    from xmdesk.core.survey.model import survey_codes
    from xmdesk.gui.journey.dialogs import LinkDialog

    return LinkDialog(study, J.Link(survey_codes(study)[0], "nps", "nps", "${channel} = 1"))


def behind_dialog(study: Study) -> QDialog:
    """The in-store responses behind an NPS card, as a double-click on the card opens them."""
    from xmdesk.core.journey import maps as J
    from xmdesk.gui.journey.dialogs import BehindDialog

    return BehindDialog(study, "NPS", J.Link("retail_cx", "nps", "nps", "${channel} = 1"))


def field_pack(lead: Path, folder: Path) -> Path:
    """A field laptop's pack against the lead's study `lead`: two new responses (one with an NPS of 99, which the
    merge refuses) and response 5 corrected on both sides, differently (a conflict)."""
    from xmdesk.core.fieldwork import entry
    from xmdesk.core.fieldwork.merge import write_pack
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import load_survey

    visit = {"region": 1, "store": 2, "channel": 1, "visit_date": "2026-06-01", "nps": 9, "csat": 4}
    laptop = folder / "laptop.xmd"
    shutil.copyfile(lead, laptop)
    for path, corrected in ((laptop, 0), (lead, 10)):
        with Study.open(path) as study:
            survey = load_survey(study, "retail_cx")
            draft = entry.edit_draft(study.conn, survey, 5)
            draft.answers["nps"] = corrected
            entry.save_response(study, survey, draft)
            if path == laptop:
                saved = [entry.save_response(study, survey, entry.Draft("retail_cx", answers=dict(visit, nps=n)))
                         for n in (2, 7)]
                study.conn.execute("UPDATE responses_retail_cx SET nps = 99 WHERE id = ?", (saved[0].id,))
                pack = write_pack(study, folder / "门店一号机.xmdpack").path
    return pack


def merge_dialog(study: Study, pack: Path) -> QDialog:
    """The merge dialog with its dry run done, as a lead sees it before pressing Merge (shown first, as
    entry.merge_dialog.choose_and_merge does: the rows are sized to the columns the shown dialog has)."""
    from xmdesk.gui.entry.merge_dialog import MergeDialog

    dialog = MergeDialog(study, [str(pack)])
    dialog.show()
    dialog.run(apply=False)
    wait_until(lambda: dialog.report is not None)
    return dialog


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

    from xmdesk.core.text.analyze import load_codebook_or_default
    from xmdesk.core.survey.model import load_survey
    from xmdesk.gui.text.codebook_dialog import CodebookDialog
    from xmdesk.gui.text.response_dialog import ResponseDialog
    from xmdesk.gui.text.topic_picker import TopicPicker

    app = make_application()
    demo = build_demo(home / DEMO_NAME)
    pack = field_pack(demo, home)
    with Study.open(demo) as study:
        codebook = load_codebook_or_default(study)
        topics = codebook.names
        for language in ("zh", "en"):
            i18n.apply_language(language)
            settle(app)
            new_survey = NewSurveyDialog(study)
            new_survey.choose("nps")
            dialogs: dict[str, QDialog] = {"worktime": WorkTimeDialog(study),
                                           "action": ActionDialog(study, actions.list_actions(study)[0]),
                                           "new_survey": new_survey, "data_export": DataExportDialog(study),
                                           "link": link_dialog(study),
                                           "topic_picker": TopicPicker("周末排队太久，收银台开得太少，价格也偏贵", topics,
                                                                       ["价格", "排队"]),
                                           "merge": merge_dialog(study, pack),
                                           "codebook": CodebookDialog(study, codebook),
                                           "response": ResponseDialog(study, load_survey(study, "retail_cx"), 5),
                                           "behind": behind_dialog(study)}
            for name, dialog in dialogs.items():
                dialog.show()
                settle(app)
                dialog.grab().save(str(args.out / f"ui_{name}_{language}.png"))
                dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
