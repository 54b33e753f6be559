"""What vulture (the dead-code check in `run.sh test`, configured in pyproject's [tool.vulture]) cannot see used.

Vulture reads names, not calls: a method Qt calls, a class named in a string, an attribute a library reads
after we set it, or a function only the tests call all look unused to it. Each entry below is one of those,
reviewed, with why it stays; anything vulture reports that is not here is dead code to remove. Entries name
our objects through real imports, so `tests/test_dead_code.py` importing this file fails on an entry whose
object was renamed or removed (a stale line would otherwise hide new dead code of the same name).

    .venv/bin/vulture            # paths and confidence from pyproject.toml; exit 3 when it finds dead code
"""

# ruff: noqa: B018 - each line is an expression that only names something for vulture to count as used
from __future__ import annotations


class _Library:
    """Stands for a library's object: the names read from it below are attributes our code sets on one."""

    def __getattr__(self, name: str) -> str:
        return name


_ = _Library()

# -- Qt calls these by their C++ names (overrides of virtual methods) ----------------------------------------
from xmdesk.gui.data.cleaning import CellDelegate  # noqa: E402
from xmdesk.gui.entry.columns import ChoiceColumns  # noqa: E402
from xmdesk.gui.journey.scene import CardItem, LaneItem  # noqa: E402
from xmdesk.gui.reports.page_image import PageImage  # noqa: E402

CellDelegate.createEditor  # QStyledItemDelegate: the editor of a Data cell
CellDelegate.setEditorData
CellDelegate.setModelData
ChoiceColumns.hasHeightForWidth  # QLayout: the entry form's choices in columns
ChoiceColumns.minimumSize
PageImage.hasHeightForWidth  # QWidget: a report page drawn at the preview's width
PageImage.minimumSizeHint
PageImage.paintEvent
CardItem.mouseDoubleClickEvent  # QGraphicsItem: double-click edits a journey card or lane
LaneItem.mouseDoubleClickEvent

# -- Named in strings ------------------------------------------------------------------------------------------
from xmdesk.core.survey.logic import _Compiler  # noqa: E402
from xmdesk.gui.cases.area import CasesArea  # noqa: E402
from xmdesk.gui.collect.area import CollectArea  # noqa: E402
from xmdesk.gui.data.area import DataArea  # noqa: E402
from xmdesk.gui.entry.area import EntryArea  # noqa: E402
from xmdesk.gui.importing.area import ImportArea  # noqa: E402
from xmdesk.gui.journey.area import JourneyArea  # noqa: E402
from xmdesk.gui.surveys.area import SurveysArea  # noqa: E402

# The areas: study_page.AREA_CLASSES names each "module:Class", imported when the area is first visited.
CasesArea, CollectArea, DataArea, EntryArea, ImportArea, JourneyArea, SurveysArea
# XLSForm functions in a survey's logic: the compiler calls getattr(self, "fn_" + name) for each call it reads.
_Compiler.fn_not, _Compiler.fn_selected, _Compiler.fn_count_selected, _Compiler.fn_if, _Compiler.fn_string_length
_Compiler.fn_regex, _Compiler.fn_contains, _Compiler.fn_starts_with, _Compiler.fn_today, _Compiler.fn_coalesce
_Compiler.fn_number, _Compiler.fn_int, _Compiler.fn_round, _Compiler.fn_sum, _Compiler.fn_mean, _Compiler.fn_year
_Compiler.fn_month, _Compiler.fn_day, _Compiler.fn_weekday, _Compiler.fn_extract

# -- Attributes a library reads after we set them ---------------------------------------------------------------
_.data_type, _.quotePrefix  # openpyxl cell: text that starts with "=" stays text (core/files.py)
_.freeze_panes, _.formatColumns, _.hyperlink  # openpyxl sheet, sheet protection and cell (workbooks, tables)
_.symbol, _.noFill, _.grouping  # openpyxl chart series marker, its fill, the bar grouping (xlsx export)
_.italic  # python-docx run (the methodology note)
_.slide_height, _.word_wrap, _.alignment, _.has_title, _.include_in_layout, _.has_data_labels  # python-pptx
_.number_format_is_linked, _.gap_width, _.tick_label_position, _.reverse_order, _.maximum_scale, _.minimum_scale
_.log_errors, _.case_sensitive, _.never_capture  # re2.Options (core/patterns.py)
_.text_factory  # sqlite3 connection: recovery reads damaged text leniently
_._CHUNK_SIZE  # io.TextIOWrapper: larger reads of a big CSV
_.initialized  # jieba.Tokenizer: a copy of the loaded dictionary counts as loaded

# -- Fields of the core's result records: part of what a caller gets, though no screen shows them yet ------------
from xmdesk.core.analysis.crosstab import ChiSquare, Crosstab, MeansBySegment  # noqa: E402



def _fields(record: type, *names: str) -> None:
    """Fails when a name read below for vulture is no longer one of the record's fields."""
    missing = set(names) - set(record.__dataclass_fields__)
    assert not missing, f"{record.__name__} has no field {', '.join(sorted(missing))}"


_.row_question, _.column_question, _.row_totals, _.min_expected, _.group_question
_fields(Crosstab, "row_question", "column_question", "row_totals")
_fields(ChiSquare, "min_expected")
_fields(MeansBySegment, "group_question")

# -- Public functions the tests use as the API (a write or read the GUI does another way) -------------------------
from xmdesk.core.analysis.drivers import pairwise_correlation  # noqa: E402
from xmdesk.core.analysis.frame import cache_info  # noqa: E402
from xmdesk.core.fieldwork.cleaning import set_value  # noqa: E402
from xmdesk.core.loop.alerts import get_rule  # noqa: E402
from xmdesk.core.loop.cases import open_case  # noqa: E402
from xmdesk.core.privacy import mask_text  # noqa: E402
from xmdesk.core.reports.recipe import delete_report  # noqa: E402
from xmdesk.core.study.audit import recent_audit  # noqa: E402
from xmdesk.core.survey.model import version_definition  # noqa: E402
from xmdesk.core.survey.responses import add_response  # noqa: E402
from xmdesk.gui.charts.view import ChartView  # noqa: E402
from xmdesk.gui.study_page import StudyPage  # noqa: E402
from xmdesk.gui.workers import JobProgressDialog  # noqa: E402
from xmdesk.render.journey import journey_png  # noqa: E402

add_response  # one finished response stored at once: the tests' way to put answers in a study
set_value  # one answer corrected at once (plan and apply): the cleaning tests
version_definition  # a survey as it was at a version: the versioning tests
get_rule, open_case, recent_audit, delete_report, mask_text  # reads and writes of the loop, audit, reports, privacy
pairwise_correlation  # the pairwise-complete correlation, tested against pandas beside the weighted one
cache_info  # how many frames the study's cache holds: the frame cache tests
journey_png  # a stored journey as PNG bytes, named in the README for the reports
ChartView.plotted_values  # what a chart drew, per series: the chart tests read it
StudyPage.current_area  # the key of the area shown: the window tests
JobProgressDialog.labelText  # QProgressDialog's reader, kept on our progress dialog: the worker tests
_.pages_loaded  # ResponsesModel's pages read so far: tests/gui/test_data_view.py and benchmarks/open_large.py's child
