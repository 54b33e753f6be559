# Overrides PyInstaller's hook of the same name: same collection, filtered by
# hooksconfig["xmdesk-qt"] in packaging/xmdesk.spec (see xmdesk_qt_filter.py).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xmdesk_qt_filter import hook  # noqa: E402,F401
