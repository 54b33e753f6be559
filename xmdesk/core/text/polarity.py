"""Three-class polarity of CX comments: the learned model read through the rules of survey language.

The character model (`sentiment.py`) is trained on long product reviews. Survey answers are short,
answer "what should we improve?", and often carry two opinions in one line, so on its own it read
客服专业，一次就解决了问题 as negative and 无 as a complaint. This module puts what a native speaker
knows on top of it:

- **no opinion** (无, 没有, 暂无, 同上, 不清楚, n/a, a bare question, a plain fact with no opinion
  word and a model that hardly leans) is *neutral*;
- **nothing to improve** (没什么需要改进的) is *positive*;
- **opinion words** (`resources/dictionaries/polarity_zh.txt`: CX words, slang such as 拉胯 and
  yyds, emoji, a few English words), each flipped by a negator up to five characters before it
  (不太满意, 没有想象中差, 一点都不慢) and strengthened by 太 (太复杂);
- **suggestions** (希望增加收银台) imply a problem and are negative, unless they wish us more of
  the same (希望继续保持, 希望多开几家店);
- **contrast** (虽然…但是…): the clause after 但是 weighs double for the whole comment, one conceding
  (虽然, 其他的都还不错) half, and each clause keeps its own polarity for the topics it mentions
  (`Assessment.clauses`);
- **comparisons**: the others better than us turn a word against us (别家都比这便宜 is negative about
  our price); 没有/不如 + what we are compared with + a word negate it from further than a plain
  negator (没有那家店的好吃, 没有想象中那么好); 不如 with no word after it is a complaint
  (真心不如以前了) unless the others come first (别家都不如这家).

Traditional characters are read as simplified first. The result of one comment is an `Assessment`:
a score in 0..1 that falls in its class's band (negative < 0.4 <= neutral < 0.6 <= positive, the
bands `analyze.sentiment_label` has always used), and one sign per clause. `explain` gives the words
and clauses that decided, for the comment browser.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from xmdesk.core.text.assessment import Assessment
from xmdesk.core.text.lexicon import dictionaries_dir

POSITIVE = "positive"
NEGATIVE = "negative"
NEUTRAL = "neutral"
POLARITIES = (POSITIVE, NEUTRAL, NEGATIVE)
SIGNS = {POSITIVE: "+", NEUTRAL: "0", NEGATIVE: "-"}
FROM_SIGN_VALUE = {1: POSITIVE, 0: NEUTRAL, -1: NEGATIVE}
VERSION = "cx-rules-4"
WORDS_FILE = "polarity_zh.txt"
TRADITIONAL_FILE = "traditional_zh.txt"

# Tuned on benchmarks/data/cx_comments_tune.tsv (never on the evaluation set).
WORD_WEIGHT = 1.2  # log-odds added per unit of word weight
CONTRAST_WEIGHT = 2.0  # the clause after 但是 counts this much for the whole comment
CONCESSION_WEIGHT = 0.5  # the clause of 虽然 counts this much
NEUTRAL_LEAN = 1.0  # without any opinion word, a model leaning less than this is no opinion
FULL_TRUST_LENGTH = 40  # the model's lean counts fully from this many characters, less below (at least MIN_TRUST)
MIN_TRUST = 0.15
WORD_FLOOR = 0.3  # the words count at least this much against the model, however long the comment
NEGATION_WINDOW = 5
COMPARISON_WINDOW = 12  # 没有 + what we are compared with + the word

_SEPARATORS = "，,。.!！?？;；~～\n\r\t、… "
_PIECE = re.compile(r"[^，,。.!！?？;；~～\n\r\t、…]+[，,。.!！?？;；~～\n\r\t、…]*")
_CONTRAST = re.compile(r"(但是|可是|不过|然而|只是|但)")
_CONCESSION = re.compile(r"^(虽然|虽说|尽管|虽|其他|其它|其余|别的都|除此之外)")
_NEGATOR = re.compile(r"不|没|别|未|无|毫无|并非|非")
# Words holding a negator that negate nothing: removed from the look-back before negators are counted.
_NOT_NEGATING = re.compile(r"不得不|不仅|不但|不管|不论|无论|无比|不少|不过|非常|无限|没想到|不断|不用说|非得|"
                           r"别家|别人|别的|别处|区别|特别|分别|告别|无数|未来|"
                           r"没有?.?过|没有?比")  # 没见过这么好的, 没有比这更好的: praise
_DEGREE = re.compile(r"太|过于|有点|有些|稍微|略微")
_OTHERS = r"(别家|别的店|别的家|其他家|其他店|其它家|其它店|别处|隔壁|别人家|人家|外面|同行|网上)"
_OTHERS_BETTER = re.compile(_OTHERS + r"[^比]{0,3}比(这|你们|你家|贵店|本店|咱们)")
# 没有/不如 + a few characters of what we are compared with (no degree word: 没有放辣很好吃 compares
# nothing) + the word: the comparison ends where the word starts.
_NOT_AS = re.compile(r"(没有|没|不如|比不上|赶不上|不及)[^很太非特真挺超也还就都不没过比更]{1,8}?(那么|这么|那样|这样)?$")
_DEGREE_OPENING = re.compile(r"很|太|非常|特别|挺|真|超|十分|相当")
_INFERIOR = re.compile(r"不如|比不上|赶不上|不及")
_OTHERS_INFERIOR = re.compile(_OTHERS + r".{0,3}(不如|比不上|赶不上|不及)")
_NO_OPINION = frozenset({
    "无", "没有", "没", "暂无", "同上", "同前", "不清楚", "不知道", "无建议", "没有建议", "暂无建议", "暂时没有",
    "暂时没有建议", "目前没有", "没意见", "无意见", "没有意见", "没什么建议", "没什么意见", "没啥建议", "没想法",
    "说不上来", "不好说", "无所谓", "没有了", "想不到", "还没想好", "无可奉告", "暂时无", "没什么", "没啥",
    "na", "n/a", "none", "no", "nothing", "nil", "null", "略", "空", "nope", "no comment", "no comments",
})
_NOTHING_TO_IMPROVE = re.compile(
    r"(没|没有|无|暂无|不)(什么|啥|任何)?(需要|要|可以|可|值得|用|必要)?"
    r"(改进|改善|改变|改的|提升|提高|挑剔|吐槽|抱怨|不满|缺点|毛病)")
_SUGGESTION = re.compile(r"^(我|就|还|再|也)?(希望|建议|最好|能否|能不能|可否|可不可以|要是|如果能|如果可以|期待|"
                         r"盼望|应该|麻烦|请)")
_WISH_MORE_OF_US = re.compile(r"继续|保持|越.{0,2}越好|越来越|再接再厉|一如既往|加油|多开.{0,2}(家|店)|开到|开分店|一直这样|长久")
_WISH_ENDING = re.compile(r"(就好了|就更好了|就完美了)$")
# Punctuation and spaces; emoji and other symbols stay, they carry opinions.
_STRIP = re.compile(r"[^\w\u2600-\u27bf\U0001f300-\U0001faff]+|_+")


@dataclass(frozen=True)
class Span:
    """A stretch of the normalised text: [start, end) and its sign (+1, -1 or 0 for a neutral clause)."""

    start: int
    end: int
    sign: int


@dataclass(frozen=True)
class Clause:
    """One clause of a comment: its span in the normalised text and how much it counts for the whole."""

    start: int
    end: int
    text: str
    weight: float
    question: bool


@dataclass(frozen=True)
class Reading:
    """What the rules found in one clause: the summed word weight, the words, and a decided sign if any."""

    words: float
    drivers: tuple[Span, ...]
    fixed: int | None  # +1 / -1 when a rule (nothing to improve, a suggestion) decides the clause


@dataclass(frozen=True)
class Explanation:
    """Why a comment got its class: the normalised text, its clause spans and the words that drove them."""

    text: str
    polarity: str
    clauses: tuple[Span, ...]
    drivers: tuple[Span, ...]


@lru_cache(maxsize=1)
def rules_version() -> str:
    """VERSION and a digest of the word lists: a new word in a release scores every comment again."""
    import hashlib

    digest = hashlib.blake2b(digest_size=6)
    for name in (WORDS_FILE, TRADITIONAL_FILE):
        digest.update((dictionaries_dir() / name).read_bytes())
    return f"{VERSION}-{digest.hexdigest()}"


@lru_cache(maxsize=1)
def _traditional() -> dict[int, str]:
    table: dict[int, str] = {}
    with open(dictionaries_dir() / TRADITIONAL_FILE, encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                for pair in line.split():
                    if len(pair) == 2:
                        table[ord(pair[0])] = pair[1]
    return table


def normalise(text: str) -> str:
    """NFKC, lower case, traditional characters as simplified: the text every rule and the model read."""
    if not unicodedata.is_normalized("NFKC", text):  # a C check, much cheaper than normalising
        text = unicodedata.normalize("NFKC", text)
    return text.lower().translate(_traditional())


@lru_cache(maxsize=1)
def word_weights() -> dict[str, float]:
    """The Chinese CX words with the English word list's words (mixed comments: 服务很nice)."""
    from xmdesk.core.text import english

    table = {word: weight for word, weight in english.weights().items() if len(word) > 2}
    with open(dictionaries_dir() / WORDS_FILE, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                word, _, weight = line.strip().partition("\t")
                table[normalise(word)] = float(weight)
    return table


@lru_cache(maxsize=1)
def _words_by_first() -> dict[str, tuple[str, ...]]:
    """Listed words by their first character, longest first: a scan tries them at each position."""
    out: dict[str, list[str]] = {}
    for word in sorted(word_weights(), key=len, reverse=True):  # 不耐烦 before 耐心; 一般都 before 一般
        out.setdefault(word[0], []).append(word)
    return {first: tuple(words) for first, words in out.items()}


def find_words(text: str) -> list[tuple[int, int, float]]:
    """Listed words in `text`, left to right and not overlapping: (start, end, weight).

    A dictionary scan rather than one regular expression of 300 alternatives: ten times faster.
    An English word counts only whole (not the 'bad' of 'badminton').
    """
    table, by_first = word_weights(), _words_by_first()
    out = []
    i, n = 0, len(text)
    while i < n:
        for word in by_first.get(text[i], ()):
            end = i + len(word)
            if text.startswith(word, i) and not (word.isascii() and (
                    (i and text[i - 1].isascii() and text[i - 1].isalpha())
                    or (end < n and text[end].isascii() and text[end].isalpha()))):
                out.append((i, end, table[word]))
                i = end - 1
                break
        i += 1
    return out


def split_clauses(text: str) -> list[Clause]:
    """Clauses of a normalised comment, cut at punctuation and before contrast words (但是, 不过)."""
    out: list[Clause] = []
    for piece in _PIECE.finditer(text):
        lo, hi = piece.span()
        cuts = [m.start() for m in _CONTRAST.finditer(text, lo + 1, hi)] if _CONTRAST.search(text, lo + 1, hi) else []
        for a, b in zip([lo, *cuts], [*cuts, hi]):
            body = text[a:b]
            weight = CONTRAST_WEIGHT if _CONTRAST.match(body) else CONCESSION_WEIGHT if _CONCESSION.match(body) else 1.0
            question = body.endswith(("?", "？")) or body.rstrip(_SEPARATORS).endswith(("吗", "呢"))
            out.append(Clause(a, b, body, weight, question))
    return out


def _negated(text: str, start: int, floor: int) -> bool:
    """An odd number of negators in the few characters before `start` (not before `floor`), or a
    comparison ending there (没有那家店的好吃); words such as 没想到 and 别家 negate nothing."""
    near = _unblocked(text[max(floor, start - NEGATION_WINDOW):start])
    if len(_NEGATOR.findall(near)) % 2 == 1:
        return True
    # A comparison takes no degree word (没有阳台，服务很好 compares nothing).
    return not _DEGREE_OPENING.match(text, start) and \
        bool(_NOT_AS.search(_unblocked(text[max(floor, start - COMPARISON_WINDOW):start])))


def _unblocked(window: str) -> str:
    return _NOT_NEGATING.sub("_", window) if _NOT_NEGATING.search(window) else window


def read_clause(clause: Clause) -> Reading:
    """Opinion words (negated, strengthened), and the rules that decide a clause outright."""
    reading = _read(clause.text)
    if not clause.start:
        return reading
    return Reading(reading.words, tuple(Span(d.start + clause.start, d.end + clause.start, d.sign)
                                        for d in reading.drivers), reading.fixed)


@lru_cache(maxsize=1 << 16)
def _read(body: str) -> Reading:
    """`read_clause` of a clause's text, spans from its start; cached, as clauses repeat across comments."""
    text = _STRIP.sub(lambda m: " " * len(m.group()), body)  # positions kept, punctuation blank
    total = 0.0
    drivers: list[Span] = []
    floor = 0
    for start, end, weight in find_words(text):
        if not weight:
            floor = end
            continue  # listed to block a shorter word (尽快 is not 快)
        if _negated(text, start, floor):
            weight = -weight * (0.8 if weight > 0 else 0.9)  # 不太满意 is milder than 很差
        if _OTHERS_BETTER.search(text, 0, start):
            weight = -weight  # 别家都比这便宜: cheap, but not us
        if weight < 0 and _DEGREE.search(text, max(floor, start - 2), start):
            weight *= 1.5
        total += weight
        drivers.append(Span(start, end, 1 if weight > 0 else -1))
        floor = end
    total += _bare_degree(text, drivers)
    total += _bare_inferior(text, drivers)
    stripped = text.replace(" ", "")
    if _NOTHING_TO_IMPROVE.search(stripped):
        return Reading(max(total, 1.5), (*drivers, Span(0, len(body), 1)), 1)
    if _SUGGESTION.match(stripped) or _WISH_ENDING.search(stripped):
        sign = 1 if _WISH_MORE_OF_US.search(stripped) else -1
        return Reading(total + 1.5 * sign, (*drivers, Span(0, len(body), sign)), sign)
    return Reading(total, tuple(drivers), None)


def _bare_degree(text: str, drivers: list[Span]) -> float:
    """太/有点 before a word not in the list (人太多 is listed; 规则太绕 is not): a complaint about it."""
    total = 0.0
    taken = [(d.start, d.end) for d in drivers]
    for match in _DEGREE.finditer(text):
        nxt = match.end()
        if nxt >= len(text) or not text[nxt].strip():
            continue
        if any(lo <= nxt + 1 and hi > match.start() for lo, hi in taken):
            continue  # the word after it is already counted (太复杂, 太好了)
        total -= 1.0
        drivers.append(Span(match.start(), min(len(text), nxt + 2), -1))
    return total


def _bare_inferior(text: str, drivers: list[Span]) -> float:
    """不如 with no word after it (真心不如以前了): we are worse, unless the others come first (别家都不如这家)."""
    match = _INFERIOR.search(text)
    if match is None or any(d.start >= match.end() for d in drivers):
        return 0.0  # a word after it is read through the comparison already (不如那家好吃)
    sign = 1 if _OTHERS_INFERIOR.search(text) else -1
    drivers.append(Span(match.start(), match.end(), sign))
    return float(sign)


def is_no_opinion(text: str) -> bool:
    """无, 没有, 同上, n/a … or nothing but punctuation and digits."""
    if len(text) > 12:
        return False
    bare = _STRIP.sub("", text)
    return not bare or bare.isdigit() or bare in _NO_OPINION or text.strip(" 。.!！") in _NO_OPINION


def _clause_sign(reading: Reading) -> int:
    """A clause's own sign from its words and rules; 0 when it has none (its topics then take the comment's)."""
    if reading.fixed is not None:
        return reading.fixed
    return 0 if not reading.words else 1 if reading.words > 0 else -1


def band(probability: float, polarity: str) -> float:
    """Place a probability inside its class's band, keeping how strongly it leans."""
    if polarity == POSITIVE:
        return max(probability, 0.6)
    if polarity == NEGATIVE:
        return min(probability, 0.399)
    return min(max(probability, 0.4), 0.599)


def _sigmoid(value: float) -> float:
    return 0.5 * (1.0 + math.tanh(0.5 * value))


def combine(text: str, lean: float, trust: float = MIN_TRUST) -> Assessment:
    """The class of one normalised comment from the model's lean on it and the rules.

    `trust` (MIN_TRUST..1, from the comment's length) weighs the model against the words: on a long
    review the model has read every word already, on a short answer it guesses from a few characters.
    """
    clauses = split_clauses(text)
    if is_no_opinion(text) or not clauses:
        return Assessment(band(_sigmoid(lean), NEUTRAL), NEUTRAL, "0")
    readings = [read_clause(c) for c in clauses]
    opinion = sum(c.weight * WORD_WEIGHT * (r.words if r.fixed is None else max(abs(r.words), 1.5) * r.fixed)
                  for c, r in zip(clauses, readings))
    value = trust * lean + max(WORD_FLOOR, 1.0 - trust) * opinion
    lean = trust * lean
    if any(r.words or r.fixed for r in readings):
        polarity = POSITIVE if value > 0 else NEGATIVE
    elif all(c.question for c in clauses) or abs(lean) < NEUTRAL_LEAN:
        polarity = NEUTRAL
    else:
        polarity = POSITIVE if lean > 0 else NEGATIVE
    signs = "".join(SIGNS[FROM_SIGN_VALUE[_clause_sign(r)]] for r in readings)
    return Assessment(band(_sigmoid(value), polarity), polarity, signs)


def trust(texts: Sequence[str]) -> list[float]:
    """How far the model's lean on each text counts: little on short texts (店员态度冷淡), fully on reviews."""
    lengths = np.fromiter((len(_STRIP.sub("", t)) for t in texts), dtype=np.float64, count=len(texts))
    out: list[float] = np.clip(lengths / FULL_TRUST_LENGTH, MIN_TRUST, 1.0).tolist()
    return out


def assess(texts: Sequence[str]) -> list[Assessment]:
    """Assess a batch: the shipped model's lean on each comment and, for comments of several clauses, each clause."""
    return assess_shifted(texts)[0]


def assess_shifted(texts: Sequence[str], offsets: np.ndarray | None = None) -> tuple[list[Assessment], np.ndarray | None]:
    """`assess`, and each comment's features dotted with a study adjustment's `offsets` (None without), from the
    one featurisation the model makes."""
    from xmdesk.core.text.sentiment import shipped_model

    model = shipped_model()
    normalised = [normalise(t) for t in texts]
    weights = (model.weights,) if offsets is None else (model.weights, offsets)
    dots = model.decisions(normalised, weights)
    leans = (dots[0] + model.bias).tolist()
    assessed = [combine(text, lean, weight) for text, lean, weight in zip(normalised, leans, trust(normalised))]
    return assessed, dots[1] if offsets is not None else None


def explain(text: str) -> Explanation:
    """The clauses and words that decided a comment's class, as spans of its normalised text."""
    assessed = assess([text])[0]
    normal = normalise(text)
    clauses = split_clauses(normal)
    spans = tuple(Span(c.start, c.end, {"+": 1, "-": -1}.get(sign, 0))
                  for c, sign in zip(clauses, assessed.clauses))
    drivers = tuple(d for c in clauses for d in read_clause(c).drivers)
    return Explanation(normal, assessed.polarity, spans, drivers)


def polarity_of(score: float) -> str:
    """The class a score's band stands for."""
    if score < 0.4:
        return NEGATIVE
    return POSITIVE if score >= 0.6 else NEUTRAL
