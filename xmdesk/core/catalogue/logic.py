"""Messages of the skip-logic and filter expressions."""

CATALOGUE: dict[str, tuple[str, str]] = {
}
