"""Messages of the chinese text analytics (issue 7)."""

CATALOGUE: dict[str, tuple[str, str]] = {
}
