"""Every template string is marked, every catalogue is complete and compiled, and the
site speaks the visitor's language (Accept-Language, switcher cookie, account)."""

from __future__ import annotations

from pathlib import Path

import pytest

from confsite import catalogues
from confsite.extensions import db
from confsite.template_strings import mark_template, unmarked_strings

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", ROOT / "plugins", ROOT / "tests" / "example_plugin"]
# Domains whose translation is finished; the others are listed in docs/translations.md.
COMPLETE = ("messages", "take_home", "attendance", "monitoring", "reports", "calls", "confsite_example")


def _templates() -> list[Path]:
    return sorted(p for d in TEMPLATE_DIRS for p in d.rglob("*.html") if "node_modules" not in p.parts)


def test_every_template_string_is_marked_for_translation():
    unmarked = [
        f"{p.relative_to(ROOT)}:{u.line}: {u.text}"
        for p in _templates()
        for u in unmarked_strings(p.read_text())
    ]
    assert unmarked == []


def test_the_checker_finds_unmarked_text_and_the_marker_wraps_it():
    source = '<p title="Close">Hello {{ user.name }}, welcome.</p>{{ _("Done") }}<span>{{ n }}</span>'
    assert [u.text for u in unmarked_strings(source)] == ["Close", "Hello", ", welcome."]
    marked = mark_template(source)
    assert unmarked_strings(marked) == []
    assert '{{ _("Hello %(name)s, welcome.", name=user.name) }}' in marked
    assert 'title="{{ _("Close") }}"' in marked


@pytest.mark.parametrize("domain", catalogues.domains(), ids=lambda d: d.name)
def test_compiled_catalogues_match_their_po_files(domain):
    for language in catalogues.TRANSLATED:
        catalog = catalogues.read_catalog(domain, language)
        assert catalog is not None, f"{domain.po_path(language)} is missing: run make translations"
        fresh = catalogues.compiled(domain.po_path(language))
        assert domain.mo_path(language).read_bytes() == fresh, f"{domain.mo_path(language)} is stale"


@pytest.mark.parametrize(
    "domain", [d for d in catalogues.domains() if d.name in COMPLETE], ids=lambda d: d.name
)
def test_catalogues_hold_every_current_message_translated(domain):
    wanted = {m.id for m in catalogues.template_catalog(domain) if m.id}
    for language in catalogues.TRANSLATED:
        catalog = catalogues.read_catalog(domain, language)
        have = catalogues.po_messages(catalog)
        missing = sorted(str(i) for i in wanted if i not in have)
        assert missing == [], (
            f"{domain.name}/{language}: untranslated (run make translations, then translate): {missing[:10]}"
        )


@pytest.mark.parametrize(
    ("header", "lang", "word"),
    [
        ("es-ES,es;q=0.9", "es", "Eventos"),
        ("it", "it", "Eventi"),
        ("fr-BE", "fr", "Événements"),
        ("de-AT", "de", "Veranstaltungen"),
        ("pl", "en", "Events"),
    ],
)
def test_accept_language_picks_the_page_language(client, header, lang, word):
    page = client.get("/", headers={"Accept-Language": header}).text
    assert f'<html lang="{lang}">' in page
    assert f">{word}</a>" in page


def test_switcher_cookie_wins_over_accept_language_and_bad_choices_are_refused(client):
    response = client.get("/language/de?next=/", headers={"Accept-Language": "es"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    page = client.get("/", headers={"Accept-Language": "es"}).text
    assert '<html lang="de">' in page and 'aria-current="true">Deutsch</a>' in page
    assert client.get("/language/xx").status_code == 400
    assert client.get("/language/es?next=https://evil.example/").headers["Location"] == "/"


def test_a_signed_in_person_keeps_the_language_on_the_account(client, auth, make):
    user = make.user("lena@example.org")
    auth.login("lena@example.org")
    response = client.post("/language", data={"language": "it", "next": "/me/account"})
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.language == "it"
    client.delete_cookie("lang")
    assert '<html lang="it">' in client.get("/", headers={"Accept-Language": "fr"}).text
    assert client.post("/language", data={"language": "klingon"}).status_code == 400


def test_dates_and_enum_labels_follow_the_language(client, make):
    from datetime import UTC, datetime

    make.event(
        slug="summer", title="Summer school", kind="workshop", start_at=datetime(2031, 7, 13, 8, tzinfo=UTC)
    )
    assert "jul 2031" in client.get("/events/summer/", headers={"Accept-Language": "es"}).text
    german = client.get("/events/summer/", headers={"Accept-Language": "de"}).text
    assert "13.–14. Juli 2031" in german and "<dd>Workshop</dd>" in german
    assert "<dd>Atelier</dd>" in client.get("/events/summer/", headers={"Accept-Language": "fr"}).text


def test_viewer_time_zone_is_applied_named_and_cleared(client, make):
    from datetime import UTC, datetime

    event = make.event(slug="tz", timezone="Europe/Madrid", start_at=datetime(2031, 3, 3, 9, tzinfo=UTC))
    session = make.session(event, title="Morning", start_at=datetime(2031, 3, 3, 9, tzinfo=UTC))
    own = client.get(f"/events/tz/sessions/{session.id}").text
    assert "10:00" in own and "Times are in Europe/Madrid." in own and "time-zone.js" in own
    assert client.get("/time-zone?zone=Mars/Olympus").status_code == 400
    client.get("/time-zone?zone=America/New_York&next=/")
    theirs = client.get(f"/events/tz/sessions/{session.id}").text
    assert "04:00" in theirs and "Times are in America/New_York, your time zone." in theirs
    client.get("/time-zone?zone=&next=/")
    assert "10:00" in client.get(f"/events/tz/sessions/{session.id}").text
    # calendar files carry their own zones and do not follow the viewer
    client.get("/time-zone?zone=America/New_York&next=/")
    ics = client.get(f"/events/tz/sessions/{session.id}.ics")
    assert ics.status_code in (200, 404) and "America/New_York" not in ics.text


def test_emails_go_out_in_the_recipients_language(app, client, make):
    from tests import outbox

    make.event(slug="ka5", title="KA5 Forum", capacity=1)
    guest = {"name": "Ana Pérez", "country": "ES", "sector": "industry", "consent": "y"}
    client.post(
        "/events/ka5/register", data={**guest, "email": "ana@example.org"}, headers={"Accept-Language": "es"}
    )
    [mail] = outbox.to(app, "ana@example.org")
    assert mail["Subject"] == "Su plaza en KA5 Forum está confirmada"
    assert "Hola, Ana Pérez:" in outbox.text(mail)
    # the organiser works in German; the waitlisted guest registered in Italian
    client.post(
        "/events/ka5/register", data={**guest, "email": "leo@example.org"}, headers={"Accept-Language": "it"}
    )
    assert "lista d’attesa" in outbox.to(app, "leo@example.org")[-1]["Subject"]
    from confsite.models import Registration
    from confsite.services import registration as registrations

    leo = db.session.query(Registration).filter_by(email="leo@example.org").one()
    with app.test_request_context(headers={"Accept-Language": "de"}):  # an organiser's German page
        registrations.promote(leo)
    assert outbox.to(app, "leo@example.org")[-1]["Subject"].startswith("Si è liberato un posto")


def test_strings_follow_a_change_of_language_within_one_request(app):
    """The translations are looked up once per request and language: a part rendered
    in another language (an e-mail in its recipient's) gets that language's strings,
    in code and in templates, and the page's come back after it."""
    from flask import render_template_string

    from confsite.i18n import _, in_language, ngettext

    template = "{{ _('Log in') }}|{{ ngettext('%(num)d seat', '%(num)d seats', 2) }}"
    with app.test_request_context("/", headers={"Accept-Language": "de"}):
        assert _("Log in") == "Anmelden"
        with in_language("fr"):
            assert _("Log in") == "Se connecter"
            assert render_template_string(template).startswith("Se connecter|")
            with in_language("es"):
                assert _("Log in") == "Iniciar sesión"
            assert _("Log in") == "Se connecter"
        assert _("Log in") == "Anmelden"
        assert render_template_string(template).startswith("Anmelden|")
        assert ngettext("%(num)d seat", "%(num)d seats", 1).startswith("1")


def test_the_next_request_chooses_its_language_afresh(client):
    assert "Anmelden" in client.get("/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Accedi" in client.get("/login", headers={"Accept-Language": "it"}).get_data(as_text=True)


def test_reasons_and_problems_from_the_services_follow_the_language(client, make):
    """Services word what they refuse (closed registration, a missing answer, a bad time
    zone) through the catalogues, so the form shows it in the visitor's language."""
    from datetime import timedelta

    from confsite.models import utcnow

    make.event(slug="later", registration_opens=utcnow() + timedelta(days=2))
    german = client.get("/events/later/register", headers={"Accept-Language": "de"}).text
    assert "Die Anmeldung ist noch nicht geöffnet." in german

    make.event(slug="hybrid-day", format="hybrid")
    guest = {"name": "Žiga Novak", "email": "ziga@example.org", "country": "SI", "sector": "academia"}
    french = client.post(
        "/events/hybrid-day/register", data={**guest, "consent": "y"}, headers={"Accept-Language": "fr"}
    ).text
    assert "Veuillez répondre à « Comment participerez-vous ? »." in french

    from confsite.i18n import in_language
    from confsite.timezones import timezone_problem

    with in_language("it"):
        assert timezone_problem("Mars/Olympus") == (
            "Fuso orario sconosciuto 'Mars/Olympus': usate un nome IANA come Europe/Madrid."
        )
