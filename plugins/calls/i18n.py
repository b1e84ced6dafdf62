"""The plugin's own translation domain ("calls"), so its catalogue ships with it (``translations/``)."""

from __future__ import annotations

from pathlib import Path

from confsite.api import plugin_domain

domain = plugin_domain(Path(__file__).resolve().parent, "calls")
_ = domain.gettext
_l = domain.lazy_gettext
ngettext = domain.ngettext
