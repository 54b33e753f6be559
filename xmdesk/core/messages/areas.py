"""Message catalogues of the app's areas, one module each, merged into `messages.CATALOGUE`.

Each module holds `CATALOGUE: dict[str, tuple[str, str]]` (id -> English, Chinese),
with ids prefixed by the area so two areas never claim the same id.
"""

AREAS = ("importing", "analysis", "derived", "designer", "text", "journey", "reports", "loop", "logic", "entry", "study", "files", "insights",
         "collect", "tables", "verify")
