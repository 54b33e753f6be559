"""Offline data entry widgets: the form, the list of this laptop's responses, merging."""
