"""Open comments of one text question: sentiment, topics, keywords, and topics tied to NPS and CSAT.

The stable entry points other areas use:
- `comment_table(study, survey, question, progress, cancel) -> DataFrame` with columns
  `response_id`, `text`, `sentiment` (0 negative .. 1 positive) and `topics` (list of topic names),
  one row per non-blank comment, in response-id order;
- `analyze(...) -> TextAnalysis`: that table plus the words of each comment, keywords, word
  frequencies, a sentiment summary and one `TopicStat` per codebook topic.

Each distinct comment is segmented and scored once per study (`cache.py`); the codebook is applied
afresh every time, so an edited topic shows at once. NPS and CSAT come from
`xmdesk.core.analysis.metrics`, so a topic's numbers equal the analysis engine's for the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xmdesk.core import messages
from xmdesk.core.analysis import metrics
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.errors import ModelError
from xmdesk.core.jobs import CancelToken, Progress, no_progress, sub_progress
from xmdesk.core.study import Study
from xmdesk.core.survey import Question, QuestionType, Survey, load_survey
from xmdesk.core.text import cache, codebook as codebooks, keywords, sentiment
from xmdesk.core.text.compute import compute
from xmdesk.core.text.lexicon import Lexicon, load_lexicon

NEGATIVE_BELOW = 0.4
POSITIVE_FROM = 0.6
COLUMNS = ("response_id", "text", "sentiment", "topics")
# Progress is reported in these units: reading, segmenting + scoring, tagging, keywords.
_STEPS = (50, 850, 70, 30)


def sentiment_label(score: float) -> str:
    """'negative' below 0.4, 'positive' from 0.6, 'neutral' between."""
    if score < NEGATIVE_BELOW:
        return "negative"
    return "positive" if score >= POSITIVE_FROM else "neutral"


def _survey(study: Study, survey: Survey | str) -> Survey:
    return load_survey(study, survey) if isinstance(survey, str) else survey


def _text_question(survey: Survey, code: str) -> Question:
    try:
        question = survey.question(code)
    except (KeyError, ModelError) as error:
        raise ModelError("text.unknown_question", code=code, survey=survey.code) from error
    if question.type != QuestionType.TEXT:
        raise ModelError("text.not_text", code=code)
    return question


def score_questions(survey: Survey) -> tuple[Question | None, Question | None]:
    """The survey's NPS question and its CSAT question (a rating coded csat…, else the first rating)."""
    nps_q = next((q for q in survey.active_questions() if q.type == QuestionType.NPS), None)
    ratings = [q for q in survey.active_questions() if q.type == QuestionType.RATING]
    csat_q = next((q for q in ratings if "csat" in q.code.lower()), ratings[0] if ratings else None)
    return nps_q, csat_q


@dataclass
class Scored:
    """The comment table and what was needed to build it."""

    table: pd.DataFrame
    tokens: list[str]  # each comment's jieba tokens, joined by segment.SEPARATOR
    matrix: np.ndarray  # comments × topics, True where the comment mentions the topic
    entries: cache.Entries  # what was computed (already stored unless the study was read-only)
    model_version: str


def _read_comments(study: Study, survey: Survey, question: Question) -> pd.DataFrame:
    # The score columns are read in the same scan: the topic statistics then find them in the frame cache.
    frame = load_frame(study, survey, [question.code] + [q.code for q in score_questions(survey) if q is not None])
    texts = frame[question.code].to_numpy(dtype=object)
    keep = np.fromiter((isinstance(t, str) and not (t.isspace() or t == "") for t in texts), dtype=bool,
                       count=len(texts))
    return pd.DataFrame({"response_id": frame.index.to_numpy()[keep].astype(np.int64), "text": texts[keep]})


@dataclass
class _Known:
    """Tokens and scores of each distinct comment, from the cache or computed now."""

    tokens: list[str]
    scores: np.ndarray
    entries: cache.Entries


def _tokens_and_scores(study: Study, unique: list[str], lexicon: Lexicon, model: str, report: Progress,
                       cancel: CancelToken | None, processes: int | None) -> _Known:
    """Look every distinct comment up in the cache; segment and score only the missing ones, then store them."""
    total = sum(_STEPS)
    version = sentiment.model_version(model)
    segmenter = lexicon.segmenter_key()
    hashes = cache.text_hashes(unique)
    known_scores = cache.cached_scores(study, version)
    known_tokens = cache.cached_tokens(study, segmenter)
    report(_STEPS[0], total, messages.text("text.reading"))
    missing_tokens = [i for i, h in enumerate(hashes) if h not in known_tokens]
    missing_scores = [i for i, h in enumerate(hashes) if h not in known_scores]
    computed = compute([unique[i] for i in missing_tokens], [unique[i] for i in missing_scores], lexicon, model,
                       sub_progress(report, _STEPS[0], _STEPS[1], total), cancel, processes,
                       messages.text("text.computing"))
    entries = cache.Entries(version, segmenter,
                            [(hashes[i], s) for i, s in zip(missing_scores, computed.scores)],
                            [(hashes[i], t) for i, t in zip(missing_tokens, computed.tokens)])
    if cancel is not None:
        cancel.check()
    cache.store(study, entries)
    known_tokens.update(entries.tokens)
    known_scores.update(entries.scores)
    return _Known(list(map(known_tokens.__getitem__, hashes)),
                  np.fromiter(map(known_scores.__getitem__, hashes), dtype=np.float64, count=len(hashes)), entries)


def score_comments(study: Study, survey: Survey | str, question: str, progress: Progress | None = None,
                   cancel: CancelToken | None = None, *, model: str = sentiment.OURS,
                   codebook: codebooks.Codebook | None = None, lexicon: Lexicon | None = None,
                   processes: int | None = None) -> Scored:
    """Segment, score (cached) and tag every non-blank comment of `question`.

    Work is done once per distinct text (many comments are the same 无 or 很好), then spread back to
    the rows that carry it.
    """
    report = progress or no_progress
    total = sum(_STEPS)
    survey = _survey(study, survey)
    q = _text_question(survey, question)
    lexicon = lexicon or load_lexicon(study)
    book = load_codebook_or_default(study) if codebook is None else codebook
    compiled = codebooks.compile_codebook(book, lexicon)  # a bad rule fails before any long work
    sentiment.model_version(model)  # so does an unknown model

    report(0, total, messages.text("text.reading"))
    comments = _read_comments(study, survey, q)
    unique = list(dict.fromkeys(comments["text"].tolist()))
    known = _tokens_and_scores(study, unique, lexicon, model, report, cancel, processes)
    report(_STEPS[0] + _STEPS[1], total, messages.text("text.tagging"))
    matrix, tokens, scores = codebooks.tag_matrix(unique, compiled), known.tokens, known.scores
    if len(unique) != len(comments):  # repeated comments: from distinct texts back to rows
        position = {text: i for i, text in enumerate(unique)}
        rows = np.fromiter(map(position.__getitem__, comments["text"].tolist()), dtype=np.int64,
                           count=len(comments))
        matrix, tokens, scores = matrix[rows], [tokens[i] for i in rows.tolist()], scores[rows]
    comments["sentiment"] = scores
    comments["topics"] = codebooks.topic_lists(matrix, [t.name for t in compiled])
    return Scored(comments.reset_index(drop=True), tokens, matrix, known.entries, known.entries.model)


def load_codebook_or_default(study: Study) -> codebooks.Codebook:
    """The study's codebook, or the shipped default while the study has none."""
    own = codebooks.load_codebook(study)
    return own if own.topics else codebooks.default_codebook()


def comment_table(study: Study, survey: Survey | str, question: str, progress: Progress | None = None,
                  cancel: CancelToken | None = None, *, model: str = sentiment.OURS,
                  codebook: codebooks.Codebook | None = None) -> pd.DataFrame:
    """One row per non-blank comment: response_id, text, sentiment (0..1), topics (list of names)."""
    return score_comments(study, survey, question, progress, cancel, model=model, codebook=codebook).table


# -- summaries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentimentSummary:
    n: int
    mean: float
    negative: int
    neutral: int
    positive: int

    def share(self, label: str) -> float:
        return 100.0 * getattr(self, label) / self.n if self.n else math.nan


def sentiment_summary(scores: Sequence[float] | np.ndarray) -> SentimentSummary:
    values = np.asarray(scores, dtype=np.float64)
    negative = int((values < NEGATIVE_BELOW).sum())
    positive = int((values >= POSITIVE_FROM).sum())
    return SentimentSummary(len(values), float(values.mean()) if len(values) else math.nan,
                            negative, len(values) - negative - positive, positive)


@dataclass(frozen=True)
class TopicStat:
    """One topic: how many comments mention it, their sentiment, and scores with vs without it.

    "Without" means respondents who left a comment on this question that does not mention the
    topic, so both groups answered the same open question.
    """

    topic: str
    n: int
    share: float  # % of comments
    mean_sentiment: float
    negative_share: float  # % of its comments scored negative
    nps_with: metrics.NpsResult | None
    nps_without: metrics.NpsResult | None
    csat_with: metrics.ScaleResult | None
    csat_without: metrics.ScaleResult | None


def topic_stats(table: pd.DataFrame, topics: Sequence[str], scores: pd.DataFrame | None = None,
                nps_question: Question | None = None, csat_question: Question | None = None,
                matrix: np.ndarray | None = None) -> list[TopicStat]:
    """Per topic: share of comments, sentiment, and NPS/CSAT of respondents mentioning it vs not.

    `scores` is indexed by response id with the NPS and CSAT questions' columns (as load_frame gives);
    `matrix` (comments × topics) saves reading the `topics` lists again when the caller has it.
    """
    n = len(table)
    sentiment_values = table["sentiment"].to_numpy(dtype=np.float64)
    if matrix is None:
        tag_lists = table["topics"].tolist()
        matrix = np.array([[t in tags for t in topics] for tags in tag_lists], dtype=bool).reshape(n, len(topics))
    ids = table["response_id"].to_numpy()
    nps_values = _aligned(scores, nps_question, ids)
    csat_values = _aligned(scores, csat_question, ids)
    out = []
    for column, topic in enumerate(topics):
        mask = matrix[:, column]
        hits = int(mask.sum())
        mentioned = sentiment_values[mask]
        out.append(TopicStat(
            topic=topic, n=hits, share=100.0 * hits / n if n else math.nan,
            mean_sentiment=float(mentioned.mean()) if hits else math.nan,
            negative_share=100.0 * float((mentioned < NEGATIVE_BELOW).mean()) if hits else math.nan,
            nps_with=None if nps_values is None else metrics.nps(nps_values[mask]),
            nps_without=None if nps_values is None else metrics.nps(nps_values[~mask]),
            csat_with=None if csat_values is None else metrics.csat(csat_values[mask], csat_question),
            csat_without=None if csat_values is None else metrics.csat(csat_values[~mask], csat_question),
        ))
    return out


def _aligned(scores: pd.DataFrame | None, question: Question | None, ids: np.ndarray) -> np.ndarray | None:
    if scores is None or question is None or question.code not in scores.columns:
        return None
    return scores[question.code].reindex(ids).to_numpy(dtype=np.float64)


@dataclass
class TextAnalysis:
    """Everything the Text area, the CLI and reports show for one text question."""

    survey: Survey
    question: Question
    table: pd.DataFrame
    tokens: list[str]  # each comment's jieba tokens, joined by segment.SEPARATOR
    codebook: codebooks.Codebook
    topics: list[TopicStat]
    sentiment: SentimentSummary
    frequencies: list[tuple[str, int]]
    tfidf: list[tuple[str, float]]
    textrank: list[tuple[str, float]]
    model_version: str
    entries: cache.Entries
    nps_question: Question | None = None
    csat_question: Question | None = None

    @property
    def computed_tokens(self) -> int:
        """Comments segmented by this run (0 when all were in the cache)."""
        return len(self.entries.tokens)

    @property
    def computed_scores(self) -> int:
        """Comments scored by this run (0 when all were in the cache)."""
        return len(self.entries.scores)


def analyze(study: Study, survey: Survey | str, question: str, progress: Progress | None = None,
            cancel: CancelToken | None = None, *, model: str = sentiment.OURS,
            codebook: codebooks.Codebook | None = None, processes: int | None = None,
            top: int = 30) -> TextAnalysis:
    """Score and tag the comments, then keywords, frequencies, sentiment and topic statistics."""
    report = progress or no_progress
    total = sum(_STEPS)
    survey = _survey(study, survey)
    book = load_codebook_or_default(study) if codebook is None else codebook
    lexicon = load_lexicon(study)
    scored = score_comments(study, survey, question, report, cancel, model=model, codebook=book,
                            lexicon=lexicon, processes=processes)
    if cancel is not None:
        cancel.check()
    report(total - _STEPS[3], total, messages.text("text.keywords"))
    nps_q, csat_q = score_questions(survey)
    needed = [q.code for q in (nps_q, csat_q) if q is not None]
    scores = load_frame(study, survey, needed) if needed else None
    counts = keywords.word_counts(scored.tokens, lexicon)
    result = TextAnalysis(
        survey=survey, question=survey.question(question), table=scored.table, tokens=scored.tokens,
        codebook=book, topics=topic_stats(scored.table, book.names, scores, nps_q, csat_q, scored.matrix),
        sentiment=sentiment_summary(scored.table["sentiment"].to_numpy()),
        frequencies=keywords.word_frequencies(counts, top), tfidf=keywords.tfidf(counts, top),
        textrank=keywords.textrank(scored.tokens, lexicon, top), model_version=scored.model_version,
        entries=scored.entries,
        nps_question=nps_q, csat_question=csat_q,
    )
    report(total, total, messages.text("text.done"))
    return result


def text_questions(survey: Survey) -> list[Question]:
    return [q for q in survey.active_questions() if q.type == QuestionType.TEXT]
