"""The deterministic demo study: a Chinese retail CX survey with orders and a journey.

Same seed and size, same file contents (timestamps of the file's own metadata
aside), so tests can count on it and a million responses can be rebuilt for
benchmarks. The numbers carry real structure: store and channel effects, a
slow improvement over six months, attribute ratings that drive CSAT and NPS,
and comments that praise the best-rated and complain about the worst-rated
aspect of each visit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from xmdesk.core import messages, odata
from xmdesk.core.journey import maps as journeys
from xmdesk.core.survey import responses
from xmdesk.core.errors import StudyError
from xmdesk.core.files import write_output
from xmdesk.core.analysis.dashboards import install_demo_dashboard
from xmdesk.core.reports.defaults import install_demo_report
from xmdesk.core.jobs import CancelToken, Progress, no_progress, sub_progress
from xmdesk.core.loop.alerts import install_demo_loop
from xmdesk.core.survey.edits import install_demo_groups
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Item, Question, QuestionType, Survey, create_survey
from xmdesk.core.text.codebook import install_demo_codebook

SURVEY_CODE = "retail_cx"
MAX_RESPONSES = 5_000_000
BATCH = 50_000
START_DATE = date(2026, 5, 1)
DAYS = 184

REGIONS = [("east", "华东", "East"), ("north", "华北", "North"), ("south", "华南", "South"),
           ("central", "华中", "Central"), ("southwest", "西南", "Southwest"), ("northwest", "西北", "Northwest"),
           ("northeast", "东北", "Northeast")]
# (store code, Chinese name, English name, region index)
STORES = [
    ("sh_njl", "上海南京东路店", "Shanghai Nanjing Rd", 0), ("sh_xjh", "上海徐家汇店", "Shanghai Xujiahui", 0),
    ("hz_wl", "杭州武林店", "Hangzhou Wulin", 0), ("nj_xjk", "南京新街口店", "Nanjing Xinjiekou", 0),
    ("sz_gyq", "苏州观前店", "Suzhou Guanqian", 0), ("bj_wfj", "北京王府井店", "Beijing Wangfujing", 1),
    ("bj_zgc", "北京中关村店", "Beijing Zhongguancun", 1), ("tj_bj", "天津滨江道店", "Tianjin Binjiang", 1),
    ("gz_txl", "广州天河路店", "Guangzhou Tianhe", 2), ("sz_hqb", "深圳华强北店", "Shenzhen Huaqiangbei", 2),
    ("xm_zs", "厦门中山路店", "Xiamen Zhongshan Rd", 2), ("wh_jhl", "武汉江汉路店", "Wuhan Jianghan Rd", 3),
    ("cs_wy", "长沙五一广场店", "Changsha Wuyi Sq", 3), ("cd_csl", "成都春熙路店", "Chengdu Chunxi Rd", 4),
    ("cq_jfb", "重庆解放碑店", "Chongqing Jiefangbei", 4), ("km_nb", "昆明南屏街店", "Kunming Nanping", 4),
    ("xa_zl", "西安钟楼店", "Xi'an Bell Tower", 5), ("lz_xg", "兰州西关店", "Lanzhou Xiguan", 5),
    ("sy_zj", "沈阳中街店", "Shenyang Zhongjie", 6), ("heb_zy", "哈尔滨中央大街店", "Harbin Central St", 6),
]
CHANNELS = [("store", "门店", "In store"), ("app", "App", "App"), ("miniapp", "微信小程序", "WeChat mini program"),
            ("web", "官网", "Website"), ("phone", "客服电话", "Hotline")]
CHANNEL_SHARE = [0.5, 0.2, 0.15, 0.1, 0.05]
CHANNEL_EFFECT = [0.0, 0.15, 0.1, -0.1, -0.35]
# (item code, Chinese, English, bias against the overall experience, weight in CSAT)
ATTRIBUTES = [
    ("env", "门店环境", "Store environment", 0.35, 0.06),
    ("range", "商品丰富度", "Product range", 0.2, 0.08),
    ("price", "价格合理", "Fair prices", -0.3, 0.12),
    ("staff", "员工服务态度", "Staff attitude", 0.15, 0.22),
    ("expert", "员工专业程度", "Staff expertise", 0.05, 0.1),
    ("queue", "排队等待时间", "Waiting time", -0.7, 0.18),
    ("checkout", "结账效率", "Checkout speed", -0.2, 0.1),
    ("delivery", "配送物流", "Delivery", -0.25, 0.08),
    ("aftersales", "售后与退款", "After-sales and refunds", -0.45, 0.06),
]
CATEGORIES = [("fresh", "生鲜", "Fresh food"), ("daily", "日用品", "Household"), ("appliance", "家电", "Appliances"),
              ("apparel", "服装", "Apparel"), ("beauty", "美妆", "Beauty"), ("digital", "数码", "Electronics")]
SEGMENTS = ["新客", "老客", "会员", "VIP会员"]

PRAISE = {
    "env": ["门店干净整洁，逛起来很舒服", "店里环境明亮，陈列也清楚", "装修不错，购物氛围好"],
    "range": ["商品种类齐全，想买的都有", "新品上得快，选择很多", "生鲜品类丰富，质量也新鲜"],
    "price": ["价格实惠，经常有优惠活动", "会员价很划算", "性价比高，比网上还便宜"],
    "staff": ["店员态度很好，非常热情", "服务人员耐心细致，态度好", "导购很有礼貌，主动帮忙"],
    "expert": ["店员很专业，讲解清楚", "工作人员对产品很了解，推荐靠谱", "客服专业，一次就解决了问题"],
    "queue": ["基本不用排队，很方便", "结账几乎没有等待", "人不多，排队很快"],
    "checkout": ["自助结账很快", "扫码支付方便快捷", "收银效率高"],
    "delivery": ["配送很快，当天就到了", "快递小哥送货及时，包装完好", "物流速度超出预期"],
    "aftersales": ["退换货很顺利", "退款很快就到账了", "售后处理及时，很满意"],
}
COMPLAINTS = {
    "env": ["店里有点乱，货架不整齐", "地面有点脏，卫生需要加强", "空调太冷，环境一般"],
    "range": ["想买的东西经常缺货", "品类太少，选择不多", "新品太少，货架经常是空的"],
    "price": ["价格偏贵，比别家贵不少", "优惠活动规则太复杂", "会员价不明显，感觉不划算"],
    "staff": ["店员态度冷淡，爱答不理", "服务态度差，问问题很不耐烦", "收银员态度不好，还催我"],
    "expert": ["店员不了解产品，问什么都说不清楚", "客服回答很不专业，转了好几次", "推荐的东西不合适，不专业"],
    "queue": ["排队时间太长，等了二十多分钟", "周末排队太久，收银台开得太少", "高峰期排长队，体验很差"],
    "checkout": ["结账太慢，收银系统老是出问题", "自助结账机经常坏", "付款时扫码失败好几次"],
    "delivery": ["配送太慢，等了三天才到", "物流信息不更新，快递送错了地址", "送货上门还要额外收费，物流差"],
    "aftersales": ["退款太慢，等了两个星期还没到账", "申请退货被拒绝，售后推来推去", "退款流程繁琐，要打好几次电话"],
}
OTHER_POSITIVE = ["希望多开几家店", "整体不错，会继续来", "会推荐给朋友", "希望会员活动更多一些", "继续保持"]
OTHER_NEGATIVE = ["再这样下去要投诉到12315了", "已经打过投诉电话，没人处理", "要求尽快退款，否则投诉",
                  "非常失望，不会再来了", "希望管理层重视这个问题"]
NO_COMPLAINT = ["暂时没有", "都挺好的", "无", "没什么需要改进的"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚"]


def demo_survey() -> Survey:
    """The survey definition (no storage): also what the demo's tests compare against."""
    scale5 = {"points": 5, "low_zh": "非常不满意", "high_zh": "非常满意",
              "low_en": "Very dissatisfied", "high_en": "Very satisfied"}
    questions = [
        Question("region", QuestionType.SINGLE, "Region", "所在区域", required=True, group="profile",
                 choices=[Choice(c, i + 1, en, zh) for i, (c, zh, en) in enumerate(REGIONS)]),
        Question("store", QuestionType.DROPDOWN, "Store visited", "到访门店", required=True, group="profile",
                 choices=[Choice(c, i + 1, en, zh) for i, (c, zh, en, _) in enumerate(STORES)]),
        Question("channel", QuestionType.SINGLE, "Channel", "购物渠道", required=True, group="profile",
                 choices=[Choice(c, i + 1, en, zh) for i, (c, zh, en) in enumerate(CHANNELS)]),
        Question("visit_date", QuestionType.DATE, "Date of visit", "到访日期", required=True, group="profile"),
        Question("nps", QuestionType.NPS, "How likely are you to recommend us to a friend or colleague?",
                 "您有多大可能向朋友或同事推荐我们？", required=True, group="overall",
                 props={"low_zh": "完全不可能", "high_zh": "非常可能", "low_en": "Not at all likely",
                        "high_en": "Extremely likely"}),
        Question("csat", QuestionType.RATING, "Overall, how satisfied are you with this visit?",
                 "总体而言，您对本次购物体验的满意度如何？", required=True, group="overall", props=dict(scale5)),
        Question("attr", QuestionType.MATRIX, "Please rate the following", "请对以下方面进行评价",
                 group="attributes", items=[Item(c, en, zh) for c, zh, en, _, _ in ATTRIBUTES],
                 props=dict(scale5, na_allowed=True)),
        Question("ces", QuestionType.RATING, "How easy was it to get what you needed?", "完成本次购物有多容易？",
                 group="overall", props={"points": 7, "low_zh": "非常困难", "high_zh": "非常容易",
                                         "low_en": "Very difficult", "high_en": "Very easy"}),
        Question("categories", QuestionType.MULTIPLE, "What did you buy?", "本次购买了哪些品类？", group="visit",
                 choices=[Choice(c, i + 1, en, zh) for i, (c, zh, en) in enumerate(CATEGORIES)]),
        Question("spend", QuestionType.NUMBER, "Amount spent (yuan)", "本次消费金额（元）", group="visit",
                 props={"min": 0, "max": 100000, "decimals": 2}),
        Question("like_text", QuestionType.TEXT, "What did you like most?", "您最满意的地方是什么？", group="comments"),
        Question("improve_text", QuestionType.TEXT, "What should we improve first?", "您觉得我们最需要改进的是什么？",
                 group="comments"),
        Question("other_text", QuestionType.TEXT, "Anything else?", "其他意见或建议", group="comments"),
    ]
    return Survey(code=SURVEY_CODE, title_en="Retail store customer experience 2026",
                  title_zh="零售门店顾客体验调研 2026", questions=questions,
                  description="XMDesk demo study / XMDesk 演示研究项目")


@dataclass(frozen=True)
class _World:
    """Facts drawn once per seed: how good each store is, who the customers are."""

    store_effect: np.ndarray
    store_weight: np.ndarray
    customers: int


def _world(rng: np.random.Generator, responses_count: int) -> _World:
    store_effect = rng.normal(0.0, 0.45, len(STORES))
    store_weight = rng.uniform(0.5, 1.5, len(STORES))
    return _World(store_effect, store_weight / store_weight.sum(), max(1, int(responses_count * 0.75)))


def _pick(pool: Sequence[str], index: np.ndarray) -> list[str]:
    return [pool[i % len(pool)] for i in index.tolist()]


def _with_missing(values: np.ndarray, missing: np.ndarray) -> list[Any]:
    return [None if gap else value for value, gap in zip(values.tolist(), missing.tolist())]


RESPONSE_COLUMNS = (["uuid", "created_at", "updated_at", "device_id", "worker", "customer_id", "source",
                     "region", "store", "channel", "visit_date", "nps", "csat"]
                    + [f"attr__{a[0]}" for a in ATTRIBUTES] + ["ces"]
                    + [f"categories__{c[0]}" for c in CATEGORIES]
                    + ["spend", "like_text", "improve_text", "other_text"])


def _response_batch(rng: np.random.Generator, world: _World, size: int, seed: int) -> list[tuple[Any, ...]]:
    """One batch of responses as rows in RESPONSE_COLUMNS order."""
    store = rng.choice(len(STORES), size=size, p=world.store_weight)
    region = np.array([STORES[s][3] for s in range(len(STORES))])[store]
    channel = rng.choice(len(CHANNELS), size=size, p=CHANNEL_SHARE)
    day = rng.integers(0, DAYS, size)
    latent = (world.store_effect[store] + np.array(CHANNEL_EFFECT)[channel] + 0.35 * day / DAYS
              + rng.normal(0.0, 1.0, size))
    ratings = np.empty((len(ATTRIBUTES), size), dtype=np.int64)
    for k, (_, _, _, bias, _) in enumerate(ATTRIBUTES):
        ratings[k] = np.clip(np.rint(3.7 + 0.75 * latent + bias + rng.normal(0, 0.75, size)), 1, 5)
    weights = np.array([a[4] for a in ATTRIBUTES])
    csat = np.clip(np.rint(weights @ ratings / weights.sum() + 0.35 * rng.normal(0, 1, size) + 0.1), 1, 5)
    nps = np.clip(np.rint(7.0 + 1.5 * latent + 0.9 * (csat - 3.8) + rng.normal(0, 1.1, size)), 0, 10)
    ces = np.clip(np.rint(5.0 + 0.8 * latent + 0.35 * (ratings[5] - 3) + rng.normal(0, 1.0, size)), 1, 7)
    in_store = channel == 0
    # Delivery is rated by those who had goods delivered; after-sales only by those who needed it.
    missing = np.zeros((len(ATTRIBUTES), size), dtype=bool)
    missing[7] = in_store & (rng.random(size) < 0.8)
    missing[8] = rng.random(size) < 0.55
    missing[0] = ~in_store & (rng.random(size) < 0.9)
    bought = rng.random((len(CATEGORIES), size)) < np.array([0.45, 0.55, 0.12, 0.2, 0.18, 0.15])[:, None]
    spend = np.round(rng.lognormal(5.0, 0.8, size), 2)
    customer = rng.integers(0, world.customers, size)
    minutes = rng.integers(9 * 60, 22 * 60, size)
    uid = rng.integers(0, 2**63 - 1, (2, size), dtype=np.int64)
    masked = np.where(missing, 99, ratings)
    worst = masked.argmin(axis=0)
    best = np.where(missing, -1, ratings).argmax(axis=0)
    variant = rng.integers(0, 1000, (4, size))
    has_other = rng.random(size) < 0.4

    dates = [(START_DATE + timedelta(days=d)).isoformat() for d in day.tolist()]
    stamps = [f"{d}T{m // 60:02d}:{m % 60:02d}:00+08:00" for d, m in zip(dates, minutes.tolist())]
    like = [PRAISE[ATTRIBUTES[b][0]][v % 3] for b, v in zip(best.tolist(), variant[0].tolist())]
    improve = [
        COMPLAINTS[ATTRIBUTES[w][0]][v % 3] if masked[w, i] <= 3 else NO_COMPLAINT[v % len(NO_COMPLAINT)]
        for i, (w, v) in enumerate(zip(worst.tolist(), variant[1].tolist()))
    ]
    other = [
        None if not o else (OTHER_NEGATIVE[v % len(OTHER_NEGATIVE)] if n <= 4 else
                            OTHER_POSITIVE[v % len(OTHER_POSITIVE)] if n >= 9 else None)
        for o, n, v in zip(has_other.tolist(), nps.tolist(), variant[2].tolist())
    ]
    values: list[list[Any]] = [
        [f"{a & 0xFFFFFFFFFFFFFFFF:016x}{b & 0xFFFFFFFFFFFFFFFF:016x}" for a, b in zip(uid[0].tolist(), uid[1].tolist())],
        stamps, stamps, [f"demo-{seed}"] * size, [""] * size,
        [f"C{c + 1:07d}" for c in customer.tolist()], ["demo"] * size,
        (region + 1).tolist(), (store + 1).tolist(), (channel + 1).tolist(), dates,
        nps.astype(int).tolist(), csat.astype(int).tolist(),
        *[_with_missing(ratings[k], missing[k]) for k in range(len(ATTRIBUTES))],
        ces.astype(int).tolist(),
        *[bought[k].astype(int).tolist() for k in range(len(CATEGORIES))],
        spend.tolist(), like, improve, other,
    ]
    return list(zip(*values))


def _customers(rng: np.random.Generator, count: int) -> Iterator[tuple[Any, ...]]:
    names = rng.integers(0, 10_000, (3, count))
    phones = rng.integers(0, 10**9, count)
    segment = rng.choice(len(SEGMENTS), size=count, p=[0.3, 0.35, 0.27, 0.08])
    region = rng.integers(0, len(REGIONS), count)
    first_day = rng.integers(0, 365 * 3, count)
    for i in range(count):
        name = SURNAMES[names[0, i] % len(SURNAMES)] + GIVEN[names[1, i] % len(GIVEN)] + (
            GIVEN[names[2, i] % len(GIVEN)] if names[2, i] % 2 else "")
        first_seen = (date(2023, 5, 1) + timedelta(days=int(first_day[i]))).isoformat()
        yield (f"C{i + 1:07d}", name, f"13{phones[i]:09d}", None, SEGMENTS[segment[i]],
               REGIONS[region[i]][1], first_seen, None)


def _orders(rng: np.random.Generator, customers: int) -> Iterator[tuple[Any, ...]]:
    count = int(customers * 1.3)
    who = rng.integers(0, customers, count)
    day = rng.integers(0, DAYS, count)
    channel = rng.choice(len(CHANNELS), size=count, p=CHANNEL_SHARE)
    store = rng.integers(0, len(STORES), count)
    amount = np.round(rng.lognormal(5.0, 0.9, count), 2)
    items = rng.integers(1, 12, count)
    refunded = rng.random(count) < 0.04
    for i in range(count):
        yield (f"O{i + 1:08d}", f"C{who[i] + 1:07d}", (START_DATE + timedelta(days=int(day[i]))).isoformat(),
               CHANNELS[channel[i]][1], float(amount[i]), int(items[i]), STORES[store[i]][1], int(refunded[i]))


def demo_journey() -> journeys.Journey:
    """Five stages with touchpoints linked to the demo survey, so the map shows live scores."""
    J = journeys

    def tp(stage: int, name: str, channel: str, question: str, metric: str = "mean", flt: str = "") -> J.JourneyItem:
        slot = sum(1 for i in items if i.stage == stage and i.kind == "touchpoint")
        return J.JourneyItem("touchpoint", name, stage, channel, x=stage * 260 + 20, y=120 + slot * 100,
                             props={"icon": channel}, link=J.Link(SURVEY_CODE, question, metric, flt))

    items: list[J.JourneyItem] = []
    for spec in [(0, "社交媒体广告", "线上", "nps", "nps", "${channel} = 3"),
                 (0, "朋友推荐", "口碑", "nps", "nps", ""),
                 (1, "App 浏览商品", "App", "attr__range", "mean", "${channel} = 2"),
                 (1, "比价", "线上", "attr__price", "mean", ""),
                 (2, "门店环境", "门店", "attr__env", "mean", "${channel} = 1"),
                 (2, "店员服务", "门店", "attr__staff", "mean", ""),
                 (2, "排队结账", "门店", "attr__queue", "mean", ""),
                 (3, "配送到家", "物流", "attr__delivery", "mean", ""),
                 (3, "售后退款", "客服", "attr__aftersales", "mean", ""),
                 (4, "会员复购", "会员", "nps", "nps", ""),
                 (4, "整体满意度", "全渠道", "csat", "csat", "")]:
        items.append(tp(*spec))
    items += [
        J.JourneyItem("pain_point", "周末排队时间长", 2, x=540, y=440, w=150, h=60),
        J.JourneyItem("pain_point", "退款到账慢", 3, x=800, y=340, w=150, h=60),
        J.JourneyItem("opportunity", "增加自助结账机", 2, x=540, y=520, w=150, h=60),
        J.JourneyItem("note", "数据来源：零售门店顾客体验调研 2026", None, x=20, y=20, w=300, h=40),
    ]
    items += [J.JourneyItem("emotion", "", s, x=s * 260 + 130, y=0, props={"value": v})
              for s, v in enumerate([0.3, 0.1, -0.4, -0.2, 0.5])]
    return J.Journey(name="零售门店购物旅程", description="从认知到忠诚的门店顾客旅程 / In-store customer journey",
                     items=items, persona={"name": "李女士", "age": 34, "role_zh": "城市白领，周末家庭采购",
                                           "goals_zh": "快速买齐一周所需，少排队"})


def build_demo(path: str | Path, responses_count: int = 1000, seed: int = 0, progress: Progress = no_progress,
               cancel: CancelToken | None = None) -> Path:
    """Write the demo study to `path` (which must not exist). Cancelled or failed: nothing is left."""
    path = Path(path)
    if not 1 <= responses_count <= MAX_RESPONSES:
        raise StudyError("demo.bad_count", n=responses_count)
    if seed < 0:  # numpy's generator takes none, and said so in a traceback
        raise StudyError("demo.bad_seed", seed=seed)
    if path.exists():
        raise StudyError("study.exists", path=path)
    rng = np.random.default_rng(seed)
    world = _world(rng, responses_count)

    def write(partial: str) -> None:
        study = Study.create(partial, title="零售门店顾客体验 Demo")
        try:
            _fill(study, rng, world, seed, responses_count, progress, cancel)
        finally:
            study.close()

    write_output(path, write)
    return path


def _fill(study: Study, rng: np.random.Generator, world: _World, seed: int, responses_count: int, progress: Progress,
          cancel: CancelToken | None) -> None:
    """The demo's survey, responses, customers, orders, journey, codebook, report, dashboard and loop."""
    orders_total = int(world.customers * 1.3)
    total = responses_count + world.customers + orders_total
    survey = create_survey(study, SURVEY_CODE, questions=demo_survey().questions,
                           title_en=demo_survey().title_en, title_zh=demo_survey().title_zh,
                           description=demo_survey().description)
    _write_responses(study, survey, rng, world, seed, responses_count, total, progress, cancel)
    step = sub_progress(progress, responses_count, world.customers + orders_total, total)
    label = messages.text("demo.customers")
    odata.upsert_customers(study, _customers(rng, world.customers))
    step(world.customers, world.customers + orders_total, label)
    orders = odata.create_table(
        study, "orders", [("order_id", "TEXT"), ("customer_id", "TEXT"), ("order_date", "TEXT"),
                          ("channel", "TEXT"), ("amount", "REAL"), ("items", "INTEGER"), ("store", "TEXT"),
                          ("refunded", "INTEGER")],
        key_column="order_id", customer_column="customer_id", label="订单 Orders", source="demo")
    columns = ["order_id", "customer_id", "order_date", "channel", "amount", "items", "store", "refunded"]
    odata.insert_rows(study, orders, columns, _orders(rng, world.customers), cancel=cancel)
    journeys.save_journey(study, demo_journey())
    install_demo_codebook(study)
    install_demo_report(study)
    journeys.install_demo_persona(study, demo_journey().name)
    install_demo_dashboard(study, survey)
    install_demo_loop(study, survey.code)
    install_demo_groups(study, survey)
    step(world.customers + orders_total, world.customers + orders_total, label)


def _write_responses(study: Study, survey: Survey, rng: np.random.Generator, world: _World, seed: int, count: int,
                     total: int, progress: Progress, cancel: CancelToken | None) -> None:
    label = messages.text("demo.building")

    def batches() -> Iterator[tuple[Any, ...]]:
        for start in range(0, count, BATCH):
            yield from _response_batch(rng, world, min(BATCH, count - start), seed)

    responses.insert_rows(study, survey, RESPONSE_COLUMNS, batches(), total=total, progress=progress, cancel=cancel,
                          batch_size=10_000, message=label)
