"""A phone walking the survey server's form over real HTTP, for the collect tests and benchmarks/serve.py.

It reads each page as a browser would (the form's hidden fields, the questions shown), answers what is
shown with `answer`, and posts the screen with its Next button, until the thank-you page or a refusal.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import aiohttp


class PageReader(HTMLParser):
    """The hidden fields, the questions (fieldset ids) and each question's inputs of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.inputs: dict[str, list[tuple[str, str]]] = {}
        self.questions: list[str] = []
        self.errors = 0
        self.submitted = ""
        self._in_error = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "fieldset" and a.get("id", "").startswith("q-"):
            self.questions.append(a["id"][2:])
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden[a["name"]] = a.get("value", "")
        elif tag in ("input", "textarea", "select"):
            self.inputs.setdefault(a["name"], []).append((a.get("type", tag), a.get("value", "")))
        elif tag == "option" and a.get("value") and self.inputs:
            name = list(self.inputs)[-1]
            self.inputs[name].append(("option", a["value"]))
        elif tag == "p" and a.get("class") == "error":
            self.errors += 1
        elif "data-submitted" in a:
            self.submitted = a["data-submitted"]


def typical_answer(name: str, kind: str, values: list[str], rng: random.Random) -> list[str]:
    """Something a customer might give for one input of the demo survey."""
    if kind in ("radio", "select", "option"):
        return [rng.choice(values)]
    if kind == "checkbox":
        return [rng.choice(values)]
    if kind == "date":
        return ["2026-11-30"]
    if kind == "textarea":
        return [rng.choice(["店员很热情", "排队太久了", "Good prices", ""])]
    return [str(rng.randint(20, 900))]


def screen_answers(reader: PageReader, rng: random.Random,
                   choose: Callable[[str, str, list[str], random.Random], list[str]] = typical_answer
                   ) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    for name, inputs in reader.inputs.items():
        kinds = [k for k, _ in inputs if k != "option"] or ["option"]
        values = [v for k, v in inputs if k in ("radio", "checkbox", "option") and v]
        fields += [(name, v) for v in choose(name, kinds[-1] if kinds[-1] != "select" else "select", values, rng)]
    return fields


@dataclass
class Walk:
    """One respondent's walk: how each request went, and the id the server acknowledged (if any)."""

    sid: str = field(default_factory=lambda: uuid.uuid4().hex)
    timings: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    acknowledged: str = ""
    validation_messages: int = 0


async def _request(session: aiohttp.ClientSession, walk: Walk, method: str, url: str,
                   data: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None) -> str:
    started = time.perf_counter()
    async with session.request(method, url, data=data, headers=headers) as response:
        text = await response.text()
        walk.statuses.append(response.status)
    walk.timings.append(time.perf_counter() - started)
    return text


async def walk_survey(session: aiohttp.ClientSession, link: str, seed: int, resubmit: int = 0,
                      lang: str = "zh-CN", walk: Walk | None = None) -> Walk:
    """Fill the survey at `link` to the end; `resubmit` more times the last post (a phone that did
    not see the answer and sent again). Stops at a refusal page."""
    rng = random.Random(seed)
    walk = walk or Walk()
    headers = {"Accept-Language": lang}
    page_url = link.split("?")[0] + "page"
    reader = PageReader(await _request(session, walk, "GET", link, headers=headers))
    for _ in range(60):
        if not reader.hidden:
            return walk
        fields = [(k, v) for k, v in reader.hidden.items() if k != "sid"] + [("sid", walk.sid)]
        body = fields + screen_answers(reader, rng) + [("go", "next")]
        text = await _request(session, walk, "POST", page_url, body, headers)
        reader = PageReader(text)
        walk.validation_messages += reader.errors
        if reader.submitted:
            for _ in range(resubmit):
                again = PageReader(await _request(session, walk, "POST", page_url, body, headers))
                assert again.submitted == reader.submitted, "a resubmission was not acknowledged"
            walk.acknowledged = reader.submitted
            return walk
    return walk
