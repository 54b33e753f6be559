"""Dashboards saved in the study: named lists of tiles, each tile an analysis request and its size.

A tile stores the request, never numbers: opening the dashboard runs each request on the
study's current data, so a dashboard is never stale. The order of the tiles is the order
the Charts area lays them out in (left to right, top to bottom); `span` is 1 (half the
width) or 2 (the full width).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study, now_iso
from xmdesk.core.survey.model import Survey

DEFAULT_NAME = "总览"


@dataclass(frozen=True)
class Tile:
    request: Request
    span: int = 1

    def to_dict(self) -> dict[str, Any]:
        """The tile as the dashboard's JSON stores it: the request (never its numbers) and its width."""
        return {"request": self.request.to_dict(), "span": self.span}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tile:
        """A stored tile; a span other than 2 reads as 1 (half width), so a bad value still lays out. A missing key
        raises KeyError, which `load_dashboard` turns into a message naming the dashboard."""
        return cls(Request.from_dict(data["request"]), 2 if data.get("span") == 2 else 1)


@dataclass
class Dashboard:
    name: str
    tiles: list[Tile] = field(default_factory=list)

    def moved(self, index: int, step: int) -> Dashboard:
        """The dashboard with tile `index` moved `step` places (clamped at the ends)."""
        tiles = list(self.tiles)
        target = max(0, min(len(tiles) - 1, index + step))
        tiles.insert(target, tiles.pop(index))
        return Dashboard(self.name, tiles)


def dashboard_names(study: Study) -> list[str]:
    """The study's dashboards in the order the Charts area lists them (position, then the order made)."""
    return [row[0] for row in study.conn.execute("SELECT name FROM dashboards ORDER BY position, id")]


def load_dashboard(study: Study, name: str) -> Dashboard:
    """The dashboard of that name; an unknown name lists the known ones, and a damaged tile list is a ModelError
    naming the dashboard rather than a crash."""
    row = study.conn.execute("SELECT tiles FROM dashboards WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise ModelError("analysis.unknown_dashboard", name=name, known=", ".join(dashboard_names(study)) or "-")
    try:
        return Dashboard(name, [Tile.from_dict(t) for t in json.loads(row[0])])
    except (ValueError, KeyError, TypeError) as error:
        raise ModelError("analysis.bad_dashboard", name=name, reason=str(error)) from error


def save_dashboard(study: Study, dashboard: Dashboard) -> None:
    """Insert or replace the dashboard of this name, in one transaction."""
    if not dashboard.name.strip():
        raise ModelError("analysis.dashboard_name")
    now = now_iso()
    tiles = json.dumps([t.to_dict() for t in dashboard.tiles], ensure_ascii=False)
    with study.transaction(Changes.of("dashboards")) as conn:
        conn.execute("INSERT INTO dashboards (name, tiles, created_at, updated_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT(name) DO UPDATE SET tiles = excluded.tiles, updated_at = excluded.updated_at",
                     (dashboard.name, tiles, now, now))


def delete_dashboard(study: Study, name: str) -> None:
    """Delete the dashboard of that name in one transaction; a name already gone is no error."""
    with study.transaction(Changes.of("dashboards")) as conn:
        conn.execute("DELETE FROM dashboards WHERE name = ?", (name,))


def install_demo_dashboard(study: Study, survey: Survey) -> None:
    """The demo study opens with a dashboard that shows every kind of chart on its data."""
    query = Query(survey.code)

    def tile(metric: str, question: str, by: str | None = None, span: int = 1, **extra: Any) -> Tile:
        return Tile(Request(metric, question, query, by=by, **extra), span)

    save_dashboard(study, Dashboard(DEFAULT_NAME, [
        tile("nps", "nps", "region", span=2),
        tile("trend", "nps", period="month"),
        tile("csat", "csat", "channel"),
        tile("drivers", "nps", "attr", chart="ipa", span=2),
        tile("freq", "categories"),
        tile("crosstab", "csat", "channel"),
    ]))
