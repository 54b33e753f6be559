"""Chart specs: each chart described once from engine results, drawn by the panel and by every exporter."""
