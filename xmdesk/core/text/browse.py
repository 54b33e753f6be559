"""Which comments a browser shows: search, topic, sentiment, a segment and the NPS group, as data.

The Text area's filters are plain data here so the same selection can be tested without a window
and reused by reports ("the negative comments about 排队 from 华东").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from xmdesk.core.text.analyze import sentiment_label
from xmdesk.core.vocabulary import registry

NPS_GROUPS = ("promoter", "passive", "detractor")


def nps_group(score: float) -> str | None:
    """promoter 9-10, passive 7-8, detractor 0-6; None for no answer."""
    if score is None or np.isnan(score):
        return None
    return registry.nps_group(score)


@dataclass(frozen=True)
class CommentFilter:
    search: str = ""
    topic: str | None = None  # a topic name, or "" for comments with no topic
    sentiment: str | None = None  # negative / neutral / positive
    segment_column: str | None = None
    segment_value: object = None  # a stored choice value of that column
    nps_column: str | None = None
    nps_group: str | None = None

    def columns(self) -> list[str]:
        """Response columns the filter reads besides the comment table."""
        return [c for c in (self.segment_column, self.nps_column) if c]

    def mask(self, table: pd.DataFrame, answers: pd.DataFrame | None = None) -> np.ndarray:
        """Rows of the comment table that pass; `answers` is indexed by response id (load_frame)."""
        keep = np.ones(len(table), dtype=bool)
        if self.search.strip():
            for word in self.search.lower().split():
                keep &= table["text"].str.lower().str.contains(word, regex=False).to_numpy()
        if self.topic is not None:
            topics = table["topics"].tolist()
            keep &= np.array([(self.topic in t) if self.topic else not t for t in topics], dtype=bool)
        if self.sentiment:
            labels = [sentiment_label(s) for s in table["sentiment"].tolist()]
            keep &= np.array([label == self.sentiment for label in labels], dtype=bool)
        ids = table["response_id"].to_numpy()
        if self.segment_column and answers is not None:
            values = answers[self.segment_column].reindex(ids)
            keep &= (values.astype(object) == self.segment_value).to_numpy(dtype=bool)
        if self.nps_column and self.nps_group and answers is not None:
            scores = answers[self.nps_column].reindex(ids).to_numpy(dtype=np.float64)
            keep &= np.array([nps_group(s) == self.nps_group for s in scores.tolist()], dtype=bool)
        return keep
