"""Reports: saved recipes of blocks (`recipe`), run on the study's data (`build`), written by the exporters.

PowerPoint, Excel, Word and HTML are written here; PDF and chart images need Qt's
painter and live in `xmdesk.render`.
"""
