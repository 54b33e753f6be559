"""The import wizard and its pages (the Import area lives in xmdesk.gui.importing.area)."""
