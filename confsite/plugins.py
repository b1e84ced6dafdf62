"""The plugin manager: discovery, per-event enablement, isolated hook calls.

One :class:`PluginHost` per app (``app.extensions["confsite.plugins"]``), so tests can
build apps with different plugin sets. Plugins come from:

* the ``confsite`` entry-point group: the built-in plugins (sub-packages of
  ``confsite_plugins``, the top-level ``plugins/``, listed in confsite's own
  pyproject.toml) first, then those other distributions install;

``PLUGINS`` / ``CONFSITE_PLUGINS`` (names, comma-separated) limits which are loaded.

Why not ``pm.hook.<name>(...)``: pluggy calls every implementation in one go, so one
failing plugin would take the page down and we could not skip plugins switched off for
an event. :meth:`PluginHost.call` calls the implementations one at a time instead.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any

import pluggy
import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, g, has_app_context, has_request_context
from markupsafe import Markup

from confsite import hookspecs
from confsite.extensions import Model, db
from confsite.hooktypes import (
    AgendaItem,
    Exporter,
    MailBlock,
    ManageTab,
    NavLink,
    Panel,
    Question,
    ReportedActivity,
    SettingField,
)
from confsite.lifecycle import LifecycleEvent, event_of
from confsite.reporting import Paragraph, ReportScope, ReportSection
from confsite.services.plugin_settings import disabled_plugins
from confsite.services.transaction import contained

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "confsite"
BUILTIN_PACKAGE = "confsite_plugins"
# Core features written as plugins of our own hooks (as Datasette does): always loaded,
# never switched off, not affected by CONFSITE_PLUGINS.
CORE_PLUGIN_MODULES: tuple[str, ...] = (
    "confsite.calendars",
    "confsite.booklet",
    "confsite.core_report_sections",
    "confsite.webhook_events",
)

# Hook arguments with these names also say which event / series the call is about, so
# plugins switched off there are skipped.
SCOPE_ARGUMENTS = ("event", "series")


def _list_of(kind: type) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, (list, tuple)) and all(isinstance(v, kind) for v in value)


# What each hook must return (None always allowed); a wrong type is logged and dropped.
RETURN_CHECKS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "register_blueprints": ("a list of flask.Blueprint", _list_of(Blueprint)),
    "migrations_dir": ("a str (a folder path)", lambda v: isinstance(v, str)),
    "navigation_links": ("a list of NavLink", _list_of(NavLink)),
    "page_panels": ("a list of Panel", _list_of(Panel)),
    "manage_tabs": ("a list of ManageTab", _list_of(ManageTab)),
    "template_variables": (
        "a dict with str keys",
        lambda v: isinstance(v, dict) and all(isinstance(k, str) for k in v),
    ),
    "report_sections": ("a list of ReportSection", _list_of(ReportSection)),
    "export_formats": ("a list of Exporter", _list_of(Exporter)),
    "plugin_settings_schema": ("a list of SettingField", _list_of(SettingField)),
    "registration_questions": ("a list of Question", _list_of(Question)),
    "mail_blocks": ("a list of MailBlock", _list_of(MailBlock)),
    "personal_agenda_items": ("a list of AgendaItem", _list_of(AgendaItem)),
    "monitoring_activities": ("a list of ReportedActivity", _list_of(ReportedActivity)),
    "personal_data": (
        "a dict with str keys",
        lambda v: isinstance(v, dict) and all(isinstance(k, str) for k in v),
    ),
    "api_blueprints": ("a list of flask_smorest.Blueprint", _list_of(Blueprint)),
}

PANEL_FAILED_NOTICE = Markup(
    '<p class="plugin-error">This part of the page is unavailable at the moment.</p>'
)


@dataclass
class PluginInfo:
    """What introspection (``confsite plugins``, /admin/plugins) shows of one plugin."""

    name: str
    version: str
    source: str  # "built-in", "core", "test" or the distribution that installed it
    hooks: list[str] = field(default_factory=list)
    description: str = ""

    @property
    def switchable(self) -> bool:
        """Core plugins are part of the product and cannot be switched off."""
        return self.source != "core"


class PluginFailed:
    """Marker result for an implementation that raised (production only)."""

    def __repr__(self) -> str:
        return "FAILED"


FAILED = PluginFailed()


class PluginLoadError(RuntimeError):
    """A plugin could not be imported or registered (raised under TESTING)."""


def _entry_point_modules() -> Iterable[tuple[str, Callable[[], Any], str]]:
    """Every plugin of the ``confsite`` entry-point group: the built-in ones (confsite's
    own distribution, modules of ``confsite_plugins``) first, then installed ones."""
    found: dict[tuple[str, str], tuple[str, Callable[[], Any], str]] = {}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if (ep.name, ep.value) in found:  # the same distribution found twice on sys.path
            continue
        dist = ep.dist.name if ep.dist else "unknown"
        builtin = ep.value.startswith(f"{BUILTIN_PACKAGE}.")
        found[(ep.name, ep.value)] = (ep.name, ep.load, "built-in" if builtin else dist)
    return sorted(found.values(), key=lambda item: (item[2] != "built-in", item[0]))


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


class PluginHost:
    """Owns the pluggy manager of one app and calls hooks on its behalf.

    ``strict`` (the app's TESTING flag) makes plugin errors propagate instead of being
    logged and skipped, so tests see them.
    """

    def __init__(self, allowed: Iterable[str] | None = None, *, strict: bool = False) -> None:
        self.pm = pluggy.PluginManager("confsite")
        self.pm.add_hookspecs(hookspecs)
        self.allowed = None if allowed is None else {a.strip() for a in allowed if a.strip()}
        self.strict = strict
        self.infos: dict[str, PluginInfo] = {}
        self.blueprint_owner: dict[str, str] = {}  # blueprint name -> plugin name
        self.discovered: dict[str, str] = {}  # every plugin found, loaded or not -> source
        self.failed: dict[str, str] = {}  # plugin left out because it failed to load -> why
        self._all_modules: dict[str, Any] = {}
        self.core: set[str] = set()
        self._unmigrated: frozenset[str] | None = None
        self._setting_schemas: dict[str, list[SettingField]] | None = None

    # -- loading ---------------------------------------------------------------
    def load(self, extra: Iterable[tuple[str, Any]] = ()) -> None:
        """Discover and register plugins; ``extra`` (name, object) pairs are for tests."""
        for module_name in CORE_PLUGIN_MODULES:
            name = module_name.rsplit(".", 1)[-1]
            self.register(name, importlib.import_module(module_name), "core")
            self.core.add(name)
        for name, loader, source in _entry_point_modules():
            if name in self.discovered or name in self.core:
                log.warning("plugin name %r is already taken; the one from %s is ignored", name, source)
                continue
            self.discovered[name] = source
            try:
                plugin = loader()
            except Exception as exc:
                self._load_failed(name, source, exc)
                continue
            self._all_modules[name] = plugin
            if self.allowed is None or name in self.allowed:
                self._register_isolated(name, plugin, source)
        for name, plugin in extra:
            self.discovered[name] = "test"
            self._all_modules[name] = plugin
            self.register(name, plugin, "test")
        if self.allowed is not None:
            for unknown in sorted(self.allowed - set(self.discovered)):
                log.warning("CONFSITE_PLUGINS names %r, but no such plugin is installed", unknown)

    def _register_isolated(self, name: str, plugin: Any, source: str) -> None:
        try:
            self.register(name, plugin, source)
        except Exception as exc:
            self._load_failed(name, source, exc)

    def _load_failed(self, name: str, source: str, exc: Exception) -> None:
        if self.strict:
            raise PluginLoadError(f"plugin {name!r} ({source}) could not be loaded: {exc}") from exc
        log.error("plugin %r (%s) could not be loaded and is left out", name, source, exc_info=exc)
        self.failed[name] = f"{type(exc).__name__}: {exc}"

    def register(self, name: str, plugin: Any, source: str) -> None:
        """Register ``plugin`` under ``name``; a hook implementation that matches no hook
        (a typo such as ``page_panel``) or takes unknown arguments is refused."""
        self.pm.register(plugin, name=name)
        try:
            unknown = [
                impl.function.__name__
                for caller in self.pm.get_hookcallers(plugin) or []
                if caller.spec is None
                for impl in caller.get_hookimpls()
                if impl.plugin is plugin
            ]
            if unknown:
                raise pluggy.PluginValidationError(
                    plugin, f"plugin {name!r} implements unknown hooks: {', '.join(sorted(unknown))}"
                )
            wrappers = [
                caller.name
                for caller in self.pm.get_hookcallers(plugin) or []
                for impl in caller.get_hookimpls()
                if impl.plugin is plugin and (impl.hookwrapper or impl.wrapper)
            ]
            if wrappers:
                raise pluggy.PluginValidationError(
                    plugin, f"plugin {name!r}: hook wrappers are not supported ({', '.join(wrappers)})"
                )
        except pluggy.PluginValidationError:
            self.pm.unregister(plugin, name=name)
            raise
        version = getattr(plugin, "__version__", None)
        if version is None and source not in ("built-in", "core", "test"):
            try:
                version = importlib.metadata.version(source)
            except importlib.metadata.PackageNotFoundError:
                version = None
        if version is None and source in ("built-in", "core"):
            version = importlib.metadata.version("confsite")
        hooks = sorted(h.name for h in self.pm.get_hookcallers(plugin) or [])
        self.infos[name] = PluginInfo(
            name, str(version or "unknown"), source, hooks, _first_line(getattr(plugin, "__doc__", ""))
        )

    @property
    def names(self) -> list[str]:
        """Loaded plugins, sorted."""
        return sorted(self.infos)

    @property
    def switchable_names(self) -> list[str]:
        """Loaded plugins organisers may switch on and off (all but core ones)."""
        return [name for name in self.names if name not in self.core]

    def migrations_dir_of(self, name: str) -> str | None:
        """The versions folder a discovered plugin announces, or None."""
        fn = getattr(self._all_modules.get(name), "migrations_dir", None)
        path = fn() if callable(fn) else None
        return path if isinstance(path, str) and path else None

    def migration_dirs(self) -> list[str]:
        """Version folders of every discovered plugin, loaded or not: a database that
        once had a plugin keeps its revisions, which Alembic must still find."""
        dirs = []
        for name, plugin in self._all_modules.items():
            fn = getattr(plugin, "migrations_dir", None)
            if callable(fn):
                path = fn()
                if isinstance(path, str) and path:
                    dirs.append(path)
                elif path is not None:
                    log.error("plugin %r returned %s from migrations_dir; ignored", name, type(path).__name__)
        return dirs

    def register_blueprints(self, app: Flask) -> None:
        """Register every plugin's blueprints on ``app``, remembering their owner (for
        the 404 where a plugin is off). A blueprint that cannot be registered (a name
        already taken) is logged and left out, unless TESTING."""
        for plugin_name, blueprints in self.call("register_blueprints", app=app):
            if blueprints is FAILED:
                continue
            for blueprint in blueprints:
                try:
                    app.register_blueprint(blueprint)
                except Exception:
                    if self._propagates():
                        raise
                    log.exception("plugin %r: blueprint %r not registered", plugin_name, blueprint.name)
                    continue
                self.blueprint_owner[blueprint.name] = plugin_name
                for problem in namespace_problems(plugin_name, blueprint):
                    log.warning("plugin %r: %s", plugin_name, problem)

    # -- enablement --------------------------------------------------------------
    def disabled_for(self, event: Any = None, series: Any = None) -> frozenset[str]:
        """Plugins switched off for an event (its own setting, else its series') or a
        series. Cached per request, so repeated hook calls cost one query."""
        if event is None and series is None:
            return frozenset()

        key = ("event", event.id) if event is not None else ("series", series.id)
        cache = _request_cache()
        if key not in cache:
            cache[key] = disabled_plugins(event=event, series=series) - self.core
        return cache[key]

    def assume_disabled_for_request(
        self, names: frozenset[str], event: Any = None, series: Any = None
    ) -> None:
        """Take ``names`` as the plugins switched off for ``event`` (or ``series``) for
        the rest of this request, instead of asking the database (the page cache's
        record of them)."""
        if event is None and series is None:
            return
        key = ("event", event.id) if event is not None else ("series", series.id)
        _request_cache()[key] = frozenset(names) - self.core

    def is_enabled(self, name: str, event: Any = None, series: Any = None) -> bool:
        """Whether ``name`` is loaded, migrated and switched on for ``event`` / ``series``."""
        return (
            name in self.infos
            and name not in self.unmigrated()
            and name not in self.disabled_for(event, series)
        )

    def setting_schemas(self) -> dict[str, list[SettingField]]:
        """Each plugin's per-event settings schema, asked once per app (the hook
        returns a constant)."""
        if self._setting_schemas is None:
            self._setting_schemas = {
                name: list(fields)
                for name, fields in self.call("plugin_settings_schema")
                if fields is not FAILED
            }
        return self._setting_schemas

    # -- migrations ----------------------------------------------------------------
    def unmigrated(self) -> frozenset[str]:
        """Loaded plugins whose tables are missing from the database: installed, but
        ``confsite db upgrade`` has not run since. They are left out of every hook call
        and their pages answer 404, so they cannot break the site's pages. Checked once
        per app, when it is created (one query): restart the site after upgrading;
        :func:`confsite.database.upgrade_database` checks again."""
        if not has_app_context():
            return frozenset()
        if self._unmigrated is None:
            existing = set(sa.inspect(db.engine).get_table_names())
            self._unmigrated = frozenset(
                name for name, tables in self.tables_by_plugin().items() if not tables <= existing
            )
        return self._unmigrated

    def forget_migration_state(self) -> None:
        """Check the tables again on next use (after migrations ran)."""
        self._unmigrated = None

    def tables_by_plugin(self) -> dict[str, set[str]]:
        """The tables of each loaded plugin's models (models defined in its package)."""
        packages = {
            name: plugin.__name__
            for name, plugin in self._all_modules.items()
            if name in self.infos and isinstance(plugin, ModuleType)
        }
        tables: dict[str, set[str]] = {}
        for mapper in Model.registry.mappers:
            module = mapper.class_.__module__
            for name, package in packages.items():
                table = mapper.local_table
                if (module == package or module.startswith(package + ".")) and isinstance(table, sa.Table):
                    tables.setdefault(name, set()).add(table.name)
        return tables

    # -- calling -----------------------------------------------------------------
    def _propagates(self) -> bool:
        if has_app_context():
            return bool(current_app.testing)
        return self.strict

    def call(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call every enabled implementation of a hook, one at a time, in registration
        order, with the hook's keyword arguments.

        Hook arguments named ``event`` or ``series`` also name the scope: plugins
        switched off there are skipped. Returns ``(plugin name, result)`` pairs,
        skipping ``None``. A failing implementation is logged and yields
        :data:`FAILED` (re-raised under TESTING); a result of the wrong type is logged
        naming the plugin and dropped.
        """
        return self.call_for(kwargs.get("event"), kwargs.get("series"), hook_name, **kwargs)

    def call_for(self, event: Any, series: Any, hook_name: str, /, **kwargs: Any) -> list[tuple[str, Any]]:
        """:meth:`call` for hooks whose own arguments do not name the event or series
        concerned (``lifecycle_event``, ``report_sections``, ``export_formats``)."""
        hook = getattr(self.pm.hook, hook_name)
        disabled = self.disabled_for(event, series if event is None else None)
        if hook_name not in HOOKS_WITHOUT_SAVEPOINT:
            disabled = disabled | self.unmigrated()
        expected, check = RETURN_CHECKS.get(hook_name, ("", None))
        results: list[tuple[str, Any]] = []
        # ``event``/``series`` select the enabled plugins and are hook arguments too
        # (e.g. ``manage_tabs(event, user)``).
        available = {"event": event, "series": series, **kwargs}
        for impl in reversed(hook.get_hookimpls()):
            name = impl.plugin_name
            if name in disabled:
                continue
            args = {arg: available[arg] for arg in impl.argnames}
            try:
                with nullcontext() if hook_name in HOOKS_WITHOUT_SAVEPOINT else contained():
                    result = impl.function(**args)
            except Exception:
                if self._propagates():
                    raise
                log.exception("plugin %r failed in hook %s", name, hook_name)
                results.append((name, FAILED))
                continue
            if result is None:
                continue
            if check is not None and not check(result):
                message = (
                    f"plugin {name!r} returned {type(result).__name__} from {hook_name}, "
                    f"expected {expected}; ignored"
                )
                log.error("%s", message)
                if self._propagates():
                    raise TypeError(message)
                continue
            results.append((name, result))
        return results

    def collect(self, hook_name: str, **kwargs: Any) -> list[Any]:
        """Flatten list results of a hook, tagging each item with its plugin
        (items of failed implementations are left out)."""
        items = []
        for name, result in self.call(hook_name, **kwargs):
            if result is FAILED:
                continue
            for item in result:
                if hasattr(item, "plugin") and not item.plugin:
                    item = replace(item, plugin=name)
                items.append(item)
        return items

    def panels(self, page: Any) -> list[Panel]:
        """Page panels, with a notice in place of any panel whose plugin failed."""
        panels: list[Panel] = []
        scope = {"event": page.event} if page.event is not None else {"series": page.series}
        for name, result in self.call("page_panels", page=page, **scope):
            if result is FAILED:
                title = self.infos[name].description or name
                panels.append(Panel(title=title, html=PANEL_FAILED_NOTICE, order=999, plugin=name))
            else:
                panels.extend(p if p.plugin else replace(p, plugin=name) for p in result)
        return sorted(panels, key=lambda p: (p.order, p.plugin))

    def report_sections(self, scope: ReportScope) -> list[ReportSection]:
        """Sections every plugin enabled on the report's event (or series) contributes,
        ordered by ``(order, key)``. A failing plugin's section is replaced by a short
        notice, so a report is never lost to one plugin."""
        sections: list[ReportSection] = []
        for name, result in self.call_for(scope.event, scope.series, "report_sections", scope=scope):
            if result is FAILED:
                sections.append(
                    ReportSection(
                        key=f"{name}-unavailable",
                        title=self.infos[name].description or name,
                        blocks=(Paragraph("This section could not be produced.", emphasis=True),),
                        order=999,
                        plugin=name,
                    )
                )
            else:
                sections.extend(s if s.plugin else replace(s, plugin=name) for s in result)
        return sorted(sections, key=lambda s: (s.order, s.key))

    def exporters(self, event: Any) -> list[Exporter]:
        """Exporters of plugins enabled on ``event``, by label."""
        found = self.call_for(event, None, "export_formats")
        exporters = [
            e if e.plugin else replace(e, plugin=name)
            for name, result in found
            if result is not FAILED
            for e in result
        ]
        return sorted(exporters, key=lambda e: e.label)


# Hooks run while the app is built or the schema is set up: no database work to protect.
HOOKS_WITHOUT_SAVEPOINT = frozenset(
    {"register_blueprints", "api_blueprints", "register_commands", "migrations_dir"}
)


def namespace_problems(plugin_name: str, blueprint: Blueprint) -> list[str]:
    """Templates outside ``templates/<plugin>/`` and static files outside
    ``/<plugin>/static`` would clash with the core's or another plugin's files (the
    core's win, silently): say so when the plugin is loaded."""
    problems = []
    loader = blueprint.jinja_loader
    if loader is not None:
        outside = sorted(name for name in loader.list_templates() if not name.startswith(f"{plugin_name}/"))
        if outside:
            problems.append(
                f"templates outside templates/{plugin_name}/ may clash with other templates: "
                + ", ".join(outside)
            )
    if blueprint.has_static_folder:
        url = (blueprint.url_prefix or "") + (blueprint.static_url_path or "")
        if not url.startswith(f"/{plugin_name}/"):
            problems.append(
                f"static files served at {url!r} may clash with other files: use "
                f'static_url_path="/{plugin_name}/static"'
            )
    return problems


def _request_cache() -> dict:
    """A dict living as long as the current request (a fresh one outside requests)."""
    if not has_request_context():
        return {}
    return g.setdefault("confsite_disabled_plugins", {})


def forget_enablement_cache() -> None:
    """Drop cached enablement (after plugin settings changed in this request)."""
    if has_request_context():
        g.pop("confsite_disabled_plugins", None)


def host(app: Flask | None = None) -> PluginHost:
    """The plugin host of ``app`` (default: the current app)."""
    return (app or current_app).extensions["confsite.plugins"]


def init_plugins(app: Flask, extra: Iterable[tuple[str, Any]] = ()) -> PluginHost:
    allowed = app.config.get("PLUGINS")
    if isinstance(allowed, str):
        allowed = allowed.split(",")
    plugin_host = PluginHost(allowed, strict=bool(app.testing))
    plugin_host.load(extra)
    app.extensions["confsite.plugins"] = plugin_host
    return plugin_host


def notify(happening: LifecycleEvent) -> None:
    """Tell plugins enabled on the event concerned that something happened (call after
    committing)."""
    plugin_host = host()
    plugin_host.call_for(event_of(happening), None, "lifecycle_event", happening=happening)


def plugin_enabled(name: str, event: Any = None, series: Any = None) -> bool:
    """Whether plugin ``name`` is loaded and switched on for this event or series."""
    return host().is_enabled(name, event=event, series=series)


def builtin_module(name: str) -> ModuleType:
    return importlib.import_module(f"{BUILTIN_PACKAGE}.{name}")
