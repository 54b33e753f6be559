"""Journey maps: stages, and the touchpoints, stickers and notes placed on them.

The journey is a model here in the core; the canvas (a later issue) mirrors it.
A touchpoint may link to a survey question (and a filter) so the map can show
live scores. Saving replaces a journey's stages and items in one transaction, so
the stored map is always a whole one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from xmdesk.core import audit
from xmdesk.core.errors import ModelError
from xmdesk.core.study import Study, now_iso

DEFAULT_STAGES = ("认知", "考虑", "购买", "使用", "忠诚")
ITEM_KINDS = ("touchpoint", "pain_point", "opportunity", "note", "persona", "emotion")
METRICS = ("nps", "csat", "mean", "ces")


@dataclass
class Link:
    """What a touchpoint shows: a metric of one question, optionally over a filter expression."""

    survey: str
    question: str
    metric: str = "mean"
    filter: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"survey": self.survey, "question": self.question, "metric": self.metric, "filter": self.filter}


@dataclass
class JourneyItem:
    kind: str
    name: str = ""
    stage: int | None = None  # index into Journey.stages
    channel: str = ""
    x: float = 0.0
    y: float = 0.0
    w: float = 160.0
    h: float = 80.0
    props: dict[str, Any] = field(default_factory=dict)
    link: Link | None = None


@dataclass
class Stage:
    name: str
    width: float = 240.0


@dataclass
class Journey:
    name: str
    description: str = ""
    stages: list[Stage] = field(default_factory=lambda: [Stage(n) for n in DEFAULT_STAGES])
    items: list[JourneyItem] = field(default_factory=list)
    persona: dict[str, Any] = field(default_factory=dict)

    def touchpoints(self, stage_index: int) -> list[JourneyItem]:
        return [i for i in self.items if i.kind == "touchpoint" and i.stage == stage_index]

    def validate(self) -> None:
        for item in self.items:
            if item.kind not in ITEM_KINDS:
                raise ModelError("survey.bad_type", type=item.kind, known=", ".join(ITEM_KINDS))
            if item.stage is not None and not 0 <= item.stage < len(self.stages):
                raise ModelError("journeys.not_found", name=f"{self.name} / stage {item.stage}")
            if item.link is not None and item.link.metric not in METRICS:
                raise ModelError("survey.bad_type", type=item.link.metric, known=", ".join(METRICS))


def _link_values(link: Link | None) -> tuple[str | None, ...]:
    return (link.survey, link.question, link.metric, link.filter) if link else (None, None, None, None)


def save_journey(study: Study, journey: Journey) -> None:
    """Store the whole journey (new, or replacing the one with the same name)."""
    journey.validate()
    with study.transaction() as conn:
        stamp = now_iso()
        conn.execute(
            "INSERT INTO journeys (name, description, persona, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET description = excluded.description, persona = excluded.persona,"
            " updated_at = excluded.updated_at",
            (journey.name, journey.description, json.dumps(journey.persona, ensure_ascii=False), stamp, stamp),
        )
        (journey_id,) = conn.execute("SELECT id FROM journeys WHERE name = ?", (journey.name,)).fetchone()
        conn.execute("DELETE FROM journey_items WHERE journey_id = ?", (journey_id,))
        conn.execute("DELETE FROM journey_stages WHERE journey_id = ?", (journey_id,))
        stage_ids = [
            conn.execute("INSERT INTO journey_stages (journey_id, position, name, width) VALUES (?, ?, ?, ?)",
                         (journey_id, position, stage.name, stage.width)).lastrowid
            for position, stage in enumerate(journey.stages)
        ]
        conn.executemany(
            "INSERT INTO journey_items (journey_id, stage_id, kind, name, channel, x, y, w, h, props,"
            " link_survey, link_question, link_metric, link_filter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (journey_id, None if item.stage is None else stage_ids[item.stage], item.kind, item.name,
                 item.channel, item.x, item.y, item.w, item.h, json.dumps(item.props, ensure_ascii=False),
                 *_link_values(item.link))
                for item in journey.items
            ],
        )
        audit.record(study, "save", "journey", journey.name)


def journey_names(study: Study) -> list[str]:
    return [name for (name,) in study.conn.execute("SELECT name FROM journeys ORDER BY id")]


def load_journey(study: Study, name: str) -> Journey:
    row = study.conn.execute("SELECT id, description, persona FROM journeys WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise ModelError("journeys.not_found", name=name)
    journey_id, description, persona = row
    stage_rows = study.conn.execute(
        "SELECT id, name, width FROM journey_stages WHERE journey_id = ? ORDER BY position", (journey_id,)
    ).fetchall()
    position = {stage_id: index for index, (stage_id, _, _) in enumerate(stage_rows)}
    items = [
        JourneyItem(kind=kind, name=item_name, stage=position.get(stage_id), channel=channel, x=x, y=y, w=w, h=h,
                    props=json.loads(props), link=Link(ls, lq, lm or "mean", lf or "") if ls and lq else None)
        for stage_id, kind, item_name, channel, x, y, w, h, props, ls, lq, lm, lf in study.conn.execute(
            "SELECT stage_id, kind, name, channel, x, y, w, h, props, link_survey, link_question, link_metric,"
            " link_filter FROM journey_items WHERE journey_id = ? ORDER BY id",
            (journey_id,),
        )
    ]
    return Journey(name=name, description=description, stages=[Stage(n, w) for _, n, w in stage_rows],
                   items=items, persona=json.loads(persona))
