"""A phone walking the survey server's form over real HTTP, for the collect tests and benchmarks/serve.py.

It reads each page as a browser would (the form's hidden fields, the questions shown), answers what is
shown with `answer`, and posts the screen with its Next button, until the thank-you page or a refusal.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
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


# -- many phones at once (the kill test and benchmarks/serve.py) -------------------------------------


def final_post(reader: PageReader, last_screen: int, answers: dict[str, object], sid: str,
               last_fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The post a phone sends from the survey's last screen: all answers so far in the form's state, the
    last screen's own fields, its Next button."""
    state = json.dumps({"answers": answers, "trail": [0, last_screen]}, ensure_ascii=False)
    kept = [(k, v) for k, v in reader.hidden.items() if k not in ("sid", "state")]
    return kept + [("sid", sid), ("state", state), *last_fields, ("go", "next")]


@dataclass
class Load:
    """What many phones saw: ids acknowledged, request times, failures (refusals or lost connections)."""

    acknowledged: set[str] = field(default_factory=set)
    timings: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0
    resent: int = 0


def loopback_address(n: int) -> str:
    """A loopback address of its own for phone `n` (Linux routes all of 127.0.0.0/8 to lo): the server's
    per-client limits then see many phones, as on a shop's Wi-Fi, not one flooding client."""
    return f"127.{1 + n // 65_025 % 254}.{1 + n // 255 % 255}.{1 + n % 254}"


async def one_phone(link: str, n: int, last_screen: int, answers: dict[str, object],
                    last_fields: list[tuple[str, str]], load: Load, resend: int, think: float = 0.0) -> None:
    """Open the form, take `think` seconds to answer, send the last screen (all answers), resend it
    `resend` more times."""
    connector = aiohttp.TCPConnector(local_addr=(loopback_address(n), 0))
    timeout = aiohttp.ClientTimeout(total=30)
    walk = Walk()
    try:
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            reader = PageReader(await _request(session, walk, "GET", link))
            body = final_post(reader, last_screen, answers, walk.sid, last_fields)
            await asyncio.sleep(think)
            for attempt in range(1 + resend):
                done = PageReader(await _request(session, walk, "POST", link.split("?")[0] + "page", body))
                if done.submitted != walk.sid:
                    load.failures += 1
                    break
                load.acknowledged.add(walk.sid)
                load.resent += attempt > 0
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        load.failures += 1
    finally:
        load.timings += walk.timings
        for status in walk.statuses:
            load.statuses[status] = load.statuses.get(status, 0) + 1


async def many_phones(link: str, total: int, concurrency: int, last_screen: int,
                      answers: Callable[[int], tuple[dict[str, object], list[tuple[str, str]]]],
                      resend_every: int = 10, load: Load | None = None, think: float = 0.0) -> Load:
    """`total` phones, `concurrency` at a time, each taking about `think` seconds between opening the
    form and sending it; every `resend_every`-th resends its last post twice."""
    load = load or Load()
    queue_: asyncio.Queue[int] = asyncio.Queue()
    for n in range(total):
        queue_.put_nowait(n)

    async def respondent() -> None:
        while not queue_.empty():
            n = queue_.get_nowait()
            given, last_fields = answers(n)
            await one_phone(link, n, last_screen, given, last_fields, load, 2 if n % resend_every == 0 else 0,
                            think * random.Random(-n).uniform(0.5, 1.5))

    await asyncio.gather(*(respondent() for _ in range(concurrency)))
    return load


def demo_answers(n: int) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """A plausible answer set of the demo survey for phone `n` (every 3rd a detractor, who is asked
    what to improve when the survey asks only detractors), and the last screen's field."""
    rng = random.Random(n)
    nps = rng.choice([2, 5, 8, 9, 10])
    given: dict[str, object] = {"region": rng.randint(1, 7), "store": rng.randint(1, 20), "channel": rng.randint(1, 4),
                                "visit_date": "2026-11-30", "nps": nps, "csat": rng.randint(1, 5),
                                "like_text": rng.choice(["店员很热情", "环境干净", ""]) or None}
    if nps <= 6:
        given["improve_text"] = rng.choice(["排队太久了", "价格偏高"])
    return given, [("other_text", rng.choice(["", "谢谢", "no"]))]


def start_server(study: Path, events: Path, survey: str) -> tuple[subprocess.Popen[bytes], str]:
    """`xmdesk serve` in a child process; its JSON lines go to a file (a pipe left unread would block it)."""
    child = subprocess.Popen([sys.executable, "-m", "xmdesk", "serve", str(study), "--survey", survey,
                              "--port", "0"], stdout=events.open("wb"), stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for line in events.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            if event["event"] == "listening":
                return child, str(event["url"])
        if child.poll() is not None:
            raise RuntimeError(f"the server exited with {child.returncode}")
        time.sleep(0.1)
    child.kill()
    raise RuntimeError("the server did not start within 60 s")
