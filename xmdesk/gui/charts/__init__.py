"""Drawing chart specs with pyqtgraph: the chart view, its themes and exports."""
