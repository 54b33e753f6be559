"""The Surveys area: the list of surveys beside the designer."""
