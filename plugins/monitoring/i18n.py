"""This plugin's translation domain ("monitoring"): its own catalogues in translations/."""

from pathlib import Path

from confsite.api import plugin_domain

domain = plugin_domain(Path(__file__).parent, "monitoring")
_ = domain.gettext
_l = domain.lazy_gettext
ngettext = domain.ngettext
