"""Journey maps: stages, and the touchpoints, stickers and notes placed on them.

The journey is a model here in the core; the canvas mirrors it. A touchpoint may link
to a survey question (and a filter) so the map can show live scores. Saving replaces
a journey's stages and items in one transaction, so the stored map is always a whole one.

Edits are data (`SetItems`, `InsertItems`, `RemoveItems`, `SetStages`, `SetSettings`,
`Batch`): `apply(journey, edit)` changes the journey and returns the inverse edit, so
the canvas's undo is "apply the inverse" and is testable without Qt. The functions
below that build edits (`move_items`, `add_stage`, ...) know the geometry of the map
(lanes side by side, an emotion band under the cards), which lives here too so the
canvas, the headless export and the edits agree on where a lane is.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xmdesk.core import messages
from xmdesk.core.study import audit
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.resources import resources_dir
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.vocabulary import registry

DEFAULT_STAGES = ("认知", "考虑", "购买", "使用", "忠诚")
ITEM_KINDS = ("touchpoint", "pain_point", "opportunity", "note", "persona", "emotion")
METRICS = registry.HEADLINE
FREE_KINDS = ("note", "persona")
"""Kinds placed anywhere on the map; the others belong to the lane under their centre."""

DEFAULT_SIZES: dict[str, tuple[float, float]] = {
    "touchpoint": (160.0, 80.0), "pain_point": (150.0, 60.0), "opportunity": (150.0, 60.0),
    "note": (200.0, 60.0), "persona": (220.0, 130.0), "emotion": (18.0, 18.0),
}
MIN_SIZE = (60.0, 36.0)
MIN_STAGE_WIDTH = 120.0
GRID = 10.0

# Geometry of the map, in scene units (one unit is one pixel at 100 % zoom).
LANE_TOP = 70.0
HEADER_HEIGHT = 40.0
BODY_MIN_HEIGHT = 320.0
EMOTION_GAP = 20.0
EMOTION_HEIGHT = 160.0

DEFAULT_THRESHOLDS: dict[str, tuple[float, float]] = {
    "nps": (0.0, 30.0), "csat": (3.5, 4.2), "mean": (3.5, 4.2), "ces": (4.5, 5.5),
}
"""Per metric (poor below the first, good from the second): colours of the cards."""
TOPIC_METRIC = "topic:"
"""A link's metric `topic:价格`: % positive about the topic among a text question's comments that hold
an opinion about it, each comment read by the clause naming the topic (a 0-100 index already)."""
TOPIC_THRESHOLDS = (40.0, 60.0)
DEFAULT_SETTINGS: dict[str, Any] = {
    "thresholds": {k: list(v) for k, v in DEFAULT_THRESHOLDS.items()},
    "emotion": "hand",  # "hand": drawn points; "scores": the stages' linked scores
    "period": "month",  # the change on a card compares the last period with the one before
}


@dataclass
class Link:
    """What a touchpoint shows: a metric of one question, optionally over a filter expression."""

    survey: str
    question: str
    metric: str = "mean"
    filter: str = ""

    def as_dict(self) -> dict[str, str]:
        """The link as the JSON export and `journey show` write it, every field present (an empty filter is ""); also
        the key its score is cached under."""
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
    width: float = 260.0


@dataclass
class Journey:
    name: str
    description: str = ""
    stages: list[Stage] = field(default_factory=lambda: [Stage(n) for n in DEFAULT_STAGES])
    items: list[JourneyItem] = field(default_factory=list)
    persona: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULT_SETTINGS))

    def touchpoints(self, stage_index: int) -> list[JourneyItem]:
        """The touchpoints in one lane, in the order they were placed: stickers, notes and free cards are not
        touchpoints."""
        return [i for i in self.items if i.kind == "touchpoint" and i.stage == stage_index]

    def setting(self, key: str) -> Any:
        """A map setting, or its default when the stored map predates it (older maps lack newer keys)."""
        return self.settings.get(key, DEFAULT_SETTINGS[key])

    def thresholds(self, metric: str) -> tuple[float, float]:
        """(poor below, good from) for a metric: the map's own, else the default; every `topic:` metric shares one
        pair."""
        if metric.startswith(TOPIC_METRIC):
            metric = TOPIC_METRIC
        low, high = self.setting("thresholds").get(metric, DEFAULT_THRESHOLDS.get(metric, TOPIC_THRESHOLDS))
        return float(low), float(high)

    def validate(self) -> None:
        """Refuse a map that could not be drawn or scored (no name, no stage, an unknown kind or metric, an item in a
        lane that does not exist), with a message naming it; saving and reading JSON call it."""
        if not self.name.strip():
            raise ModelError("journey.empty_name")
        if not self.stages:
            raise ModelError("journey.last_stage")
        for item in self.items:
            if item.kind not in ITEM_KINDS:
                raise ModelError("journey.bad_kind", kind=item.kind, known=", ".join(ITEM_KINDS))
            if item.stage is not None and not 0 <= item.stage < len(self.stages):
                raise ModelError("journey.bad_stage", name=self.name, item=item.name or item.kind,
                                 stage=item.stage + 1, count=len(self.stages))
            if item.link is not None and item.link.metric not in METRICS \
                    and not item.link.metric.startswith(TOPIC_METRIC):
                raise ModelError("journey.bad_metric", metric=item.link.metric, known=", ".join(METRICS))


def metric_label(metric: str, lang: str) -> str:
    """A link's metric as the reader's language names it: a headline metric (均值, not MEAN), or a topic's."""
    if metric.startswith(TOPIC_METRIC):
        return messages.text("journey.label.topic", lang, topic=metric[len(TOPIC_METRIC):])
    return registry.metric(metric).label(lang)


# -- storage -----------------------------------------------------------------------------


def _link_values(link: Link | None) -> tuple[str | None, ...]:
    return (link.survey, link.question, link.metric, link.filter) if link else (None, None, None, None)


def save_journey(study: Study, journey: Journey, replacing: str | None = None) -> None:
    """Store the whole journey (new, or replacing the one with the same name, or the one named `replacing`)."""
    journey.validate()
    with study.transaction(Changes.of("journeys")) as conn:
        stamp = now_iso()
        old = conn.execute("SELECT id FROM journeys WHERE name = ?", (replacing or journey.name,)).fetchone()
        if replacing and replacing != journey.name:
            if conn.execute("SELECT 1 FROM journeys WHERE name = ?", (journey.name,)).fetchone():
                raise ModelError("journey.exists", name=journey.name)
            if old:
                conn.execute("UPDATE journeys SET name = ? WHERE id = ?", (journey.name, old[0]))
        conn.execute(
            "INSERT INTO journeys (name, description, persona, settings, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET description = excluded.description,"
            " persona = excluded.persona, settings = excluded.settings, updated_at = excluded.updated_at",
            (journey.name, journey.description, json.dumps(journey.persona, ensure_ascii=False),
             json.dumps(journey.settings, ensure_ascii=False), stamp, stamp),
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
    """The study's journeys in the order they were made, not alphabetical."""
    return [name for (name,) in study.conn.execute("SELECT name FROM journeys ORDER BY id")]


def delete_journey(study: Study, name: str) -> None:
    """Delete a journey with its stages and items, one transaction with an audit entry; an unknown name is a
    ModelError, not a silent no-op."""
    with study.transaction(Changes.of("journeys")) as conn:
        if conn.execute("DELETE FROM journeys WHERE name = ?", (name,)).rowcount == 0:
            raise ModelError("journeys.not_found", name=name)
        audit.record(study, "delete", "journey", name)


def load_journey(study: Study, name: str) -> Journey:
    """The stored map as saved: stages in lane order, items in the order placed, settings over the defaults so an
    older map gains newer keys; an unknown name is a ModelError."""
    row = study.conn.execute("SELECT id, description, persona, settings FROM journeys WHERE name = ?",
                             (name,)).fetchone()
    if row is None:
        raise ModelError("journeys.not_found", name=name)
    journey_id, description, persona, settings = row
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
                   items=items, persona=json.loads(persona), settings={**DEFAULT_SETTINGS, **json.loads(settings)})


def unique_name(study: Study, wanted: str) -> str:
    """`wanted`, or `wanted (2)`, `wanted (3)`... the first not used by a journey of the study."""
    taken = set(journey_names(study))
    name, number = wanted, 1
    while name in taken:
        number += 1
        name = f"{wanted} ({number})"
    return name


def install_demo_persona(study: Study, name: str) -> None:
    """Put the demo journey's persona on its map as a card, top right above the lanes."""
    journey = load_journey(study, name)
    width, height = DEFAULT_SIZES["persona"]
    right = lane_edges(journey)[-1][1]
    journey.items.append(JourneyItem("persona", str(journey.persona.get("name", "")), None, "",
                                     right - width, LANE_TOP - height - 20, width, height))
    save_journey(study, journey)


# -- templates ---------------------------------------------------------------------------


def templates_dir() -> Path:
    """Where the bundled journey templates are (resources/templates/journeys), in a checkout and in the packaged app."""
    return resources_dir() / "templates" / "journeys"


def template_keys() -> list[str]:
    """The bundled templates by file name (their key), sorted, so the menu's order does not depend on the file
    system."""
    return sorted(path.stem for path in templates_dir().glob("*.json"))


def template_title(key: str, lang: str = "zh") -> str:
    """A template's title in `lang`, else its Chinese title, else its key; a missing or unreadable template is a
    ModelError."""
    data = _template_data(key)
    return str(data.get(f"title_{lang}") or data.get("title_zh") or key)


def _template_data(key: str) -> dict[str, Any]:
    path = templates_dir() / f"{key}.json"
    if not path.is_file():
        raise ModelError("journey.template_not_found", name=key, known=", ".join(template_keys()))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError("journey.template_bad", path=path, detail=error) from None
    if not isinstance(data, dict):
        raise ModelError("journey.template_bad", path=path, detail="not a JSON object")
    return data


def journey_from_dict(data: Mapping[str, Any], name: str | None = None) -> Journey:
    """A journey from its JSON form (templates, and what `journey_to_dict` writes)."""
    stages = [Stage(str(s["name"]), float(s.get("width", 260.0))) for s in data.get("stages", [])]
    items = []
    for raw in data.get("items", []):
        link = raw.get("link")
        width, height = DEFAULT_SIZES.get(raw.get("kind", ""), (160.0, 80.0))
        items.append(JourneyItem(
            kind=raw["kind"], name=raw.get("name", ""), stage=raw.get("stage"), channel=raw.get("channel", ""),
            x=float(raw.get("x", 0.0)), y=float(raw.get("y", 0.0)), w=float(raw.get("w", width)),
            h=float(raw.get("h", height)), props=dict(raw.get("props", {})),
            link=Link(**link) if link else None))
    journey = Journey(name=name or str(data.get("name") or data.get("title_zh") or ""),
                      description=str(data.get("description", "")), stages=stages or Journey("x").stages,
                      items=items, persona=dict(data.get("persona", {})),
                      settings={**copy.deepcopy(DEFAULT_SETTINGS), **data.get("settings", {})})
    journey.validate()
    return journey


def journey_to_dict(journey: Journey) -> dict[str, Any]:
    """The whole map as JSON-ready data that `journey_from_dict` reads back (export, templates, CLI)."""
    return {
        "name": journey.name, "description": journey.description, "persona": journey.persona,
        "settings": journey.settings, "stages": [{"name": s.name, "width": s.width} for s in journey.stages],
        "items": [{"kind": i.kind, "name": i.name, "stage": i.stage, "channel": i.channel, "x": i.x, "y": i.y,
                   "w": i.w, "h": i.h, "props": i.props, "link": i.link.as_dict() if i.link else None}
                  for i in journey.items],
    }


def load_template(key: str, name: str | None = None, lang: str = "zh") -> Journey:
    """A new journey made from a bundled template (retail store, bank account, e-commerce order)."""
    return journey_from_dict(_template_data(key), name or template_title(key, lang))


# -- geometry ----------------------------------------------------------------------------


def lane_edges(journey: Journey) -> list[tuple[float, float]]:
    """(left, right) of each stage's lane; lanes sit side by side from x = 0."""
    edges, left = [], 0.0
    for stage in journey.stages:
        edges.append((left, left + stage.width))
        left += stage.width
    return edges


def stage_at(journey: Journey, x: float) -> int | None:
    """The lane under scene x, or None left of the first lane or right of the last (x on a boundary belongs to the
    lane to its right)."""
    for index, (left, right) in enumerate(lane_edges(journey)):
        if left <= x < right:
            return index
    return None


def body_bottom(journey: Journey) -> float:
    """Where the cards' area ends: below the lowest card, and never shorter than BODY_MIN_HEIGHT."""
    lowest = max((i.y + i.h for i in journey.items if i.kind != "emotion" and i.stage is not None), default=0.0)
    return max(LANE_TOP + HEADER_HEIGHT + BODY_MIN_HEIGHT, lowest + EMOTION_GAP)


def emotion_band(journey: Journey) -> tuple[float, float]:
    """(top, bottom) of the band where the emotion curve is drawn."""
    top = body_bottom(journey)
    return top, top + EMOTION_HEIGHT


def emotion_y(journey: Journey, value: float, band: tuple[float, float] | None = None) -> float:
    """Scene y of an emotion value in [-1, 1] (1 is delighted, at the top of the band, if known)."""
    top, bottom = band or emotion_band(journey)
    middle, half = (top + bottom) / 2.0, (bottom - top) / 2.0 - 14.0
    return middle - max(-1.0, min(1.0, value)) * half


def emotion_value(journey: Journey, y: float) -> float:
    """The emotion value in [-1, 1] at scene y, the inverse of `emotion_y`; a point dragged beyond the band is
    clamped."""
    top, bottom = emotion_band(journey)
    middle, half = (top + bottom) / 2.0, (bottom - top) / 2.0 - 14.0
    return max(-1.0, min(1.0, (middle - y) / half))


def map_bounds(journey: Journey) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) enclosing the lanes, the emotion band and every item."""
    edges = lane_edges(journey)
    left, right = 0.0, edges[-1][1] if edges else 0.0
    top, bottom = LANE_TOP, emotion_band(journey)[1]
    for item in journey.items:
        if item.kind == "emotion":
            continue
        left, top = min(left, item.x), min(top, item.y)
        right, bottom = max(right, item.x + item.w), max(bottom, item.y + item.h)
    return left, top, right, bottom


def snap(value: float, grid: float = GRID) -> float:
    """The nearest multiple of the grid (GRID scene units by default), so dropped cards and lane widths line up."""
    return round(value / grid) * grid


def emotion_points(journey: Journey, stage_values: Sequence[float | None] | None = None) -> list[tuple[int, float]]:
    """(stage, value) of the curve, left to right: hand-drawn points, or the stages' linked values."""
    if stage_values is not None and journey.setting("emotion") == "scores":
        return [(index, value) for index, value in enumerate(stage_values) if value is not None]
    points = {i.stage: float(i.props.get("value", 0.0)) for i in journey.items
              if i.kind == "emotion" and i.stage is not None}
    return sorted(points.items())


# -- edits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetItems:
    """Replace the items at these indices."""

    items: tuple[tuple[int, JourneyItem], ...]


@dataclass(frozen=True)
class InsertItems:
    """Insert items so that each ends at its index (applied in ascending index order)."""

    items: tuple[tuple[int, JourneyItem], ...]


@dataclass(frozen=True)
class RemoveItems:
    indices: tuple[int, ...]


@dataclass(frozen=True)
class SetStages:
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class SetSettings:
    settings: Mapping[str, Any]
    persona: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Batch:
    edits: tuple[Edit, ...]


Edit = SetItems | InsertItems | RemoveItems | SetStages | SetSettings | Batch


def apply(journey: Journey, edit: Edit) -> Edit:
    """Make the edit on the journey and return the edit that undoes it."""
    if isinstance(edit, SetItems):
        inverse = tuple((index, journey.items[index]) for index, _ in edit.items)
        for index, item in edit.items:
            journey.items[index] = copy.deepcopy(item)
        return SetItems(inverse)
    if isinstance(edit, InsertItems):
        for index, item in sorted(edit.items, key=lambda pair: pair[0]):
            journey.items.insert(index, copy.deepcopy(item))
        return RemoveItems(tuple(index for index, _ in edit.items))
    if isinstance(edit, RemoveItems):
        removed = tuple((index, journey.items[index]) for index in sorted(edit.indices))
        for index in sorted(edit.indices, reverse=True):
            del journey.items[index]
        return InsertItems(removed)
    if isinstance(edit, SetStages):
        old = tuple(journey.stages)
        journey.stages = [copy.deepcopy(stage) for stage in edit.stages]
        return SetStages(old)
    if isinstance(edit, SetSettings):
        undo = SetSettings(journey.settings, journey.persona if edit.persona is not None else None)
        journey.settings = copy.deepcopy(dict(edit.settings))
        if edit.persona is not None:
            journey.persona = copy.deepcopy(dict(edit.persona))
        return undo
    return Batch(tuple(apply(journey, part) for part in edit.edits)[::-1])


def _placed(journey: Journey, item: JourneyItem, x: float, y: float) -> JourneyItem:
    """The item at (x, y), in the lane under its centre (free kinds stay free)."""
    stage = item.stage if item.kind in FREE_KINDS else stage_at(journey, x + item.w / 2.0)
    return replace(item, x=x, y=y, stage=stage, props=dict(item.props))


def move_items(journey: Journey, positions: Mapping[int, tuple[float, float]]) -> Edit:
    """Move items to new top-left corners; an emotion point moves only up and down (its value)."""
    changes = []
    for index, (x, y) in positions.items():
        item = journey.items[index]
        if item.kind == "emotion":
            centre = y + DEFAULT_SIZES["emotion"][1] / 2  # a point is drawn at its default size
            value = round(emotion_value(journey, centre), 3)
            changes.append((index, replace(item, props={**item.props, "value": value})))
        else:
            changes.append((index, _placed(journey, item, x, y)))
    return SetItems(tuple(changes))


def resize_item(journey: Journey, index: int, x: float, y: float, w: float, h: float) -> Edit:
    """The edit giving an item a new rectangle: never smaller than MIN_SIZE, and in the lane under its new centre."""
    item = _placed(journey, journey.items[index], x, y)
    return SetItems(((index, replace(item, w=max(MIN_SIZE[0], w), h=max(MIN_SIZE[1], h))),))


def update_item(journey: Journey, index: int, **changes: Any) -> Edit:
    """Change fields of one item (name, channel, props, link)."""
    return SetItems(((index, replace(journey.items[index], **changes)),))


def new_item(journey: Journey, kind: str, x: float, y: float, name: str = "") -> JourneyItem:
    """An item of `kind` centred on (x, y), snapped to the grid, in the lane under it."""
    if kind not in ITEM_KINDS:
        raise ModelError("journey.bad_kind", kind=kind, known=", ".join(ITEM_KINDS))
    w, h = DEFAULT_SIZES[kind]
    item = JourneyItem(kind, name, None, "", snap(x - w / 2), snap(y - h / 2), w, h)
    if kind == "emotion":
        stage = stage_at(journey, x)
        item.props["value"] = round(emotion_value(journey, y), 3)
        return replace(item, stage=stage)
    return _placed(journey, item, item.x, item.y)


def add_items(journey: Journey, items: Iterable[JourneyItem]) -> Edit:
    """Append items; an emotion point on a lane that has one already replaces that point's value."""
    inserts: list[tuple[int, JourneyItem]] = []
    sets: list[tuple[int, JourneyItem]] = []
    for item in items:
        existing = next((i for i, old in enumerate(journey.items) if item.kind == "emotion"
                         and old.kind == "emotion" and old.stage == item.stage), None)
        if existing is not None:
            sets.append((existing, replace(journey.items[existing], props=dict(item.props))))
        else:
            inserts.append((len(journey.items) + len(inserts), item))
    return Batch((SetItems(tuple(sets)), InsertItems(tuple(inserts))))


def remove_items(indices: Iterable[int]) -> Edit:
    """The edit removing these items (duplicates ignored); its inverse puts them back at their indices."""
    return RemoveItems(tuple(sorted(set(indices))))


def align_items(journey: Journey, indices: Sequence[int], how: str) -> Edit:
    """Line items up on the first one's left/right/top/bottom edge or centre ('left', 'hcenter', ...)."""
    chosen = [journey.items[i] for i in indices]
    if len(chosen) < 2:
        return SetItems(())
    lefts, tops = [i.x for i in chosen], [i.y for i in chosen]
    rights, bottoms = [i.x + i.w for i in chosen], [i.y + i.h for i in chosen]
    target = {"left": min(lefts), "right": max(rights), "top": min(tops), "bottom": max(bottoms),
              "hcenter": (min(lefts) + max(rights)) / 2, "vcenter": (min(tops) + max(bottoms)) / 2}[how]
    positions = {}
    for index, item in zip(indices, chosen):
        x, y = item.x, item.y
        if how == "left":
            x = target
        elif how == "right":
            x = target - item.w
        elif how == "hcenter":
            x = target - item.w / 2
        elif how == "top":
            y = target
        elif how == "bottom":
            y = target - item.h
        else:
            y = target - item.h / 2
        positions[index] = (x, y)
    return move_items(journey, positions)


def _lane_shift(journey: Journey, new_stages: Sequence[Stage], order: Sequence[int | None]) -> Edit:
    """New stages, with each lane's items moved along with their lane.

    `order[new_index]` is the old index of the stage now at `new_index` (None for a new
    stage). Items of a removed stage become free; free items stay where they are.
    """
    old_edges = lane_edges(journey)
    new_journey = Journey(journey.name, stages=list(new_stages))
    new_edges = lane_edges(new_journey)
    new_of_old = {old: new for new, old in enumerate(order) if old is not None}
    changes = []
    for index, item in enumerate(journey.items):
        if item.stage is None:
            continue
        new_stage = new_of_old.get(item.stage)
        if new_stage is None:
            changes.append((index, replace(item, stage=None)))
            continue
        dx = new_edges[new_stage][0] - old_edges[item.stage][0]
        if new_stage != item.stage or dx:
            changes.append((index, replace(item, stage=new_stage, x=item.x + dx)))
    return Batch((SetStages(tuple(new_stages)), SetItems(tuple(changes))))


def add_stage(journey: Journey, name: str, at: int | None = None) -> Edit:
    """The edit inserting an empty lane at `at` (default: last); the lanes after it move right with their cards."""
    at = len(journey.stages) if at is None else at
    stages: list[Stage] = list(journey.stages)
    order: list[int | None] = list(range(len(stages)))
    stages.insert(at, Stage(name))
    order.insert(at, None)
    return _lane_shift(journey, stages, order)


def rename_stage(journey: Journey, index: int, name: str) -> Edit:
    """The edit renaming one lane; its cards stay where they are."""
    stages = list(journey.stages)
    stages[index] = replace(stages[index], name=name)
    return SetStages(tuple(stages))


def move_stage(journey: Journey, index: int, to: int) -> Edit:
    """The edit moving a lane to position `to`: its cards travel with it, and the lanes in between shift with theirs."""
    order: list[int | None] = list(range(len(journey.stages)))
    order.insert(to, order.pop(index))
    return _lane_shift(journey, [journey.stages[i] for i in order if i is not None], order)


def resize_stage(journey: Journey, index: int, width: float) -> Edit:
    """The edit setting a lane's width (snapped to the grid, at least MIN_STAGE_WIDTH); the lanes to its right shift
    with their cards."""
    stages = list(journey.stages)
    stages[index] = replace(stages[index], width=max(MIN_STAGE_WIDTH, snap(width)))
    return _lane_shift(journey, stages, list(range(len(stages))))


def remove_stage(journey: Journey, index: int) -> Edit:
    """Remove a stage and its emotion point; its cards stay on the map, no longer in a lane."""
    if len(journey.stages) <= 1:
        raise ModelError("journey.last_stage")
    stages = [s for i, s in enumerate(journey.stages) if i != index]
    order: list[int | None] = [i for i in range(len(journey.stages)) if i != index]
    emotion = [i for i, item in enumerate(journey.items) if item.kind == "emotion" and item.stage == index]
    return Batch((_lane_shift(journey, stages, order), RemoveItems(tuple(emotion))))


def set_settings(journey: Journey, **changes: Any) -> Edit:
    """The edit changing some map settings (thresholds, emotion source, period) and keeping the others."""
    return SetSettings({**journey.settings, **changes})

