"""Word segmentation with jieba: the CX dictionary loaded once, the study's new words on a copy.

jieba's default tokenizer is global; study words added to it would leak into the next study
opened in the same process. So the base tokenizer (jieba's dictionary + our CX dictionary) is
built once per process, and a study with its own words gets a copy of its frequency table with
those words added (a dict copy: tens of milliseconds, against about a second to build one).

Tokens are lower-cased, NFKC-normalised (full-width letters and digits read as ASCII) and never
blank; English words come out whole, as jieba splits on spaces and punctuation. `terms` then maps
synonyms and drops stop words and punctuation, for counting and keywords.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from xmdesk.core.text.lexicon import CX_DICTIONARY, Lexicon, dictionaries_dir

if TYPE_CHECKING:
    import jieba

SEPARATOR = "\x1f"  # joins the tokens of one comment in the cache; never inside a token
_PUNCTUATION = re.compile(r"^[\W_]+$")
_NUMBER = re.compile(r"^[\d.,%]+$")
_LOCK = threading.Lock()
_BASE: list[jieba.Tokenizer] = []
_WITH_WORDS: OrderedDict[tuple[str, ...], jieba.Tokenizer] = OrderedDict()
_KEEP = 4  # tokenizers with study words kept per process (each holds a ~350k-entry dict)


def _base_tokenizer() -> jieba.Tokenizer:
    import jieba

    if not _BASE:
        jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        tokenizer.load_userdict(str(dictionaries_dir() / CX_DICTIONARY))
        _BASE.append(tokenizer)
    return _BASE[0]


def tokenizer(user_words: tuple[str, ...] = ()) -> jieba.Tokenizer:
    """The process's tokenizer for these study words (built on first use, then reused)."""
    with _LOCK:
        base = _base_tokenizer()
        if not user_words:
            return base
        found = _WITH_WORDS.get(user_words)
        if found is not None:
            _WITH_WORDS.move_to_end(user_words)
            return found
        import jieba

        copy = jieba.Tokenizer()
        # A copy of the initialised base: the same state `initialize()` would have built, without the load.
        copy.FREQ = dict(base.FREQ)
        copy.total = base.total
        copy.user_word_tag_tab = dict(base.user_word_tag_tab)
        copy.initialized = True
        for word in user_words:
            copy.add_word(word)
        _WITH_WORDS[user_words] = copy
        while len(_WITH_WORDS) > _KEEP:
            _WITH_WORDS.popitem(last=False)
        return copy


def normalise(text: str) -> str:
    """NFKC, then lower case: full-width letters and digits read as ASCII and `Queue` meets `queue`, in tokens and in
    the word tagger alike."""
    return unicodedata.normalize("NFKC", text).lower()


def tokenize(texts: Sequence[str], lexicon: Lexicon) -> list[list[str]]:
    """jieba tokens of each text (HMM on, so unknown words such as names still come out whole)."""
    cut = tokenizer(lexicon.user_words).lcut
    out = []
    for text in texts:
        out.append([t for t in (tok.strip() for tok in cut(normalise(text))) if t])
    return out


def join(tokens: Sequence[str]) -> str:
    """One comment's tokens as one string for the token cache (`split` undoes it); SEPARATOR never occurs in a token."""
    return SEPARATOR.join(tokens)


def split(joined: str) -> list[str]:
    """The tokens `join` stored; an empty string is no tokens, not one empty token."""
    return joined.split(SEPARATOR) if joined else []


def is_word(token: str) -> bool:
    """Punctuation, symbols and bare numbers are not words anyone looks for."""
    return not _PUNCTUATION.match(token) and not _NUMBER.match(token)


def terms(tokens: Iterable[str], lexicon: Lexicon, synonyms: dict[str, str] | None = None) -> list[str]:
    """The counted words of one comment: synonyms mapped to their canonical word, stop words dropped."""
    mapping = lexicon.synonym_map if synonyms is None else synonyms
    stop = lexicon.stopwords
    out = []
    for token in tokens:
        word = mapping.get(token, token)
        if word not in stop and is_word(word):
            out.append(word)
    return out
