"""The survey designer: question list, palette, property panel, undo stack and live preview."""
