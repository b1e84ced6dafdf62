"""Translations: one place for the marking functions and the locale choice.

Code marks user-facing text with ``_`` (at request time) or ``_l`` (lazy: form labels,
module-level constants); templates use ``_()`` and ``ngettext()``, which Flask-Babel
puts into Jinja. Plugins have their own translation domain (docs/plugins.md).
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_babel import Babel, gettext, lazy_gettext, ngettext

__all__ = ["LANGUAGES", "_", "_l", "babel", "init_app", "ngettext"]

# The languages the site is translated into, in the order the switcher shows them.
LANGUAGES = ("en", "es", "it", "fr", "de")

_ = gettext
_l = lazy_gettext

babel = Babel()


def select_locale() -> str | None:
    """The request's language: ``Accept-Language`` among the translated ones (the
    default outside a request: CLI commands, jobs)."""
    if not has_request_context():
        return LANGUAGES[0]
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
