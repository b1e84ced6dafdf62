"""A signed-in organiser switches the site's language with the header form (kept on
the account) and every kind of signed-in page is screenshotted in all five languages:
agenda, account, workspace, event form, report builder and preview, published
reports. The report preview keeps the event's report language whatever the page's."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from confsite.demo import load_full_demo
from confsite.extensions import db
from confsite.i18n import LANGUAGES
from confsite.models import Event, User
from tests.browser.conftest import _open_page

pytestmark = pytest.mark.browser

# The glossary's "My agenda", in the header of every signed-in page.
MY_AGENDA = {
    "en": "My agenda",
    "es": "Mi agenda",
    "it": "La mia agenda",
    "fr": "Mon agenda",
    "de": "Meine Agenda",
}
# Plugins' organiser tabs follow too (each plugin's own catalogue).
TAKE_HOME = {
    "en": "Take-home messages",
    "es": "Mensajes clave",
    "it": "Messaggi chiave",
    "fr": "Messages clés",
    "de": "Kernbotschaften",
}
EVENT = "ka4-workshop-2021"


def test_organiser_switches_language_on_every_signed_in_page_kind(live_server, browser, tmp_path):
    load_full_demo()
    db.session.execute(sa.update(Event).where(Event.slug == EVENT).values(report_language="it"))
    db.session.commit()
    page, errors = _open_page(browser, viewport={"width": 1280, "height": 900}, locale="en-GB")
    page.goto(live_server("/login"))
    page.get_by_label("E-mail").fill("organiser@example.org")
    page.get_by_label("Password").fill("confsite-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/$"))

    kinds = {
        "agenda": "/me/agenda",
        "account": "/me/account",
        "workspace": "/manage/",
        "manage-event": f"/manage/events/{EVENT}/",
        "event-form": f"/manage/events/{EVENT}/edit",
        "report-builder": "/manage/series/regions4permed/reports/builder",
        "report-preview": f"/manage/events/{EVENT}/reports/preview",
        "published-reports": "/series/regions4permed/reports/published/",
    }
    for language in LANGUAGES:
        page.goto(live_server("/"))
        switcher = page.locator("nav.language-switcher")
        switcher.locator(f'button[value="{language}"]').click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
        for kind, path in kinds.items():
            response = page.goto(live_server(path))
            assert response is not None and response.status == 200, (kind, language)
            assert page.locator("html").get_attribute("lang") == language, (kind, language)
            assert MY_AGENDA[language] in page.locator("header.site-header").inner_text(), (kind, language)
            if kind == "manage-event":
                page.get_by_role("link", name=TAKE_HOME[language], exact=True).wait_for()
            page.screenshot(path=str(tmp_path / f"{kind}-{language}.png"), full_page=True)
        # The report is in the event's report language (Italian) whatever the page's.
        page.goto(live_server(f"/manage/events/{EVENT}/reports/preview"))
        assert "Indice" in page.locator("main").inner_text()  # "Contents" in Italian
        db.session.expire_all()
        user = db.session.scalar(sa.select(User).where(User.email == "organiser@example.org"))
        assert user.language == language  # kept on the account
    assert len(list(tmp_path.glob("*.png"))) == len(kinds) * len(LANGUAGES)
    page.context.close()
    assert errors == [], errors
