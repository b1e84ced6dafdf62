"""The hook points a real plugin needs: per-event settings with a schema, extra
registration questions, blocks in registration e-mails, a panel on My agenda, and the
``EventEnded`` lifecycle event (fired once by ``confsite tick``)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import sqlalchemy as sa
from markupsafe import Markup

from confsite import hookimpl, jobs
from confsite.api import (
    EventEnded,
    LifecycleEvent,
    MailBlock,
    PageContext,
    Panel,
    Question,
    Registration,
    SettingField,
    plugin_settings,
    registration_answers,
)
from confsite.extensions import db
from confsite.models import Event, RegistrationAnswer, utcnow
from confsite.services.event_end import fire_ended_events
from confsite.services.event_io import export_event, import_event
from confsite.services.registration_questions import answers_for_person
from tests import outbox


class Catering:
    """A plugin asking for dietary needs, with its own per-event settings."""

    def __init__(self) -> None:
        self.ended: list[str] = []

    @hookimpl
    def plugin_settings_schema(self) -> list[SettingField]:
        return [
            SettingField("ask_diet", "Ask for dietary needs", "bool", default=True),
            SettingField("meals", "Meals served", "int", default=1, minimum=0, maximum=6),
            SettingField(
                "style",
                "Catering style",
                "choice",
                default="buffet",
                choices=(("buffet", "Buffet"), ("seated", "Seated")),
            ),
        ]

    @hookimpl
    def registration_questions(self, event: Event) -> list[Question] | None:
        if not plugin_settings("catering", event)["ask_diet"]:
            return None
        return [
            Question(
                "diet",
                "Dietary needs",
                "choice",
                required=True,
                choices=(("none", "None"), ("vegan", "Vegan")),
            ),
            Question("notes", "Anything else the kitchen should know?", max_length=40),
        ]

    @hookimpl
    def mail_blocks(self, registration: Registration, kind: str) -> list[MailBlock] | None:
        if kind not in ("confirmed", "promoted"):
            return None
        diet = registration_answers(registration).get(("catering", "diet"), "none")
        meals = plugin_settings("catering", registration.event)["meals"]
        return [MailBlock(f"Catering: {meals} meal(s), prepared for your diet ({diet}).")]

    @hookimpl
    def page_panels(self, page: PageContext) -> list[Panel] | None:
        if page.kind != "agenda":
            return None
        return [Panel(title="Your meals", html=Markup("<p>Meal plan for Łukasz and friends</p>"))]

    @hookimpl
    def lifecycle_event(self, happening: LifecycleEvent) -> None:
        if isinstance(happening, EventEnded):
            self.ended.append(happening.event.slug)


def _form(**extra: str) -> dict[str, str]:
    data = {
        "name": "Žiga Ørsted",
        "email": "ziga@example.org",
        "country": "SI",
        "sector": "academia",
        "consent": "y",
    }
    data.update(extra)
    return data


def _app(make_app):  # type: ignore[no-untyped-def]
    catering = Catering()
    return make_app(extra_plugins=[("catering", catering)]), catering


def test_questions_are_asked_stored_and_shown_to_organisers_and_in_the_csv(make_app, make):
    app, _catering = _app(make_app)
    with app.app_context():
        event = make.event(slug="food-summit")
        client = app.test_client()
        page = client.get("/events/food-summit/register").get_data(as_text=True)
        assert 'name="q__catering__diet"' in page and "Dietary needs" in page

        missing = client.post("/events/food-summit/register", data=_form())
        assert "Please answer “Dietary needs”." in missing.get_data(as_text=True)
        too_long = client.post(
            "/events/food-summit/register", data=_form(q__catering__diet="vegan", q__catering__notes="x" * 41)
        )
        assert "at most 40 characters" in too_long.get_data(as_text=True)
        assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0  # nothing half-written

        done = client.post(
            "/events/food-summit/register",
            data=_form(q__catering__diet="vegan", q__catering__notes="No nuts, please"),
        )
        assert done.status_code == 302
        registration = db.session.scalars(sa.select(Registration)).one()
        assert registration_answers(registration) == {
            ("catering", "diet"): "vegan",
            ("catering", "notes"): "No nuts, please",
        }

        organiser = make.user(admin=True)
        client.post("/login", data={"email": organiser.email, "password": make.PASSWORD})
        listing = client.get(f"/manage/events/{event.slug}/registrations/").get_data(as_text=True)
        assert "Dietary needs" in listing and "No nuts, please" in listing
        exported = client.get(f"/manage/events/{event.slug}/registrations.csv").get_data(as_text=True)
        table = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
        assert table[0][-2:] == ["Dietary needs", "Anything else the kitchen should know?"]
        assert table[1][-2:] == ["vegan", "No nuts, please"]


def test_answers_are_in_the_personal_data_export_and_erased_with_the_registration(make_app, make):
    app, _catering = _app(make_app)
    with app.app_context():
        make.event(slug="food-summit")
        app.test_client().post("/events/food-summit/register", data=_form(q__catering__diet="vegan"))
        assert answers_for_person("ZIGA@example.org") == [
            {"event": "food-summit", "question": "Dietary needs", "answer": "vegan", "asked_by": "catering"}
        ]
        db.session.delete(db.session.scalars(sa.select(Registration)).one())
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(RegistrationAnswer.id))) == 0
        assert answers_for_person("ziga@example.org") == []


def test_confirmation_mail_carries_the_plugins_block(make_app, make):
    app, _catering = _app(make_app)
    with app.app_context():
        make.event(slug="food-summit")
        app.test_client().post("/events/food-summit/register", data=_form(q__catering__diet="vegan"))
        (message,) = outbox.to(app, "ziga@example.org")
        assert "Catering: 1 meal(s), prepared for your diet (vegan)." in outbox.text(message)
        assert "Catering: 1 meal(s)" in outbox.html(message)


def test_organisers_edit_the_settings_and_the_plugin_reads_them(make_app, make):
    app, _catering = _app(make_app)
    with app.app_context():
        event = make.event(slug="food-summit")
        admin = make.user(admin=True)
        client = app.test_client()
        client.post("/login", data={"email": admin.email, "password": make.PASSWORD})
        page = client.get("/manage/events/food-summit/plugins").get_data(as_text=True)
        assert 'name="setting__catering__meals"' in page and 'value="1"' in page

        bad = client.post(
            "/manage/events/food-summit/plugins",
            data={"setting__catering__meals": "9", "setting__catering__style": "buffet"},
        )
        assert bad.status_code == 400 and "Meals served: at most 6." in bad.get_data(as_text=True)
        assert plugin_settings("catering", event)["meals"] == 1  # nothing saved

        good = client.post(
            "/manage/events/food-summit/plugins",
            data={"setting__catering__meals": "3", "setting__catering__style": "seated"},  # ask_diet unticked
        )
        assert good.status_code == 302
        db.session.expire_all()
        assert plugin_settings("catering", event) == {"ask_diet": False, "meals": 3, "style": "seated"}
        form = client.get("/events/food-summit/register").get_data(as_text=True)
        assert "Dietary needs" not in form  # the plugin follows its setting


def test_settings_travel_in_the_event_file(make_app, make):
    app, _catering = _app(make_app)
    with app.app_context():
        from confsite.services.plugin_event_settings import save_plugin_settings

        event = make.event(slug="food-summit")
        save_plugin_settings("catering", event, {"meals": 4})
        db.session.commit()
        document = export_event(event)
        assert document["plugin_settings"] == {"catering": {"meals": 4}}
        document["event"]["slug"] = "food-summit-copy"
        document["plugin_settings"]["elsewhere"] = {"colour": "green"}  # a plugin this site lacks
        copy = import_event(json.loads(json.dumps(document)))
        db.session.commit()
        assert plugin_settings("catering", copy)["meals"] == 4
        assert export_event(copy)["plugin_settings"]["elsewhere"] == {"colour": "green"}

        document["event"]["slug"] = "food-summit-bad"
        document["plugin_settings"]["catering"] = {"meals": "lots"}
        from confsite.services.event_io import check_document

        assert "plugin_settings.catering: Meals served: enter a whole number." in check_document(document)


def test_my_agenda_shows_plugin_panels(make_app, make):
    app, _catering = _app(make_app)
    with app.app_context():
        user = make.user()
        client = app.test_client()
        client.post("/login", data={"email": user.email, "password": make.PASSWORD})
        html = client.get("/me/agenda").get_data(as_text=True)
    assert "Your meals" in html and "Meal plan for Łukasz and friends" in html


def test_event_ended_fires_once_per_event_through_confsite_tick(make_app, make):
    app, catering = _app(make_app)
    with app.app_context():
        now = utcnow()
        make.event(slug="over", start_at=now - timedelta(days=2), end_at=now - timedelta(days=1))
        make.event(slug="coming", start_at=now + timedelta(days=2), end_at=now + timedelta(days=3))
        make.event(
            slug="draft-over",
            status="draft",
            start_at=now - timedelta(days=2),
            end_at=now - timedelta(days=1),
        )
        runner = app.test_cli_runner()
        first = runner.invoke(args=["tick"])
        assert first.exit_code == 0 and "Announced the end of: over." in first.output
        assert runner.invoke(args=["tick"]).output.strip() == "Nothing due."
        assert [e.slug for e in fire_ended_events(now + timedelta(days=4))] == ["coming"]
        assert catering.ended == ["over", "coming"]


def test_the_job_queue_announces_ended_events_once(make_app, make):
    app, catering = _app(make_app)
    with app.app_context():
        now = utcnow().replace(second=0, microsecond=0)
        now -= timedelta(minutes=now.minute % 5)  # the job runs every five minutes
        make.event(slug="over", start_at=now - timedelta(days=2), end_at=now - timedelta(days=1))
        for minutes in (0, 5):
            due = jobs.run_periodic(app, now=now + timedelta(minutes=minutes))
            assert "confsite.services.event_end.announce_ended_events" in due
            jobs.run_pending(app)
        assert catering.ended == ["over"]
