"""The survey server: aiohttp on one interface, the survey's pages and one submission endpoint.

Routes, all under the survey's unguessable token: `GET /s/TOKEN/` (a new form; a link's signed
pre-filled fields ride along), `POST /s/TOKEN/page` (one screen's answers: checked by the core,
then the next screen, or the response committed and a thank-you), and the form's two static files.
Anything else is a bare 404: no listing, no other file, nothing of the study is ever served.

Limits: a body above `Limits.max_body` is refused before it is read, each client address has a
token bucket of requests, at most `Limits.max_open_forms` forms are in progress, a POST must carry
the form's own token (signed with the survey's secret) and come from this site (Origin and
Sec-Fetch-Site), every answer is sent with `no-store`, `no-referrer` (the token stays off other
sites' logs) and a CSP allowing only this server's files.

Threads: the event loop runs on its own thread (`start`/`stop`, what the app's Collect panel uses)
or the caller's (`serve_forever`, the CLI). Commits happen on one writer thread, which takes all
submissions queued while it was busy as one transaction and answers each phone after the commit.
The server owns the `Study` it is given for writing: the app opens one for it (window=False).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import queue
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from xmdesk.core import messages
from xmdesk.core.fieldwork.entry import EntryInvalid
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.study.resources import resources_dir
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, load_survey

from . import links, page, store
from .flow import Flow, Screen, read_screen

STATIC = {"form.css": "text/css", "form.js": "text/javascript"}

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self';"
                               " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


@dataclass(frozen=True)
class Limits:
    max_body: int = 64 * 1024
    """Bytes of one request: a whole survey's answers are a few kB."""
    rate: float = 5.0
    """Requests per second one client address earns…"""
    burst: int = 60
    """…and may spend at once (a phone walking the survey quickly makes one request per screen)."""
    max_open_forms: int = 500
    idle_seconds: float = 1800.0
    """A form not touched for this long no longer counts as in progress."""
    form_hours: float = 12.0
    """A form token older than this is refused (a page left open overnight starts again)."""


@dataclass
class Counts:
    """Live figures for the panel and the CLI: forms started, in progress, responses stored."""

    visitors: int = 0
    in_progress: int = 0
    submitted: int = 0
    repeated: int = 0
    refused: int = 0


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class _Work:
    submission: store.Submission
    values: Mapping[str, Any]
    done: Future[store.Receipt] = field(default_factory=Future)


class Writer:
    """The one thread that writes: everything queued while a commit ran goes in the next one; alert
    rules run when the queue is empty."""

    def __init__(self, study: Study, survey: Survey, batch: int = 500,
                 on_commit: Callable[[list[store.Receipt]], None] | None = None) -> None:
        self.study, self.survey, self.batch = study, survey, batch
        self.on_commit = on_commit
        self._queue: queue.Queue[_Work | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="collect-writer", daemon=True)
        self._thread.start()

    def put(self, submission: store.Submission, values: Mapping[str, Any]) -> Future[store.Receipt]:
        """Queue one submission for the writer thread and return at once; the future gives its receipt once the batch
        holding it is committed (or the error that failed the batch: the phone keeps its copy and resends)."""
        work = _Work(submission, values)
        self._queue.put(work)
        return work.done

    def stop(self) -> None:
        """Commit what is queued, then end the thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            works = [first]
            stopping = False
            while len(works) < self.batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                works.append(more)
            self._commit(works)
            if stopping or self._queue.empty():
                store.settle(self.study)
            if stopping:
                return

    def _commit(self, works: list[_Work]) -> None:
        try:
            receipts = store.commit(self.study, self.survey, [(w.submission, w.values) for w in works])
        except Exception as error:  # noqa: BLE001 - each phone is told and keeps its copy to resend
            for work in works:
                work.done.set_exception(error)
            return
        for work, receipt in zip(works, receipts):
            work.done.set_result(receipt)
        if self.on_commit is not None:
            self.on_commit(receipts)


class CollectServer:
    """Serves one survey of an open study on `host:port` (port 0: any free one)."""

    def __init__(self, study: Study, survey_code: str, host: str = "127.0.0.1", port: int = 0,
                 limits: Limits | None = None, on_event: Callable[[dict[str, Any]], None] | None = None) -> None:
        study.require_writable()
        self.study, self.host, self.port = study, host, port
        self.survey = load_survey(study, survey_code)
        self.keys = links.keys(study, survey_code)
        self.limits = limits or Limits()
        self.counts = Counts()
        self.on_event = on_event
        self._open_forms: dict[str, float] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._flows: dict[tuple[str, ...], Flow] = {}
        self._static = {name: (resources_dir() / "collect" / name).read_bytes() for name in STATIC}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._writer: Writer | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The address phones open, an IPv6 host in brackets as a URL requires."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def link(self, params: Mapping[str, str] | None = None) -> str:
        """The survey's link on this server, pre-filled and signed with `params` when given (see `links.link`)."""
        return links.link(self.keys, self.survey, self.base_url, params)

    def start(self) -> str:
        """Serve on a thread of its own; returns once listening (the address), or raises why not."""
        ready: Future[None] = Future()
        self._thread = threading.Thread(target=self._run_loop, args=(ready,), name="collect-server", daemon=True)
        self._thread.start()
        ready.result()
        return self.link()

    def stop(self) -> None:
        """Stop answering, commit what was acknowledged-in-waiting, end both threads."""
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def serve_forever(self, ready: Callable[[str], None] | None = None) -> None:
        """Serve in the caller's thread until `stop` (from another thread) or Ctrl+C."""
        started: Future[None] = Future()
        if ready is not None:
            started.add_done_callback(lambda f: f.exception() or ready(self.link()))
        self._run_loop(started)
        failed = started.exception() if started.done() else None
        if failed is not None:  # kept in the future by _run_loop: unsaid, the command stopped with exit 0
            raise ModelError("collect.cannot_listen", address=f"{self.host}:{self.port}",
                             reason=(getattr(failed, "strerror", None) or str(failed)).rstrip(".")) from failed

    def _run_loop(self, ready: Future[None]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve(ready))
        except BaseException as error:
            if not ready.done():
                ready.set_exception(error)
            elif not isinstance(error, KeyboardInterrupt):
                raise
        finally:
            loop.close()

    async def _serve(self, ready: Future[None]) -> None:
        self._stopping = asyncio.Event()
        self._writer = Writer(self.study, self.survey, on_commit=self._committed)
        app = web.Application(client_max_size=self.limits.max_body, middlewares=[self._guard])
        token = "/s/{token}/"
        app.router.add_get(token, self._start_form)
        app.router.add_post(token + "page", self._page)
        app.router.add_get(token + "{name:form\\.(css|js)}", self._file)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, backlog=1024)
            await site.start()
            server = getattr(site, "_server", None)
            if self.port == 0 and server is not None and server.sockets:
                self.port = int(server.sockets[0].getsockname()[1])
            self._event("listening", url=self.link())
            ready.set_result(None)
            await self._stopping.wait()
        finally:
            await runner.cleanup()
            self._writer.stop()
            self._event("stopped", **self.counts.__dict__)

    def _event(self, name: str, **values: Any) -> None:
        if self.on_event is not None:
            self.on_event({"event": name, **values})

    def _committed(self, receipts: list[store.Receipt]) -> None:
        for receipt in receipts:
            if receipt.created:
                self.counts.submitted += 1
                self._event("submitted", uuid=receipt.uuid, id=receipt.response_id)
            else:
                self.counts.repeated += 1

    # -- guards ----------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Any]) -> web.StreamResponse:
        lang = page.pick_language(request.headers.get("Accept-Language", ""))
        with messages.speaking(lang):
            response = await self._guarded(request, handler, lang)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    async def _guarded(self, request: web.Request, handler: Callable[[web.Request], Any],
                       lang: str) -> web.StreamResponse:
        if not self._spend(request.remote or ""):
            return self._refuse(lang, 429, "collect.too_fast")
        if (request.content_length or 0) > self.limits.max_body:
            return self._refuse(lang, 413, "collect.too_large")
        token = request.match_info.get("token", "")
        if not hmac.compare_digest(token.encode(), self.keys.token.encode()):
            self.counts.refused += 1
            return web.Response(status=404, text="404: Not Found")
        try:
            response: web.StreamResponse = await handler(request)
        except web.HTTPRequestEntityTooLarge:
            return self._refuse(lang, 413, "collect.too_large")
        return response

    def _spend(self, client: str) -> bool:
        """A token from the client's bucket, refilled at `rate` per second up to `burst`."""
        now = time.monotonic()
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) > 10_000:  # forget clients idle long enough to have a full bucket
                full = self.limits.burst / self.limits.rate
                self._buckets = {c: b for c, b in self._buckets.items() if now - b.at < full}
            bucket = self._buckets[client] = _Bucket(float(self.limits.burst), now)
        bucket.tokens = min(float(self.limits.burst), bucket.tokens + (now - bucket.at) * self.limits.rate)
        bucket.at = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def _refuse(self, lang: str, status: int, message_id: str, **values: Any) -> web.Response:
        self.counts.refused += 1
        return web.Response(status=status, text=page.refusal_page(lang, messages.text(message_id, **values)),
                            content_type="text/html", charset="utf-8")

    def _same_site(self, request: web.Request) -> bool:
        """A browser says where a POST comes from; a page of another site is refused (CSRF)."""
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return False
        origin = request.headers.get("Origin")
        return origin in (None, "null") or origin == f"{request.scheme}://{request.host}"

    def _form_token(self, form_id: str) -> str:
        return self.keys.sign(f"form:{form_id}")

    def _admit(self, form_id: str) -> bool:
        """Count the form as in progress; False when too many are (the phone is asked to retry)."""
        now = time.monotonic()
        if form_id not in self._open_forms and len(self._open_forms) >= self.limits.max_open_forms:
            idle = now - self.limits.idle_seconds
            self._open_forms = {f: at for f, at in self._open_forms.items() if at > idle}
            if len(self._open_forms) >= self.limits.max_open_forms:
                return False
        self._open_forms[form_id] = now
        self.counts.in_progress = len(self._open_forms)
        return True

    def _fresh(self, form_id: str) -> bool:
        issued = form_id.partition(".")[2]
        return issued.isdigit() and time.time() - int(issued) < self.limits.form_hours * 3600

    # -- pages -----------------------------------------------------------------------------

    async def _file(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        # Kept by the phone for a day: every screen links them, and a screen is one request, not three.
        return web.Response(body=self._static[name], content_type=STATIC[name], charset="utf-8",
                            headers={"Cache-Control": "max-age=86400"})

    def _flow(self, prefill: links.Prefill) -> Flow:
        key = tuple(sorted(prefill.questions))
        if key not in self._flows:
            self._flows[key] = Flow(self.survey, key)
        return self._flows[key]

    async def _start_form(self, request: web.Request) -> web.Response:
        lang = messages.language()
        try:
            prefill = links.verified_prefill(self.keys, self.survey, dict(request.query))
        except XMDeskError as error:
            return self._refuse(lang, 400, "collect.link_refused", detail=error.message(lang))
        form_id = f"{secrets.token_hex(12)}.{int(time.time())}"
        if not self._admit(form_id):
            return self._refuse(lang, 503, "collect.busy")
        self.counts.visitors += 1
        flow = self._flow(prefill)
        answers = dict(prefill.answers)
        screen = flow.next_screen(answers)
        if screen is None:
            return self._refuse(lang, 400, "collect.nothing_to_ask")
        return self._screen(flow, screen, answers, {}, form_id, "", [screen.index], request.query_string)

    async def _page(self, request: web.Request) -> web.Response:
        lang = messages.language()
        if not self._same_site(request):
            return self._refuse(lang, 403, "collect.cross_site")
        fields = await request.post()
        values: dict[str, list[str]] = {}
        for name, value in fields.items():
            if isinstance(value, str):
                values.setdefault(name, []).append(value)
        first = {name: v[0] for name, v in values.items()}
        form_id = first.get("fid", "")
        if not (form_id and hmac.compare_digest(self._form_token(form_id), first.get("csrf", ""))
                and self._fresh(form_id)):
            return self._refuse(lang, 403, "collect.stale_form")
        try:
            prefill = links.verified_prefill(self.keys, self.survey, _query(first.get("link", "")))
            state = json.loads(first.get("state", "{}"))
            answers, trail = dict(state["answers"]), [int(i) for i in state["trail"]]
        except (XMDeskError, ValueError, KeyError, TypeError):
            return self._refuse(lang, 400, "collect.stale_form")
        if not self._admit(form_id):
            return self._refuse(lang, 503, "collect.busy")
        flow = self._flow(prefill)
        screen = flow.screen(trail[-1]) if trail else None
        if screen is None:
            return self._refuse(lang, 400, "collect.stale_form")
        answers.update(read_screen(screen, values))
        answers.update(prefill.answers)
        sid = first.get("sid") or form_id.replace(".", "-")
        if first.get("go") == "back" and len(trail) > 1:
            back = flow.screen(trail[-2])
            assert back is not None
            return self._screen(flow, back, answers, {}, form_id, sid, trail[:-1], first.get("link", ""))
        problems = flow.problems(screen, answers)
        if problems:
            return self._screen(flow, screen, answers, problems, form_id, sid, trail, first.get("link", ""))
        following = flow.next_screen(answers, screen.index)
        if following is not None:
            return self._screen(flow, following, answers, {}, form_id, sid, [*trail, following.index],
                                first.get("link", ""))
        return await self._submit(flow, store.Submission(sid, answers, prefill), form_id, trail, first)

    async def _submit(self, flow: Flow, submission: store.Submission, form_id: str, trail: list[int],
                      first: Mapping[str, str]) -> web.Response:
        lang = messages.language()
        try:
            values = store.check(flow.rules, submission)
        except EntryInvalid as invalid:  # a tampered state: show the first screen with a problem
            for screen in flow.screens:
                if invalid.problems.keys() & {q.code for q in screen.questions}:
                    return self._screen(flow, screen, dict(submission.answers), invalid.problems, form_id,
                                        submission.uuid, [*trail, screen.index], first.get("link", ""))
            return self._refuse(lang, 400, "collect.stale_form")
        except XMDeskError as error:
            return self._refuse(lang, 400, "collect.link_refused", detail=error.message(lang))
        assert self._writer is not None
        try:
            await asyncio.wrap_future(self._writer.put(submission, values))
        except Exception:  # noqa: BLE001 - not stored: the phone keeps its copy and sends again
            return self._refuse(lang, 503, "collect.not_stored")
        self._open_forms.pop(form_id, None)
        self.counts.in_progress = len(self._open_forms)
        return _html(page.thanks_page(self.survey, lang, submission.uuid))

    def _screen(self, flow: Flow, screen: Screen, answers: Mapping[str, Any], problems: Mapping[str, str],
                form_id: str, sid: str, trail: list[int], link_query: str) -> web.Response:
        lang = messages.language()
        form = page.FormState(form_id, self._form_token(form_id), sid,
                              json.dumps({"answers": answers, "trail": trail}, ensure_ascii=False), link_query)
        progress = screen.index / max(1, len(flow.screens))
        html = page.screen_page(self.survey, lang, flow.visible(screen, answers), answers, problems, form,
                                progress, first=len(trail) == 1)
        return _html(html, status=422 if problems else 200)


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def _query(text: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(text, keep_blank_values=False))
