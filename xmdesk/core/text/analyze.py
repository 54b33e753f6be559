"""Open comments of one text question: sentiment, topics, keywords, and topics tied to NPS and CSAT.

The stable entry points other areas use:
- `comment_table(study, survey, question, progress, cancel) -> DataFrame` with columns
  `response_id`, `text`, `sentiment` (0 negative .. 1 positive, in its polarity's band), `topics`
  (list of topic names), `polarity` (positive / neutral / negative), `topic_polarity` ({topic:
  polarity}, from the clause that names the topic), `coded` (an analyst coded it by hand) and
  `quotable`, one row per non-blank comment, in response-id order;
- `analyze(...) -> TextAnalysis`: that table plus the words of each comment, keywords, word
  frequencies, a sentiment summary and one `TopicStat` per codebook topic.

Each distinct comment is segmented and scored once per study (`cache.py`); the codebook is applied
afresh every time, so an edited topic shows at once, and the analyst's manual codes (`codes.py`)
are applied last, so they win over the model on every run. NPS and CSAT come from
`xmdesk.core.analysis.metrics`, so a topic's numbers equal the analysis engine's for the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pandas as pd

from xmdesk.core import messages
from xmdesk.core.analysis import metrics
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.errors import ModelError
from xmdesk.core.jobs import CancelToken, Progress, no_progress, sub_progress
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, load_survey
from xmdesk.core.text import adjust, aspects, cache, codebook as codebooks, codes as manual, keywords, sentiment
from xmdesk.core.text.polarity import POLARITIES, band
from xmdesk.core.text.compute import compute
from xmdesk.core.text.lexicon import Lexicon, load_lexicon

NEGATIVE_BELOW = 0.4
POSITIVE_FROM = 0.6
COLUMNS = ("response_id", "text", "sentiment", "topics", "polarity", "topic_polarity", "coded", "quotable")
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
    signs: np.ndarray  # comments × topics, the topic's polarity in the comment: 1, -1, 0 (neutral or absent)
    machine: Machine  # the same before the analyst's codes, to code a comment again without a new analysis
    adjusted: int = 0  # codes the study's model adjustment was learned from (0: the shipped model as it is)


@dataclass
class Machine:
    """What the model and the codebook said, before the analyst's codes: a code set or cleared starts from it."""

    names: list[str]  # the codebook's topics, the columns of `matrix` and `signs`
    sentiment: np.ndarray
    polarity: np.ndarray  # of str
    topics: list[list[str]]
    matrix: np.ndarray
    signs: np.ndarray


def _read_comments(study: Study, survey: Survey, question: Question) -> pd.DataFrame:
    # The score columns are read in the same scan: the topic statistics then find them in the frame cache.
    frame = load_frame(study, survey, [question.code] + [q.code for q in score_questions(survey) if q is not None])
    texts = frame[question.code].to_numpy(dtype=object)
    # Tested once per distinct text (a column of 100,000 comments holds a few thousand): 0.1 s less per question.
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    written = np.array([isinstance(t, str) and t != "" and not t.isspace() for t in uniques] + [False], dtype=bool)
    keep = written[codes]
    return pd.DataFrame({"response_id": frame.index.to_numpy()[keep].astype(np.int64), "text": texts[keep]})


@dataclass
class _Known:
    """Tokens and scores of each distinct comment, from the cache or computed now."""

    tokens: list[str]
    scores: np.ndarray
    clauses: list[str]  # clause signs of the comments whose clauses disagree, '' for the others
    entries: cache.Entries


def _tokens_and_scores(study: Study, unique: list[str], lexicon: Lexicon, model: str, report: Progress,
                       cancel: CancelToken | None, processes: int | None, words: bool = True,
                       adjustment: adjust.Adjustment | None = None) -> _Known:
    """Look every distinct comment up in the cache; segment and score only the missing ones, then store them.
    Without `words` nothing is segmented (the tokens are empty): scores and topics do not need jieba.
    New scores are moved by the study's `adjustment`, whose version is part of the cache key."""
    total = sum(_STEPS)
    version = sentiment.model_version(model) + (f"+{adjustment.version}" if adjustment else "")
    segmenter = lexicon.segmenter_key() if words else ""
    hashes = cache.text_hashes(unique)
    known_scores = cache.cached_scores(study, version)
    mixed = cache.cached_mixed_clauses(study, version)
    known_tokens = cache.cached_tokens(study, segmenter) if words else dict.fromkeys(hashes, "")
    report(_STEPS[0], total, messages.text("text.reading"))
    missing_tokens = _missing(hashes, known_tokens)
    missing_scores = _missing(hashes, known_scores)
    computed = compute([unique[i] for i in missing_tokens], [unique[i] for i in missing_scores], lexicon, model,
                       sub_progress(report, _STEPS[0], _STEPS[1], total), cancel, processes,
                       messages.text("text.computing"), adjustment)
    entries = cache.Entries(version, segmenter,
                            [(hashes[i], a.score, a.clauses) for i, a in zip(missing_scores, computed.scores)],
                            [(hashes[i], t) for i, t in zip(missing_tokens, computed.tokens)])
    if cancel is not None:
        cancel.check()
    cache.store(study, entries)
    known_tokens.update(entries.tokens)
    known_scores.update((h, score) for h, score, _ in entries.scores)
    mixed.update((h, clauses) for h, _, clauses in entries.scores if aspects.is_mixed(clauses))
    return _Known(list(map(known_tokens.__getitem__, hashes)),
                  np.fromiter(map(known_scores.__getitem__, hashes), dtype=np.float64, count=len(hashes)),
                  list(map(mixed.get, hashes, repeat(""))), entries)


def _missing(hashes: list[int], known: dict[int, str] | dict[int, float]) -> list[int]:
    """Positions of the hashes not in `known`; a set difference first, as on a re-run none are."""
    absent = set(hashes).difference(known)
    return [i for i, h in enumerate(hashes) if h in absent] if absent else []


def score_comments(study: Study, survey: Survey | str, question: str, progress: Progress | None = None,
                   cancel: CancelToken | None = None, *, model: str = sentiment.OURS,
                   codebook: codebooks.Codebook | None = None, lexicon: Lexicon | None = None,
                   processes: int | None = None, words: bool = True) -> Scored:
    """Segment, score (cached) and tag every non-blank comment of `question`.

    Work is done once per distinct text (many comments are the same 无 or 很好), then spread back to
    the rows that carry it. `words=False` leaves the comments unsegmented (each one's `tokens` ''): only
    keywords need the words, and loading jieba's dictionary costs more than a report's whole comment block.
    """
    report = progress or no_progress
    total = sum(_STEPS)
    survey = _survey(study, survey)
    q = _text_question(survey, question)
    lexicon = lexicon or load_lexicon(study)
    book = load_codebook_or_default(study) if codebook is None else codebook
    compiled = codebooks.compile_codebook(book, lexicon)  # a bad rule fails before any long work
    sentiment.model_version(model)  # so does an unknown model
    adjustment = adjust.load_adjustment(study) if model == sentiment.OURS else None

    report(0, total, messages.text("text.reading"))
    comments = _read_comments(study, survey, q)
    rows, distinct = pd.factorize(comments["text"])  # each row's distinct text, numbered as first seen
    unique: list[str] = distinct.tolist()
    known = _tokens_and_scores(study, unique, lexicon, model, report, cancel, processes, words, adjustment)
    report(_STEPS[0] + _STEPS[1], total, messages.text("text.tagging"))
    matrix, tokens, scores = codebooks.tag_matrix(unique, compiled), known.tokens, known.scores
    index = _polarity_index(scores)
    polarities = np.array(POLARITIES, dtype=object)[index]
    signs = aspects.aspect_signs(unique, known.clauses, _SIGN_OF_INDEX[index], matrix,
                                 aspects.codebook_tagger(compiled))
    names = [t.name for t in compiled]
    # Worked out per distinct text and shared by the rows that carry it, as topic_lists shares its lists (do not
    # modify them in place): a dict per row of 100,000 cost 0.03 s a question.
    topic_polarity = aspects.topic_polarities(names, matrix, signs)
    if len(unique) != len(comments):  # repeated comments: from distinct texts back to rows
        matrix, tokens, scores = matrix[rows], [tokens[i] for i in rows.tolist()], scores[rows]
        polarities, signs = polarities[rows], signs[rows]
        topic_polarity = [topic_polarity[i] for i in rows.tolist()]
    comments["sentiment"] = scores
    comments["topics"] = codebooks.topic_lists(matrix, names)
    comments["polarity"] = polarities
    comments["coded"] = False
    comments["quotable"] = False
    comments = comments.reset_index(drop=True)
    machine = Machine(names, scores, polarities, comments["topics"].tolist(), matrix, signs)
    matrix, signs = matrix.copy(), signs.copy()
    comments["topic_polarity"] = topic_polarity
    codes = manual.load_codes(study, survey.code, q.code)
    positions = {rid: i for i, rid in enumerate(comments["response_id"].tolist()) if rid in codes}
    for rid, i in positions.items():
        code_row(comments, i, codes[rid], machine, matrix, signs)
    return Scored(comments[list(COLUMNS)], tokens, matrix, known.entries, known.entries.model, signs, machine,
                  adjustment.codes if adjustment else 0)


_SIGN_OF_INDEX = np.array([1, 0, -1], dtype=np.int8)  # of POLARITIES: positive, neutral, negative


def _polarity_index(scores: np.ndarray) -> np.ndarray:
    """Index into POLARITIES (positive, neutral, negative) of each score's band."""
    out: np.ndarray = np.where(scores >= POSITIVE_FROM, 0, np.where(scores < NEGATIVE_BELOW, 2, 1))
    return out


def code_row(table: pd.DataFrame, i: int, code: manual.ManualCode, machine: Machine, matrix: np.ndarray,
             signs: np.ndarray) -> None:
    """Row `i` as the model left it, then the analyst's code over it (in place on the table, matrix and signs).

    A polarity set by hand moves the score into its band and gives every topic of the comment that
    polarity, unless the comment's clauses disagree (then each topic keeps its clause's sign).
    Topics set by hand replace the codebook's; a topic added by hand takes the comment's polarity.
    """
    names = machine.names
    matrix[i], signs[i] = machine.matrix[i], machine.signs[i]
    polarity = code.polarity or str(machine.polarity[i])
    sign = aspects.SIGN_OF.get(polarity, 0)
    topics = list(code.topics) if code.topics is not None else list(machine.topics[i])
    mixed = len(set(machine.signs[i][machine.matrix[i]].tolist())) > 1
    if code.topics is not None:
        coded_row = np.array([n in code.topics for n in names], dtype=bool)
        signs[i] = np.where(coded_row & ~matrix[i], sign, signs[i])
        matrix[i] = coded_row
    if code.polarity is not None and not mixed:
        signs[i] = sign
    signs[i] = np.where(matrix[i], signs[i], 0)
    table.at[i, "polarity"] = polarity
    table.at[i, "sentiment"] = band(float(machine.sentiment[i]), polarity) if code.polarity else machine.sentiment[i]
    table.at[i, "topics"] = topics
    table.at[i, "topic_polarity"] = aspects.topic_polarity(names, matrix[i], signs[i])
    table.at[i, "coded"] = code.polarity is not None or code.topics is not None
    table.at[i, "quotable"] = code.quotable


def load_codebook_or_default(study: Study) -> codebooks.Codebook:
    """The study's codebook, or the shipped default while the study has none."""
    own = codebooks.load_codebook(study)
    return own if own.topics else codebooks.default_codebook()


def comment_table(study: Study, survey: Survey | str, question: str, progress: Progress | None = None,
                  cancel: CancelToken | None = None, *, model: str = sentiment.OURS,
                  codebook: codebooks.Codebook | None = None) -> pd.DataFrame:
    """One row per non-blank comment: response_id, text, sentiment (0..1), topics (list of names)."""
    scored = score_comments(study, survey, question, progress, cancel, model=model, codebook=codebook, words=False)
    return scored.table


# -- summaries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentimentSummary:
    n: int
    mean: float
    negative: int
    neutral: int
    positive: int
    by_hand: int = 0  # comments whose polarity or topics an analyst set
    adjusted: int = 0  # codes the study's model adjustment was learned from (0: none)

    @property
    def opinions(self) -> int:
        """Comments that hold an opinion: the base of % positive and % negative."""
        return self.n - self.neutral

    def share(self, label: str) -> float:
        """% neutral of all comments; % positive and % negative of the comments with an opinion."""
        base = self.n if label == "neutral" else self.opinions
        return 100.0 * getattr(self, label) / base if base else math.nan

    @property
    def machine_coded(self) -> int:
        """Comments whose polarity the model gave: all but those an analyst coded by hand (`coding_line`)."""
        return self.n - self.by_hand

    def coding_line(self) -> str:
        """'n machine-coded, m by hand', in the reader's language; with the study's adjustment, how many codes it
        learned from."""
        if self.adjusted:
            return messages.text("text.machine_coded_adjusted", machine=f"{self.machine_coded:,}",
                                 manual=f"{self.by_hand:,}", codes=f"{self.adjusted:,}")
        return messages.text("text.machine_coded", machine=f"{self.machine_coded:,}", manual=f"{self.by_hand:,}")


def sentiment_summary(scores: Sequence[float] | np.ndarray, coded: Sequence[bool] | np.ndarray = (),
                      adjusted: int = 0) -> SentimentSummary:
    """Counts by polarity (the score's band) and the mean score of the comments with an opinion."""
    values = np.asarray(scores, dtype=np.float64)
    negative = int((values < NEGATIVE_BELOW).sum())
    positive = int((values >= POSITIVE_FROM).sum())
    opinion = values[(values < NEGATIVE_BELOW) | (values >= POSITIVE_FROM)]
    return SentimentSummary(len(values), float(opinion.mean()) if len(opinion) else math.nan,
                            negative, len(values) - negative - positive, positive, int(np.sum(coded)), adjusted)


@dataclass(frozen=True)
class TopicStat:
    """One topic: how many comments mention it, their sentiment, and scores with vs without it.

    "Without" means respondents who left a comment on this question that does not mention the
    topic, so both groups answered the same open question.
    """

    topic: str
    n: int
    share: float  # % of comments
    mean_sentiment: float  # mean score of the mentions with an opinion about the topic
    negative_share: float  # % of its mentions with an opinion that are negative about it (neutral left out)
    nps_with: metrics.NpsResult | None
    nps_without: metrics.NpsResult | None
    csat_with: metrics.ScaleResult | None
    csat_without: metrics.ScaleResult | None
    neutral: int = 0  # mentions without an opinion about the topic, counted apart


def topic_stats(table: pd.DataFrame, topics: Sequence[str], scores: pd.DataFrame | None = None,
                nps_question: Question | None = None, csat_question: Question | None = None,
                matrix: np.ndarray | None = None, signs: np.ndarray | None = None) -> list[TopicStat]:
    """Per topic: share of comments, sentiment, and NPS/CSAT of respondents mentioning it vs not.

    `scores` is indexed by response id with the NPS and CSAT questions' columns (as load_frame gives);
    `matrix` (comments × topics) saves reading the `topics` lists again when the caller has it;
    `signs` (comments × topics, 1 / -1 / 0) is each topic's polarity in each comment (by default the
    comment's own). A topic's sentiment is the sentiment of the clauses about it: a comment
    negative about 价格 and positive overall counts as negative for 价格, with the mirror of its
    score; mentions without an opinion are counted apart and left out of both numbers.
    """
    n = len(table)
    sentiment_values = table["sentiment"].to_numpy(dtype=np.float64)
    if matrix is None:
        tag_lists = table["topics"].tolist()
        matrix = np.array([[t in tags for t in topics] for tags in tag_lists], dtype=bool).reshape(n, len(topics))
    if signs is None:
        comment_signs = np.where(sentiment_values >= POSITIVE_FROM, 1, np.where(sentiment_values < NEGATIVE_BELOW, -1, 0))
        signs = np.where(matrix, comment_signs[:, None], 0)
    own = np.where(sentiment_values >= POSITIVE_FROM, 1, np.where(sentiment_values < NEGATIVE_BELOW, -1, 0))
    ids = table["response_id"].to_numpy()
    nps_values = _aligned(scores, nps_question, ids)
    csat_values = _aligned(scores, csat_question, ids)
    out = []
    for column, topic in enumerate(topics):
        mask = matrix[:, column]
        hits = int(mask.sum())
        about = signs[mask, column]
        opinion = about != 0
        # The comment's score where the topic shares its polarity, its mirror where the clause about it disagrees.
        scores_about = np.where(about == own[mask], sentiment_values[mask], 1.0 - sentiment_values[mask])[opinion]
        out.append(TopicStat(
            topic=topic, n=hits, share=100.0 * hits / n if n else math.nan,
            mean_sentiment=float(scores_about.mean()) if scores_about.size else math.nan,
            negative_share=100.0 * float((about[opinion] < 0).mean()) if opinion.any() else math.nan,
            nps_with=None if nps_values is None else metrics.nps(nps_values[mask]),
            nps_without=None if nps_values is None else metrics.nps(nps_values[~mask]),
            csat_with=None if csat_values is None else metrics.csat(csat_values[mask], csat_question),
            csat_without=None if csat_values is None else metrics.csat(csat_values[~mask], csat_question),
            neutral=hits - int(opinion.sum()),
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
    scored: Scored | None = None  # the topic matrix, signs and machine values behind the table
    scores: pd.DataFrame | None = None  # NPS and CSAT answers by response id

    def recode(self, code: manual.ManualCode) -> None:
        """Show an analyst's new code at once: its row, the summary and the topics, without a new analysis."""
        if self.scored is None:
            return
        where = np.flatnonzero(self.table["response_id"].to_numpy() == code.response_id)
        if not where.size:
            return
        scored = self.scored
        code_row(self.table, int(where[0]), code, scored.machine, scored.matrix, scored.signs)
        self.sentiment = sentiment_summary(self.table["sentiment"].to_numpy(), self.table["coded"].to_numpy(),
                                           self.sentiment.adjusted)
        self.topics = topic_stats(self.table, self.codebook.names, self.scores, self.nps_question,
                                  self.csat_question, scored.matrix, scored.signs)

    @property
    def computed_tokens(self) -> int:
        """Comments segmented by this run (0 when all were in the cache)."""
        return len(self.entries.tokens)

    @property
    def computed_scores(self) -> int:
        """Comments scored by this run (0 when all were in the cache)."""
        return len(self.entries.scores)


def check_top(top: int) -> None:
    """Keywords to list under 1 (`--top 0`, `--top -5`) gave an empty list, or all but the last five: refused."""
    if top < 1:
        raise ModelError("text.bad_top", value=top)


def analyze(study: Study, survey: Survey | str, question: str, progress: Progress | None = None,
            cancel: CancelToken | None = None, *, model: str = sentiment.OURS,
            codebook: codebooks.Codebook | None = None, processes: int | None = None,
            top: int = 30) -> TextAnalysis:
    """Score and tag the comments, then keywords, frequencies, sentiment and topic statistics."""
    check_top(top)
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
        codebook=book, topics=topic_stats(scored.table, book.names, scores, nps_q, csat_q, scored.matrix,
                                          scored.signs),
        sentiment=sentiment_summary(scored.table["sentiment"].to_numpy(), scored.table["coded"].to_numpy(),
                                    scored.adjusted),
        frequencies=keywords.word_frequencies(counts, top), tfidf=keywords.tfidf(counts, top),
        textrank=keywords.textrank(scored.tokens, lexicon, top), model_version=scored.model_version,
        entries=scored.entries,
        nps_question=nps_q, csat_question=csat_q, scored=scored, scores=scores,
    )
    report(total, total, messages.text("text.done"))
    return result


def text_questions(survey: Survey) -> list[Question]:
    """The open questions text analysis reads: the survey's active text questions, in form order (archived ones are
    left out)."""
    return [q for q in survey.active_questions() if q.type == QuestionType.TEXT]
