"""Qt Designer forms (ui/*.ui) built into the dialog that owns them, at run time.

A form is read with QUiLoader each time its dialog is made, so a designer edits the .ui in Qt Designer and
sees the change on the next start, with no generated module to keep in step. The loader builds the form's
top-level widget *into* the dialog (the dialog is returned for it), so the dialog gets the form's layout,
title and size; its children keep their object names and are fetched with `child`, which says which form
lacks which widget instead of leaving an attribute None. Texts in a form are translated by QUiLoader in the
context of the form's <class> (the dialog's class name), the context lupdate gives them, so a dialog keeps the
translations its tr() calls had.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from xmdesk.gui.paths import forms_dir

W = TypeVar("W", bound=QObject)


class FormError(RuntimeError):
    """A form is missing, unreadable or lacks a widget the code needs: the installation is broken, and saying
    which file is what lets it be mended (the app's error dialog shows this message)."""


def _broken(path: Path, reason: str) -> FormError:
    text = QCoreApplication.translate("Forms", "The form {0} could not be used: {1}\n\nXMDesk's installation is "
                                               "incomplete: please reinstall it.")
    return FormError(text.format(path, reason))


class _IntoWidget(QUiLoader):
    """A loader that hands back `root` for the form's top-level widget instead of making a new one."""

    def __init__(self, root: QWidget) -> None:
        super().__init__()
        self._root: QWidget | None = root

    def createWidget(self, class_name: str, parent: QWidget | None = None,  # noqa: N802 - Qt's name
                     name: str = "") -> QWidget:
        if parent is None and self._root is not None:
            root, self._root = self._root, None
            return root
        return super().createWidget(class_name, parent, name)


def form_path(name: str) -> Path:
    """ui/<name>.ui, wherever the app runs from (checkout, wheel, bundle)."""
    return forms_dir() / f"{name}.ui"


class Form:
    """ui/<name>.ui built into `widget`: its layout, children, title, size, tab order and buddies. The form's
    widgets are then fetched by name with `child`."""

    def __init__(self, widget: QWidget, name: str) -> None:
        self.widget = widget
        self.path = form_path(name)
        if not self.path.is_file():
            raise _broken(self.path, QCoreApplication.translate("Forms", "file not found"))
        file = QFile(str(self.path))
        if not file.open(QIODevice.OpenModeFlag.ReadOnly):
            raise _broken(self.path, file.errorString())
        loader = _IntoWidget(widget)
        try:
            built = loader.load(file)
        except RuntimeError as error:  # PySide's word for a load that returned nothing
            raise _broken(self.path, loader.errorString() or str(error)) from error
        finally:
            file.close()
        if built is not widget:
            raise _broken(self.path, loader.errorString() or QCoreApplication.translate("Forms", "not a form"))

    def child(self, kind: type[W], name: str) -> W:
        """The form's widget `name`, of `kind`; a form that lacks it (renamed in Designer) raises FormError."""
        found = self.widget.findChild(kind, name)
        if found is None:
            raise _broken(self.path, QCoreApplication.translate("Forms", "no {0} named {1}").format(
                kind.__name__, name))
        return found
