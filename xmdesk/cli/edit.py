"""`xmdesk edit`: correct stored answers with a trail (issue 20).

    xmdesk edit STUDY --survey S --response 17 --set nps=9           (--set nps= makes it missing)
    xmdesk edit STUDY --survey S --where "${store} = 3 and ${channel} = '门店'" --set store=北京王府井店 --preview
    xmdesk edit STUDY --survey S --where "${store} = 3 and ${channel} = '门店'" --set store=北京王府井店

Every value is checked as entry checks it; the cells changed (old → new) as JSON on stdout, the step on stderr.
`--preview` lists the rows a bulk edit would change and writes nothing; without it the same rows are written in
one transaction and audited, one audit row per response.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from xmdesk.cli.common import CommandAdder, emit_json, open_study
from xmdesk.core.errors import ModelError

if TYPE_CHECKING:
    from xmdesk.core.fieldwork.cleaning import Edit


def cmd_edit(args: argparse.Namespace) -> int:
    from xmdesk.core.fieldwork import cleaning
    from xmdesk.core.survey.model import load_survey

    changes = [_change(given) for given in args.set]
    if len(changes) > 1 and args.response is None:
        raise ModelError("entry.clean_one_set_bulk", given=" ".join(f"--set {given}" for given in args.set))
    with open_study(args.path, read_only=args.preview) as study:
        survey = load_survey(study, args.survey)
        if args.response is None:
            plan = cleaning.plan_bulk(study, survey, args.where, *changes[0])
        elif len(changes) == 1:
            plan = cleaning.plan_cell(study, survey, args.response, *changes[0])
        else:  # several answers of one response, checked together as entry checks them (a pasted row)
            plan = cleaning.plan_paste(study, survey, [(args.response, column, value) for column, value in changes])
        done = plan if args.preview else cleaning.apply_edit(study, survey, plan)
    verb = "would change" if args.preview else "changed"
    sys.stderr.write(f"xmdesk edit: {verb} {len(done.cells)} answer(s) of survey {survey.code}\n")
    emit_json(_as_json(done, committed=not args.preview))
    return 0


def _change(given: str) -> tuple[str, str]:
    """One --set Q=V as (column, value)."""
    column, _, value = given.partition("=")
    if not column.strip() or "=" not in given:
        raise ModelError("entry.clean_set_form", given=given)
    return column.strip(), value


def _as_json(edit: Edit, committed: bool) -> dict[str, Any]:
    return {"survey": edit.survey_code, "kind": edit.kind, "committed": committed, "count": len(edit.cells),
            "changes": [{"id": c.response_id, "column": c.column, "old": c.old, "new": c.new} for c in edit.cells]}


def register(command: CommandAdder) -> None:
    sub = command("edit", cmd_edit, "Correct stored answers, checked like entry, audited (who, when, old → new): one "
                  "response, or every response an expression selects (--preview first)")
    sub.add_argument("path", metavar="STUDY", help="study file (.xmd)")
    sub.add_argument("--survey", required=True, help="survey code")
    which = sub.add_mutually_exclusive_group(required=True)
    which.add_argument("--response", type=int, help="the id of the response to correct")
    which.add_argument("--where", help="an expression selecting the responses, e.g. \"${store} = 3 and ${channel} = '门店'\"")
    sub.add_argument("--set", required=True, metavar="Q=V", action="append",
                     help="the column and its new value (a choice by code, value or label; empty = missing); "
                          "repeat it to correct several answers of one response together")
    sub.add_argument("--preview", action="store_true", help="list the changes a bulk edit would make; write nothing")
