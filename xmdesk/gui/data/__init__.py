"""Widgets of the Data area: the derived-variable editor."""
