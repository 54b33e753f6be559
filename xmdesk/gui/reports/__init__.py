"""The Reports area: the report builder with its live preview, and the data export dialog."""
