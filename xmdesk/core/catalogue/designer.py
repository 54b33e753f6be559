"""Messages of the survey designer, data entry, merging, XLSForm (issue 6)."""

CATALOGUE: dict[str, tuple[str, str]] = {
}
