"""Messages of the reports and data exports (issue 9)."""

CATALOGUE: dict[str, tuple[str, str]] = {
}
