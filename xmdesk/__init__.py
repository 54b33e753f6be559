"""XMDesk: offline customer-experience research on a laptop."""

import os

__version__ = "0.1.0"
APP_NAME = "XMDesk"

# One BLAS thread, set before numpy is first imported (it reads this once): OpenBLAS's extra threads spin on
# every product and at start-up, and on a laptop's 2-4 cores they take CPU from the window and the workers for no
# gain on our shapes. Measured here on 2 cores, alternated: the 100,000-response PowerPoint report 3.15 -> 2.82 s
# of CPU (median of 5), key drivers over 1,000,000 responses 3.6-4.1 -> 3.1-3.6 s wall. The drivers' small
# products were already held to one thread (threadpoolctl). A value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
