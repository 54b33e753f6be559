"""Time the journey canvas with a 300-item map on the demo study.

    QT_QPA_PLATFORM=offscreen python benchmarks/journey.py [--items 300] [--repeat 20]

The map has 10 stages; a third of its items are touchpoints linked to the demo survey
(with filters), the rest stickers, notes and emotion points. "Open" is what the editor
does when a journey is chosen: load it from the study, score its links, build the
scene's items and fit the view (median of the repeats; link scores come from the
analysis engine's cache after the first open, as in the app). "Repaint" is a full
synchronous repaint of the 1400×900 view at fit-to-view, median of the repeats (cards keep
their pixels in a device-coordinate cache); the first repaint of freshly built items, when
every card is drawn, is printed too.
Targets: open < 0.3 s, repaint < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LINKS = [("nps", "nps", "${channel} = 3"), ("attr__env", "mean", "${channel} = 1"), ("csat", "csat", ""),
         ("attr__queue", "mean", "${region} = 2"), ("ces", "ces", "${channel} != 1")]
KINDS = ("touchpoint", "pain_point", "opportunity", "note", "touchpoint", "pain_point")


def big_journey(items: int):  # noqa: ANN201 - a core Journey, imported late
    from xmdesk.core.journey import maps as J

    stages = [J.Stage(f"阶段 {n + 1}", 260.0) for n in range(10)]
    journey = J.Journey("大型旅程", stages=stages)
    per_stage = (items - len(stages)) // len(stages)
    for stage in range(len(stages)):
        journey.items.append(J.JourneyItem("emotion", "", stage, props={"value": ((stage % 5) - 2) / 2.5}))
        for slot in range(per_stage):
            kind = KINDS[slot % len(KINDS)]
            question, metric, flt = LINKS[(stage + slot) % len(LINKS)]
            link = J.Link("retail_cx", question, metric, flt) if kind == "touchpoint" else None
            journey.items.append(J.JourneyItem(kind, f"{kind} {stage}-{slot} 触点说明", stage, "门店",
                                               stage * 260 + 20 + (slot % 2) * 20, 120 + slot * 90, 160, 80,
                                               {"icon": "门店"}, link))
    return journey


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ["XMDESK_HOME"] = tempfile.mkdtemp(prefix="xmdesk_bench_")

    from PySide6.QtWidgets import QApplication

    from xmdesk.core.journey import maps as J
    from xmdesk.core.demo import build_demo
    from xmdesk.core.study.file import Study
    from xmdesk.gui.journey.editor import JourneyEditor

    app = QApplication.instance() or QApplication([])
    path = build_demo(Path(os.environ["XMDESK_HOME"]) / "demo.xmd")
    study = Study.open(path)
    journey = big_journey(args.items)
    J.save_journey(study, journey)
    editor = JourneyEditor(study)
    editor.resize(1400, 900)
    editor.show()
    app.processEvents()

    opens = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        editor.open_journey(journey.name)
        app.processEvents()
        opens.append(time.perf_counter() - started)
    assert editor.scene is not None and len(editor.scene.journey.items) == len(journey.items)
    first = opens[0]
    editor.view.fit()
    app.processEvents()
    cold = []
    for _ in range(5):
        editor.scene.rebuild()  # new items: nothing cached, every card drawn
        started = time.perf_counter()
        editor.view.viewport().repaint()
        cold.append(time.perf_counter() - started)
    paints = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        editor.view.viewport().repaint()
        paints.append(time.perf_counter() - started)
    linked = sum(1 for item in journey.items if item.link is not None)
    print(f"journey: {len(journey.items)} items ({linked} linked touchpoints), {len(journey.stages)} stages")
    print(f"open (load + scores + scene + fit): first {first * 1000:.0f} ms, median {statistics.median(opens) * 1000:.0f} ms"
          f"  (target < 300 ms)")
    size = f"{editor.view.viewport().width()}×{editor.view.viewport().height()}"
    print(f"full repaint at fit-to-view ({size}): median {statistics.median(paints) * 1000:.1f} ms, "
          f"max {max(paints) * 1000:.1f} ms  (target < 50 ms)")
    print(f"first repaint of new items (nothing cached, every card drawn): median {statistics.median(cold) * 1000:.1f} ms")
    print(f"load average: {os.getloadavg()[0]:.2f}")
    editor.close()
    study.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
