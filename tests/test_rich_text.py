"""Markdown in descriptions and biographies: rendered safely on pages, stripped in
calendar files, previewed in the workspace."""

from __future__ import annotations

from confsite.core_report_sections import overview_section
from confsite.extensions import db
from confsite.models import RoleName
from confsite.reporting import Paragraph, ReportScope
from confsite.rich_text import to_html, to_text

ATTACKS = (
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<iframe src='https://evil.example'></iframe>",
    '<img src=x onerror="alert(1)">',
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
)


def test_markdown_renders_headings_lists_links_and_emphasis():
    html = str(to_html("# Aims\n\nWe **compare** *models*.\n\n- Galicia\n- [Łódź](https://example.org/lodz)"))
    assert "<h3>Aims</h3>" in html  # moved below the page's own headings
    assert "<strong>compare</strong>" in html and "<em>models</em>" in html
    assert '<li><a href="https://example.org/lodz" rel="noopener nofollow">Łódź</a></li>' in html


def test_scripts_frames_and_javascript_links_render_inert():
    for attack in ATTACKS:
        html = str(to_html(attack)).lower()
        assert "<script" not in html and "<iframe" not in html and "<img" not in html, attack
        assert 'href="javascript' not in html and 'href="data' not in html, attack


def test_plain_text_stays_as_it_was_written():
    assert str(to_html("Two lines\nstay two.")) == "<p>Two lines<br>\nstay two.</p>\n"
    assert to_text("José María & **Žiga**\n\n- one\n- [two](https://example.org)") == (
        "José María & Žiga\n\n- one\n- two (https://example.org)"
    )


def test_public_pages_render_markdown_and_calendars_strip_it(client, make):
    event = make.event(slug="md", description="## Programme\n\nA **two-day** meeting.")
    session = make.session(event, title="Opening", description="Welcome by *Ángel*.\n\n<script>x()</script>")
    person = make.person(name="Øystein Berg", bio="Works on **genomics**.")
    make.talk(session, [person])
    page = client.get("/events/md/").get_data(as_text=True)
    assert "<h4>Programme</h4>" in page and "<strong>two-day</strong>" in page
    session_page = client.get(f"/events/md/sessions/{session.id}").get_data(as_text=True)
    assert "<em>Ángel</em>" in session_page and "<script>x()" not in session_page
    speaker = client.get(f"/events/md/speakers/{person.id}").get_data(as_text=True)
    assert "<strong>genomics</strong>" in speaker
    ics = client.get("/events/md/calendar.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "Welcome by Ángel." in ics and "*Ángel*" not in ics and "**two-day**" not in ics


def test_the_workspace_previews_markdown_for_signed_in_people_only(client, make, auth):
    assert client.post("/manage/markdown-preview", data={"text": "**x**"}).status_code == 302  # to log in
    make.user("attendee@example.org")
    auth.login("attendee@example.org")
    assert client.post("/manage/markdown-preview", data={"text": "**x**"}).status_code == 403
    event = make.event(slug="pv")
    organiser = make.user("org@example.org")
    make.role(organiser, RoleName.ORGANISER, event=event)
    db.session.commit()
    auth.login("org@example.org")
    preview = client.post("/manage/markdown-preview", data={"text": "**bold** <script>x</script>"})
    assert preview.status_code == 200 and preview.get_data(as_text=True).startswith(
        "<p><strong>bold</strong>"
    )
    assert "<script>" not in preview.get_data(as_text=True)
    assert client.post("/manage/markdown-preview", data={"text": "x" * 60_000}).status_code == 413
    form = client.get("/manage/events/pv/edit").get_data(as_text=True)
    assert 'data-markdown="preview"' in form and "markdown-preview.js" in form


def test_reports_get_descriptions_without_markdown_syntax(app, make):
    event = make.event(slug="rep", description="## Aims\n\nA **two-day** meeting.\n\n- Galicia\n- Navarra")
    section = overview_section(ReportScope(event=event, series=None, events=(event,)))
    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert texts == ["Aims", "A two-day meeting.", "- Galicia\n- Navarra"]
