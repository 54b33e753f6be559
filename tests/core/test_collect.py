"""The survey server's core (issue 22): screens and skip logic from the core's rules, signed links,
idempotent submissions through entry's arrival path, and the server's refusals, over real HTTP on
loopback against a real study file."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.collect_client import PageReader, walk_survey
from xmdesk.core import messages
from xmdesk.core.survey import edits as designer
from xmdesk.core.loop.alerts import install_default_rules
from xmdesk.core.collect import links, store
from xmdesk.core.collect.flow import Flow
from xmdesk.core.collect.http import CollectServer, Limits
from xmdesk.core.demo import demo_survey
from xmdesk.core.fieldwork.entry import EntryInvalid
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, create_survey, load_survey
from tests.messages import raises_message

CODE = "retail_cx"


def demo_with_logic(study: Study) -> Survey:
    """The demo survey, with the skip logic a designer would add: only detractors are asked what to improve."""
    demo = demo_survey()
    survey = create_survey(study, CODE, title_en=demo.title_en, title_zh=demo.title_zh, questions=demo.questions)
    designer.apply(study, survey, designer.set_props(survey.question("improve_text"), relevant="${nps} <= 6"))
    return load_survey(study, CODE)


@pytest.fixture
def survey(study: Study) -> Survey:
    return demo_with_logic(study)


def stored(study: Study) -> list[tuple[str, str, int | None, str | None]]:
    return study.conn.execute(f"SELECT uuid, source, nps, improve_text FROM responses_{CODE} ORDER BY id").fetchall()


# -- screens and rules ---------------------------------------------------------------------------


def test_skip_logic_between_screens_is_the_core_rule(survey: Survey) -> None:
    flow = Flow(survey)
    improve = next(s for s in flow.screens if s.questions[0].code == "improve_text")
    assert flow.visible(improve, {"nps": 3}) == [survey.question("improve_text")]
    assert flow.visible(improve, {"nps": 9}) == []
    like = next(s for s in flow.screens if s.questions[0].code == "like_text")
    assert flow.next_screen({"nps": 9}, like.index).questions[0].code == "other_text"  # type: ignore[union-attr]


def test_a_screen_problem_is_said_in_the_phone_language(survey: Survey) -> None:
    flow = Flow(survey)
    spend = next(s for s in flow.screens if s.questions[0].code == "spend")
    with messages.speaking("zh"):
        assert flow.problems(spend, {"spend": -5.0}) == {"spend": "允许的最小值为 0。"}
    assert flow.problems(spend, {"spend": -5.0}) == {"spend": "The smallest allowed value is 0."}


def test_a_group_marked_page_is_one_screen(study: Study, survey: Survey) -> None:
    groups = [{"code": "profile", "label_en": "About you", "label_zh": "基本信息", "page": True}]
    designer.apply(study, survey, designer.update_survey(props={**survey.props, "groups": groups}))
    first = Flow(load_survey(study, CODE)).screens[0]
    assert [q.code for q in first.questions] == ["region", "store", "channel", "visit_date"]


# -- links ---------------------------------------------------------------------------------------


def test_a_store_link_is_signed_and_checked(study: Study, survey: Survey) -> None:
    keys = links.keys(study, CODE)
    assert links.keys(study, CODE) == keys  # kept in the study: posters outlive a restart
    query = dict(p.split("=") for p in links.signed_query(keys, survey, {"store": "sh_njl", "customer_id": "C7"}).split("&"))
    prefill = links.verified_prefill(keys, survey, query)
    assert prefill.answers == {"store": survey.question("store").choices[0].value} and prefill.customer_id == "C7"
    assert Flow(survey, prefill.questions).screens[1].questions[0].code == "channel"  # the store is not asked
    with raises_message(ModelError, "collect.bad_link"):
        links.verified_prefill(keys, survey, {**query, "store": "sh_xjh"})
    with raises_message(ModelError, "collect.not_hidden"):
        links.signed_query(keys, survey, {"nps": "10"})
    with raises_message(ModelError, "collect.bad_prefill", "nowhere"):
        links.signed_query(keys, survey, {"store": "nowhere"})


# -- submissions ---------------------------------------------------------------------------------


def answers(nps: int) -> dict[str, object]:
    return {"region": 1, "store": 1, "channel": 1, "visit_date": "2026-11-30", "nps": nps, "csat": 2,
            "improve_text": "排队太久了"}


def test_a_resent_submission_is_stored_once_as_web_and_alert_rules_follow(study: Study, survey: Survey) -> None:
    install_default_rules(study, CODE)
    rules = Flow(survey).rules
    sent = store.Submission("a" * 32, answers(2), links.Prefill({}, "C42"))
    first = store.commit(study, survey, [(sent, store.check(rules, sent))])
    store.settle(study)
    again = store.commit(study, survey, [(sent, store.check(rules, sent)), (sent, store.check(rules, sent))])
    assert [(r.created, r.response_id) for r in first + again] == [(True, 1), (False, 1), (False, 1)]
    assert stored(study) == [("a" * 32, "web", 2, "排队太久了")]
    assert study.conn.execute(f"SELECT customer_id FROM responses_{CODE}").fetchone() == ("C42",)
    assert study.conn.execute("SELECT COUNT(*) FROM cases WHERE response_uuid = ?", ("a" * 32,)).fetchone() == (1,)


def test_a_submission_breaking_the_rules_is_refused(survey: Survey) -> None:
    rules = Flow(survey).rules
    with pytest.raises(EntryInvalid):
        store.check(rules, store.Submission("b" * 32, {**answers(2), "nps": 11}))
    with pytest.raises(ModelError):
        store.check(rules, store.Submission("../../x", answers(2)))
    # a promoter's answer to the hidden question is dropped, as the entry form drops it
    promoter = store.Submission("c" * 32, answers(10))
    assert store.check(rules, promoter)["improve_text"] is None


# -- the server over HTTP --------------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CollectServer]:
    messages.set_language("en")
    with Study.create(tmp_path / "served.xmd") as study:
        demo_with_logic(study)
        served = CollectServer(study, CODE, limits=Limits(burst=40, rate=1.0))
        served.start()
        yield served
        served.stop()


async def _session_walk(link: str, seed: int, resubmit: int = 0) -> tuple[str, int]:
    async with aiohttp.ClientSession() as session:
        walk = await walk_survey(session, link, seed, resubmit=resubmit)
    return walk.acknowledged, len(walk.statuses)


def test_a_phone_walks_the_form_and_a_resend_is_acknowledged_once(server: CollectServer) -> None:
    acknowledged, _ = asyncio.run(_session_walk(server.link(), seed=1, resubmit=2))
    assert acknowledged
    assert [row[:2] for row in stored(server.study)] == [(acknowledged, "web")]
    assert (server.counts.submitted, server.counts.repeated) == (1, 2)


def _raw(server: CollectServer, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
         ) -> tuple[int, str]:
    import http.client

    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _first_page(server: CollectServer) -> PageReader:
    status, text = _raw(server, "GET", urlsplit(server.link()).path)
    assert status == 200
    return PageReader(text)


def _post_body(reader: PageReader, **extra: str) -> bytes:
    from urllib.parse import urlencode

    return urlencode({**reader.hidden, "region": "1", "go": "next", **extra}).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("path", ["/", "/s/", "/s/wrongtoken/", "/s/wrongtoken/page", "/favicon.ico"])
def test_without_the_token_nothing_is_served(server: CollectServer, path: str) -> None:
    status, text = _raw(server, "GET", path)
    assert status == 404 and "retail" not in text.lower() and "<a" not in text


@pytest.mark.parametrize("tail", ["../../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "..%2f..%2fserved.xmd",
                                  "form.css/../../served.xmd", "served.xmd", "static/"])
def test_path_traversal_is_refused(server: CollectServer, tail: str) -> None:
    status, text = _raw(server, "GET", urlsplit(server.link()).path + tail)
    assert status in (400, 404) and "SQLite" not in text and "root:" not in text


def test_an_oversize_body_is_refused_and_nothing_stored(server: CollectServer) -> None:
    reader = _first_page(server)
    status, _ = _raw(server, "POST", urlsplit(server.link()).path + "page",
                     _post_body(reader, other_text="x" * 200_000), FORM)
    assert status == 413 and stored(server.study) == []


def test_a_cross_site_post_or_a_forged_form_is_refused(server: CollectServer) -> None:
    reader = _first_page(server)
    page_path = urlsplit(server.link()).path + "page"
    status, _ = _raw(server, "POST", page_path, _post_body(reader), {**FORM, "Origin": "http://evil.example"})
    assert status == 403
    status, _ = _raw(server, "POST", page_path, _post_body(reader), {**FORM, "Sec-Fetch-Site": "cross-site"})
    assert status == 403
    status, _ = _raw(server, "POST", page_path, _post_body(reader, csrf="0" * 24), FORM)
    assert status == 403
    status, text = _raw(server, "POST", page_path, _post_body(reader), FORM)
    assert status == 200 and 'id="q-store"' in text  # the same post from the form itself goes on
    assert stored(server.study) == []


def test_a_flood_from_one_client_is_slowed_down(server: CollectServer) -> None:
    statuses = [_raw(server, "GET", urlsplit(server.link()).path + "form.css")[0] for _ in range(60)]
    assert statuses[:40] == [200] * 40 and 429 in statuses[40:]
    assert stored(server.study) == []


def test_too_many_forms_at_once_are_asked_to_wait(tmp_path: Path) -> None:
    with Study.create(tmp_path / "busy.xmd") as study:
        demo_with_logic(study)
        busy = CollectServer(study, CODE, limits=Limits(max_open_forms=2))
        busy.start()
        try:
            statuses = [_raw(busy, "GET", urlsplit(busy.link()).path)[0] for _ in range(3)]
        finally:
            busy.stop()
    assert statuses == [200, 200, 503] and busy.counts.in_progress == 2


def test_a_changed_store_link_is_refused(server: CollectServer) -> None:
    link = urlsplit(server.link({"store": "sh_njl"}))
    assert _raw(server, "GET", f"{link.path}?{link.query}")[0] == 200
    status, text = _raw(server, "GET", f"{link.path}?{link.query.replace('sh_njl', 'bj_wfj')}")
    assert status == 400 and "changed" in text


def test_pages_are_not_kept_or_framed_and_name_no_referrer(server: CollectServer) -> None:
    import urllib.request

    with urllib.request.urlopen(server.link(), timeout=10) as page:
        headers = page.headers
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY" and "default-src 'none'" in headers["Content-Security-Policy"]
    with urllib.request.urlopen(server.link() + "form.css", timeout=10) as css:
        assert css.headers["Cache-Control"] == "max-age=86400"  # the form's own files may be kept
