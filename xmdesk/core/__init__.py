"""The Qt-free core: storage, domain model and analysis. Never imports PySide6 or pyqtgraph."""
