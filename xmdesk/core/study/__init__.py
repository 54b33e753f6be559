"""The study file itself: the SQLite file, its migrations, audit log, change record and recovery."""
