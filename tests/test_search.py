"""Site search: accent- and case-insensitive, grouped by kind, drafts never shown,
kept current on every change; runs on SQLite and (with CONFSITE_TEST_DATABASE_URL) on
PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from confsite import search
from confsite.extensions import db
from confsite.models import EventStatus
from confsite.search.storage import fold, search_documents

# A name from every EU language (and Norway's Ø), as people write them.
EU_NAMES = [
    "José María Fernández",  # Spanish
    "Łukasz Żółkiewski",  # Polish
    "Øystein Sørensen",  # Norwegian
    "Žiga Šušteršič",  # Slovenian
    "Jürgen Weiß",  # German
    "François Lefèvre",  # French
    "Niccolò Galilè",  # Italian
    "João Gonçalves",  # Portuguese
    "Søren Kierkegård",  # Danish
    "Åsa Öberg",  # Swedish
    "Päivi Räsänen",  # Finnish
    "Ιωάννης Παπαδόπουλος",  # Greek
    "Đorđe Čolić",  # Croatian
    "Dāvis Ozoliņš",  # Latvian
    "Rūta Žukauskaitė",  # Lithuanian
    "Tõnu Õunapuu",  # Estonian
    "Zoltán Bíró",  # Hungarian
    "Ștefan Țăran",  # Romanian
    "Ľubomír Ďurčo",  # Slovak
    "Tomáš Dvořák",  # Czech
    "Христо Стоянов",  # Bulgarian
    "Seán Ó Súilleabháin",  # Irish
    "Ġorġ Żammit",  # Maltese
    "Eoghan Mac Giolla",  # Irish (no accents at all)
    "Luc Dubois-Lambert",  # Belgian French
]


def titles(groups: list[search.ResultGroup], kind: str) -> list[str]:
    return [r.title for g in groups if g.kind == kind for r in g.results]


def test_folding_drops_accents_case_and_letters_without_accents():
    assert fold("José MARÍA Łukasz Øystein Weiß") == "jose maria lukasz oystein weiss"


def test_finds_people_sessions_and_events_accent_insensitively(app, make):
    event = make.event(title="Política de datos abiertos", description="Jornada en Sevilla")
    session = make.session(event, title="Gobernanza de la investigación")
    speakers = [make.person(name=name) for name in EU_NAMES]
    make.talk(session, speakers=speakers, title="Reutilización de los datos genómicos")

    groups = search.search("jose maria")
    assert titles(groups, "speaker") == ["José María Fernández"]
    assert titles(search.search("POLITICA"), "event") == ["Política de datos abiertos"]
    assert titles(search.search("investigacion"), "session") == ["Gobernanza de la investigación"]
    assert titles(search.search("reutilizacion genom"), "talk") == ["Reutilización de los datos genómicos"]
    for name in EU_NAMES:
        for query in (name, fold(name), name.split()[0].upper()):
            assert name in titles(search.search(query), "speaker"), (name, query)
    kinds = [g.kind for g in search.search("datos")]
    assert kinds == sorted(kinds, key=["event", "session", "talk", "speaker", "organisation"].index)


def test_drafts_never_appear_and_publishing_makes_them_findable(app, make):
    event = make.event(title="Hidden workshop on biobanks", status="draft")
    make.session(event, title="Biobank governance round table")
    assert search.search("biobank") == []
    event.status = EventStatus.PUBLISHED
    db.session.commit()
    assert titles(search.search("biobank"), "event") == ["Hidden workshop on biobanks"]
    assert titles(search.search("biobank"), "session") == ["Biobank governance round table"]
    event.status = EventStatus.DRAFT
    db.session.commit()
    assert search.search("biobank") == []


def test_index_follows_edits_and_deletions(app, make):
    event = make.event(title="Open science day")
    session = make.session(event, title="Morning plenary")
    person = make.person(name="Ángel Pérez")
    make.talk(session, speakers=[person], title="Data stewardship")
    assert titles(search.search("angel"), "speaker") == ["Ángel Pérez"]

    person.name = "Ángela Pérez"
    session.title = "Afternoon plenary"
    db.session.commit()
    assert titles(search.search("angela"), "speaker") == ["Ángela Pérez"]
    assert titles(search.search("afternoon"), "session") == ["Afternoon plenary"]
    assert search.search("morning") == []

    db.session.delete(session)
    db.session.commit()
    assert search.search("stewardship") == []
    assert search.search("angela") == []  # no longer speaks anywhere public
    db.session.delete(event)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(search_documents)) == 0


def test_seat_counter_changes_do_not_reindex(app, make):
    event = make.event(title="Registration rush")
    before = db.session.scalar(sa.select(search_documents.c.id).where(search_documents.c.kind == "event"))
    event.capacity = 5
    db.session.commit()
    after = db.session.scalar(sa.select(search_documents.c.id).where(search_documents.c.kind == "event"))
    assert before == after


def test_search_page_groups_results_and_json_variant(client, make):
    event = make.event(title="Cohesion policy forum", slug="cohesion")
    make.session(event, title="Cohesion funds after 2027")
    page = client.get("/search?q=cohesion")
    assert page.status_code == 200
    html = page.text
    assert 'id="results-event"' in html and 'id="results-session"' in html
    assert html.index('id="results-event"') < html.index('id="results-session"')
    assert 'href="/events/cohesion/"' in html
    data = client.get("/search.json?q=COHESION").get_json()
    assert data["query"] == "COHESION"
    assert [g["kind"] for g in data["groups"]] == ["event", "session"]
    assert data["groups"][0]["results"][0]["url"].endswith("/events/cohesion/")


def test_search_box_is_in_the_header_and_bad_queries_get_clear_answers(client, make):
    assert 'role="search"' in client.get("/").text
    empty = client.get("/search?q=")
    assert empty.status_code == 200 and "Nothing matches" not in empty.text
    assert client.get("/search?q=%22%2A%28%29").status_code == 200  # only operators: no words
    too_long = client.get("/search?q=" + "a" * 201)
    assert too_long.status_code == 400 and "200" in too_long.text
    assert "Nothing matches" in client.get("/search?q=zzzxxy").text


def test_rebuild_command_indexes_existing_events(app, make):
    make.event(title="Regional innovation week")
    db.session.execute(search_documents.delete())
    db.session.commit()
    assert search.search("innovation") == []
    result = app.test_cli_runner().invoke(args=["search-rebuild"])
    assert "Indexed 1 events." in result.output
    assert titles(search.search("innovation"), "event") == ["Regional innovation week"]


def test_published_take_home_messages_are_found_drafts_are_not(client, make):
    from confsite_plugins.take_home.models import MessageStatus, TakeHomeMessage

    event = make.event(title="Genomics summit", slug="genomics")
    session = make.session(event, title="Data sharing panel")
    draft = TakeHomeMessage(
        event_id=event.id, session_id=session.id, body="Consent forms must be <b>harmonised</b>",
        status=MessageStatus.DRAFT, idempotency_key="k1",
    )  # fmt: skip
    db.session.add(draft)
    db.session.commit()
    assert titles(search.search("harmonised consent"), "take_home") == []
    draft.status = MessageStatus.PUBLISHED
    db.session.commit()
    found = client.get("/search.json?q=harmonised").get_json()["groups"]
    assert [g["kind"] for g in found] == ["take_home"]
    assert found[0]["results"][0]["title"] == "Consent forms must be harmonised"
    assert found[0]["results"][0]["url"].endswith(f"/events/genomics/sessions/{session.id}")
