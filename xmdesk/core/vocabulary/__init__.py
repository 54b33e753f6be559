"""The one vocabulary every face speaks: how numbers are written, which colour means what, which metrics exist.

The charts panel, the PDF/PowerPoint/Excel/Word/HTML exporters, journey maps, the CLI and the
GUI menus all read these modules instead of keeping their own copies, so the same chart spec
gives the same text and colours everywhere. Light on purpose (no pandas, no Qt): the chart
view and the CLI import it at start-up.
"""
