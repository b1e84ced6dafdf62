"""The search finds the demo's people, sessions, take-home messages and recommendations
however the query is accented or cased (SQLite, and PostgreSQL with
CONFSITE_TEST_DATABASE_URL): the issue's "done when" on the real demo data."""

from __future__ import annotations

import sqlalchemy as sa
from confsite_plugins.reports.models import Recommendation, RecommendationStatus
from confsite_plugins.take_home.models import MessageStatus, TakeHomeMessage

from confsite import search
from confsite.demo import load_full_demo
from confsite.extensions import db
from confsite.models import Event, EventStatus, Person, Session, SessionStatus, Talk, TalkSpeaker
from confsite.search.storage import fold


def _titles(groups: list[search.ResultGroup], kind: str) -> list[str]:
    return [r.title for g in groups if g.kind == kind for r in g.results]


def _plain(text: str) -> str:
    """How someone without the accents on their keyboard types it."""
    return " ".join(fold(text).replace("-", " ").split()[:6])


def test_demo_people_sessions_messages_and_recommendations_are_found_without_accents(app):
    load_full_demo()
    public = sa.select(Event.id).where(Event.status != EventStatus.DRAFT)
    speakers = db.session.scalars(
        sa.select(Person)
        .join(TalkSpeaker, TalkSpeaker.person_id == Person.id)
        .join(Talk, Talk.id == TalkSpeaker.talk_id)
        .join(Session, Session.id == Talk.session_id)
        .where(Session.event_id.in_(public), Session.status != SessionStatus.CANCELLED)
        .distinct()
    ).all()
    accented = [p.name for p in speakers if fold(p.name) != p.name.lower()]
    assert len(accented) >= 5, accented  # the demo's Spanish, Nordic, Hungarian names…
    # The README tour names these.
    assert "José María Romero Fidalgo" in _titles(search.search("jose maria"), "speaker")
    assert "Mariona Baliu-Piqué" in _titles(search.search("baliu pique"), "speaker")
    for name in accented:
        for query in (fold(name), name.upper()):
            assert name in _titles(search.search(query), "speaker"), (name, query)

    sessions = db.session.scalars(
        sa.select(Session).where(Session.event_id.in_(public), Session.status != SessionStatus.CANCELLED)
    ).all()
    assert sessions
    for s in sessions:
        assert s.title in _titles(search.search(_plain(s.title), per_kind=50), "session"), s.title

    messages = db.session.scalars(
        sa.select(TakeHomeMessage).where(
            TakeHomeMessage.status == MessageStatus.PUBLISHED, TakeHomeMessage.event_id.in_(public)
        )
    ).all()
    assert messages
    for message in messages:
        found = search.search(_plain(message.text), per_kind=50)
        assert any(message.text.startswith(t.rstrip("…")) for t in _titles(found, "take_home")), message.text
    drafts = db.session.scalars(
        sa.select(TakeHomeMessage).where(TakeHomeMessage.status == MessageStatus.DRAFT)
    ).all()
    for draft in drafts:
        found = _titles(search.search(_plain(draft.text), per_kind=50), "take_home")
        assert not any(draft.text.startswith(t.rstrip("…")) for t in found), draft.text

    # The demo publishes the key-area report: its accepted recommendations are found.
    accepted = db.session.scalars(
        sa.select(Recommendation).where(Recommendation.status == RecommendationStatus.ACCEPTED)
    ).all()
    assert accepted
    found_recommendations = 0
    for rec in accepted:
        titles = _titles(search.search(_plain(rec.text), per_kind=50), "recommendation")
        found_recommendations += any(rec.text.startswith(t.rstrip("…")) for t in titles)
    assert found_recommendations == len(accepted)  # all are in the published version
