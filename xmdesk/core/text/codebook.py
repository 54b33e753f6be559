"""A codebook: user-defined topics (物流, 价格, 排队…) that tag comments; a comment can have several.

A topic is a name and a list of rules; a comment gets the topic when any positive rule matches
and no exclusion does. A rule is one of:
- a word or phrase, found anywhere in the comment (`排队`), synonyms included: with 售后 → 客服 in
  the lexicon, the rule `客服` also finds 售后;
- words joined by `+`, all of which must appear (`退款+慢`);
- `-` then a rule: a comment it matches never gets the topic (`-不用排队`);
- `/regular expression/` (`/等了.{0,6}(分钟|小时)/`), run in linear time (core/patterns.py: no rule can hang
  the analysis).
Matching is on the lower-cased text, so `Queue` finds `queue`. Tagging is cheap (one scan of all comments per pattern, see `Corpus`), so it is never cached: editing a
topic and analysing again re-applies the codebook to every comment.

Stored in the study (table `text_topics`); the default codebook ships in
`resources/dictionaries/codebook_zh.json`, in the same JSON as `--codebook FILE`.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.files import write_output
from xmdesk.core.patterns import Pattern, PatternError, compile_pattern
from xmdesk.core.study.file import Study
from xmdesk.core.text.lexicon import Lexicon, dictionaries_dir, shipped_lexicon

DEFAULT_CODEBOOK = "codebook_zh.json"
MAX_TOPIC_NAME = 40
_RULE_SPLIT = re.compile(r"[;；、\n]+")


@dataclass(frozen=True)
class Topic:
    name: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    topics: tuple[Topic, ...] = ()

    @property
    def names(self) -> list[str]:
        """The topic names in codebook order: the order of `tag_matrix`'s columns and of every topic list shown."""
        return [t.name for t in self.topics]

    def topic(self, name: str) -> Topic:
        """The topic of that name (names are unique in a checked codebook); KeyError when there is none."""
        for topic in self.topics:
            if topic.name == name:
                return topic
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        """The codebook as `--codebook FILE` and the shipped default hold it: topics in order, each with its rules as
        written."""
        return {"topics": [{"name": t.name, "rules": list(t.rules)} for t in self.topics]}


# -- checking and compiling ------------------------------------------------------------------


Matcher = re.Pattern[str] | Pattern
"""Words are an `re` alternation of escaped literals (nothing to backtrack over); a `/…/` rule is a user's Pattern."""


def _words_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """An alternation of words, longest first."""
    # The tail `[^\n]*` eats the rest of the text after the first match: one match per text is enough.
    alternation = "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))
    return re.compile(f"(?:{alternation})[^\n]*")


def _regex(topic: str, rule: str, body: str) -> Pattern:
    r"""The texts are lower case: the pattern ignores case (lower-casing it would turn \D into \d)."""
    try:
        return compile_pattern(body, ignore_case=True)
    except PatternError as refusal:
        raise ModelError("text.bad_rule", topic=topic, rule=rule, detail=refusal) from None


def _words(rule: str) -> list[str]:
    return [part.strip().lower() for part in rule.split("+") if part.strip()]


def _alternatives(word: str, variants: dict[str, list[str]]) -> list[str]:
    """A word and the synonyms that count as it (售后 for 客服)."""
    return [word, *variants.get(word, [])]


@dataclass(frozen=True)
class Rules:
    """A set of rules of one topic: any pattern matching, or every pattern of some group matching."""

    patterns: tuple[Matcher, ...] = ()
    groups: tuple[tuple[Matcher, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.patterns or self.groups)

    def docs(self, corpus: Corpus) -> np.ndarray:
        """Which texts of the corpus the rules match (a boolean array)."""
        hit = np.zeros(corpus.size, dtype=bool)
        for pattern in self.patterns:
            hit |= corpus.matches(pattern)
        for group in self.groups:
            hit |= np.logical_and.reduce([corpus.matches(p) for p in group])
        return hit


def _compile_rules(topic: str, rules: Sequence[str], variants: dict[str, list[str]]) -> Rules:
    single: list[str] = []
    groups: list[tuple[Matcher, ...]] = []
    patterns: list[Matcher] = []
    for rule in rules:
        if len(rule) > 2 and rule.startswith("/") and rule.endswith("/"):
            patterns.append(_regex(topic, rule, rule[1:-1]))
            continue
        words = _words(rule)
        if not words:
            raise ModelError("text.bad_rule", topic=topic, rule=rule, detail="empty")
        alternatives = [_alternatives(w, variants) for w in words]
        if len(words) == 1:
            single.extend(alternatives[0])
        else:
            groups.append(tuple(_words_pattern(alts) for alts in alternatives))
    if single:
        # One alternation for all plain words: one scan of the texts instead of one per word.
        patterns.insert(0, _words_pattern(single))
    return Rules(tuple(patterns), tuple(groups))


@dataclass(frozen=True)
class CompiledTopic:
    name: str
    include: Rules
    exclude: Rules

    def docs(self, corpus: Corpus) -> np.ndarray:
        """Which texts of the corpus get the topic: a positive rule matches and no exclusion does."""
        hit = self.include.docs(corpus)
        return hit & ~self.exclude.docs(corpus) if self.exclude else hit


def _one_line_each(texts: Sequence[str]) -> str:
    """The texts joined by new lines, one line each: a text's own line breaks become spaces.

    Joined first and checked once (most texts hold no line break and all are strings), instead of
    two replacements per text: a third of a second less per 300,000 comments.
    """
    try:
        joined = "\n".join(texts)
    except TypeError:  # a missing value among the texts
        joined = ""
    if joined.count("\n") == len(texts) - 1 and "\r" not in joined:  # (a lone missing value: "" either way)
        return joined
    return "\n".join(t.replace("\n", " ").replace("\r", " ") if isinstance(t, str) else "" for t in texts)


class Corpus:
    """Many texts searched at once: normalised, joined by new lines, each match mapped to its text.

    One regular-expression scan of one long string instead of one call per text and pattern:
    300,000 comments × 11 topics take about a second instead of ten. Texts cannot contain a new
    line here (they are replaced by spaces), and a match spanning two texts is ignored.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        # Lower case only: NFKC over megabytes costs a second, and it would also turn the
        # full-width punctuation of Chinese text into ASCII, which no rule expects.
        self.text = _one_line_each(texts).lower()
        breaks = [m.start() for m in re.finditer("\n", self.text)]
        self.starts = np.array([0] + [b + 1 for b in breaks], dtype=np.int64)

    def matches(self, pattern: Matcher) -> np.ndarray:
        """Which texts hold a match, in one scan of the whole corpus: our word patterns by where a match starts, a
        user's pattern (run on the UTF-8 bytes) only when its match lies within one text."""
        hit = np.zeros(self.size, dtype=bool)
        if isinstance(pattern, re.Pattern):  # words never contain a new line: only where a match starts matters
            starts = np.array([m.start() for m in pattern.finditer(self.text)], dtype=np.int64)
            hit[np.searchsorted(self.starts, starts, side="right") - 1] = True
            return hit
        spans = [(start, end) for start, end in pattern.byte_spans(self.data) if end > start]
        if spans:
            bounds = np.array(spans, dtype=np.int64)
            first = np.searchsorted(self.byte_starts, bounds[:, 0], side="right") - 1
            last = np.searchsorted(self.byte_starts, bounds[:, 1] - 1, side="right") - 1
            hit[first[first == last]] = True
        return hit

    @cached_property
    def data(self) -> bytes:
        """The text as UTF-8, which a user's pattern is matched on (made only when a rule is a pattern)."""
        return self.text.encode("utf-8", "surrogatepass")

    @cached_property
    def byte_starts(self) -> np.ndarray:
        """Where each text starts in `data`, in bytes: maps a user pattern's byte spans back to texts."""
        breaks = np.flatnonzero(np.frombuffer(self.data, dtype=np.uint8) == ord("\n"))
        return np.concatenate(([0], breaks + 1)).astype(np.int64)


def compile_codebook(codebook: Codebook, lexicon: Lexicon | None = None) -> list[CompiledTopic]:
    """Check every rule (a clear message naming the topic and rule) and build the matchers."""
    variants = (lexicon or shipped_lexicon()).variants()
    compiled = []
    for topic in codebook.topics:
        positive = [r.strip() for r in topic.rules if r.strip() and not r.strip().startswith("-")]
        negative = [r.strip()[1:].strip() for r in topic.rules if r.strip().startswith("-")]
        if not positive:
            raise ModelError("text.topic_without_rules", topic=topic.name)
        compiled.append(CompiledTopic(topic.name, _compile_rules(topic.name, positive, variants),
                                      _compile_rules(topic.name, [n for n in negative if n], variants)))
    return compiled


def _compiled(codebook: Codebook | Sequence[CompiledTopic], lexicon: Lexicon | None) -> list[CompiledTopic]:
    return compile_codebook(codebook, lexicon) if isinstance(codebook, Codebook) else list(codebook)


def rule_words(codebook: Codebook, lexicon: Lexicon | None = None) -> list[str]:
    """The plain words the codebook looks for (with their synonyms), e.g. to highlight them in a comment."""
    variants = (lexicon or shipped_lexicon()).variants()
    words: set[str] = set()
    for topic in codebook.topics:
        for rule in topic.rules:
            rule = rule.strip()
            if rule and not rule.startswith(("-", "/")):
                for word in _words(rule):
                    words.update(_alternatives(word, variants))
    return sorted(words, key=lambda w: (-len(w), w))


def tag_matrix(texts: Sequence[str], codebook: Codebook | Sequence[CompiledTopic],
               lexicon: Lexicon | None = None) -> np.ndarray:
    """A (texts × topics) boolean matrix: does text i mention topic j."""
    topics = _compiled(codebook, lexicon)
    corpus = Corpus(texts)
    matrix = np.zeros((len(texts), len(topics)), dtype=bool)
    for column, topic in enumerate(topics):
        matrix[:, column] = topic.docs(corpus)
    return matrix


def topic_lists(matrix: np.ndarray, names: Sequence[str]) -> list[list[str]]:
    """Each row of a tag matrix as the names of its topics, in codebook order.

    Rows with the same topics share one list (a few hundred combinations for 300,000 comments,
    built once each): do not modify the lists in place.
    """
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return [[] for _ in range(matrix.shape[0])]
    if matrix.shape[1] < 63:  # each row as the bits of one integer: a 1-D unique, ten times faster
        keys = matrix.astype(np.int64) @ (np.int64(1) << np.arange(matrix.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        combos = matrix[first]
    else:
        combos, inverse = np.unique(matrix, axis=0, return_inverse=True)
    lists = [[names[j] for j in np.flatnonzero(combo).tolist()] for combo in combos]
    return list(map(lists.__getitem__, inverse.ravel().tolist()))


def tag(texts: Sequence[str], codebook: Codebook | Sequence[CompiledTopic],
        lexicon: Lexicon | None = None) -> list[list[str]]:
    """The topics of each text, in codebook order (an empty list when none applies)."""
    topics = _compiled(codebook, lexicon)
    return topic_lists(tag_matrix(texts, topics), [t.name for t in topics])


# -- validation, files, storage --------------------------------------------------------------


def make_codebook(entries: Sequence[tuple[str, Sequence[str]]]) -> Codebook:
    """A checked codebook from (name, rules) pairs: names unique and short, every rule valid."""
    topics = []
    seen: set[str] = set()
    for name, rules in entries:
        clean = " ".join(str(name).split())
        if not clean or len(clean) > MAX_TOPIC_NAME:
            raise ModelError("text.bad_topic_name", name=name, most=MAX_TOPIC_NAME)
        if clean in seen:
            raise ModelError("text.duplicate_topic", name=clean)
        seen.add(clean)
        topics.append(Topic(clean, tuple(r.strip() for r in rules if r and r.strip())))
    codebook = Codebook(tuple(topics))
    compile_codebook(codebook)
    return codebook


def parse_rules(text: str) -> list[str]:
    """Rules typed in one field or cell, separated by ; ； 、 or new lines (not commas or |: regexes use them)."""
    return [part.strip() for part in _RULE_SPLIT.split(text) if part.strip()]


def _from_json(data: Any, path: Path) -> Codebook:
    topics = data.get("topics") if isinstance(data, dict) else data
    if not isinstance(topics, list) or not all(isinstance(t, dict) and "name" in t for t in topics):
        raise ModelError("text.codebook_format", path=path)
    entries = []
    for topic in topics:
        rules = topic.get("rules", [])
        entries.append((str(topic["name"]), parse_rules(rules) if isinstance(rules, str) else [str(r) for r in rules]))
    return make_codebook(entries)


def read_codebook_file(path: str | Path) -> Codebook:
    """A codebook from JSON (`{"topics": [{"name", "rules"}]}`) or CSV/TXT (topic, rules per row)."""
    path = Path(path)
    if not path.is_file():
        raise ModelError("text.codebook_missing", path=path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ModelError("text.codebook_encoding", path=path) from error
    if path.suffix.lower() == ".json":
        try:
            return _from_json(json.loads(raw), path)
        except json.JSONDecodeError as error:
            raise ModelError("text.codebook_json", path=path, line=error.lineno, detail=error.msg) from error
    entries = []
    for number, row in enumerate(csv.reader(raw.splitlines()), start=1):
        if not row or not row[0].strip() or (number == 1 and row[0].strip().lower() in ("topic", "主题")):
            continue
        if len(row) < 2:
            raise ModelError("text.codebook_row", path=path, row=number)
        # An unquoted comma (in a regular expression) splits the cell: put it back.
        entries.append((row[0], parse_rules(",".join(row[1:]))))
    return make_codebook(entries)


def write_codebook_file(codebook: Codebook, path: str | Path) -> Path:
    """Write the codebook as UTF-8 JSON that `read_codebook_file` and `--codebook` read back (Chinese left readable,
    not escaped); through a partial file, so a failed write leaves the old file whole."""
    text = json.dumps(codebook.to_json(), ensure_ascii=False, indent=2) + "\n"
    return write_output(path, lambda target: Path(target).write_text(text, encoding="utf-8"))


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The shipped retail/service codebook (物流, 价格, 服务态度, 排队, 退款…)."""
    return read_codebook_file(dictionaries_dir() / DEFAULT_CODEBOOK)


def load_codebook(study: Study) -> Codebook:
    """The study's codebook (empty if the user has not made one)."""
    rows = study.conn.execute("SELECT name, rules FROM text_topics ORDER BY position, id").fetchall()
    return Codebook(tuple(Topic(name, tuple(json.loads(rules))) for name, rules in rows))


def save_codebook(study: Study, codebook: Codebook) -> None:
    """Replace the study's codebook (checked first; one transaction)."""
    checked = make_codebook([(t.name, t.rules) for t in codebook.topics])
    with study.transaction(Changes.of("text")) as conn:
        conn.execute("DELETE FROM text_topics")
        conn.executemany("INSERT INTO text_topics (name, rules, position) VALUES (?, ?, ?)",
                         [(t.name, json.dumps(list(t.rules), ensure_ascii=False), i)
                          for i, t in enumerate(checked.topics)])


def install_demo_codebook(study: Study) -> None:
    """The demo study opens with the default codebook, so the Text area shows topics at once."""
    if not load_codebook(study).topics:
        save_codebook(study, default_codebook())
