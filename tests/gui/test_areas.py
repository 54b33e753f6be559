"""Each area the navigation opens is one class, in its feature's `area.py`, and the widget itself: a thin
subclass of another widget under the area's name (as the Reports area was of the report builder) makes the
reader look in two places for one screen."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QWidget

from xmdesk.gui.navigation import AREA_KEYS
from xmdesk.gui.study_page import AREA_CLASSES


def test_every_area_is_one_widget_class_in_its_area_module() -> None:
    for key in AREA_KEYS:
        module_name, class_name = AREA_CLASSES[key].split(":")
        area = getattr(importlib.import_module(module_name), class_name)
        assert module_name.endswith(".area"), key
        assert area.__module__ == module_name, key
        assert area.__bases__ == (QWidget,), f"{key}: {area.__bases__}"
