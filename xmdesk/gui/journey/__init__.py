"""The journey-map canvas: scene, view, palette, dialogs and the editor that puts them together."""
