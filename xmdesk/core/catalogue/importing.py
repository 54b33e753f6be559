"""Messages of the import wizard and operational data (issue 4)."""

CATALOGUE: dict[str, tuple[str, str]] = {
}
