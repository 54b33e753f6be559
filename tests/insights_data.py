"""Studies for the insight finder, written through the core (create_survey, insert_rows, upsert_customers,
open_cases): known differences planted in them, or none at all.

Planted (each also a line of `PLANTED`, which the tests look for among the findings):
- region south: NPS lower (every south store equally, so the stores' own findings nest in the region's),
  and its comments mention 排队 (the queue) three times as often: the likely reason;
- channel app: CSAT higher;
- customer segment VIP (a fact of the customers table, joined on customer_id): NPS higher;
- age 55+: CSAT down in the last month against the month before;
- channel phone: cases opened four times as often.
With `planted=False` every answer is drawn independently of every segment and of the date: pure noise.
The benchmark uses `segments` (30 single-choice questions in all) and the same outcomes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from xmdesk.core import odata
from xmdesk.core.survey import responses
from xmdesk.core.loop.cases import NewCase, RuleRouting, open_cases
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, create_survey

SURVEY = "planted"
REGIONS = [("east", "华东", "East"), ("north", "华北", "North"), ("south", "华南", "South"), ("west", "西部", "West")]
STORES_PER_REGION = 3
CHANNELS = [("store", "门店", "In store"), ("app", "App", "App"), ("phone", "客服电话", "Hotline")]
AGES = [("a18", "18-24岁", "18-24"), ("a25", "25-34岁", "25-34"), ("a35", "35-44岁", "35-44"),
        ("a45", "45-54岁", "45-54"), ("a55", "55岁及以上", "55+")]
CUSTOMER_SEGMENTS = ["新客", "老客", "VIP"]
FIRST_DAY = date(2026, 9, 1)
DAYS = 61  # September and October
QUEUE = ["排队时间太长，等了很久", "收银台开得太少，排长队"]
OTHER = ["价格有点贵", "店员态度一般", "商品种类不多", "停车不方便", "环境还可以"]

PLANTED = [
    ("region", "south", "nps", "whole", -1),
    ("channel", "app", "csat", "whole", 1),
    ("customer.segment", "VIP", "nps", "whole", 1),
    ("age", "a55", "csat", "period", -1),
    ("channel", "phone", "cases", "whole", 1),
]
"""(segment, group, outcome, scope, direction) of each planted difference."""


def _choices(entries: list[tuple[str, str, str]]) -> list[Choice]:
    return [Choice(code, i + 1, en, zh) for i, (code, zh, en) in enumerate(entries)]


def stores() -> list[tuple[str, str, str]]:
    return [(f"{r}{k + 1}", f"{zh}{k + 1}号店", f"{en} store {k + 1}") for r, zh, en in REGIONS
            for k in range(STORES_PER_REGION)]


def noise_questions(count: int) -> list[Question]:
    """Single-choice questions no answer depends on (3 to 6 choices each)."""
    return [Question(f"q{i + 1:02d}", QuestionType.SINGLE, f"Profile {i + 1}", f"画像题 {i + 1}",
                     choices=[Choice(f"c{k + 1}", k + 1, f"Option {k + 1}", f"选项 {k + 1}") for k in range(3 + i % 4)])
            for i in range(count)]


def survey_questions(extra_segments: int) -> list[Question]:
    scale5 = {"points": 5}
    return [
        Question("region", QuestionType.SINGLE, "Region", "区域", choices=_choices(REGIONS)),
        Question("store", QuestionType.DROPDOWN, "Store", "门店", choices=_choices(stores())),
        Question("channel", QuestionType.SINGLE, "Channel", "渠道", choices=_choices(CHANNELS)),
        Question("age", QuestionType.SINGLE, "Age", "年龄", choices=_choices(AGES)),
        *noise_questions(extra_segments),
        Question("visit_date", QuestionType.DATE, "Date of visit", "到访日期"),
        Question("nps", QuestionType.NPS, "Likelihood to recommend", "推荐意愿"),
        Question("csat", QuestionType.RATING, "Overall satisfaction", "总体满意度", props=dict(scale5)),
        Question("improve", QuestionType.TEXT, "What should we improve?", "需要改进什么？"),
    ]


def write_study(path: Path, count: int = 6000, seed: int = 0, planted: bool = True,
                extra_segments: int = 4) -> Path:
    """A study of `count` responses with the planted differences (or none); returns its path."""
    rng = np.random.default_rng(seed)
    with Study.create(path) as study:
        survey = create_survey(study, SURVEY, "Planted differences", "植入差异", survey_questions(extra_segments))
        customers = max(1, count // 2)
        segment_of = rng.integers(0, len(CUSTOMER_SEGMENTS), customers)
        odata.upsert_customers(study, [(f"C{i:06d}", "", "", None, CUSTOMER_SEGMENTS[s], "", None, None)
                                       for i, s in enumerate(segment_of.tolist())])
        columns, rows, channel = _responses(rng, survey, count, customers, segment_of, planted, extra_segments)
        responses.insert_rows(study, survey, columns, rows)
        _cases(study, rng, channel, planted)
    return path


def _responses(rng: np.random.Generator, survey: Survey, count: int, customers: int, segment_of: np.ndarray,
               planted: bool, extra_segments: int) -> tuple[list[str], list[tuple[Any, ...]], np.ndarray]:
    store = rng.integers(0, len(REGIONS) * STORES_PER_REGION, count)
    region = store // STORES_PER_REGION
    channel = rng.choice(len(CHANNELS), count, p=[0.6, 0.25, 0.15])
    age = rng.integers(0, len(AGES), count)
    day = rng.integers(0, DAYS, count)
    customer = rng.integers(0, customers, count)
    south, vip = region == 2, segment_of[customer] == 2
    last_month_55 = (age == 4) & (day >= 30)
    on = 1.0 if planted else 0.0
    nps_latent = rng.normal(0, 1, count) - on * 0.6 * south + on * 0.6 * vip
    csat_latent = rng.normal(0, 1, count) + on * 0.7 * (channel == 1) - on * 1.0 * last_month_55
    nps = np.clip(np.rint(7.2 + 1.8 * nps_latent), 0, 10).astype(int)
    csat = np.clip(np.rint(3.7 + 0.9 * csat_latent), 1, 5).astype(int)
    queue = rng.random(count) < np.where(south & planted, 0.45, 0.15)
    pick = rng.integers(0, 1000, count)
    improve = [QUEUE[p % 2] if q else OTHER[p % len(OTHER)] for q, p in zip(queue.tolist(), pick.tolist())]
    noise = [rng.integers(1, len(q.choices) + 1, count) for q in survey.questions[4:4 + extra_segments]]
    dates = [(FIRST_DAY + timedelta(days=int(d))).isoformat() for d in day.tolist()]
    columns = (["customer_id", "region", "store", "channel", "age"] + [q.code for q in survey.questions[4:4 + extra_segments]]
               + ["visit_date", "nps", "csat", "improve"])
    values = [[f"C{c:06d}" for c in customer.tolist()], (region + 1).tolist(), (store + 1).tolist(),
              (channel + 1).tolist(), (age + 1).tolist(), *[n.tolist() for n in noise], dates, nps.tolist(),
              csat.tolist(), improve]
    return columns, list(zip(*values)), channel


def _cases(study: Study, rng: np.random.Generator, channel: np.ndarray, planted: bool) -> None:
    """Cases for some responses (ids are 1..count in insertion order): phone callers four times as often."""
    rate = np.where((channel == 2) & planted, 0.2, 0.05)
    hit = np.flatnonzero(rng.random(len(channel)) < rate) + 1
    open_cases(study, RuleRouting(None), [NewCase("follow-up", SURVEY, response_id=int(i)) for i in hit.tolist()])
