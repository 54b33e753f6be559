"""PyInstaller's entry script for the frozen `xmdesk` program (the same as the `xmdesk` console script)."""

import multiprocessing
import sys

from xmdesk.__main__ import main

if __name__ == "__main__":
    # A no-op unless the app ever starts worker processes; then frozen children need it.
    multiprocessing.freeze_support()
    sys.exit(main())
