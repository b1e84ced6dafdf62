"""The organiser dashboard, the "in a nutshell" card, manual counts and the CSV."""

from __future__ import annotations

import csv
import io
import struct
from datetime import date

import sqlalchemy as sa
from confsite_plugins.attendance.models import ManualCount
from lxml import etree, html

from confsite.extensions import db
from confsite.services.plugin_settings import set_plugin_enabled

SVG_NS = "{http://www.w3.org/2000/svg}"


def _url(event, tail: str = "") -> str:
    return f"/manage/events/{event.slug}/attendance/{tail}"


def _figures_on_page(page: str) -> dict[str, str]:
    tree = html.fromstring(page)
    return {
        div.findtext("dt").strip(): div.findtext("dd").strip()
        for div in tree.xpath("//dl[@class='attendance-nutshell']/div")
    }


def test_dashboard_shows_the_reference_figures_and_charts(organiser_client, reference_with_streams):
    event = reference_with_streams.event
    response = organiser_client.get(_url(event))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert _figures_on_page(page) == {
        "Countries": "16",
        "Registered attendees": "65",
        "Speakers": "11",
        "Streaming platform views, day 1": "194",
        "Streaming platform views, day 2": "414",
    }
    tree = html.fromstring(page)
    figures = tree.xpath("//figure[@class='attendance-chart']")
    assert [f.get("id") for f in figures] == [
        "chart-registrations",
        "chart-countries",
        "chart-sectors",
        "chart-views",
    ]
    for figure in figures:  # every chart has its data table
        assert figure.xpath(".//*[local-name()='svg'][@role='img']/*[local-name()='title']")
        assert figure.xpath(".//details//table//th[@scope='col']")
    countries = tree.xpath("//figure[@id='chart-countries']//tbody/tr")
    assert len(countries) == 16
    assert [c.text_content() for c in countries[0]] == ["Spain (ES)", "14"]
    views = [[c.text_content() for c in row] for row in tree.xpath("//figure[@id='chart-views']//tbody/tr")]
    assert views == [["13 Jul 2021", "0", "194"], ["14 Jul 2021", "0", "414"]]
    assert "scripts" not in page and "<script" not in page


def test_the_event_management_page_links_the_dashboard(organiser_client, reference):
    page = organiser_client.get(f"/manage/events/{reference.event.slug}/").get_data(as_text=True)
    assert f'href="/manage/events/{reference.event.slug}/attendance/"' in page


def test_only_organisers_see_the_dashboard(client, auth, make, reference):
    event = reference.event
    for tail in ("", "nutshell.svg", "nutshell.png", "attendance.csv"):
        assert client.get(_url(event, tail)).status_code == 302  # to the log-in page
    outsider = make.user()
    rapporteur = make.user()
    make.role(rapporteur, "rapporteur", event=event)
    for user in (outsider, rapporteur):
        auth.login(user.email)
        for tail in ("", "nutshell.svg", "nutshell.png", "attendance.csv"):
            assert client.get(_url(event, tail)).status_code == 404
        response = client.post(_url(event, "manual"), data={"day": "2021-07-13", "source": "X", "count": "5"})
        assert response.status_code == 404
        auth.logout()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ManualCount)) == 0


def test_dashboard_is_404_where_the_plugin_is_disabled(organiser_client, reference):
    set_plugin_enabled("attendance", False, event=reference.event)
    db.session.commit()
    assert organiser_client.get(_url(reference.event)).status_code == 404
    assert organiser_client.get(_url(reference.event, "nutshell.svg")).status_code == 404
    page = organiser_client.get(f"/manage/events/{reference.event.slug}/").get_data(as_text=True)
    assert "/attendance/" not in page


def test_card_downloads_as_svg_and_png(organiser_client, reference_with_streams):
    event = reference_with_streams.event
    response = organiser_client.get(_url(event, "nutshell.svg"))
    assert response.status_code == 200 and response.content_type == "image/svg+xml"
    assert "attachment" in response.headers["Content-Disposition"]
    svg = etree.fromstring(response.data)
    texts = [t.text for t in svg.iter(f"{SVG_NS}text")]
    for value in ("16", "65", "11", "194", "414"):
        assert value in texts
    for label in ("Countries", "Registered attendees", "Speakers", "day 1", "day 2"):
        assert label in texts
    assert "Innovation Flow in the Healthcare" in texts

    png = organiser_client.get(_url(event, "nutshell.png"))
    assert png.status_code == 200 and png.content_type == "image/png"
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png.data[16:24])
    assert (width, height) == (1920, 1080)


def test_csv_holds_every_figure(organiser_client, reference_with_streams):
    event = reference_with_streams.event
    response = organiser_client.get(_url(event, "attendance.csv"))
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    nutshell = {r["item"]: r["value"] for r in rows if r["section"] == "nutshell"}
    assert nutshell["Countries"] == "16" and nutshell["Registered attendees"] == "65"
    assert nutshell["Speakers"] == "11"
    reported = [(r["day"], r["source"], r["value"]) for r in rows if r["section"] == "reported_views"]
    assert reported == [
        ("2021-07-13", "Streaming platform", "194"),
        ("2021-07-14", "Streaming platform", "414"),
    ]
    countries = {r["item"]: int(r["value"]) for r in rows if r["section"] == "country"}
    assert len(countries) == 16 and sum(countries.values()) == 65
    figures = {r["item"]: r["value"] for r in rows if r["section"] == "figure"}
    assert figures["On the waiting list"] == "3" and figures["Cancellations"] == "3"
    assert figures["Checked in"] == "33" and figures["Sessions"] == "4"
    assert [r["value"] for r in rows if r["section"] == "registrations_cumulative"][-1] == "65"


def test_csv_cells_cannot_run_as_formulas(organiser_client, reference):
    db.session.add(
        ManualCount(
            event_id=reference.event.id,
            day=date(2021, 7, 13),
            source='=HYPERLINK("http://evil.example","x")',
            count=3,
        )
    )
    db.session.add(
        ManualCount(event_id=reference.event.id, day=date(2021, 7, 14), source="@SUM(A1)", count=4)
    )
    db.session.commit()
    body = organiser_client.get(_url(reference.event, "attendance.csv")).data.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells and "'@SUM(A1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_adding_and_deleting_a_manual_count(organiser_client, reference):
    event = reference.event
    response = organiser_client.post(
        _url(event, "manual"), data={"day": "2021-07-13", "source": "  Head   count ", "count": "48"}
    )
    assert response.status_code == 302
    entry = db.session.scalar(sa.select(ManualCount))
    assert (entry.day, entry.source, entry.count) == (date(2021, 7, 13), "Head count", 48)
    page = organiser_client.get(_url(event)).get_data(as_text=True)
    assert "Head count" in page and "Added 48 views from Head count." in page

    duplicate = organiser_client.post(
        _url(event, "manual"), data={"day": "2021-07-13", "source": "Head count", "count": "50"}
    )
    assert duplicate.status_code == 400
    assert "already a number from Head count for this day" in duplicate.get_data(as_text=True)

    assert organiser_client.post(_url(event, f"manual/{entry.id}/delete")).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ManualCount)) == 0


def test_bad_manual_counts_get_clear_messages(organiser_client, reference):
    cases = [
        ({"day": "", "source": "Zoom", "count": "3"}, "Give the day the number is for."),
        ({"day": "13/07/2021", "source": "Zoom", "count": "3"}, "Not a valid date value."),
        ({"day": "2021-07-13", "source": " ", "count": "3"}, "Say where the number comes from."),
        ({"day": "2021-07-13", "source": "Zoom", "count": "-4"}, "between 1 and 10,000,000"),
        ({"day": "2021-07-13", "source": "Zoom", "count": "0"}, "between 1 and 10,000,000"),
        ({"day": "2021-07-13", "source": "Zoom", "count": ""}, "Give a whole number."),
        ({"day": "2021-07-13", "source": "Zoom", "count": "many"}, "Not a valid integer value."),
        ({"day": "2021-07-13", "source": "Z" * 121, "count": "3"}, "Field cannot be longer than 120"),
    ]
    for data, message in cases:
        response = organiser_client.post(_url(reference.event, "manual"), data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ManualCount)) == 0


def test_deleting_another_events_count_is_404(organiser_client, reference, make):
    other = make.event()
    entry = ManualCount(event_id=other.id, day=date(2021, 7, 13), source="Zoom", count=3)
    db.session.add(entry)
    db.session.commit()
    response = organiser_client.post(_url(reference.event, f"manual/{entry.id}/delete"))
    assert response.status_code == 404
    assert db.session.get(ManualCount, entry.id) is not None


def test_user_text_is_escaped_in_charts_and_card(organiser_client, reference):
    db.session.add(
        ManualCount(event_id=reference.event.id, day=date(2021, 7, 13), source="<b>Zoom</b> & co", count=3)
    )
    reference.event.title = "Q&A <session>"
    db.session.commit()
    page = organiser_client.get(_url(reference.event)).get_data(as_text=True)
    assert "<b>Zoom</b>" not in page and "&lt;b&gt;Zoom&lt;/b&gt; &amp; co" in page
    svg = organiser_client.get(_url(reference.event, "nutshell.svg")).data
    tree = etree.fromstring(svg)  # well-formed XML despite the markup in the texts
    assert "Q&A <session>" in [t.text for t in tree.iter(f"{SVG_NS}text")]


def test_png_without_cairo_is_a_clear_503(organiser_client, reference, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_cairo(name, *args, **kwargs):
        if name == "cairosvg":
            raise OSError("no library called cairo was found")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_cairo)
    response = organiser_client.get(_url(reference.event, "nutshell.png"))
    assert response.status_code == 503
    assert "download the card as SVG instead" in response.get_data(as_text=True)
