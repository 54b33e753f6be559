"""XMDesk: offline customer-experience research on a laptop."""

__version__ = "0.1.0"
APP_NAME = "XMDesk"
