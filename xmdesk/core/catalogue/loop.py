"""Messages of the alerts, cases and improvement actions (issue 10)."""

CATALOGUE: dict[str, tuple[str, str]] = {
}
