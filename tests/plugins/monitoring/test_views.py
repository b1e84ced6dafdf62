"""Pages of the monitoring plugin: who may do what, forms, bad input, exports."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from confsite_plugins.monitoring.models import Activity, PartnershipProfile
from confsite_plugins.monitoring.profile import profile_of
from docx import Document

from confsite.extensions import db
from confsite.models import RoleName
from confsite.services import login_sessions
from confsite.services.plugin_settings import set_plugin_enabled
from tests.plugins.monitoring import sources

REPORT_2019 = "/manage/series/medtech-2019/monitoring/?from=2019-01-01&to=2019-06-30&as_of=2019-06-10"


@pytest.fixture
def medtech(app):
    return sources.build_medtech()


@pytest.fixture
def organiser(make, medtech):
    user = make.user("olga@example.org")
    make.role(user, RoleName.ORGANISER, series=medtech)
    return user


def login(client, auth, user):
    response = auth.login(user.email)
    assert response.status_code == 302


def html(response) -> str:
    return response.get_data(as_text=True)


# -- permissions -------------------------------------------------------------------

SERIES_PAGES = [
    ("get", "/manage/series/medtech-2019/monitoring/"),
    ("get", "/manage/series/medtech-2019/monitoring/report.docx"),
    ("get", "/manage/series/medtech-2019/monitoring/profile"),
    ("post", "/manage/series/medtech-2019/monitoring/profile"),
    ("get", "/manage/series/medtech-2019/monitoring/activities"),
    ("post", "/manage/series/medtech-2019/monitoring/activities/new"),
]


@pytest.mark.parametrize("method, url", SERIES_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, medtech, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("method, url", SERIES_PAGES)
def test_other_users_are_refused(client, auth, make, medtech, method, url):
    stranger = make.user("stranger@example.org")
    # An organiser of one of the series' events is not an organiser of the series.
    make.role(stranger, RoleName.ORGANISER, event=medtech.events[0])
    login(client, auth, stranger)
    response = getattr(client, method)(url, data={"objectives": "hijacked"})
    assert response.status_code == 404  # a series' workspace does not reveal itself
    assert profile_of(medtech).objectives != "hijacked"


def test_stranger_cannot_delete_an_activity(client, auth, make, medtech):
    record = db.session.scalar(sa.select(Activity).where(Activity.series_id == medtech.id))
    login(client, auth, make.user("stranger@example.org"))
    response = client.post(f"/manage/series/medtech-2019/monitoring/activities/{record.id}/delete")
    assert response.status_code == 404
    assert db.session.get(Activity, record.id) is not None


def test_event_details_need_an_organiser_of_the_event(client, auth, make, medtech):
    login(client, auth, make.user("stranger@example.org"))
    response = client.post(
        "/manage/events/mt-webinar/monitoring/", data={"category": "workshop", "precision": "day"}
    )
    assert response.status_code == 404


def test_disabled_plugin_hides_the_pages(client, auth, organiser, medtech):
    set_plugin_enabled("monitoring", False, series=medtech)
    db.session.commit()
    login(client, auth, organiser)
    assert client.get(REPORT_2019).status_code == 404
    assert client.get("/manage/events/mt-webinar/monitoring/").status_code == 404


def test_unknown_series_is_404(client, auth, organiser):
    login(client, auth, organiser)
    assert client.get("/manage/series/nope/monitoring/").status_code == 404


# -- report preview and exports -------------------------------------------------------


def test_preview_shows_fact_sheet_tables_and_sdg(client, auth, organiser):
    login(client, auth, organiser)
    page = html(client.get(REPORT_2019))
    assert "Partnership fact sheet" in page and "Connected Health" in page
    assert "Past meetings" in page and "bilateral meeting between project leaders" in page
    assert "Future workshops" in page and "Grenoble?" in page
    assert "Maria Vittoria Frau" in page
    assert (
        'href="/manage/series/medtech-2019/monitoring/report.docx?from=2019-01-01&amp;to=2019-06-30&amp;as_of=2019-06-10"'
        in page
    )


def test_preview_links_the_neighbouring_half_years(client, auth, organiser):
    login(client, auth, organiser)
    page = html(client.get(REPORT_2019))
    assert 'href="/manage/series/medtech-2019/monitoring/?from=2018-07-01&amp;to=2018-12-31"' in page
    assert 'href="/manage/series/medtech-2019/monitoring/?from=2019-07-01&amp;to=2019-12-31"' in page


def test_preview_defaults_to_the_current_half_year(client, auth, organiser):
    from confsite_plugins.monitoring.dates import half_year

    from confsite.models import utcnow

    login(client, auth, organiser)
    start, end = half_year(utcnow().date())
    page = html(client.get("/manage/series/medtech-2019/monitoring/"))
    assert f'value="{start.isoformat()}"' in page and f'value="{end.isoformat()}"' in page
    # 2019's activities are outside it, except the one still to be decided.
    assert "Medtech webinar" not in page and "Medtech NetHUB workshop" in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("from=2019-02-30&to=2019-06-30", "The start date “2019-02-30” is not a date"),
        ("from=2019-07-01&to=2019-06-30", "The period ends before it starts."),
        ("from=2019-01-01", "Give both the start and the end"),
        ("from=2019-01-01&to=2019-06-30&as_of=soon", "is not a date"),
    ],
)
def test_bad_period_is_a_400_with_the_reason(client, auth, organiser, query, message):
    login(client, auth, organiser)
    response = client.get(f"/manage/series/medtech-2019/monitoring/?{query}")
    assert response.status_code == 400 and message in html(response)
    export = client.get(f"/manage/series/medtech-2019/monitoring/report.csv?{query}")
    assert export.status_code == 400 and message in html(export)


def test_exports(client, auth, organiser):
    login(client, auth, organiser)
    query = "?from=2019-01-01&to=2019-06-30&as_of=2019-06-10"
    docx = client.get("/manage/series/medtech-2019/monitoring/report.docx" + query)
    assert docx.status_code == 200
    assert docx.headers["Content-Disposition"] == (
        'attachment; filename="medtech-2019-monitoring-2019-01-01-2019-06-30.docx"'
    )
    document = Document(io.BytesIO(docx.data))
    assert any(p.text == "Future workshops" and p.style.name == "Heading 3" for p in document.paragraphs)
    page = client.get("/manage/series/medtech-2019/monitoring/report.html" + query)
    assert page.content_type.startswith("text/html")
    assert "<h1>Monitoring report: Medical technology</h1>" in html(page)
    assert '<th scope="row">Medtech NETHUB project</th>' in html(page)
    csv_text = html(client.get("/manage/series/medtech-2019/monitoring/report.csv" + query))
    assert csv_text.splitlines()[0] == "table,title,date,place,days,precision"
    assert len(csv_text.strip().splitlines()) == 1 + sum(
        len(rows) for rows in sources.EXPECTED_MEDTECH.values()
    )
    assert client.get("/manage/series/medtech-2019/monitoring/report.pdf" + query).status_code == 404


def test_report_escapes_user_text(client, auth, organiser, medtech):
    sources.details(series=medtech, title="<script>alert(1)</script>", category="meeting", precision="tbd")
    login(client, auth, organiser)
    page = html(client.get(REPORT_2019))
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_csv_cells_cannot_start_formulas(client, auth, organiser, medtech):
    sources.details(series=medtech, title='=HYPERLINK("x")', category="meeting", precision="tbd")
    login(client, auth, organiser)
    csv_text = html(
        client.get("/manage/series/medtech-2019/monitoring/report.csv?from=2019-01-01&to=2019-06-30")
    )
    assert "'=HYPERLINK" in csv_text


def test_report_query_count_does_not_grow_with_activities(app, organiser, medtech, make):
    from confsite_plugins.monitoring.report import build_report

    from confsite.testing import count_queries as counting

    def count_queries() -> int:
        db.session.expire_all()
        with counting(forget_event_memory=True) as statements:
            build_report(medtech, *sources.MEDTECH_PERIOD, as_of=sources.MEDTECH_AS_OF)
        return len(statements)

    before = count_queries()
    for n in range(8):
        event = sources.event(medtech, f"extra-{n}", f"Extra {n}", "meeting", f"2019-03-{10 + n}")
        sources.details(event, date_text=f"{10 + n}/03/2019")
    assert count_queries() == before


# -- profile form ---------------------------------------------------------------------


def test_profile_form_is_prefilled(client, auth, organiser):
    login(client, auth, organiser)
    page = html(client.get("/manage/series/medtech-2019/monitoring/profile"))
    assert 'value="Laurence Minne"' in page and 'value="Julien Balsen"' in page
    assert 'value="Connected Health"' in page
    assert "Goal 17: Partnerships for the goals" in page


def profile_post(**extra) -> dict:
    data = {
        "objectives": "Bring regions together on medical technologies.",
        "web_page": "https://example.org/medtech",
        "lead_regions-0-region": "Auvergne-Rhône-Alpes",
        "lead_regions-0-name": "Laurence Minne",
        "lead_regions-0-institution": "Region",
        "lead_regions-0-contact": "lm@example.org",
        "lead_regions-1-region": "Auvergne-Rhône-Alpes",
        "lead_regions-1-name": "Julien Balsen",
        "lead_regions-2-region": "Lombardy",
        "lead_regions-3-region": "",
        "partner_regions": "Wallonia (BEL)\n\n  Tuscany (ITA)  \n",
        "joining_regions": "",
        "other_participants": "IMEC (Flanders)",
        "working_areas-0-title": "Connected Health",
        "working_areas-0-region_in_charge": "East Netherlands",
        "working_areas-0-involved_regions": "Navarra, Lombardia",
        "working_areas-0-other_actors": "",
        "working_areas-1-title": "",
        "sdg-goal_3": "strongly_agree",
        "sdg-goal_13": "neutral",
    }
    data.update(extra)
    return data


def test_organiser_saves_the_profile(client, auth, organiser, medtech):
    login(client, auth, organiser)
    response = client.post("/manage/series/medtech-2019/monitoring/profile", data=profile_post())
    assert response.status_code == 302
    db.session.expire_all()
    profile = profile_of(medtech)
    assert profile.objectives == "Bring regions together on medical technologies."
    assert [(lead.region, [r.name for r in lead.representatives]) for lead in profile.lead_regions] == [
        ("Auvergne-Rhône-Alpes", ["Laurence Minne", "Julien Balsen"]),
        ("Lombardy", []),
    ]
    assert profile.partner_regions == ["Wallonia (BEL)", "Tuscany (ITA)"]
    assert [(a.title, a.involved_regions) for a in profile.working_areas] == [
        ("Connected Health", ["Navarra", "Lombardia"])
    ]
    assert {c.goal: c.rating.value for c in profile.sdg_ratings} == {3: "strongly_agree", 13: "neutral"}
    assert db.session.scalar(sa.select(sa.func.count(PartnershipProfile.id))) == 1


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"web_page": "not a web address"}, "Invalid URL"),
        (
            {"lead_regions-3-name": "Nobody", "lead_regions-3-region": ""},
            "Give the lead region this representative belongs to.",
        ),
        ({"working_areas-1-region_in_charge": "Navarra"}, "Give the working area a name."),
        ({"sdg-goal_4": "maybe"}, "Not a valid choice"),
    ],
)
def test_bad_profile_input_changes_nothing(client, auth, organiser, medtech, extra, message):
    login(client, auth, organiser)
    response = client.post("/manage/series/medtech-2019/monitoring/profile", data=profile_post(**extra))
    assert response.status_code == 200 and message in html(response)
    db.session.expire_all()
    assert profile_of(medtech).objectives.startswith("Strengthen investment")


def test_profile_form_needs_csrf(make_app, make):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        series = make.series(slug="csrf-series")
        user = make.user("csrf@example.org", admin=True)
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id() if hasattr(user, "get_id") else str(user.id)
            session["_fresh"] = True
            session["login_token"] = login_sessions.start(user)  # a live server-side session
        response = client.post("/manage/series/csrf-series/monitoring/profile", data=profile_post())
        assert response.status_code == 400
        assert "Your form expired" in response.get_data(as_text=True)
        assert profile_of(series) is None
        db.session.remove()


# -- activities -------------------------------------------------------------------------


def test_activity_list_links_events_and_standalone_rows(client, auth, organiser):
    login(client, auth, organiser)
    page = html(client.get("/manage/series/medtech-2019/monitoring/activities"))
    assert 'href="/manage/events/mt-nethub/monitoring/"' in page
    assert "Medtech NetHUB workshop" in page and "/edit" in page


def test_add_edit_and_delete_a_standalone_activity(client, auth, organiser, medtech):
    login(client, auth, organiser)
    response = client.post(
        "/manage/series/medtech-2019/monitoring/activities/new",
        data={
            "title": "Autumn matchmaking",
            "category": "dissemination",
            "precision": "season",
            "dates": "2019-10",
            "date_text": "",
            "place": "Online",
        },
    )
    assert response.status_code == 302
    record = db.session.scalar(sa.select(Activity).where(Activity.title == "Autumn matchmaking"))
    assert record.days[0].isoformat() == "2019-09-01"
    page = html(client.get(REPORT_2019))
    assert "Autumn matchmaking" in page and "Autumn 2019" in page

    edit_url = f"/manage/series/medtech-2019/monitoring/activities/{record.id}/edit"
    assert 'value="2019-09"' in html(client.get(edit_url))
    response = client.post(
        edit_url,
        data={
            "title": "Matchmaking day",
            "category": "dissemination",
            "precision": "day",
            "dates": "2019-10-08, 2019-10-09",
            "date_text": "",
            "place": "Lyon",
        },
    )
    assert response.status_code == 302
    assert "8–9 October 2019" in html(client.get(REPORT_2019))

    response = client.post(f"/manage/series/medtech-2019/monitoring/activities/{record.id}/delete")
    assert response.status_code == 302
    assert db.session.get(Activity, record.id) is None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"precision": "day", "dates": "2019-02-30"}, "“2019-02-30” is not a date"),
        ({"precision": "day", "dates": ""}, "Give at least one day"),
        ({"precision": "month", "dates": "2019-09, 2019-10"}, "Give exactly one date in the month"),
        ({"precision": "tbd", "dates": "2019-09-01"}, "Leave the dates empty"),
        ({"title": "", "precision": "tbd", "dates": ""}, "This field is required."),
        ({"category": "party", "precision": "tbd", "dates": ""}, "Not a valid choice"),
    ],
)
def test_bad_activity_input_is_refused(client, auth, organiser, medtech, data, message):
    login(client, auth, organiser)
    form = {"title": "Bad one", "category": "meeting", "date_text": "", "place": ""}
    form.update(data)
    response = client.post("/manage/series/medtech-2019/monitoring/activities/new", data=form)
    assert response.status_code == 200 and message in html(response)
    assert db.session.scalar(sa.select(Activity).where(Activity.title == "Bad one")) is None


def test_activity_of_another_series_is_404(client, auth, organiser, make):
    other = make.series(slug="other-series")
    record = sources.details(series=other, title="Not yours", category="meeting", precision="tbd")
    login(client, auth, organiser)
    assert (
        client.get(f"/manage/series/medtech-2019/monitoring/activities/{record.id}/edit").status_code == 404
    )
    assert (
        client.post(f"/manage/series/medtech-2019/monitoring/activities/{record.id}/delete").status_code
        == 404
    )


def test_event_details_override_table_and_dates_without_moving_the_event(client, auth, organiser, medtech):
    login(client, auth, organiser)
    webinar = next(e for e in medtech.events if e.slug == "mt-webinar")
    start, end = webinar.start_at, webinar.end_at
    page = html(client.get("/manage/events/mt-webinar/monitoring/"))
    assert "From the event kind: Meeting." in page and 'value="27/02/2019"' in page
    response = client.post(
        "/manage/events/mt-webinar/monitoring/",
        data={
            "category": "dissemination",
            "precision": "day",
            "dates": "2019-02-27, 2019-03-06",
            "date_text": "",
            "place": "",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (webinar.start_at, webinar.end_at) == (start, end)
    page = html(client.get(REPORT_2019))
    dissemination = page.split("<h4>Past dissemination activities</h4>")[1].split("<h3>")[0]
    assert "Medtech webinar" in dissemination and "27 February and 6 March 2019" in dissemination
    assert "Online" in dissemination  # the place falls back to the event's format
    # The public event page still shows the event's own date.
    assert "27 Feb 2019" in html(client.get("/events/mt-webinar/"))


def test_clearing_event_details_removes_the_row(client, auth, organiser, medtech):
    login(client, auth, organiser)
    response = client.post(
        "/manage/events/mt-webinar/monitoring/",
        data={"category": "", "precision": "day", "dates": "", "date_text": "", "place": ""},
    )
    assert response.status_code == 302
    webinar = next(e for e in medtech.events if e.slug == "mt-webinar")
    assert db.session.scalar(sa.select(Activity).where(Activity.event_id == webinar.id)) is None
    assert "27 February 2019" in html(client.get(REPORT_2019))


def test_bad_event_details_are_refused(client, auth, organiser):
    login(client, auth, organiser)
    response = client.post(
        "/manage/events/mt-webinar/monitoring/",
        data={"category": "", "precision": "season", "dates": "", "date_text": "", "place": ""},
    )
    assert response.status_code == 200 and "Give exactly one date in the season" in html(response)


def test_event_without_series_has_no_monitoring_page(client, auth, make):
    admin = make.user("root@example.org", admin=True)
    make.event(slug="lonely")
    login(client, auth, admin)
    response = client.get("/manage/events/lonely/monitoring/")
    assert response.status_code == 404 and "belongs to no series" in html(response)


# -- hooks -------------------------------------------------------------------------------


def test_manage_tabs_for_series_organisers(client, auth, organiser):
    login(client, auth, organiser)
    page = html(client.get("/manage/events/mt-webinar/"))
    assert 'href="/manage/events/mt-webinar/monitoring/"' in page
    assert 'href="/manage/series/medtech-2019/monitoring/"' in page


def test_series_page_panel_shows_the_fact_sheet_without_contacts(client, medtech):
    page = html(client.get("/series/medtech-2019/"))
    assert "Strengthen investment and cooperation" in page
    assert "Auvergne-Rhône-Alpes, Lombardy" in page
    assert "laurence.minne@example.org" not in page
    assert "/monitoring/" not in page  # the report link is for organisers


def test_report_sections_hook_for_series_reports(app, medtech):
    from datetime import date

    from confsite.plugins import host
    from confsite.reporting import ReportScope

    scope = ReportScope(series=medtech, start=date(2019, 1, 1), end=date(2019, 6, 30))
    sections = [
        s for s in host().collect("report_sections", series=medtech, scope=scope) if s.plugin == "monitoring"
    ]
    # The medical-technology report rated no goal, so there is no SDG section; the
    # template's other parts are always there (marked as not written yet).
    assert [s.key for s in sections] == [
        "monitoring-summary",
        "monitoring-fact-sheet",
        "monitoring-activities",
        "monitoring-progress",
        "monitoring-self-evaluation",
        "monitoring-previous",
    ]
    activities = next(s for s in sections if s.key == "monitoring-activities")
    titles = [row[0] for block in activities.blocks if hasattr(block, "rows") for row in block.rows]
    assert "Medtech webinar" in titles and "Medtech NetHUB workshop" in titles
    event_scope = ReportScope(event=medtech.events[0])
    assert not [
        s
        for s in host().collect("report_sections", event=medtech.events[0], scope=event_scope)
        if s.plugin == "monitoring"
    ]


def test_deleting_an_event_or_series_removes_its_monitoring_rows(app, medtech):
    assert (
        db.session.scalar(sa.select(sa.func.count(Activity.id)).where(Activity.series_id.is_not(None))) == 2
    )
    nethub = next(e for e in medtech.events if e.slug == "mt-nethub")
    record_id = db.session.scalar(sa.select(Activity.id).where(Activity.event_id == nethub.id))
    db.session.delete(nethub)
    db.session.commit()
    assert db.session.get(Activity, record_id) is None
    db.session.execute(sa.delete(type(medtech)).where(type(medtech).id == medtech.id))
    db.session.commit()
    # Stand-alone activities and the profile go with the series; events stay (without
    # a series) and keep their monitoring details.
    assert (
        db.session.scalar(sa.select(sa.func.count(Activity.id)).where(Activity.series_id.is_not(None))) == 0
    )
    assert db.session.scalar(sa.select(sa.func.count(PartnershipProfile.id))) == 0


def test_series_without_profile_invites_its_organisers_only(client, auth, make):
    series = make.series(slug="new-partnership")
    organiser = make.user("new@example.org")
    make.role(organiser, RoleName.ORGANISER, series=series)
    assert "Fill in the partnership profile" not in html(client.get("/series/new-partnership/"))
    login(client, auth, organiser)
    page = html(client.get("/series/new-partnership/"))
    assert 'href="/manage/series/new-partnership/monitoring/profile"' in page
    report = html(client.get("/manage/series/new-partnership/monitoring/"))
    assert "No partnership fact sheet has been filled in yet." in report
    assert "No meetings from" in report


def test_report_sections_hook_includes_the_sdg_matrix_when_rated(app):
    from confsite.plugins import host
    from confsite.reporting import ReportScope

    series = sources.build_s3p4pm()
    scope = ReportScope(series=series, start=sources.S3P4PM_PERIOD[0], end=sources.S3P4PM_PERIOD[1])
    keys = [
        s.key
        for s in host().collect("report_sections", series=series, scope=scope)
        if s.plugin == "monitoring"
    ]
    assert keys == [
        "monitoring-summary",
        "monitoring-fact-sheet",
        "monitoring-activities",
        "monitoring-progress",
        "monitoring-sdg",
        "monitoring-self-evaluation",
        "monitoring-previous",
    ]
