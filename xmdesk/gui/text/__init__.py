"""Widgets of the Text area (comment browser model, charts, codebook dialog)."""
