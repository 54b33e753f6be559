"""Messages of the journey-map canvas (issue 8)."""

CATALOGUE: dict[str, tuple[str, str]] = {
}
