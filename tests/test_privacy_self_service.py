"""GDPR self-service beyond the account page: a guest's download and erasure from their
private link, the site's retention period and `confsite purge-personal-data`, and the
public privacy notice."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa
from confsite_plugins.attendance.figures import collect_figures

from confsite import hookimpl
from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationAnswer, RegistrationStatus, SiteSetting, utcnow
from confsite.services import registration as reg
from confsite.services import registration_mail, retention
from tests import outbox


def body(response) -> str:
    return response.get_data(as_text=True)


def guest_link(app, client, slug: str, email: str = "žiga@example.org") -> str:
    response = client.post(
        f"/events/{slug}/register",
        data=dict(
            name="Žiga Novak",
            email=email,
            organisation="Galaria",
            country="SI",
            sector="industry",
            consent="y",
        ),
    )
    assert response.status_code == 302
    return outbox.link(outbox.to(app, email)[-1], "/registration/").replace("http://confsite.test", "")


def answer(registration_id: int, value: str = "vegetarian") -> None:
    db.session.add(
        RegistrationAnswer(
            registration_id=registration_id, plugin="catering", key="diet", label="Diet", value=value
        )
    )
    db.session.commit()


def the_row(email: str | None = None) -> Registration:
    db.session.expire_all()
    query = sa.select(Registration)
    if email:
        query = query.where(Registration.email == email)
    return db.session.scalars(query).one()


def test_guest_downloads_their_registration_from_the_private_link(app, client, make):
    make.event(slug="ka4", title="KA4 Conference")
    path = guest_link(app, client, "ka4")
    answer(the_row().id)
    page = body(client.get(path))
    assert "Download my data (JSON)" in page and "Erase my details" in page and 'href="/privacy"' in page
    response = client.get(path + "/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(body(response))["registration"]
    assert (data["name"], data["email"], data["country"], data["status"]) == (
        "Žiga Novak",
        "žiga@example.org",
        "SI",
        "confirmed",
    )
    assert data["answers"] == [{"question": "Diet", "answer": "vegetarian", "asked_by": "catering"}]
    assert client.get(path[:-3] + "zzz/data.json").status_code == 404


def test_guest_erases_their_registration_after_confirming(app, client, make):
    event = make.event(slug="ka4", title="KA4 Conference", capacity=1)
    path = guest_link(app, client, "ka4")
    row_id = the_row().id
    answer(row_id)
    waiting, _ = reg.register(event, reg.Applicant("Bea", "bea@example.org", country="DE", consent=True))
    assert waiting.status == RegistrationStatus.WAITLISTED

    question = client.post(path + "/erase")  # the button first asks
    assert question.status_code == 200 and "Erase your registration details?" in body(question)
    assert question.headers["Cache-Control"] == "no-store"
    assert db.session.get(Registration, row_id).name == "Žiga Novak"  # nothing erased yet

    response = client.post(path + "/erase", data={"confirmed": "yes"})
    assert response.status_code == 302 and response.location.endswith("/events/ka4/")
    db.session.expire_all()
    erased = db.session.get(Registration, row_id)
    assert (erased.name, erased.email, erased.organisation) == (
        "Former member",
        f"erased-{row_id}@erased.invalid",
        "",
    )
    assert (erased.country, erased.sector.value, erased.status) == (
        "SI",
        "industry",
        RegistrationStatus.CANCELLED,
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RegistrationAnswer)) == 0
    # The seat went to the waiting list; the counter stayed true; the link is dead.
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    assert db.session.get(Event, event.id).confirmed_count == 1
    assert client.get(path).status_code == 404
    assert client.post(path + "/erase", data={"confirmed": "yes"}).status_code == 404


def test_guest_erasure_needs_the_csrf_token(make_app, make):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make.event(slug="ka4")
        registration, _ = reg.register(
            Event.query.filter_by(slug="ka4").one(), reg.Applicant("Ana", "ana@example.org", consent=True)
        )
        token = registration_mail.issue_manage_token(registration)
        db.session.commit()
    client = app.test_client()
    response = client.post(f"/events/ka4/registration/{token}/erase", data={"confirmed": "yes"})
    assert response.status_code == 400
    with app.app_context():
        assert the_row().name == "Ana"


def past_event(make, slug: str, ended_days_ago: int) -> Event:
    end = utcnow() - timedelta(days=ended_days_ago)
    return make.event(slug=slug, start_at=end - timedelta(days=1), end_at=end)


def register_past(event: Event, name: str, email: str, country: str, sector: str, checked_in: bool) -> int:
    row, _ = reg.register(
        event,
        reg.Applicant(name, email, organisation="ACIS", country=country, sector=sector, consent=True),
        bypass_window=True,
    )
    if checked_in:
        reg.check_in(row)
    answer(row.id)
    return row.id


def test_retention_period_defaults_to_twelve_months_and_admins_change_it(app, client, make, auth):
    assert retention.retention_months() == 12
    app.config["PERSONAL_DATA_RETENTION_MONTHS"] = 6
    assert retention.retention_months() == 6
    make.user("admin@example.org", admin=True)
    make.user("organiser@example.org")
    assert "/login" in client.post("/admin/privacy", data={"months": "3"}).location  # anonymous
    auth.login("organiser@example.org")
    assert client.get("/admin/privacy").status_code == 403
    assert client.post("/admin/privacy", data={"months": "3"}).status_code == 403
    auth.login("admin@example.org")
    assert 'value="6"' in body(client.get("/admin/privacy"))
    for junk in ("0", "121", "2147483648", "x", ""):
        refused = client.post("/admin/privacy", data={"months": junk})
        assert refused.status_code == 200
        assert "Give a number from 1 to 120." in body(refused) or "Please give a number" in body(refused)
        assert db.session.get(SiteSetting, "retention_months") is None
    assert client.post("/admin/privacy", data={"months": "18"}).status_code == 302
    assert retention.retention_months() == 18
    assert "18" in body(client.get("/privacy"))


def test_purge_is_a_dry_run_by_default_then_anonymises_past_events_only(app, make):
    old = past_event(make, "old-conference", ended_days_ago=400)
    recent = past_event(make, "recent-workshop", ended_days_ago=30)
    old_ids = [
        register_past(old, "Ángel", "angel@example.org", "ES", "academia", checked_in=True),
        register_past(old, "Łukasz", "lukasz@example.org", "PL", "industry", checked_in=False),
        register_past(old, "Øystein", "oystein@example.org", "NO", "academia", checked_in=True),
    ]
    recent_id = register_past(recent, "Žiga", "ziga@example.org", "SI", "industry", checked_in=True)
    before = collect_figures([old])
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["purge-personal-data"])
    assert dry.exit_code == 0, dry.output
    assert "Retention period: 12 month(s)" in dry.output
    assert "old-conference" in dry.output and "3 registration(s)" in dry.output
    assert "recent-workshop" not in dry.output
    assert "Dry run" in dry.output and "--apply" in dry.output
    db.session.expire_all()
    assert db.session.get(Registration, old_ids[0]).name == "Ángel"  # nothing written

    applied = runner.invoke(args=["purge-personal-data", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Anonymised 3 registration(s) of 1 event(s)." in applied.output
    db.session.expire_all()
    for row_id in old_ids:
        row = db.session.get(Registration, row_id)
        assert row.name == "Former member" and row.email == f"erased-{row_id}@erased.invalid"
        assert row.organisation == "" and row.manage_token_hash is None
    assert db.session.get(Registration, recent_id).name == "Žiga"
    answers = db.session.scalars(sa.select(RegistrationAnswer.registration_id)).all()
    assert answers == [recent_id]
    # The attendance figures are exactly what they were.
    after = collect_figures([old])
    assert (
        after.confirmed,
        after.checked_in,
        after.by_country,
        after.by_sector,
        after.confirmed_per_day,
    ) == (
        before.confirmed,
        before.checked_in,
        before.by_country,
        before.by_sector,
        before.confirmed_per_day,
    )
    assert after.by_country and after.checked_in == 2

    again = runner.invoke(args=["purge-personal-data", "--apply"])  # from cron, every night
    assert again.exit_code == 0 and "Nothing to anonymise" in again.output
    db.session.expire_all()
    assert db.session.get(Registration, old_ids[0]).email == f"erased-{old_ids[0]}@erased.invalid"


def test_purge_follows_the_period_set_by_the_admin(app, make):
    event = past_event(make, "spring-meeting", ended_days_ago=100)
    row_id = register_past(event, "Ana", "ana@example.org", "ES", "academia", checked_in=True)
    assert retention.purge() == 0  # 100 days < 12 months
    retention.set_retention_months(3)
    assert [d.slug for d in retention.due()] == ["spring-meeting"]
    assert retention.purge() == 1
    assert retention.purge() == 0
    db.session.expire_all()
    assert db.session.get(Registration, row_id).name == "Former member"


def test_months_before_clamps_the_day():
    from datetime import datetime

    assert retention.months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    assert retention.months_before(datetime(2025, 1, 15), 12) == datetime(2024, 1, 15)
    assert retention.months_before(datetime(2024, 12, 31), 10) == datetime(2024, 2, 29)


def test_privacy_notice_is_public_and_linked(client, make):
    make.event(slug="ka4")
    page = client.get("/privacy")
    assert page.status_code == 200
    text = body(page)
    assert "Privacy notice" in text and "12 months after the event ends" in text
    assert 'href="/privacy"' in body(client.get("/"))  # the footer
    assert 'href="/privacy"' in body(client.get("/events/ka4/register"))
    german = body(client.get("/privacy", headers={"Accept-Language": "de"}))
    assert "Datenschutzhinweis" in german and "bis 12 Monate nach dem Ende der Veranstaltung" in german
    retention.set_retention_months(1)
    spanish = body(client.get("/privacy", headers={"Accept-Language": "es"}))
    assert "hasta 1 mes después del final del evento" in spanish


class BadgePrinter:
    """A third-party plugin keeping names printed on badges per event."""

    purged: list = []

    @hookimpl
    def purge_personal_data(self, ended_before):
        self.purged.append(ended_before)


def test_plugins_purge_their_data_of_the_same_events(make_app, make):
    app = make_app(extra_plugins=[("badges", BadgePrinter())])
    with app.app_context():
        retention.set_retention_months(6)
        limit = retention.cutoff()
        app.test_cli_runner().invoke(args=["purge-personal-data"])
        assert BadgePrinter.purged == []  # a dry run asks nobody
        result = app.test_cli_runner().invoke(args=["purge-personal-data", "--apply"])
        assert result.exit_code == 0 and "Nothing to anonymise" in result.output
        [cutoff] = BadgePrinter.purged
        assert abs((cutoff - limit).total_seconds()) < 60
        assert retention.months_before(utcnow(), 6) - cutoff < timedelta(minutes=1)


def test_the_purge_forgets_old_sent_mail_but_never_mail_still_on_its_way(app):
    from confsite.models import OutboxMessage, OutboxStatus

    long_ago = utcnow() - timedelta(days=500)
    for status, created in (
        (OutboxStatus.SENT, long_ago),
        (OutboxStatus.BOUNCED, long_ago),
        (OutboxStatus.RETRYING, long_ago),
        (OutboxStatus.SENT, utcnow()),
    ):
        db.session.add(
            OutboxMessage(
                recipient="øystein@example.org", subject="Hi", raw=b"x", status=status, created_at=created
            )
        )
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["purge-personal-data"])
    assert "Outbox log: 2 e-mail(s)" in dry.output and "2 e-mail(s) deleted" in dry.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 4
    applied = runner.invoke(args=["purge-personal-data", "--apply"])
    assert "Deleted 2 e-mail(s) from the outbox log." in applied.output
    db.session.expire_all()
    left = sorted(s.value for s in db.session.scalars(sa.select(OutboxMessage.status)))
    assert left == ["retrying", "sent"]
    again = runner.invoke(args=["purge-personal-data", "--apply"])
    assert again.exit_code == 0 and "Deleted" not in again.output


def test_a_guest_erasing_after_the_event_keeps_their_attendance_counted(app, make):
    from confsite.services import personal_data

    event = past_event(make, "past-ka4", ended_days_ago=10)
    row_id = register_past(event, "Łukasz", "lukasz@example.org", "PL", "industry", checked_in=True)
    before = collect_figures([event])
    personal_data.erase_registration(db.session.get(Registration, row_id))
    db.session.expire_all()
    row = db.session.get(Registration, row_id)
    assert (row.name, row.status, row.country) == ("Former member", RegistrationStatus.CONFIRMED, "PL")
    assert row.checked_in_at is not None
    after = collect_figures([event])
    assert (after.confirmed, after.checked_in, after.by_country) == (
        before.confirmed,
        before.checked_in,
        before.by_country,
    )
