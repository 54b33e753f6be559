"""The core stays Qt-free and light: checked by importing it in a clean interpreter."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import xmdesk.core

PROBE = """
import importlib, json, pkgutil, sys
import xmdesk.core
names = [m.name for m in pkgutil.walk_packages(xmdesk.core.__path__, "xmdesk.core.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "qt": sorted(m for m in sys.modules
      if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))}))
"""

OPEN_PROBE = """
import json, sys
from xmdesk.core.study.file import Study
from xmdesk.core.survey import responses
from xmdesk.core.survey import model as survey
with Study.open(sys.argv[1]) as study:
    s = survey.load_survey(study, "retail_cx")
    responses.fetch_rows(study.conn, s, ["nps"], responses.build_index(study.conn, s).ids_between(0, 50))
print(json.dumps(sorted(m for m in ("pandas", "sqlite_utils", "numpy", "jieba", "snownlp") if m in sys.modules)))
"""


def test_every_core_module_imports_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    expected = [m.name for m in pkgutil.walk_packages(xmdesk.core.__path__, "xmdesk.core.")]
    assert sorted(report["modules"]) == sorted(expected) and len(expected) > 10
    assert report["qt"] == []


def test_opening_and_paging_a_study_loads_no_heavy_module(demo_path: object) -> None:
    result = subprocess.run([sys.executable, "-c", OPEN_PROBE, str(demo_path)], capture_output=True, text=True,
                            check=True)
    assert json.loads(result.stdout) == []


RENDER_PROBE = """
import importlib, json, pkgutil, sys
import xmdesk.render
for m in pkgutil.walk_packages(xmdesk.render.__path__, "xmdesk.render."):
    importlib.import_module(m.name)
print(json.dumps("PySide6.QtWidgets" in sys.modules))
"""


def test_render_draws_without_widgets() -> None:
    result = subprocess.run([sys.executable, "-c", RENDER_PROBE], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) is False
