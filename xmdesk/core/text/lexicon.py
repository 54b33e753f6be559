"""The words text analysis knows: the shipped CX dictionary, stop words and synonyms, plus the study's own.

Shipped in `resources/dictionaries/`:
- `cx_dict.txt`: retail and service words jieba should keep whole (jieba's user-dictionary format);
- `stopwords_zh.txt`, `stopwords_en.txt`: words that say nothing about a topic;
- `synonyms.txt`: `variant<TAB>canonical`, e.g. 售后 → 客服, so both count as one word.
A study adds its own new words, stop words and synonyms (tables `text_terms`, `text_synonyms`);
the study's entries win over the shipped ones. A `Lexicon` is plain, hashable data, so it can be
sent to worker processes and used as a cache key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.resources import resources_dir
from xmdesk.core.study.file import Study

CX_DICTIONARY = "cx_dict.txt"
STOPWORD_FILES = ("stopwords_zh.txt", "stopwords_en.txt")
SYNONYM_FILE = "synonyms.txt"
MAX_TERM_LENGTH = 40


def dictionaries_dir() -> Path:
    """Where the shipped word lists are (resources/dictionaries), in a checkout, a wheel or the packaged app alike."""
    return resources_dir() / "dictionaries"


def _lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a UTF-8 word list."""
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def shipped_stopwords() -> frozenset[str]:
    """The shipped Chinese and English stop words, lower case, read once per process."""
    return frozenset(word.strip().lower() for name in STOPWORD_FILES for word in _lines(dictionaries_dir() / name))


@lru_cache(maxsize=1)
def shipped_synonyms() -> tuple[tuple[str, str], ...]:
    """The shipped (variant, canonical) pairs, lower case, in file order; a line without both halves is skipped. Read
    once per process."""
    pairs = []
    for line in _lines(dictionaries_dir() / SYNONYM_FILE):
        variant, _, canonical = line.partition("\t")
        if variant.strip() and canonical.strip():
            pairs.append((variant.strip().lower(), canonical.strip().lower()))
    return tuple(pairs)


@lru_cache(maxsize=1)
def shipped_dictionary_digest() -> str:
    """Changes when the shipped CX dictionary changes, so cached segmentations are redone."""
    return hashlib.blake2b((dictionaries_dir() / CX_DICTIONARY).read_bytes(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Lexicon:
    """Study words on top of the shipped ones: what segmentation and keyword counting use."""

    user_words: tuple[str, ...] = ()
    stopwords: frozenset[str] = field(default_factory=frozenset)
    synonyms: tuple[tuple[str, str], ...] = ()

    @property
    def synonym_map(self) -> dict[str, str]:
        """variant -> canonical for looking tokens up; the pairs themselves stay a tuple so that a Lexicon stays
        hashable."""
        return dict(self.synonyms)

    def variants(self) -> dict[str, list[str]]:
        """canonical -> the variants that count as it (for tagging by substring)."""
        out: dict[str, list[str]] = {}
        for variant, canonical in self.synonyms:
            out.setdefault(canonical, []).append(variant)
        return out

    def segmenter_key(self) -> str:
        """What a segmentation depends on (jieba's dictionary, ours, the study's new words)."""
        import jieba

        text = "\n".join([jieba.__version__, shipped_dictionary_digest(), *self.user_words])
        return "jieba:" + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def shipped_lexicon() -> Lexicon:
    """The lexicon of a study without words of its own: the shipped stop words and synonyms, no new words."""
    return Lexicon((), shipped_stopwords(), shipped_synonyms())


def _clean_term(word: str) -> str:
    term = " ".join(str(word).split()).lower()
    if not term or len(term) > MAX_TERM_LENGTH:
        raise ModelError("text.bad_term", word=word, most=MAX_TERM_LENGTH)
    return term


@dataclass(frozen=True)
class StudyTerms:
    """What the user added in this study: new words, stop words, synonyms (variant -> canonical)."""

    words: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, str], ...] = ()


def load_terms(study: Study) -> StudyTerms:
    """The study's own new words, stop words and synonyms as saved, in alphabetical order (for the terms editor and
    `lexicon_for`)."""
    rows = study.conn.execute("SELECT word, kind FROM text_terms ORDER BY word").fetchall()
    synonyms = study.conn.execute("SELECT variant, canonical FROM text_synonyms ORDER BY variant").fetchall()
    return StudyTerms(tuple(w for w, k in rows if k == "word"), tuple(w for w, k in rows if k == "stop"),
                      tuple((v, c) for v, c in synonyms))


def save_terms(study: Study, words: Iterable[str] = (), stopwords: Iterable[str] = (),
               synonyms: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> StudyTerms:
    """Replace the study's own terms with these (one transaction); returns them cleaned."""
    pairs = synonyms.items() if isinstance(synonyms, Mapping) else synonyms
    clean_words = sorted({_clean_term(w) for w in words})
    clean_stops = sorted({_clean_term(w) for w in stopwords} - set(clean_words))
    clean_pairs = sorted({_clean_term(v): _clean_term(c) for v, c in pairs}.items())
    for variant, canonical in clean_pairs:
        if variant == canonical:
            raise ModelError("text.synonym_itself", word=variant)
    with study.transaction(Changes.of("text")) as conn:
        conn.execute("DELETE FROM text_terms")
        conn.execute("DELETE FROM text_synonyms")
        conn.executemany("INSERT INTO text_terms (word, kind) VALUES (?, 'word')", [(w,) for w in clean_words])
        conn.executemany("INSERT INTO text_terms (word, kind) VALUES (?, 'stop')", [(w,) for w in clean_stops])
        conn.executemany("INSERT INTO text_synonyms (variant, canonical) VALUES (?, ?)", clean_pairs)
    return StudyTerms(tuple(clean_words), tuple(clean_stops), tuple(clean_pairs))


def lexicon_for(terms: StudyTerms) -> Lexicon:
    """The shipped lexicon with the study's terms on top (its synonyms replace shipped ones for a variant)."""
    synonyms = dict(shipped_synonyms())
    synonyms.update(terms.synonyms)
    # Canonical words and synonyms of new words must stay whole too, or they could never be counted.
    words = sorted(set(terms.words) | {w for pair in terms.synonyms for w in pair})
    return Lexicon(tuple(words), (shipped_stopwords() | set(terms.stopwords)) - set(words),
                   tuple(sorted(synonyms.items())))


def load_lexicon(study: Study) -> Lexicon:
    """The lexicon a study's text analysis uses: the shipped one with the study's terms on top."""
    return lexicon_for(load_terms(study))
