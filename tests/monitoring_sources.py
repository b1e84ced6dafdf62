"""The two partnerships of the source monitoring reports, rebuilt as site data.

``seeds/000``: the S3 partnership on personalised medicine (S3P4PM), first report
(2018). ``seeds/001``: the medical-technology partnership, report on the first
half of 2019. Activities the partnerships ran as events are events of a series
(with monitoring details where the report words the date its own way); those
with no usable date are stand-alone activities. Each builder adds distractors
(a draft, a cancelled event, events outside the window) that no table may list.

``EXPECTED_*`` are the six activity tables as the source reports print them:
(title, date as written, place). Rows that the source mangled into one cell
("Medtech4 Europeworkshop - 11-13 March 2019 in Maastricht") are split into
their title, date and place. Contacts use example.org addresses.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from confsite_plugins.monitoring.activities import save_activity
from confsite_plugins.monitoring.models import (
    Activity,
    ActivityCategory,
    DatePrecision,
    SdgRating,
)
from confsite_plugins.monitoring.profile import (
    LeadRegionData,
    ProfileData,
    RepresentativeData,
    WorkingAreaData,
    save_profile,
)

from confsite.extensions import db
from tests import factories

TABLES = (
    "Past meetings",
    "Past workshops",
    "Past dissemination activities",
    "Future meetings",
    "Future workshops",
    "Future dissemination activities",
)


def at(day: str, clock: str = "10:00", zone: str = "Europe/Brussels") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(zone))


def event(
    series,
    slug: str,
    title: str,
    kind: str,
    start: str,
    end: str | None = None,
    *,
    venue: str = "",
    fmt: str = "in_person",
    status: str = "published",
    zone: str = "Europe/Brussels",
):
    """An event from local day strings; ``end`` is the last day (default: same day)."""
    return factories.event(
        series=series,
        slug=slug,
        title=title,
        kind=kind,
        format=fmt,
        status=status,
        timezone=zone,
        venue=venue,
        start_at=at(start, "10:00", zone),
        end_at=at(end or start, "16:00", zone),
    )


def details(
    event=None,
    *,
    series=None,
    title=None,
    category=None,
    precision="day",
    dates="",
    date_text="",
    place="",
):
    """Monitoring details of an event, or a stand-alone activity of a series."""
    record = Activity(event=event) if event is not None else Activity(series=series)
    save_activity(
        record,
        precision=DatePrecision(precision),
        dates_text=dates,
        date_text=date_text,
        place=place,
        category=ActivityCategory(category) if category else None,
        title=title,
    )
    db.session.commit()
    return record


# -- seeds/000: S3P4PM, 2018 -----------------------------------------------------

S3P4PM_SDG = {
    1: "not_applicable",
    2: "not_applicable",
    3: "strongly_agree",
    4: "agree",
    5: "agree",
    6: "not_applicable",
    7: "not_applicable",
    8: "strongly_agree",
    9: "strongly_agree",
    10: "agree",
    11: "agree",
    12: "strongly_agree",
    13: "neutral",
    14: "not_applicable",
    15: "not_applicable",
    16: "agree",
    17: "not_applicable",
}

# The report covers 30 May 2018 until it was written, after the second meeting of
# 5 July, which it lists among the past meetings.
S3P4PM_PERIOD = (date(2018, 5, 30), date(2018, 7, 5))

EXPECTED_S3P4PM = {
    "Past meetings": [
        ("Kick off meeting", "30 May 2018", "Brussels"),
        ("Second meeting", "5 July 2018", "Brussels"),
    ],
    "Past workshops": [],
    "Past dissemination activities": [],
    "Future meetings": [("3rd meeting", "October", "Brussels")],
    "Future workshops": [],
    "Future dissemination activities": [
        ("Introducing S3P4PM", "October - week of Regions", "Brussels"),
    ],
}


def build_s3p4pm():
    series = factories.series(
        slug="s3p4pm-2018",
        title="S3 Partnership for the regional co-development, innovation and adoption of "
        "Personalised Medicine (S3P4PM)",
    )
    save_profile(
        series,
        ProfileData(
            objectives="Tackle the translational needs that hold personalised medicine back in "
            "European regions.",
            lead_regions=[
                LeadRegionData(
                    "Flanders (BE)",
                    [
                        RepresentativeData(
                            "Kathleen D'Hondt",
                            "Flemish Government, Department of Economy, Science and Innovation",
                            "kathleen.dhondt@example.org",
                        )
                    ],
                ),
                LeadRegionData(
                    "Limburg (NL)",
                    [
                        RepresentativeData(
                            "Dirk Plees",
                            "Province of Limburg, cluster Economy and Innovation",
                            "d.plees@example.org",
                        )
                    ],
                ),
                LeadRegionData(
                    "East Netherlands (NL)",
                    [
                        RepresentativeData(
                            "Karolien de Bruine", "Oost NL, EU liaison", "karolien.debruine@example.org"
                        )
                    ],
                ),
            ],
            joining_regions=["Slovenia", "BioRN (Germany)", "Lombardy", "Auvergne-Rhône-Alpes"],
            other_participants=["EIT Health"],
            sdg={goal: SdgRating(r) for goal, r in S3P4PM_SDG.items()},
        ),
    )
    db.session.commit()
    event(series, "s3p4pm-kick-off", "Kick off meeting", "meeting", "2018-05-30", venue="Brussels")
    event(series, "s3p4pm-second", "Second meeting", "meeting", "2018-07-05", venue="Brussels")
    details(
        series=series,
        title="3rd meeting",
        category="meeting",
        precision="month",
        dates="2018-10",
        date_text="October",
        place="Brussels",
    )
    # Held during the European Week of Regions; the report only says "October".
    week = event(
        series,
        "s3p4pm-week-of-regions",
        "Introducing S3P4PM",
        "dissemination",
        "2018-10-09",
        venue="Brussels",
    )
    details(week, precision="month", dates="2018-10", date_text="October - week of Regions")
    # Distractors: none of these is in the report.
    event(series, "s3p4pm-draft", "Draft idea", "meeting", "2018-06-12", status="draft")
    event(series, "s3p4pm-cancelled", "Cancelled call", "meeting", "2018-06-20", status="cancelled")
    event(series, "s3p4pm-preparation", "Preparatory call", "meeting", "2018-04-10")
    event(series, "s3p4pm-2019", "Spring 2019 plenary", "meeting", "2019-03-14")
    return series


# -- seeds/001: medical technologies, first half of 2019 ---------------------------

# The first half of 2019, as known when the report was written in early June:
# the steering committee of 13-14 June is still a future meeting.
MEDTECH_PERIOD = (date(2019, 1, 1), date(2019, 6, 30))
MEDTECH_AS_OF = date(2019, 6, 10)

EXPECTED_MEDTECH = {
    "Past meetings": [
        ("bilateral meeting between project leaders", "12/02/2019", "Turin"),
        ("Medtech webinar", "27/02/2019", "Telco"),
        ("MedTech Plenary & S3martMed Meetings", "02/04/2019", "Lyon"),
    ],
    "Past workshops": [
        ("Medtech4Europe workshop", "11-13 March 2019", "Maastricht"),
        ("Smart Manufacturing project", "30/04/2019", "Go to meeting"),
        ("Medtech NETHUB project", "7, 24, 27 and 29/05/2019.", "Skypemeeting"),
    ],
    "Past dissemination activities": [
        ("Medi'NOV", "3/04/2019", "Lyon"),
        ("Smart Health SVC meeting", "3/04/2019 & 17/05/2019", "Brussels"),
        ("Paris Healthcare week", "21 - 23/05/2019", ""),
    ],
    "Future meetings": [
        ("IM platform SC", "13-14 June 2019", "Warsaw"),
        ("Medtech Partnership plenary Meeting", "Sept. Oct 2019", "To be decided"),  # "TBD" in the source
    ],
    "Future workshops": [
        ("Medtech4Europe", "25-27/06/2019", "Glivice (Poland)"),
        ("Medtech NetHUB workshop", "To be decided", "Grenoble?"),
    ],
    "Future dissemination activities": [],
}


def build_medtech():
    series = factories.series(slug="medtech-2019", title="Medical technology")
    save_profile(
        series,
        ProfileData(
            objectives="Strengthen investment and cooperation along European value chains in "
            "medical technologies.",
            web_page="http://s3platform.jrc.ec.europa.eu/medical-technology",
            lead_regions=[
                LeadRegionData(
                    "Auvergne-Rhône-Alpes",
                    [
                        RepresentativeData(
                            "Laurence Minne",
                            "Auvergne-Rhône-Alpes Region, Research and Innovation Department",
                            "laurence.minne@example.org",
                        ),
                        RepresentativeData(
                            "Julien Balsen",
                            "Auvergne-Rhône-Alpes EU Office in Brussels",
                            "julien.balsen@example.org",
                        ),
                    ],
                ),
                LeadRegionData(
                    "Lombardy",
                    [
                        RepresentativeData(
                            "Maria Vittoria Frau",
                            "Brussels Delegation to the EU, Lombardy Region",
                            "mv.frau@example.org",
                        )
                    ],
                ),
            ],
            partner_regions=[
                "Baden-Württemberg (GER)",
                "East Netherlands (NL)",
                "South Netherlands (NL)",
                "Wallonia (BEL)",
                "Bretagne (FRA)",
                "Thüringen (GER)",
                "Vastra Götaland (SWE)",
                "Catalonia (ESP)",
                "Flanders (BEL)",
                "Sud/PACA (FRA)",
                "Grand Est (FRA)",
                "Piedmont (ITA)",
                "Copenhagen (DEN)",
                "South Denmark (DEN)",
                "Navarra (ESP)",
                "Tuscany (ITA)",
                "Helsinki (FIN)",
                "Aragon (ESP)",
                "Oulu Region (FIN)",
                "South Transdanubia (HUN)",
                "Upper Silesia (POL)",
                "Slovenia (SLO)",
                "Basque Country (ESP)",
                "NordRhein Westfalia (GER)",
                "Emilia-Romagna (ITA)",
                "Ireland (IRE)",
                "Occitanie (FRA)",
            ],
            other_participants=[
                "LyonBiopole (Auvergne-Rhône-Alpes)",
                "CEA (Auvergne-Rhône-Alpes)",
                "IMEC (Flanders)",
                "BioWin (Wallonia)",
            ],
            working_areas=[
                WorkingAreaData(
                    "Connected Health",
                    "East Netherlands, Tuscany, Emilia Romagna",
                    ["Lombardia", "Navarra", "Auvergne Rhône-Alpes", "South Netherlands"],
                ),
                WorkingAreaData(
                    "Biomaterials and implants",
                    "Upper Silesia, SUD PACA",
                    ["Navarra", "Emilia-Romagna", "Auvergne Rhône-Alpes", "Catalonia"],
                ),
                WorkingAreaData(
                    "Medical devices and imaging",
                    "South Netherlands, Piedmont, Auvergne-Rhône-Alpes",
                    [
                        "East Netherlands",
                        "Catalonia",
                        "Grand Est",
                        "Aragon",
                        "Emilia-Romagna",
                        "Lombardy",
                        "Sud",
                    ],
                ),
            ],
        ),
    )
    db.session.commit()
    rome = "Europe/Rome"
    paris = "Europe/Paris"
    bilateral = event(
        series,
        "mt-bilateral",
        "bilateral meeting between project leaders",
        "meeting",
        "2019-02-12",
        venue="Turin",
        zone=rome,
    )
    details(bilateral, date_text="12/02/2019")
    webinar = event(series, "mt-webinar", "Medtech webinar", "webinar", "2019-02-27", fmt="online")
    details(webinar, date_text="27/02/2019", place="Telco")
    plenary = event(
        series,
        "mt-plenary",
        "MedTech Plenary & S3martMed Meetings",
        "meeting",
        "2019-04-02",
        venue="Lyon",
        zone=paris,
    )
    details(plenary, date_text="02/04/2019")
    m4e = event(
        series,
        "mt-m4e-maastricht",
        "Medtech4Europe workshop",
        "workshop",
        "2019-03-11",
        "2019-03-13",
        venue="Maastricht",
        zone="Europe/Amsterdam",
    )
    details(m4e, date_text="11-13 March 2019")
    smart = event(
        series,
        "mt-smart-manufacturing",
        "Smart Manufacturing project",
        "workshop",
        "2019-04-30",
        fmt="online",
    )
    details(smart, date_text="30/04/2019", place="Go to meeting")
    # One event (its first session day) for a project workshop held on four days.
    nethub = event(series, "mt-nethub", "Medtech NETHUB project", "workshop", "2019-05-07", fmt="online")
    details(
        nethub,
        dates="2019-05-07, 2019-05-24, 2019-05-27, 2019-05-29",
        date_text="7, 24, 27 and 29/05/2019.",
        place="Skypemeeting",
    )
    svc = event(
        series, "mt-smart-health-svc", "Smart Health SVC meeting", "meeting", "2019-04-03", venue="Brussels"
    )
    details(svc, category="dissemination", dates="2019-04-03 2019-05-17", date_text="3/04/2019 & 17/05/2019")
    medinov = event(series, "mt-medinov", "Medi'NOV", "dissemination", "2019-04-03", venue="Lyon", zone=paris)
    details(medinov, date_text="3/04/2019")
    paris_week = event(
        series,
        "mt-paris-healthcare-week",
        "Paris Healthcare week",
        "conference",
        "2019-05-21",
        "2019-05-23",
        zone=paris,
    )
    details(paris_week, date_text="21 - 23/05/2019")
    steering = event(
        series,
        "mt-im-sc",
        "IM platform SC",
        "meeting",
        "2019-06-13",
        "2019-06-14",
        venue="Warsaw",
        zone="Europe/Warsaw",
    )
    details(steering, date_text="13-14 June 2019")
    details(
        series=series,
        title="Medtech Partnership plenary Meeting",
        category="meeting",
        precision="month",
        dates="2019-09",
        date_text="Sept. Oct 2019",
        place="TBD",
    )
    details(
        series=series,
        title="Medtech NetHUB workshop",
        category="workshop",
        precision="tbd",
        date_text="TBD",
        place="Grenoble?",
    )
    glivice = event(
        series,
        "mt-m4e-glivice",
        "Medtech4Europe",
        "workshop",
        "2019-06-25",
        "2019-06-27",
        venue="Glivice (Poland)",
        zone="Europe/Warsaw",
    )
    details(glivice, date_text="25-27/06/2019")
    # Distractors.
    event(series, "mt-2018-plenary", "Medtech plenary 2018", "meeting", "2018-11-20", venue="Brussels")
    event(series, "mt-draft", "Unconfirmed webinar", "webinar", "2019-03-20", status="draft")
    event(series, "mt-cancelled", "Cancelled matchmaking", "dissemination", "2019-05-02", status="cancelled")
    event(series, "mt-2020", "Plenary 2020", "meeting", "2020-03-05", venue="Lyon", zone=paris)
    return series
