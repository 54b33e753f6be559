"""Segment and score the comments the cache does not know yet, on every core for large sets.

jieba and snownlp are pure Python, so threads would not help: large sets go to a process pool
(one process per core). Work is cut into chunks of `CHUNK` comments; each finished chunk moves the
progress bar and is a point where Cancel stops the pool. Below `PARALLEL_MIN` comments the work
runs in this process, since starting the pool would cost more than it saves.

The pool uses `fork` where the platform has it: the children inherit the loaded dictionary and
model instead of loading them again (about 1.5 s each). Elsewhere (`spawn`) each child loads them on
its first chunk.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xmdesk.core.jobs import CancelToken, Progress, no_progress, process_context
from xmdesk.core.text import segment, sentiment
from xmdesk.core.text.assessment import Assessment
from xmdesk.core.text.lexicon import Lexicon

if TYPE_CHECKING:
    from xmdesk.core.text.adjust import Adjustment

CHUNK = 2000
PARALLEL_MIN = 12_000

# A task: (kind, index, what it needs, texts); kind "tokens" needs the study's words, "scores" a model name and the
# study's adjustment of the model (or None).
Task = tuple[str, int, object, list[str]]


@dataclass
class Computed:
    """Newly computed values, in the order of the texts asked for."""

    tokens: list[str]
    scores: list[Assessment]


def _run_task(task: Task) -> tuple[str, int, list[str] | list[Assessment]]:
    kind, index, needs, texts = task
    if kind == "tokens":
        user_words = needs if isinstance(needs, tuple) else ()
        lexicon = Lexicon(user_words=user_words)
        return kind, index, [segment.join(tokens) for tokens in segment.tokenize(texts, lexicon)]
    model, adjustment = needs if isinstance(needs, tuple) else (str(needs), None)
    return kind, index, sentiment.assess_with(model, texts, adjustment)


def _tasks(to_segment: Sequence[str], to_score: Sequence[str], lexicon: Lexicon, model: str,
           adjustment: Adjustment | None = None) -> list[Task]:
    tasks: list[Task] = []
    for start in range(0, len(to_segment), CHUNK):
        tasks.append(("tokens", start, lexicon.user_words, list(to_segment[start:start + CHUNK])))
    for start in range(0, len(to_score), CHUNK):
        tasks.append(("scores", start, (model, adjustment), list(to_score[start:start + CHUNK])))
    return tasks


def default_processes() -> int:
    """One worker process per core, at least one: segmenting and scoring are pure Python, so only processes run them
    side by side."""
    return max(1, os.cpu_count() or 1)


def compute(to_segment: Sequence[str], to_score: Sequence[str], lexicon: Lexicon, model: str,
            progress: Progress = no_progress, cancel: CancelToken | None = None, processes: int | None = None,
            message: str = "", adjustment: Adjustment | None = None) -> Computed:
    """Tokens (joined) of `to_segment` and sentiment scores of `to_score` (moved by the study's `adjustment`), in
    their orders."""
    tasks = _tasks(to_segment, to_score, lexicon, model, adjustment)
    total = len(to_segment) + len(to_score)
    tokens: list[str] = [""] * len(to_segment)
    scores: list[Assessment] = [Assessment(0.5, "neutral", "")] * len(to_score)
    done = 0
    progress(0, total, message)
    workers = default_processes() if processes is None else processes
    parallel = workers > 1 and total >= PARALLEL_MIN

    def collect(kind: str, index: int, values: list[str] | list[Assessment]) -> None:
        nonlocal done
        target: list[str] | list[Assessment] = tokens if kind == "tokens" else scores
        target[index:index + len(values)] = values  # type: ignore[assignment]
        done += len(values)
        progress(done, total, message)

    if not parallel:
        for task in tasks:
            if cancel is not None:
                cancel.check()
            collect(*_run_task(task))
        return Computed(tokens, scores)
    # Load what the children need before forking, so they inherit it.
    if to_segment:
        segment.tokenizer(lexicon.user_words)
    if to_score and model == sentiment.OURS:
        sentiment.shipped_model()
    with process_context().Pool(workers) as pool:  # leaving the block terminates the children, also on Cancel
        for result in pool.imap_unordered(_run_task, tasks):
            if cancel is not None:
                cancel.check()
            collect(*result)
    return Computed(tokens, scores)
