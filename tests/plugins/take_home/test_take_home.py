"""The take-home-messages plugin: capture, publish, suggest, show, export, report."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from confsite_plugins.take_home import exports, report
from confsite_plugins.take_home.models import (
    MAX_LENGTH,
    MessageStatus,
    SuggestionStatus,
    TakeHomeHistory,
    TakeHomeMessage,
    TakeHomeOutcome,
    TakeHomeSuggestion,
)
from flask import g

from confsite.caching import event_memory
from confsite.extensions import db
from confsite.models import RoleName
from confsite.plugins import host
from confsite.reporting import BulletList, Heading, Paragraph, ReportScope
from confsite.services.plugin_settings import set_plugin_enabled

EVIL = (
    '<script>alert("x")</script><b onmouseover="steal()">Bold</b> '
    '<a href="javascript:alert(1)">bad link</a> <img src=x onerror="alert(2)">'
    '<i>it</i> <a href="https://example.org/ok" onclick="x()">good link</a>'
)
INERT_MARKERS = ("<script", "alert(", "onerror", "onmouseover", "onclick", "javascript:", "<img")


@pytest.fixture
def world(app, make):
    """Two events; event A has a session with two talks, a chair and speakers."""
    org = make.organisation(name="ELIXIR Hub", country="GB")
    gary = make.person(name="Gary Saunders", organisation=org, country="GB")
    andrea = make.person(name="Andrea Damiani", country="IT")
    chair_user = make.user("chair@example.org", display_name="Chair Person")
    chair = make.person(name="Chair Person", user=chair_user)
    event_a = make.event(slug="event-a", title="Event A")
    event_b = make.event(slug="event-b", title="Event B")
    session = make.session(event_a, title="Session I")
    session.chairs = [chair]
    other_session = make.session(event_a, title="Session II")
    talk1 = make.talk(session, [gary], title="Genomic data", position=0)
    talk2 = make.talk(session, [andrea], title="Explainable AI", position=1)
    session_b = make.session(event_b, title="Session B")
    organiser = make.user("organiser@example.org", display_name="Olga Organiser")
    make.role(organiser, RoleName.ORGANISER, event=event_a)
    rapporteur = make.user("rapporteur@example.org", display_name="Rafa Rapporteur")
    make.role(rapporteur, RoleName.RAPPORTEUR, event=event_a)
    rapporteur_b = make.user("rapporteur-b@example.org")
    make.role(rapporteur_b, RoleName.RAPPORTEUR, event=event_b)
    make.user("attendee@example.org", display_name="Ana Attendee")
    db.session.commit()
    return SimpleNamespace(
        event=event_a,
        event_b=event_b,
        session=session,
        other_session=other_session,
        session_b=session_b,
        talk1=talk1,
        talk2=talk2,
        gary=gary,
        andrea=andrea,
    )


def forget_cached_roles_and_settings() -> None:
    """The test app context outlives requests, so drop what core caches in ``g``."""
    g.pop("_confsite_roles", None)
    g.pop("_confsite_disabled", None)


def capture_url(w, session=None) -> str:
    session = session or w.session
    return f"/manage/events/{session.event.slug}/take_home/sessions/{session.id}"


def add(client, w, text: str, *, talk=None, key: str | None = None, session=None):
    """Post the capture form of ``talk`` (None: whole session) like the page does."""
    slot = f"add-{talk.id if talk else 0}"
    return client.post(
        capture_url(w, session),
        data={
            f"{slot}-body": text,
            f"{slot}-talk": str(talk.id if talk else 0),
            f"{slot}-key": key or f"key{abs(hash((text, slot))) % 10**12:012d}",
        },
    )


def messages(session=None):
    query = sa.select(TakeHomeMessage).order_by(TakeHomeMessage.position)
    if session is not None:
        query = query.where(TakeHomeMessage.session_id == session.id)
    db.session.expire_all()
    return list(db.session.scalars(query))


def texts(session=None, talk=None) -> list[str]:
    return [m.text for m in messages(session) if talk is None or m.talk_id == talk.id]


# -- permissions -----------------------------------------------------------------------
def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(capture_url(world))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert add(client, world, "Hi").status_code == 302
    assert messages() == []


def test_attendee_can_neither_capture_nor_publish(client, auth, world):
    auth.login("rapporteur@example.org")
    add(client, world, "A draft", talk=world.talk1)
    auth.logout()
    auth.login("attendee@example.org")
    assert client.get(capture_url(world)).status_code == 404
    assert add(client, world, "Sneaky", talk=world.talk1).status_code == 404
    publish = client.post(capture_url(world) + "/publish")
    assert publish.status_code == 404
    assert client.post("/manage/events/event-a/take_home/publish").status_code == 404
    message = messages()[0]
    for action in ("edit", "delete", "move"):
        response = client.post(
            f"/manage/events/event-a/take_home/messages/{message.id}/{action}",
            data={"direction": "up", f"m{message.id}-body": "changed"},
        )
        assert response.status_code == 404
    assert texts() == ["A draft"]
    assert messages()[0].status == MessageStatus.DRAFT
    assert client.get("/manage/events/event-a/take_home/history").status_code == 404


def test_rapporteur_of_another_event_cannot_touch_this_one(client, auth, world):
    auth.login("rapporteur@example.org")
    add(client, world, "Written in A", talk=world.talk1)
    message = messages()[0]
    auth.logout()
    auth.login("rapporteur-b@example.org")
    assert client.get(capture_url(world)).status_code == 404
    assert client.get("/manage/events/event-a/take_home/").status_code == 404
    assert add(client, world, "From B", talk=world.talk1).status_code == 404
    assert (
        client.post(
            f"/manage/events/event-a/take_home/messages/{message.id}/edit",
            data={f"m{message.id}-body": "hijacked", f"m{message.id}-talk": "0"},
        ).status_code
        == 404
    )
    assert client.post(f"/manage/events/event-a/take_home/messages/{message.id}/delete").status_code == 404
    assert client.post(capture_url(world) + "/publish").status_code == 404
    assert client.post("/manage/events/event-a/take_home/publish").status_code == 404
    # ...nor reach A's message through B's address.
    assert client.post(f"/manage/events/event-b/take_home/messages/{message.id}/delete").status_code == 404
    assert texts() == ["Written in A"] and messages()[0].status == MessageStatus.DRAFT
    # Their own event works.
    assert add(client, world, "About B", session=world.session_b).status_code == 302
    assert texts(world.session_b) == ["About B"]


def test_chairs_capture_their_own_sessions(client, auth, world, make):
    auth.login("chair@example.org")
    assert add(client, world, "Chair's note").status_code == 302
    assert client.get(capture_url(world, world.other_session)).status_code == 404
    assert client.get("/manage/events/event-a/take_home/history").status_code == 404
    # A chair role on the event opens every session.
    from confsite.models import User

    chair = db.session.scalar(sa.select(User).where(User.email == "chair@example.org"))
    make.role(chair, RoleName.CHAIR, event=world.event)
    forget_cached_roles_and_settings()
    assert client.get(capture_url(world, world.other_session)).status_code == 200


def test_a_sessions_chair_works_only_on_that_session_in_the_workspace(client, auth, world):
    """Listed as Session I's chair but holding no role on the event: the overview lists
    Session I alone, and the event-wide pages stay closed."""
    auth.login("chair@example.org")
    session_page = client.get(f"/events/event-a/sessions/{world.session.id}").text
    assert f'href="{capture_url(world)}"' in session_page  # the panel links the workspace
    overview = client.get("/manage/events/event-a/take_home/")
    assert overview.status_code == 200
    assert "Session I" in overview.text and "Session II" not in overview.text
    for path in ("/manage/events/event-a/take_home/outcomes", "/manage/events/event-a/take_home/suggestions"):
        assert client.get(path).status_code == 404, path
    assert client.post("/manage/events/event-a/take_home/publish").status_code == 404
    assert (
        client.post("/manage/events/event-a/take_home/settings", data={"suggestions_open": "1"}).status_code
        == 404
    )
    auth.logout()
    auth.login("attendee@example.org")
    assert client.get("/manage/events/event-a/take_home/").status_code == 404


def test_the_former_workspace_addresses_redirect_for_good(client, auth, world, make):
    """Bookmarks of /events/<slug>/take-home/... (before the workspace moved under
    /manage/) answer 301 with the new address, which still checks who may see it."""
    moved = {
        "/events/event-a/take-home/": "/manage/events/event-a/take_home/",
        f"/events/event-a/take-home/sessions/{world.session.id}": capture_url(world),
        "/events/event-a/take-home/outcomes": "/manage/events/event-a/take_home/outcomes",
        "/events/event-a/take-home/suggestions": "/manage/events/event-a/take_home/suggestions",
        "/events/event-a/take-home/history": "/manage/events/event-a/take_home/history",
    }
    for old, new in moved.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response.headers["Location"] == new, old
        anonymous = client.get(new)
        assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"], new
    auth.login("organiser@example.org")
    assert client.get("/events/event-a/take-home/history", follow_redirects=True).status_code == 200
    # A draft event, an unknown one and one with the plugin off reveal nothing.
    make.event(slug="draft-c", status="draft")
    set_plugin_enabled("take_home", False, event=world.event_b)
    db.session.commit()
    forget_cached_roles_and_settings()
    auth.logout()
    for old in ("/events/draft-c/take-home/", "/events/nowhere/take-home/", "/events/event-b/take-home/"):
        assert client.get(old).status_code == 404, old


def test_organisers_see_the_history_of_every_change(client, auth, world):
    auth.login("rapporteur@example.org")
    add(client, world, "First wording", talk=world.talk1)
    message = messages()[0]
    client.post(
        f"/manage/events/event-a/take_home/messages/{message.id}/edit",
        data={f"m{message.id}-body": "Second wording", f"m{message.id}-talk": str(world.talk1.id)},
    )
    client.post(f"/manage/events/event-a/take_home/messages/{message.id}/delete")
    auth.logout()
    auth.login("organiser@example.org")
    page = client.get("/manage/events/event-a/take_home/history")
    assert page.status_code == 200
    entries = db.session.scalars(sa.select(TakeHomeHistory).order_by(TakeHomeHistory.id)).all()
    assert [(e.action, e.user_name) for e in entries] == [
        ("created", "Rafa Rapporteur"),
        ("edited", "Rafa Rapporteur"),
        ("deleted", "Rafa Rapporteur"),
    ]
    assert [e.body for e in entries] == ["First wording", "Second wording", "Second wording"]
    for text in ("First wording", "Second wording", "Rafa Rapporteur", "deleted"):
        assert text in page.text


# -- capture --------------------------------------------------------------------------
def test_resubmitting_a_form_never_duplicates(client, auth, world):
    auth.login("rapporteur@example.org")
    first = add(client, world, "Only once", talk=world.talk1, key="abcdef0123456789")
    again = add(client, world, "Only once", talk=world.talk1, key="abcdef0123456789")
    assert first.status_code == again.status_code == 302
    assert texts() == ["Only once"]
    assert "Already saved" in client.get(again.headers["Location"]).text
    # The same key sent for another session is refused rather than misfiled.
    other = add(client, world, "Elsewhere", key="abcdef0123456789", session=world.other_session)
    assert other.status_code == 422 and "out of date" in other.text
    assert texts(world.other_session) == []


def test_fetch_submissions_get_the_next_address_as_json(client, auth, world):
    auth.login("rapporteur@example.org")
    response = client.post(
        capture_url(world),
        headers={"X-Requested-With": "take-home-fetch"},
        data={"add-0-body": "Via script", "add-0-talk": "0", "add-0-key": "k" * 20},
    )
    assert response.status_code == 200
    assert response.json["redirect"].endswith(f"{capture_url(world)}#message-{messages()[0].id}")


def test_rejected_text_stays_in_the_form(client, auth, world):
    auth.login("rapporteur@example.org")
    too_long = "word " * (MAX_LENGTH // 5 + 5)
    response = add(client, world, too_long, talk=world.talk2)
    assert response.status_code == 422
    assert f"Keep a message to {MAX_LENGTH} characters" in response.text
    assert too_long.strip() in response.text  # still in the textarea
    assert messages() == []
    empty = add(client, world, "   ", talk=world.talk2)
    assert empty.status_code == 422 and "Write the message first" in empty.text
    only_markup = add(client, world, "<script>x</script>", talk=world.talk2)
    assert only_markup.status_code == 422 and "no visible text" in only_markup.text
    bad_talk = client.post(
        capture_url(world), data={"add-0-body": "Hello", "add-0-talk": "999999", "add-0-key": "z" * 20}
    )
    assert bad_talk.status_code == 422 and "Choose one of this session" in bad_talk.text
    assert messages() == []


def test_formatting_does_not_count_towards_the_limit(client, auth, world):
    auth.login("rapporteur@example.org")
    text = "<b>" + "x" * MAX_LENGTH + "</b>"
    assert add(client, world, text).status_code == 302
    assert messages()[0].body == f"<b>{'x' * MAX_LENGTH}</b>"


def test_messages_are_ordered_and_can_be_moved_edited_and_deleted(client, auth, world):
    auth.login("rapporteur@example.org")
    for text in ("one", "two", "three"):
        add(client, world, text, talk=world.talk1)
    add(client, world, "other talk", talk=world.talk2)
    assert texts(talk=world.talk1) == ["one", "two", "three"]
    third = next(m for m in messages() if m.text == "three")
    client.post(f"/manage/events/event-a/take_home/messages/{third.id}/move", data={"direction": "up"})
    assert texts(talk=world.talk1) == ["one", "three", "two"]
    first = next(m for m in messages() if m.text == "one")
    client.post(f"/manage/events/event-a/take_home/messages/{first.id}/move", data={"direction": "up"})
    assert texts(talk=world.talk1) == ["one", "three", "two"]  # already first
    assert (
        client.post(
            f"/manage/events/event-a/take_home/messages/{first.id}/move", data={"direction": "sideways"}
        ).status_code
        == 400
    )
    # Moving a message to another talk puts it at the end there.
    response = client.post(
        f"/manage/events/event-a/take_home/messages/{first.id}/edit",
        data={f"m{first.id}-body": "one, reworded", f"m{first.id}-talk": str(world.talk2.id)},
    )
    assert response.status_code == 302
    assert texts(talk=world.talk1) == ["three", "two"]
    assert texts(talk=world.talk2) == ["other talk", "one, reworded"]
    two = next(m for m in messages() if m.text == "two")
    client.post(f"/manage/events/event-a/take_home/messages/{two.id}/delete")
    assert texts(talk=world.talk1) == ["three"]
    # The capture page lists them in that order.
    page = client.get(capture_url(world)).text
    assert page.index("other talk") < page.index("one, reworded")


def test_an_invalid_edit_keeps_the_text_and_the_old_message(client, auth, world):
    auth.login("rapporteur@example.org")
    add(client, world, "Good text", talk=world.talk1)
    message = messages()[0]
    long_text = "y" * (MAX_LENGTH + 1)
    response = client.post(
        f"/manage/events/event-a/take_home/messages/{message.id}/edit",
        data={f"m{message.id}-body": long_text, f"m{message.id}-talk": str(world.talk1.id)},
    )
    assert response.status_code == 422 and long_text in response.text
    assert texts() == ["Good text"]


# -- publishing and public display ---------------------------------------------------------
def test_publishing_per_session_and_for_the_whole_event(client, auth, world):
    auth.login("rapporteur@example.org")
    add(client, world, "Genomics needs regions", talk=world.talk1)
    add(client, world, "Second session thought", session=world.other_session)
    session_page = f"/events/event-a/sessions/{world.session.id}"
    auth.logout()
    assert "Genomics needs regions" not in client.get(session_page).text
    auth.login("rapporteur@example.org")
    client.post(capture_url(world) + "/publish")
    statuses = {m.text: m.status for m in messages()}
    assert statuses == {
        "Genomics needs regions": MessageStatus.PUBLISHED,
        "Second session thought": MessageStatus.DRAFT,
    }
    auth.logout()
    assert "Genomics needs regions" in client.get(session_page).text
    speaker = client.get(f"/events/event-a/speakers/{world.gary.id}").text
    assert "Genomics needs regions" in speaker
    assert "Genomics needs regions" not in client.get(f"/events/event-a/speakers/{world.andrea.id}").text
    assert "Second session thought" not in client.get("/events/event-a/").text
    auth.login("rapporteur@example.org")
    client.post(
        "/manage/events/event-a/take_home/outcomes",
        data={"text": "We agreed.\n\nAnd more.", "key_points": "Point one\nPoint two"},
    )
    assert db.session.scalar(sa.select(TakeHomeOutcome)).status == MessageStatus.DRAFT
    client.post("/manage/events/event-a/take_home/publish")
    assert {m.status for m in messages()} == {MessageStatus.PUBLISHED}
    auth.logout()
    event_page = client.get("/events/event-a/").text
    for text in (
        "Second session thought",
        "Genomics needs regions",
        "Main outcomes",
        "We agreed.",
        "Point two",
    ):
        assert text in event_page
    # each session's messages fold into a section of their own, closed on a long page
    assert event_page.count('<details class="th-session">') == 2
    assert "1 message</span>" in event_page
    # Withdrawing a session makes its messages drafts again.
    auth.login("rapporteur@example.org")
    client.post(capture_url(world) + "/publish", data={"action": "unpublish"})
    auth.logout()
    assert "Genomics needs regions" not in client.get(session_page).text


def test_event_page_query_count_does_not_grow_with_messages(client, auth, world, app):
    auth.login("rapporteur@example.org")
    add(client, world, "m1", talk=world.talk1)
    client.post("/manage/events/event-a/take_home/publish")
    auth.logout()

    def count_queries() -> int:
        """The page's queries but the event's own rows (on PostgreSQL the worker keeps
        those, and forgets them when a change is announced, moments after it)."""
        event_memory.of(app).memory.invalidate()  # the panel is built, not kept
        seen: list[str] = []
        listener = lambda *args, **kw: seen.append(args[2])  # noqa: E731
        sa.event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/events/event-a/").status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listener)
        return len([q for q in seen if not re.search(r"\bFROM (events|series|plugin_\w+)\b", q)])

    client.get("/events/event-a/")  # the programme's HTML is cached from the first view on
    few = count_queries()
    auth.login("rapporteur@example.org")
    for i in range(6):
        add(client, world, f"more {i}", talk=world.talk2 if i % 2 else world.talk1)
        add(client, world, f"other {i}", session=world.other_session)
    client.post("/manage/events/event-a/take_home/publish")
    auth.logout()
    assert count_queries() == few


# -- sanitisation ---------------------------------------------------------------------------
def _assert_inert(text: str) -> None:
    for marker in INERT_MARKERS:
        assert marker not in text, f"{marker!r} survived in {text[:300]!r}"


def _panels_html(client, world) -> list[str]:
    pages = [
        f"/events/event-a/sessions/{world.session.id}",
        f"/events/event-a/speakers/{world.gary.id}",
        "/events/event-a/",
    ]
    html = []
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200
        # Up to the end of <main>: the site's own static scripts come after it.
        html.append(page.text.split('class="panel plugin-take_home"', 1)[1].split("</main>", 1)[0])
    return html


def test_markup_is_sanitised_when_saved_and_shown_everywhere(client, auth, world):
    auth.login("rapporteur@example.org")
    assert add(client, world, EVIL, talk=world.talk1).status_code == 302
    stored = messages()[0].body
    _assert_inert(stored)
    assert "<b>Bold</b>" in stored and "<i>it</i>" in stored
    assert '<a href="https://example.org/ok" rel="noopener">good link</a>' in stored
    client.post(
        "/manage/events/event-a/take_home/outcomes", data={"text": EVIL, "key_points": EVIL, "publish": "1"}
    )
    outcome = db.session.scalar(sa.select(TakeHomeOutcome))
    _assert_inert(outcome.text + " ".join(outcome.key_points))
    client.post("/manage/events/event-a/take_home/publish")
    _assert_inert(client.get(capture_url(world)).text.split("<main", 1)[1].split("<script src", 1)[0])
    auth.logout()
    for html in _panels_html(client, world):
        _assert_inert(html)
        assert "<b>Bold</b>" in html


def test_rows_written_around_the_service_are_sanitised_on_render_and_export(client, world):
    db.session.add(
        TakeHomeMessage(
            event_id=world.event.id,
            session_id=world.session.id,
            talk_id=world.talk1.id,
            body=EVIL,
            status=MessageStatus.PUBLISHED,
            idempotency_key="raw-row-0001",
        )
    )
    db.session.add(
        TakeHomeOutcome(event_id=world.event.id, text=EVIL, key_points=[EVIL], status=MessageStatus.PUBLISHED)
    )
    db.session.commit()
    for html in _panels_html(client, world):
        _assert_inert(html)
        assert "good link" in html
    markdown = client.get("/events/event-a/take-home/take-home-messages.md")
    assert markdown.status_code == 200 and markdown.mimetype == "text/markdown"
    _assert_inert(markdown.text)
    assert "**Bold**" in markdown.text and "[good link](https://example.org/ok)" in markdown.text
    csv_text = client.get("/events/event-a/take-home/take-home-messages.csv").text
    _assert_inert(csv_text)
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert rows[0]["message"] == "Bold bad link it good link (https://example.org/ok)"
    sections = report.report_sections(ReportScope(event=world.event))
    for section in sections:
        for block in section.blocks:
            items = block.items if isinstance(block, BulletList) else (block.text,)
            for item in items:
                _assert_inert(item)
                assert "<" not in item


def test_markdown_escapes_text_that_looks_like_markup(client, auth, world):
    auth.login("rapporteur@example.org")
    add(
        client,
        world,
        "Use *stars* and [brackets](javascript:alert(1)) &lt;img src=x onerror=1&gt;",
        talk=world.talk1,
    )
    client.post("/manage/events/event-a/take_home/publish")
    text = client.get("/events/event-a/take-home/take-home-messages.md").text
    assert r"\*stars\*" in text and r"\[brackets\]" in text and r"\<img" in text


def test_csv_cells_cannot_become_formulas(client, auth, world):
    auth.login("rapporteur@example.org")
    add(client, world, '=HYPERLINK("http://evil")', talk=world.talk1)
    client.post("/manage/events/event-a/take_home/publish")
    rows = list(csv.DictReader(io.StringIO(exports.event_csv(world.event))))
    assert rows[0]["message"].startswith("'=")


# -- exports and report ----------------------------------------------------------------------
def _publish_sample(client, auth, world) -> None:
    auth.login("rapporteur@example.org")
    add(client, world, "Regions must join early", talk=world.talk1)
    add(client, world, "Trust comes first", talk=world.talk1)
    add(client, world, "Explain the model", talk=world.talk2)
    add(client, world, "Draft only", session=world.other_session)
    client.post(capture_url(world) + "/publish")
    client.post(
        "/manage/events/event-a/take_home/outcomes",
        data={"text": "Closing words.", "key_points": "Key one\nKey two", "publish": "1"},
    )
    auth.logout()


def test_exports_hold_published_messages_with_speakers(client, auth, world):
    _publish_sample(client, auth, world)
    rows = list(
        csv.DictReader(io.StringIO(client.get("/events/event-a/take-home/take-home-messages.csv").text))
    )
    assert [(r["talk"], r["order"], r["message"]) for r in rows] == [
        ("Genomic data", "1", "Regions must join early"),
        ("Genomic data", "2", "Trust comes first"),
        ("Explainable AI", "1", "Explain the model"),
    ]
    assert rows[0]["speakers"] == "Gary Saunders" and rows[0]["affiliations"] == "ELIXIR Hub"
    assert rows[0]["countries"] == "United Kingdom"
    markdown = client.get("/events/event-a/take-home/take-home-messages.md").text
    assert "#### Genomic data — Gary Saunders (ELIXIR Hub, United Kingdom)" in markdown
    assert "- Trust comes first" in markdown and "Draft only" not in markdown
    assert "## Main outcomes" in markdown and "- Key two" in markdown
    exporters = {e.identifier: e for e in host().collect("export_formats", event=world.event)}
    assert exporters["take-home-csv"].render(world.event) == exports.event_csv(world.event)
    assert "Trust comes first" in exporters["take-home-markdown"].render(world.event)


def test_report_sections_list_messages_by_session_and_talk(client, auth, world):
    _publish_sample(client, auth, world)
    sections = {
        s.key: s
        for s in host().collect("report_sections", event=world.event, scope=ReportScope(event=world.event))
    }
    messages_section = sections["take_home.messages"]
    assert messages_section.title == "Take-home messages"
    assert messages_section.blocks == (
        Heading("Session I", level=3),
        Paragraph("Genomic data — Gary Saunders (ELIXIR Hub, United Kingdom)", emphasis=True),
        BulletList(("Regions must join early", "Trust comes first")),
        Paragraph("Explainable AI — Andrea Damiani (Italy)", emphasis=True),
        BulletList(("Explain the model",)),
    )
    outcomes = sections["take_home.outcomes"]
    assert outcomes.title == "Main outcomes"
    assert outcomes.blocks == (Paragraph("Closing words."), BulletList(("Key one", "Key two")))


# -- suggestions ----------------------------------------------------------------------------
def _suggest(client, world, text: str, key: str, talk=None):
    return client.post(
        f"/events/event-a/take-home/sessions/{world.session.id}/suggest",
        data={"suggest-body": text, "suggest-talk": str(talk.id if talk else 0), "suggest-key": key},
    )


def test_attendee_suggestions_are_moderated(client, auth, world):
    auth.login("attendee@example.org")
    assert _suggest(client, world, "Closed", "closed-key-000").status_code == 403
    auth.logout()
    auth.login("rapporteur@example.org")  # only organisers switch suggestions on
    assert (
        client.post("/manage/events/event-a/take_home/settings", data={"suggestions_open": "1"}).status_code
        == 404
    )
    auth.logout()
    auth.login("organiser@example.org")
    client.post("/manage/events/event-a/take_home/settings", data={"suggestions_open": "1"})
    auth.logout()
    assert _suggest(client, world, "Anonymous", "anon-key-0000").status_code == 302  # to log in
    auth.login("attendee@example.org")
    assert "Suggest a take-home message" in client.get(f"/events/event-a/sessions/{world.session.id}").text
    assert (
        _suggest(client, world, "Share data <b>safely</b>", "sugg-key-0001", world.talk1).status_code == 302
    )
    assert (
        _suggest(client, world, "Share data <b>safely</b>", "sugg-key-0001", world.talk1).status_code == 302
    )
    assert _suggest(client, world, "Not useful", "sugg-key-0002").status_code == 302
    pending = db.session.scalars(sa.select(TakeHomeSuggestion).order_by(TakeHomeSuggestion.id)).all()
    assert [s.text for s in pending] == ["Share data safely", "Not useful"]
    assert client.get("/manage/events/event-a/take_home/suggestions").status_code == 404
    first, second = pending
    assert (
        client.post(
            f"/manage/events/event-a/take_home/suggestions/{first.id}/accept",
            data={f"s{first.id}-body": "x", f"s{first.id}-talk": "0"},
        ).status_code
        == 404
    )
    auth.logout()
    auth.login("rapporteur@example.org")
    queue = client.get("/manage/events/event-a/take_home/suggestions")
    assert queue.status_code == 200 and "Ana Attendee" in queue.text
    accepted = client.post(
        f"/manage/events/event-a/take_home/suggestions/{first.id}/accept",
        data={
            f"s{first.id}-body": "Share genomic data <b>safely</b> across borders",
            f"s{first.id}-talk": str(world.talk1.id),
        },
    )
    assert accepted.status_code == 302
    assert client.post(f"/manage/events/event-a/take_home/suggestions/{second.id}/reject").status_code == 302
    assert client.post(f"/manage/events/event-a/take_home/suggestions/{second.id}/reject").status_code == 409
    db.session.expire_all()
    assert (first.status, second.status) == (SuggestionStatus.ACCEPTED, SuggestionStatus.REJECTED)
    [message] = messages()
    assert message.text == "Share genomic data safely across borders"
    assert message.talk_id == world.talk1.id and message.status == MessageStatus.DRAFT
    assert first.message_id == message.id
    assert "No suggestions are waiting" in client.get("/manage/events/event-a/take_home/suggestions").text


def test_a_suggestion_that_is_too_long_is_refused_with_its_text(client, auth, world, make):
    auth.login("organiser@example.org")
    client.post("/manage/events/event-a/take_home/settings", data={"suggestions_open": "1"})
    long_text = "z" * (MAX_LENGTH + 10)
    response = _suggest(client, world, long_text, "long-key-0001")
    assert response.status_code == 422 and long_text in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TakeHomeSuggestion)) == 0


# -- per-event switch ---------------------------------------------------------------------------
def test_disabled_plugin_hides_pages_and_panels(client, auth, world):
    _publish_sample(client, auth, world)
    session_page = f"/events/event-a/sessions/{world.session.id}"
    assert "Regions must join early" in client.get(session_page).text
    set_plugin_enabled("take_home", False, event=world.event)
    db.session.commit()
    forget_cached_roles_and_settings()
    for path in (session_page, "/events/event-a/", f"/events/event-a/speakers/{world.gary.id}"):
        page = client.get(path)
        assert page.status_code == 200
        assert "Regions must join early" not in page.text and "plugin-take_home" not in page.text
    assert client.get("/events/event-a/take-home/take-home-messages.md").status_code == 404
    auth.login("rapporteur@example.org")
    assert client.get(capture_url(world)).status_code == 404
    assert add(client, world, "Blocked").status_code == 404
    assert client.get("/manage/events/event-a/take_home/").status_code == 404
    sections = host().collect("report_sections", event=world.event, scope=ReportScope(event=world.event))
    assert [s for s in sections if s.plugin == "take_home"] == []
    # Event B is unaffected.
    auth.logout()
    auth.login("rapporteur-b@example.org")
    assert client.get(capture_url(world, world.session_b)).status_code == 200


def test_manage_area_links_the_plugin_pages(client, auth, world):
    auth.login("organiser@example.org")
    page = client.get("/manage/events/event-a/").text
    assert "/manage/events/event-a/take_home/" in page and "/manage/events/event-a/take_home/history" in page


# -- demo --------------------------------------------------------------------------------------
def test_demo_publishes_messages_and_outcomes_and_is_idempotent(app, client):
    from confsite_plugins.take_home.demo_content import DRAFT_TALKS, MESSAGES

    from confsite.demo import load_full_demo

    load_full_demo()

    def counts() -> tuple:
        db.session.expire_all()
        return tuple(
            db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (TakeHomeMessage, TakeHomeOutcome, TakeHomeHistory, TakeHomeSuggestion)
        )

    before = counts()
    assert before[0] == sum(len(v) for v in MESSAGES.values())
    assert before[1] == 1 and before[3] == 1
    load_full_demo()
    assert counts() == before
    drafts = sum(len(MESSAGES[k]) for k in DRAFT_TALKS)
    statuses = [m.status for m in messages()]
    assert statuses.count(MessageStatus.DRAFT) == drafts
    assert statuses.count(MessageStatus.PUBLISHED) == before[0] - drafts
    event_page = client.get("/events/ka4-conference-2021/").text
    assert "Main outcomes" in event_page and "Living labs need a harmonised labelling" in event_page
    assert "genomic data infrastructure needs regions involved" in event_page


def test_series_reports_cover_each_enabled_event(client, auth, world, make):
    series = make.series(title="Key areas")
    world.event.series = series
    world.event_b.series = series
    db.session.commit()
    _publish_sample(client, auth, world)
    auth.login("rapporteur-b@example.org")
    add(client, world, "Seen in B", session=world.session_b)
    client.post("/manage/events/event-b/take_home/publish")
    scope = ReportScope(series=series, events=(world.event, world.event_b))
    blocks = report.report_sections(scope)[0].blocks
    assert Heading("Event A", level=3) in blocks and Heading("Event B", level=3) in blocks
    assert Heading("Session B", level=4) in blocks and BulletList(("Seen in B",)) in blocks
    set_plugin_enabled("take_home", False, event=world.event_b)
    db.session.commit()
    forget_cached_roles_and_settings()
    sections = report.report_sections(scope)
    assert Heading("Session B", level=3) not in sections[0].blocks
    assert all("Seen in B" not in getattr(b, "items", ()) for b in sections[0].blocks)
    assert [s.title for s in sections] == ["Take-home messages", "Main outcomes"]


def test_a_session_page_with_the_suggestion_form_has_unique_ids(client, auth, world):
    """The panel's form is prefixed, so its fields do not repeat ids of the page's other
    forms (the star button, the log-out form)."""
    from lxml import html as lxml_html  # only this test parses pages

    auth.login("organiser@example.org")
    client.post("/manage/events/event-a/take_home/settings", data={"suggestions_open": "1"})
    page = client.get(f"/events/event-a/sessions/{world.session.id}").text
    assert "Suggest a take-home message" in page
    ids = [element.get("id") for element in lxml_html.fromstring(page).iter() if element.get("id")]
    assert "suggest-key" in ids and "suggest-talk" in ids  # the panel's form, prefixed
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
