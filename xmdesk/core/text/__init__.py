"""Text analytics of open comments (VOC): segmentation, sentiment, codebook topics, keywords, topic scores.

- `lexicon`: the shipped CX dictionary, stop words and synonyms, plus the study's own words;
- `segment`: jieba, loaded once per process, with study words on a copy of its dictionary;
- `sentiment` / `training`: our offline Chinese sentiment model (and snownlp, the baseline);
- `compute` / `cache`: segment and score only what the study's cache lacks, on every core for large sets;
- `codebook`: user-defined topics and the rules that tag comments;
- `keywords`: word frequencies, TF-IDF and TextRank;
- `analyze`: the entry points (`comment_table`, `analyze`) and the topic–score statistics;
- `browse`: the comment browser's filters as data.

Heavy modules (jieba, snownlp, pandas) are imported where they are first used, never here.
"""
