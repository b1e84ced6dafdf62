"""Translations: one place for the marking functions, the locale choice and the viewer's zone.

Code marks user-facing text with ``_`` (at request time) or ``_l`` (lazy: form labels,
module-level constants); templates use ``_()`` and ``ngettext()``, which Flask-Babel
puts into Jinja. Plugins have their own translation domain (docs/plugins.md,
:func:`plugin_domain`).

The language of a request: the signed-in person's choice (stored on the account), else
the ``lang`` cookie the switcher sets, else ``Accept-Language``, else English.
The zone times are shown in: the event's own, unless the viewer asked for theirs
(``tz`` cookie, set by "show in my time zone").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.support import NullTranslations
from flask import Flask, g, has_request_context, request
from flask_babel import Babel, Domain, force_locale, get_locale, get_translations, lazy_gettext

__all__ = [
    "LANGUAGES",
    "LANGUAGE_COOKIE",
    "ZONE_COOKIE",
    "_",
    "_l",
    "current_language",
    "in_language",
    "init_app",
    "language_name",
    "ngettext",
    "plugin_domain",
    "rendering_variant",
    "valid_zone",
    "viewer_zone",
]

# The languages the site is translated into, in the order the switcher shows them.
LANGUAGES = ("en", "es", "it", "fr", "de")
# Each one's name in itself, as Babel's CLDR data gives it (a test compares): asking
# Babel would load every language's whole locale data (about 1 MB each) into every
# worker for five words of the switcher.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "it": "Italiano", "fr": "Français", "de": "Deutsch"}
LANGUAGE_COOKIE = "lang"
ZONE_COOKIE = "tz"
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
CORE_DOMAIN = "messages"


def current_translations() -> NullTranslations:
    """The site's translations in the language being rendered now.

    Flask-Babel finds them anew for every string (three look-ups of its context on
    ``g`` and the locale's identifier each time): about a tenth of a small page's CPU
    with the twenty-odd strings of the layout. They are kept beside the locale they
    belong to for the rest of the request: a new locale (``in_language``) finds them
    again."""
    if not has_request_context():
        return get_translations()
    state = g.get("_flask_babel")  # Flask-Babel's, with the locale chosen for the request
    kept = getattr(state, "confsite_translations", None)
    if kept is not None and kept[0] is state.babel_locale:
        return kept[1]
    translations = get_translations()  # chooses the locale first if need be
    g._flask_babel.confsite_translations = (g._flask_babel.babel_locale, translations)
    return translations


def gettext(string: str, **variables: object) -> str:
    """Translate ``string`` (then ``%(name)s`` placeholders from ``variables``)."""
    text = current_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """The singular or plural form for ``num`` (``%(num)d`` is filled in too)."""
    variables.setdefault("num", num)
    return current_translations().ungettext(singular, plural, num) % variables


_ = gettext
_l = lazy_gettext


def supported(language: str | None) -> str | None:
    """``language`` if the site is translated into it, else None."""
    return language if language in LANGUAGES else None


def select_locale() -> str:
    """The request's language: the account's, the switcher cookie's, ``Accept-Language``'s."""
    forced = getattr(g, "forced_language", None)
    if forced:
        return forced
    if not has_request_context():  # CLI, background jobs: English unless in_language() says otherwise
        return LANGUAGES[0]
    # Imported here: flask_login's proxy needs the app, and i18n is set up before it.
    from flask_login import current_user  # noqa: PLC0415

    if current_user and current_user.is_authenticated:
        chosen = supported(getattr(current_user, "language", None))
        if chosen:
            return chosen
    return (
        supported(request.cookies.get(LANGUAGE_COOKIE))
        or request.accept_languages.best_match(LANGUAGES)
        or LANGUAGES[0]
    )


def current_language() -> str:
    """The language being rendered now (English outside a request)."""
    locale = get_locale()
    return locale.language if locale is not None else LANGUAGES[0]


def language_name(code: str) -> str:
    """A language's name in that language ("Español", "Deutsch"), for the switcher."""
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Render in ``language`` (an e-mail in its recipient's language, a report in its
    event's): also outside requests. The viewer's time zone does not apply inside."""
    chosen = supported(language) or LANGUAGES[0]
    with force_locale(chosen):
        previous = g.get("zone_override", None) if has_request_context() else None
        if has_request_context():
            g.zone_override = "event"
        try:
            yield
        finally:
            if has_request_context():
                g.zone_override = previous


def valid_zone(name: str | None) -> str | None:
    """An IANA zone name if it is one, else None (cookies are user input)."""
    if not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def viewer_zone() -> str | None:
    """The zone the viewer asked to see times in, or None for each event's own.

    Organisers' pages (/manage) keep the event's zone: their forms take times in it."""
    if not has_request_context() or g.get("zone_override") == "event":
        return None
    if request.blueprint == "manage" or request.path.startswith("/manage/"):
        return None
    return valid_zone(request.cookies.get(ZONE_COOKIE))


def rendering_variant() -> tuple[str, str]:
    """What a cached page depends on besides its content: its language and shown zone."""
    return current_language(), viewer_zone() or ""


def plugin_domain(package_dir: str | Path, domain: str) -> Domain:
    """A plugin's own translation domain: ``<package_dir>/translations/<lang>/LC_MESSAGES/<domain>.po``.

    Use ``_ = plugin_domain(Path(__file__).parent, "my_plugin").gettext`` in the plugin's
    Python code; its templates' ``_()`` find its catalogue too, because every plugin
    domain registered here is merged after the core one (see :func:`init_app`).
    """
    directory = str(Path(package_dir) / "translations")
    if (directory, domain) not in _PLUGIN_DOMAINS:
        _PLUGIN_DOMAINS.append((directory, domain))
    return Domain(translation_directories=directory, domain=domain)


# (translations folder, domain) of every plugin that asked for one, in import order.
_PLUGIN_DOMAINS: list[tuple[str, str]] = []


def _all_domains() -> tuple[str, str]:
    directories = [str(TRANSLATIONS_DIR), *(d for d, _domain in _PLUGIN_DOMAINS)]
    domains = [CORE_DOMAIN, *(name for _d, name in _PLUGIN_DOMAINS)]
    return ";".join(directories), ";".join(domains)


def _choose_language_afresh() -> None:
    """Flask-Babel keeps the chosen locale on ``g``; a request that shares an app context
    with an earlier one (tests, CLI-driven requests) must choose again."""
    g.pop("_flask_babel", None)


def init_app(app: Flask) -> None:
    """One Babel per app: its default domain merges the core catalogue and every plugin's."""
    directories, domains = _all_domains()
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", directories)
    app.config.setdefault("BABEL_DOMAIN", domains)
    Babel(app, locale_selector=select_locale)
    # Flask-Babel's callables, with the lookup kept per request.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by Jinja's i18n extension
        gettext=lambda text: current_translations().ugettext(text),
        ngettext=lambda singular, plural, n: current_translations().ungettext(singular, plural, n),
        pgettext=lambda context, text: current_translations().upgettext(context, text),
        npgettext=lambda context, singular, plural, n: current_translations().unpgettext(
            context, singular, plural, n
        ),
        newstyle=True,
    )
    app.before_request(_choose_language_afresh)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        language_name=language_name,
        current_language=current_language,
        viewer_zone=viewer_zone,
    )
