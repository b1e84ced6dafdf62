"""The reference scenario for the report plugin's tests: a series with a conference and
its follow-up workshop, partners from three organisations, and a fake plugin that
contributes take-home messages through the report-section hook."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from confsite import hookimpl
from confsite.extensions import db
from confsite.models import Event, Organisation, Series, Session, Talk, User
from confsite.reporting import (
    BulletList,
    Figure,
    Figures,
    Heading,
    ReportScope,
    ReportSection,
    Table,
)
from tests import factories

MESSAGES_TITLE = "Take-home messages"


class FakeMessagesPlugin:
    """Stands in for the take-home-messages plugin: one section per report, listing a
    message for every talk in the scope."""

    @hookimpl
    def report_sections(self, scope: ReportScope) -> list[ReportSection]:
        blocks: list[Any] = []
        for event in scope.events:
            blocks.append(Heading(f"Messages of {event.title}", 3))
            talks = [t for s in event.sessions for t in s.talks]
            blocks.append(BulletList(tuple(f"Message about {t.title}" for t in talks)))
        figures = ReportSection(
            "fake-figures",
            "In a nutshell",
            (
                Figures((("Countries", "16"), ("Registered attendees", "65"))),
                Figure(
                    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="20" role="img" '
                    'aria-label="Views per day"><rect width="40" height="20" fill="#0b3d62"/></svg>',
                    "Stream views per day",
                    Table(("Day", "Views"), (("Day one", "194"), ("Day two", "414"))),
                ),
            ),
            order=20,
        )
        return [figures, ReportSection("fake-messages", MESSAGES_TITLE, tuple(blocks), order=40)]


@dataclass
class Scenario:
    series: Series
    conference: Event
    workshop: Event
    panel: Session
    conference_talk: Talk
    orgs: dict[str, Organisation]
    users: dict[str, User]
    clients: dict[str, Any] = field(default_factory=dict)

    app: Any = None

    def client(self, name: str):
        """A test client signed in as ``name`` (logged in on first use)."""
        if name not in self.clients:
            client = self.app.test_client()
            response = client.post(
                "/login", data={"email": self.users[name].email, "password": factories.PASSWORD}
            )
            assert response.status_code == 302, f"log-in of {name} failed"
            self.clients[name] = client
        return self.clients[name]


class FreshContextClient(FlaskClient):
    """Each request in an app context of its own, as in production: the test's context
    (kept open for factories) would otherwise share ``g``, and so the signed-in user,
    between several clients."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def reports_app(make_app):
    # Only this plugin and a stand-in for the others, so sections and their order are known.
    app = make_app(PLUGINS=["reports"], extra_plugins=[("fake_messages", FakeMessagesPlugin())])
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    """Hash the test password once: scrypt per user would dominate these tests."""
    return generate_password_hash(factories.PASSWORD)


def _user(email: str, name: str) -> User:
    user = User(email=email, display_name=name, password_hash=_password_hash())
    db.session.add(user)
    db.session.commit()
    return user


def build_scenario(app) -> Scenario:
    make = factories
    host = make.organisation(name="Health Knowledge Agency", country="ES")
    orgs = {
        "host": host,
        "alpha": make.organisation(name="Alpha Region Foundation", country="IT"),
        "beta": make.organisation(name="Beta Medical University", country="PL"),
        "gamma": make.organisation(name="Gamma Ministry", country="DE"),
    }
    series = make.series(slug="key-area", title="Key Area Four", description="A year on innovation flow.")
    conference = make.event(
        slug="ka-conference",
        title="Innovation Flow Conference",
        series=series,
        start_at=utc(2021, 7, 13, 7, 30),
        end_at=utc(2021, 7, 14, 11, 0),
        host=host,
        description="Two online mornings on research, funding and procurement.",
    )
    workshop = make.event(
        slug="ka-workshop",
        title="Interregional Workshop",
        kind="workshop",
        series=series,
        start_at=utc(2021, 11, 16, 8, 30),
        end_at=utc(2021, 11, 17, 12, 0),
        host=host,
    )
    chair = make.person(name="Josefa Chair", position="Director", organisation=host, country="ES")
    speaker = make.person(
        name="Gareth Speaker",
        position="Data Coordinator",
        organisation=make.organisation(name="Genome Hub", country="GB"),
    )
    session = make.session(
        conference, title="Session I: Research models", start_at=utc(2021, 7, 13, 8, 0), chairs=[chair]
    )
    talk = make.talk(
        session,
        [speaker],
        title="Regions and genomic data",
        summary="Why regions must be part of federated data infrastructures.",
    )
    panel = make.session(
        workshop,
        title="Panel: Infrastructure models",
        start_at=utc(2021, 11, 16, 9, 0),
        kind="panel",
        chairs=[chair],
    )
    make.talk(panel, [speaker], title="A public manufacturing centre")
    users = {
        "organiser": _user("organiser@example.org", "Olga Organiser"),
        "alpha1": _user("alpha1@example.org", "Alba Alpha"),
        "alpha2": _user("alpha2@example.org", "Aldo Alpha"),
        "beta": _user("beta@example.org", "Bea Beta"),
        "gamma": _user("gamma@example.org", "Gus Gamma"),
        "outsider": _user("outsider@example.org", "Otto Outsider"),
    }
    make.role(users["organiser"], "organiser", series=series)
    for name, org in (("alpha1", "alpha"), ("alpha2", "alpha"), ("beta", "beta"), ("gamma", "gamma")):
        make.role(users[name], "partner", series=series, organisation=orgs[org])
    return Scenario(series, conference, workshop, panel, talk, orgs, users, app=app)


@pytest.fixture
def scenario(reports_app) -> Scenario:
    return build_scenario(reports_app)


# -- helpers shared by the tests ------------------------------------------------------
def add_area(
    scenario: Scenario, title: str, rationale: str = "", position: int = 0, event: Event | None = None
) -> int:
    import sqlalchemy as sa
    from confsite_plugins.reports.models import PolicyArea

    event = event or scenario.workshop
    response = scenario.client("organiser").post(
        f"/manage/events/{event.slug}/reports/areas/new",
        data={"title": title, "rationale": rationale, "position": position, "session_id": scenario.panel.id},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(sa.select(PolicyArea.id).where(PolicyArea.title == title))


def propose(
    scenario: Scenario,
    who: str,
    area_id: int,
    text: str,
    *,
    addressee: str = "regions",
    submit: bool = True,
    event: Event | None = None,
) -> int:
    import sqlalchemy as sa
    from confsite_plugins.reports.models import Recommendation

    event = event or scenario.workshop
    response = scenario.client(who).post(
        f"/manage/events/{event.slug}/reports/recommendations/new",
        data={
            "area_id": area_id,
            "text": text,
            "addressee": addressee,
            "session_ids": [scenario.panel.id],
            "action": "submit" if submit else "draft",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    return db.session.scalar(sa.select(Recommendation.id).where(Recommendation.text == text.strip()))


def act(scenario: Scenario, who: str, rec_id: int, action: str, event: Event | None = None, **data: Any):
    event = event or scenario.workshop
    return scenario.client(who).post(
        f"/manage/events/{event.slug}/reports/recommendations/{rec_id}/{action}", data=data
    )


def open_voting(scenario: Scenario, event: Event | None = None) -> None:
    event = event or scenario.workshop
    now = datetime.now(UTC).replace(tzinfo=None)
    response = scenario.client("organiser").post(
        f"/manage/events/{event.slug}/reports/window",
        data={
            "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302


def vote(scenario: Scenario, who: str, scores: dict[int, int | None], event: Event | None = None):
    event = event or scenario.workshop
    return scenario.client(who).post(
        f"/manage/events/{event.slug}/reports/vote",
        data={f"score-{rec_id}": "" if score is None else str(score) for rec_id, score in scores.items()},
    )


def unnumbered(text: str) -> str:
    """Markdown with its heading numbers taken out ("## 2 Overview" -> "## Overview")."""
    return re.sub(r"^(#+ )\d+(?:\\?\.\d+)* ", r"\1", text, flags=re.M)


def assert_in_order(text: str, *needles: str) -> None:
    """Every needle occurs in ``text`` (heading numbers of Markdown left out), each
    after the previous one."""
    text = unnumbered(text)
    position = -1
    for needle in needles:
        found = text.find(needle, position + 1)
        assert found != -1, f"{needle!r} missing (or out of order) after position {position}"
        position = found


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def docx_paragraphs(body: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph, in document order."""
    from docx import Document

    document = Document(io.BytesIO(body))
    return [(p.style.name, p.text) for p in document.paragraphs]


def docx_text(body: bytes) -> str:
    """Paragraph and table-cell texts in document order."""
    from docx import Document
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = Document(io.BytesIO(body))
    parts = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            parts.append(DocxParagraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in DocxTable(child, document).rows:
                parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
