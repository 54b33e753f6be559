"""A codebook: user-defined topics (物流, 价格, 排队…) that tag comments; a comment can have several.

A topic is a name and a list of rules; a comment gets the topic when any positive rule matches
and no exclusion does. A rule is one of:
- a word or phrase, found anywhere in the comment (`排队`), synonyms included: with 售后 → 客服 in
  the lexicon, the rule `客服` also finds 售后;
- words joined by `+`, all of which must appear (`退款+慢`);
- `-` then a rule: a comment it matches never gets the topic (`-不用排队`);
- `/regular expression/` (`/等了.{0,6}(分钟|小时)/`).
Matching is on the NFKC-normalised, lower-cased text, so `Queue` finds `queue` and full-width
letters match too. Tagging is cheap (a compiled pattern per topic), so it is never cached: editing a
topic and analysing again re-applies the codebook to every comment.

Stored in the study (table `text_topics`); the default codebook ships in
`resources/dictionaries/codebook_zh.json`, in the same JSON as `--codebook FILE`.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from xmdesk.core.errors import ModelError
from xmdesk.core.study import Study
from xmdesk.core.text.lexicon import Lexicon, dictionaries_dir, shipped_lexicon
from xmdesk.core.text.segment import normalise

DEFAULT_CODEBOOK = "codebook_zh.json"
MAX_TOPIC_NAME = 40
_RULE_SPLIT = re.compile(r"[;；|、\n]+")

Matcher = Callable[[str], bool]


@dataclass(frozen=True)
class Topic:
    name: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    topics: tuple[Topic, ...] = ()

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.topics]

    def topic(self, name: str) -> Topic:
        for topic in self.topics:
            if topic.name == name:
                return topic
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return {"topics": [{"name": t.name, "rules": list(t.rules)} for t in self.topics]}


# -- checking and compiling ------------------------------------------------------------------


def _regex(topic: str, rule: str, body: str) -> re.Pattern[str]:
    try:
        return re.compile(normalise(body))
    except re.error as error:
        raise ModelError("text.bad_rule", topic=topic, rule=rule, detail=str(error)) from error


def _words(rule: str) -> list[str]:
    return [normalise(part.strip()) for part in rule.split("+") if part.strip()]


def _alternatives(word: str, variants: dict[str, list[str]]) -> list[str]:
    """A word and the synonyms that count as it (售后 for 客服)."""
    return [word, *variants.get(word, [])]


def _compile_rules(topic: str, rules: Sequence[str], variants: dict[str, list[str]]) -> Matcher | None:
    """One predicate for a set of positive (or of excluding) rules, or None when there are none."""
    single: list[str] = []
    groups: list[list[re.Pattern[str]]] = []
    patterns: list[re.Pattern[str]] = []
    for rule in rules:
        if len(rule) > 2 and rule.startswith("/") and rule.endswith("/"):
            patterns.append(_regex(topic, rule, rule[1:-1]))
            continue
        words = _words(rule)
        if not words:
            raise ModelError("text.bad_rule", topic=topic, rule=rule, detail="empty")
        alternatives = [sorted(_alternatives(w, variants), key=len, reverse=True) for w in words]
        if len(words) == 1:
            single.extend(alternatives[0])
        else:
            groups.append([re.compile("|".join(map(re.escape, alts))) for alts in alternatives])
    if single:
        # One alternation for all plain words: one scan of the comment instead of one per word.
        patterns.insert(0, re.compile("|".join(map(re.escape, sorted(set(single), key=len, reverse=True)))))
    if not patterns and not groups:
        return None
    searches = [p.search for p in patterns]

    def matches(text: str) -> bool:
        return any(s(text) for s in searches) or any(all(p.search(text) for p in g) for g in groups)

    return matches


@dataclass(frozen=True)
class CompiledTopic:
    name: str
    include: Matcher | None
    exclude: Matcher | None

    def matches(self, text: str) -> bool:
        return self.include is not None and self.include(text) and not (self.exclude and self.exclude(text))


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


def tag(texts: Sequence[str], codebook: Codebook | Sequence[CompiledTopic],
        lexicon: Lexicon | None = None) -> list[list[str]]:
    """The topics of each text, in codebook order (an empty list when none applies)."""
    topics = compile_codebook(codebook, lexicon) if isinstance(codebook, Codebook) else list(codebook)
    normalised = [normalise(t) if isinstance(t, str) else "" for t in texts]
    out: list[list[str]] = [[] for _ in normalised]
    for topic in topics:
        name = topic.name
        for index, text in enumerate(normalised):
            if topic.matches(text):
                out[index].append(name)
    return out


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
    """Rules typed in one field or cell, separated by ; ； | 、 or new lines (not commas: regexes use them)."""
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
        entries.append((row[0], parse_rules(";".join(row[1:]))))
    return make_codebook(entries)


def write_codebook_file(codebook: Codebook, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(codebook.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


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
    with study.transaction() as conn:
        conn.execute("DELETE FROM text_topics")
        conn.executemany("INSERT INTO text_topics (name, rules, position) VALUES (?, ?, ?)",
                         [(t.name, json.dumps(list(t.rules), ensure_ascii=False), i)
                          for i, t in enumerate(checked.topics)])


def install_demo_codebook(study: Study) -> None:
    """The demo study opens with the default codebook, so the Text area shows topics at once."""
    if not load_codebook(study).topics:
        save_codebook(study, default_codebook())
