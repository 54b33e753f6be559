"""Importing survey exports and operational data from Excel and CSV files, fast and all-or-nothing.

- `readers`: files to rows (python-calamine for Excel; CSV with its encoding and delimiter guessed).
- `layouts`: which tool wrote the export (Qualtrics, SurveyMonkey, 问卷星, 腾讯问卷, Kobo/ODK, plain).
- `values`: cells to stored values (numbers, codes, flags, dates; 非常满意 → 5, "10分" → 10, 是 → 1).
- `mapping`: source columns to survey columns, proposed for a new survey or matched onto an existing one.
- `run`: checking every row, the import in one transaction, provenance, saved mappings.
- `operational`: files as O-data tables with a key column and a join to responses.
"""
