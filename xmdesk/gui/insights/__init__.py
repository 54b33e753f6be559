"""The insight finder's panel (a tab of the Charts area)."""
