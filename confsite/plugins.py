"""The plugin manager: discovery, per-event enablement, isolated hook calls.

One :class:`PluginHost` per app (``app.extensions["confsite.plugins"]``), so tests can
build apps with different plugin sets. Plugins come from:

* built-in plugins: every sub-package of ``confsite_plugins`` (top-level ``plugins/``);
* installed plugins: the ``confsite`` entry-point group;

``PLUGINS`` / ``CONFSITE_PLUGINS`` (names, comma-separated) limits which are loaded.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import logging
import pkgutil
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable, Iterable

import pluggy
from flask import Flask, current_app, g, has_app_context
from markupsafe import Markup

from confsite import hookspecs
from confsite.hooktypes import Exporter, ManageTab, NavLink, Panel
from confsite.lifecycle import LifecycleEvent, event_of
from confsite.reporting import ReportSection

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "confsite"
BUILTIN_PACKAGE = "confsite_plugins"
# Core features written as plugins of our own hooks (as Datasette does): always loaded,
# never switched off, not affected by CONFSITE_PLUGINS.
CORE_PLUGIN_MODULES: tuple[str, ...] = ("confsite.core_report_sections",)


def _list_of(kind: type) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, list) and all(isinstance(v, kind) for v in value)


# What each hook must return (None always allowed); a wrong type is logged and dropped.
RETURN_CHECKS: dict[str, Callable[[Any], bool]] = {
    "register_blueprints": lambda v: isinstance(v, list),
    "migrations_dir": lambda v: isinstance(v, str),
    "navigation_links": _list_of(NavLink),
    "page_panels": _list_of(Panel),
    "manage_tabs": _list_of(ManageTab),
    "template_variables": lambda v: isinstance(v, dict),
    "report_sections": _list_of(ReportSection),
    "export_formats": _list_of(Exporter),
}


@dataclass
class PluginInfo:
    name: str
    version: str
    source: str  # "built-in" or the distribution that installed it
    hooks: list[str] = field(default_factory=list)


class PluginFailed:
    """Marker result for an implementation that raised (production only)."""


FAILED = PluginFailed()


def _builtin_modules() -> Iterable[tuple[str, Callable[[], Any], str]]:
    package = importlib.import_module(BUILTIN_PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.ispkg and not info.name.startswith("_"):
            module_name = f"{BUILTIN_PACKAGE}.{info.name}"
            yield info.name, (lambda m=module_name: importlib.import_module(m)), "built-in"


def _installed_modules() -> Iterable[tuple[str, Callable[[], Any], str]]:
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist else "unknown"
        yield ep.name, ep.load, dist


class PluginHost:
    """Owns the pluggy manager of one app and calls hooks on its behalf."""

    def __init__(self, allowed: list[str] | None = None) -> None:
        self.pm = pluggy.PluginManager("confsite")
        self.pm.add_hookspecs(hookspecs)
        self.allowed = None if allowed is None else set(allowed)
        self.infos: dict[str, PluginInfo] = {}
        self.blueprint_owner: dict[str, str] = {}  # blueprint name -> plugin name
        self._all_modules: dict[str, Any] = {}
        self.core: set[str] = set()

    # -- loading ---------------------------------------------------------------
    def load(self, extra: Iterable[tuple[str, Any]] = ()) -> None:
        """Discover and register plugins; ``extra`` (name, object) pairs are for tests."""
        from confsite import __name__ as _  # noqa: F401  (hookimpl marker defined)

        for module_name in CORE_PLUGIN_MODULES:
            self.register(module_name.rsplit(".", 1)[-1], importlib.import_module(module_name), "core")
            self.core.add(module_name.rsplit(".", 1)[-1])
        sources = list(_builtin_modules()) + list(_installed_modules())
        for name, loader, source in sources:
            if name in self._all_modules:
                log.warning("plugin name %r is taken; %s ignored", name, source)
                continue
            plugin = loader()
            self._all_modules[name] = plugin
            if self.allowed is None or name in self.allowed:
                self.register(name, plugin, source)
        for name, plugin in extra:
            self._all_modules[name] = plugin
            self.register(name, plugin, "test")

    def register(self, name: str, plugin: Any, source: str) -> None:
        self.pm.register(plugin, name=name)
        version = getattr(plugin, "__version__", None)
        if version is None and source not in ("built-in", "test"):
            try:
                version = importlib.metadata.version(source)
            except importlib.metadata.PackageNotFoundError:
                version = None
        if version is None and source in ("built-in", "core"):
            version = importlib.metadata.version("confsite")
        hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or [])
        self.infos[name] = PluginInfo(name, version or "unknown", source, hooks)

    @property
    def names(self) -> list[str]:
        return sorted(self.infos)

    def migration_dirs(self) -> list[str]:
        """Version folders of every discovered plugin, loaded or not: a database that
        once had a plugin keeps its revisions, which Alembic must still find."""
        dirs = []
        for plugin in self._all_modules.values():
            fn = getattr(plugin, "migrations_dir", None)
            if callable(fn):
                path = fn()
                if path:
                    dirs.append(path)
        return dirs

    # -- enablement --------------------------------------------------------------
    def disabled_for(self, event: Any = None, series: Any = None) -> frozenset[str]:
        """Plugins switched off for an event (its own setting, else its series') or a
        series. Cached per request, so repeated hook calls cost one query."""
        if event is None and series is None:
            return frozenset()
        from confsite.services.plugin_settings import disabled_plugins


        key = ("event", event.id) if event is not None else ("series", series.id)
        cache = g.setdefault("_confsite_disabled", {}) if has_app_context() else {}
        if key not in cache:
            cache[key] = disabled_plugins(event=event, series=series) - self.core
        return cache[key]

    def is_enabled(self, name: str, event: Any = None, series: Any = None) -> bool:
        return name in self.infos and name not in self.disabled_for(event, series)

    # -- calling -----------------------------------------------------------------
    def call(
        self, hook_name: str, *, event: Any = None, series: Any = None, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call every enabled implementation of a hook, one at a time.

        Returns ``(plugin name, result)`` pairs, skipping ``None``. A failing
        implementation is logged and yields :data:`FAILED` (re-raised under TESTING);
        a result of the wrong type is logged and dropped.
        """
        hook = getattr(self.pm.hook, hook_name)
        disabled = self.disabled_for(event, series)
        check = RETURN_CHECKS.get(hook_name)
        testing = has_app_context() and current_app.testing
        results: list[tuple[str, Any]] = []
        for impl in reversed(hook.get_hookimpls()):
            name = impl.plugin_name
            if name in disabled:
                continue
            args = {arg: kwargs[arg] for arg in impl.argnames}
            try:
                result = impl.function(**args)
            except Exception:
                if testing:
                    raise
                log.exception("plugin %r failed in hook %s", name, hook_name)
                results.append((name, FAILED))
                continue
            if result is None:
                continue
            if check is not None and not check(result):
                log.error(
                    "plugin %r returned %s from %s; ignored",
                    name, type(result).__name__, hook_name,
                )
                continue
            results.append((name, result))
        return results

    def collect(self, hook_name: str, **kwargs: Any) -> list[Any]:
        """Flatten list results of a hook, tagging each item with its plugin."""
        items = []
        for name, result in self.call(hook_name, **kwargs):
            if result is FAILED:
                continue
            for item in result:
                if hasattr(item, "plugin") and not item.plugin:
                    object.__setattr__(item, "plugin", name)
                items.append(item)
        return items

    def panels(self, page: Any) -> list[Panel]:
        """Page panels, with a notice in place of any panel whose plugin failed."""
        panels: list[Panel] = []
        for name, result in self.call(
            "page_panels", event=page.event, series=page.series if page.event is None else None,
            page=page,
        ):
            if result is FAILED:
                notice = Markup('<p class="plugin-error">This part of the page is unavailable.</p>')
                panels.append(Panel(title=name, html=notice, order=999, plugin=name))
            else:
                panels.extend(
                    p if p.plugin else Panel(p.title, p.html, p.order, name) for p in result
                )
        return sorted(panels, key=lambda p: (p.order, p.plugin))


def host(app: Flask | None = None) -> PluginHost:
    """The plugin host of ``app`` (default: the current app)."""
    return (app or current_app).extensions["confsite.plugins"]


def init_plugins(app: Flask, extra: Iterable[tuple[str, Any]] = ()) -> PluginHost:
    plugin_host = PluginHost(app.config.get("PLUGINS"))
    plugin_host.load(extra)
    app.extensions["confsite.plugins"] = plugin_host
    return plugin_host


def notify(happening: LifecycleEvent) -> None:
    """Tell enabled plugins that something happened (call after committing)."""
    host().call("lifecycle_event", event=event_of(happening), happening=happening)


def plugin_enabled(name: str, event: Any = None, series: Any = None) -> bool:
    """Whether plugin ``name`` is loaded and switched on for this event or series."""
    return host().is_enabled(name, event=event, series=series)


def builtin_module(name: str) -> ModuleType:
    return importlib.import_module(f"{BUILTIN_PACKAGE}.{name}")
