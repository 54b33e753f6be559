"""Shared body of the PySide6 hook overrides in this folder (not a hook itself: no `hook-` prefix).

PyInstaller's own PySide6 hooks collect *every* plugin of each plugin type a Qt module uses
(all platforms incl. eglfs/vnc/wayland, all image formats incl. the PDF one, the Qt Quick
virtual keyboard input context, ...) and every translation language. Their link-time
dependencies then pull in QtPdf, QtQuick, QtQml, QtWaylandClient, QtNetwork and friends.
These overrides run the stock collection and keep only what xmdesk.spec lists in
`hooksconfig["xmdesk-qt"]`, *before* PyInstaller's binary dependency analysis, so the
dependencies of dropped plugins are never collected.
"""

from __future__ import annotations

import os

from PyInstaller.utils.hooks import get_hook_config, logger
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

CONFIG_KEY = "xmdesk-qt"


def _stem(path: str) -> str:
    """libqxcb.so -> qxcb, qwindows.dll -> qwindows, libqcocoa.dylib -> qcocoa."""
    name = os.path.basename(path)
    for ext in (".so", ".dll", ".dylib"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    return name[3:] if name.startswith("lib") else name


def _keep_plugin(src: str, dest: str, selection: dict) -> bool:
    # dest is e.g. "PySide6/Qt/plugins/platforms"; the plugin type is what follows "plugins/".
    parts = dest.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return True  # not a plugin (a Qt library or an extension module): keep
    plugin_type = "/".join(parts[parts.index("plugins") + 1:])
    if plugin_type not in selection:
        return False
    wanted = selection[plugin_type]
    return wanted is None or _stem(src) in wanted


def _keep_translation(src: str, wanted: list[str]) -> bool:
    name = os.path.basename(src)
    if not name.endswith(".qm"):
        return True
    return os.path.splitext(name)[0] in wanted


def hook(hook_api) -> None:
    module = hook_api.__name__
    hiddenimports, binaries, datas = add_qt6_dependencies(f"hook-{module}.py")
    plugins = get_hook_config(hook_api, CONFIG_KEY, "plugins")
    translations = get_hook_config(hook_api, CONFIG_KEY, "translations")
    if plugins is not None:
        kept = [(src, dest) for src, dest in binaries if _keep_plugin(src, dest, plugins)]
        dropped = sorted({os.path.basename(src) for src, _ in binaries} - {os.path.basename(s) for s, _ in kept})
        if dropped:
            logger.info("xmdesk: %s: leaving out Qt plugins %s", module, ", ".join(dropped))
        binaries = kept
    if translations is not None:
        datas = [(src, dest) for src, dest in datas if _keep_translation(src, translations)]
    hook_api.add_imports(*hiddenimports)
    hook_api.add_binaries(binaries)
    hook_api.add_datas(datas)
