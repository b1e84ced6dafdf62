"""The plugin's own translation domain, so its catalogue ships with it (``translations/``)."""

from __future__ import annotations

from pathlib import Path

from flask_babel import Domain

domain = Domain(translation_directories=str(Path(__file__).resolve().parent / "translations"), domain="calls")
_ = domain.gettext
_l = domain.lazy_gettext
ngettext = domain.ngettext
