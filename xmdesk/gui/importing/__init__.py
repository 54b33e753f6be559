"""Importing files into a study: the Import area (area.py), the import wizard and its pages."""
