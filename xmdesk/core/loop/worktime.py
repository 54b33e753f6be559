"""Working time of a study: the days and hours its departments work, and its holidays.

A case opened on Friday evening with a 24-hour SLA is not due on Saturday evening:
service-level times count working hours only. The calendar is the study's own
(stored as JSON in `study_meta`), because a bank's call centre and a chain of
stores keep different hours. Chinese calendars need both holidays (国庆) and the
make-up working days on a weekend (调休), so both lists exist.

Times in the study file are UTC; the calendar says which UTC offset its hours are in
(+08:00 by default), so a laptop in another time zone computes the same due time.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study

META_KEY = "loop.worktime"
# Guards the walk over days: an SLA of more than ten years of working time is a typo.
MAX_DAYS = 3660


def _parse_time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ModelError("loop.bad_worktime", detail=text) from None


@dataclass(frozen=True)
class WorkCalendar:
    """Working weekdays (0 = Monday), daily working periods ("09:00"-"12:00", ...), holidays, make-up days."""

    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    periods: tuple[tuple[str, str], ...] = (("09:00", "12:00"), ("13:00", "18:00"))
    holidays: tuple[str, ...] = ()
    workdays: tuple[str, ...] = ()
    """Make-up working days (调休) that fall on a weekend, as ISO dates."""
    utc_offset_minutes: int = 8 * 60
    _spans: tuple[tuple[time, time], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        spans = tuple(sorted((_parse_time(a), _parse_time(b)) for a, b in self.periods))
        if not spans or any(start >= end for start, end in spans) or any(
                spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
            raise ModelError("loop.bad_worktime", detail=", ".join(f"{a}-{b}" for a, b in self.periods))
        if not set(self.weekdays) <= set(range(7)):
            raise ModelError("loop.bad_worktime", detail=str(self.weekdays))
        for day in (*self.holidays, *self.workdays):
            try:
                date.fromisoformat(day)
            except ValueError:
                raise ModelError("loop.bad_worktime", detail=day) from None
        object.__setattr__(self, "_spans", spans)

    @property
    def zone(self) -> timezone:
        """The UTC offset the calendar's hours are in, fixed (no daylight saving), so every laptop agrees."""
        return timezone(timedelta(minutes=self.utc_offset_minutes))

    def is_working_day(self, day: date) -> bool:
        """A working weekday that is not a holiday, or a make-up working day (调休) whatever
        its weekday."""
        iso = day.isoformat()
        if iso in self.workdays:
            return True
        return day.weekday() in self.weekdays and iso not in self.holidays

    def _periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        return [(datetime.combine(day, start, self.zone), datetime.combine(day, end, self.zone))
                for start, end in self._spans]

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of working time after `start` (a timezone-aware datetime), in UTC."""
        remaining = timedelta(hours=hours)
        moment = start.astimezone(self.zone)
        day = moment.date()
        for _ in range(MAX_DAYS):
            for begin, end in self._periods_on(day):
                if end <= moment:
                    continue
                begin = max(begin, moment)
                if remaining <= end - begin:
                    return (begin + remaining).astimezone(timezone.utc)
                remaining -= end - begin
            day += timedelta(days=1)
        raise ModelError("loop.bad_worktime", detail=f"{hours} h")

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours from `start` to `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.working_hours_between(end, start)
        first, last = start.astimezone(self.zone), end.astimezone(self.zone)
        total = timedelta()
        day = first.date()
        while day <= last.date():
            for begin, finish in self._periods_on(day):
                overlap = min(finish, last) - max(begin, first)
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total.total_seconds() / 3600

    def to_json(self) -> str:
        """The calendar as stored in `study_meta` (human-readable, Chinese kept as it is)."""
        data = asdict(self)
        data.pop("_spans")
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> WorkCalendar:
        """Read a stored calendar; missing keys take defaults, and bad times or dates raise
        ModelError as they would when typed."""
        data = json.loads(text)
        return cls(weekdays=tuple(data.get("weekdays", (0, 1, 2, 3, 4))),
                   periods=tuple(tuple(p) for p in data.get("periods", (("09:00", "18:00"),))),
                   holidays=tuple(data.get("holidays", ())), workdays=tuple(data.get("workdays", ())),
                   utc_offset_minutes=int(data.get("utc_offset_minutes", 480)))


def load_calendar(study: Study) -> WorkCalendar:
    """The study's calendar, or the default (Monday-Friday 9-12 and 13-18, UTC+8, no holidays)."""
    stored = study.meta(META_KEY)
    return WorkCalendar.from_json(stored) if stored else WorkCalendar()


def save_calendar(study: Study, calendar: WorkCalendar) -> None:
    """Store the study's calendar; due times of cases already open are not recomputed."""
    study.set_meta(META_KEY, calendar.to_json())


def parse_utc(stamp: str) -> datetime:
    """A stored ISO timestamp as an aware datetime (naive ones are taken as UTC)."""
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def due_at(calendar: WorkCalendar, opened: datetime, sla_hours: float) -> str:
    """The due time of a case opened at `opened` with an SLA in working hours, as stored (UTC ISO)."""
    return calendar.add_working_hours(opened, sla_hours).isoformat(timespec="seconds")

