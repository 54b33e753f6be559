"""Surveys: the model, their response tables, designer edits, the expression language, XLSForm, usage."""
