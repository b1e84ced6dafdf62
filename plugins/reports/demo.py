"""Demo content: partners of Regions4PerMed, the workshop's three policy areas with
accepted recommendations, the partners' votes (order frozen, with a quorum, and one
late proposal with a single vote listed apart), and a published key-area report of
the conference and the workshop with its deliverable cover. Idempotent.

Cover values the source documents do not give (grant number, deliverable number,
dates…) are visibly marked as placeholders, and so are the logo and emblem images."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import sqlalchemy as sa

from confsite.api import (
    Organisation,
    RoleName,
    Session,
    create_user,
    db,
    event_by_slug,
    grant_role,
    series_by_slug,
    user_by_email,
)

from .deliverable import image_data_uri
from .demo_content import CAPACITY_BUILDING_CONCLUSIONS, PARTNERS, POLICY_AREAS
from .models import Addressee, PolicyArea, Recommendation, RecommendationRevision, RecommendationStatus, Vote
from .publishing import publish, published_versions
from .targets import Target, settings_of
from .voting import freeze_order

DEMO_PASSWORD = "confsite-demo"
SERIES = "regions4permed"
ORGANISER = "organiser@example.org"
# Organisation keys of demo_content.PARTNERS -> names in the core demo.
ORGANISATION_NAMES = {
    "acis": "Galician Health Knowledge Agency (ACIS)",
    "tls": "Fondazione Toscana Life Sciences",
    "wmu": "Wroclaw Medical University",
    "frrb": "Fondazione Regionale per la Ricerca Biomedica",
    "smwk": "Saxon State Ministry for Science, Culture and Tourism",
}
# How much each partner cares about each recommendation (by index in its area): a base
# priority, nudged per partner so that the votes disagree a little, as real ones do.
BASE_PRIORITY = (4, 3, 5, 2, 4, 3)

REPORT_TITLE = "Key Area 4 report: Innovation Flow in the Healthcare"
# The key-area report covers these two events, not the series' later training.
KEY_AREA_EVENTS = ("ka4-conference-2021", "ka4-workshop-2021")
INTRODUCTION = (
    "Key Area 4 of Regions4PerMed looked at what keeps research results and new "
    "personalised-medicine solutions from reaching regional health systems, and at the "
    "levers regions hold: research infrastructures, funding and procurement instruments, "
    "and hospitals able to test new services.\n\n"
    "This report brings together the July conference, which mapped the field with "
    "experts from across Europe, and the November workshop, where partners turned what "
    "they heard into recommendations and ranked them."
)
CONCLUSIONS = (
    "Regions emerged from both events as the level where personalised medicine either "
    "takes root or stalls. The recommendations ranked by the partners give regional "
    "policy makers a short list of concrete first steps, from shared infrastructures to "
    "innovation procurement and living labs.\n\n"
    "The consortium will share these results with every region interested in following "
    "the same path."
)


def _score(area_index: int, rec_index: int, partner_index: int) -> int:
    base = BASE_PRIORITY[rec_index % len(BASE_PRIORITY)]
    nudge = (partner_index + rec_index + area_index) % 3 - 1  # -1, 0 or +1
    return max(1, min(5, base + nudge))


def _partners(series) -> list[tuple]:
    result = []
    for spec in PARTNERS:
        name = ORGANISATION_NAMES[spec["organisation"]]
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
        if organisation is None:
            continue
        user = user_by_email(spec["email"]) or create_user(
            spec["email"], DEMO_PASSWORD, display_name=spec["name"]
        )
        grant_role(user.email, RoleName.PARTNER, series, organisation=name)
        result.append((user, organisation))
    db.session.flush()
    return result


def _panel(event, title: str) -> Session | None:
    """The panel session of an area: its title ends with the area's title."""
    return db.session.scalar(
        sa.select(Session).where(Session.event_id == event.id, Session.title.endswith(title))
    )


def _areas(event, partners: list[tuple]) -> None:
    if db.session.scalar(sa.select(PolicyArea.id).where(PolicyArea.event_id == event.id)):
        return
    reviewed_at = event.end_at
    for area_index, spec in enumerate(POLICY_AREAS.get(event.slug, [])):
        session = _panel(event, spec["title"])
        area = PolicyArea(
            event=event,
            title=spec["title"],
            rationale=spec["rationale"],
            position=area_index,
            session=session,
        )
        db.session.add(area)
        for rec_index, rec_spec in enumerate(spec["recommendations"]):
            author, organisation = partners[(area_index + rec_index) % len(partners)]
            rec = Recommendation(
                area=area,
                text=rec_spec["text"],
                addressee=Addressee(rec_spec["addressee"]) if rec_spec.get("addressee") else None,
                author=author,
                organisation=organisation,
                status=RecommendationStatus.ACCEPTED,
                sessions=[session] if session is not None else [],
            )
            for action in ("created", "submitted", "accepted"):
                rec.revisions.append(
                    RecommendationRevision(
                        user=author,
                        action=action,
                        text=rec.text,
                        addressee=rec_spec.get("addressee") or "",
                        at=reviewed_at,
                    )
                )
            db.session.add(rec)
            for partner_index, (user, org) in enumerate(partners):
                rec.votes.append(
                    Vote(
                        organisation=org,
                        user=user,
                        at=reviewed_at,
                        score=_score(area_index, rec_index, partner_index),
                    )
                )
    db.session.flush()


QUORUM = 3
# A late proposal one partner scored 5: below the quorum, it is listed apart instead of
# topping the list on a single vote.
LATE_PROPOSAL = (
    "Give every regional health service a single contact point for companies that want to "
    "test a new personalised-medicine solution with clinicians."
)
PLACEHOLDER = "[placeholder]"
DELIVERABLE = {
    "project": f"{PLACEHOLDER} full title of the project",
    "acronym": "Regions4PerMed",
    "programme": f"{PLACEHOLDER} funding programme",
    "grant_number": f"{PLACEHOLDER} 000000000",
    "deliverable_id": f"D{PLACEHOLDER}.0",
    "deliverable_title": REPORT_TITLE,
    "work_package": f"WP {PLACEHOLDER}",
    "lead_beneficiary": f"{PLACEHOLDER} lead beneficiary",
    "dissemination_level": "PU",
    "due_date": f"{PLACEHOLDER} due date",
    "submission_date": f"{PLACEHOLDER} submission date",
    "version": "1.0",
    "authors": f"Key Area 4 organising team ({PLACEHOLDER} names)",
    "contributors": "The Regions4PerMed partners who proposed and scored the recommendations",
    "reviewers": f"{PLACEHOLDER} reviewers",
    "disclaimer": (
        "The views in this report are those of its authors alone. The funding body cannot be "
        "held responsible for any use of the information it contains."
    ),
    "funding_statement": (
        f"{PLACEHOLDER} This project is funded by the funding programme named on the cover "
        "under the grant agreement given there."
    ),
    "history": [
        {"version": "0.1", "date": "2021-12-06", "author": f"{PLACEHOLDER} author", "change": "First draft"},
        {
            "version": "0.9",
            "date": "2021-12-17",
            "author": f"{PLACEHOLDER} author",
            "change": "Partners' priorities added after the vote closed",
        },
        {
            "version": "1.0",
            "date": f"{PLACEHOLDER} date",
            "author": f"{PLACEHOLDER} author",
            "change": "Issued",
        },
    ],
}


def _placeholder_image(text: str, size: tuple[int, int]) -> str:
    """A grey box that says what belongs there: the demo has no real logo or emblem."""
    from PIL import Image, ImageDraw  # noqa: PLC0415  (only the demo draws: not with the plugin)

    image = Image.new("RGB", size, "#e6e6e6")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0] - 1, size[1] - 1), outline="#666666", width=3)
    for line_no, line in enumerate(text.split("\n")):
        draw.text((14, 12 + 16 * line_no), line, fill="#222222")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return image_data_uri(out.getvalue())


def _late_proposal(workshop, partners: list[tuple]) -> None:
    area = db.session.scalar(
        sa.select(PolicyArea).where(PolicyArea.event_id == workshop.id).order_by(PolicyArea.position).limit(1)
    )
    if area is None or any(rec.text == LATE_PROPOSAL for rec in area.recommendations):
        return
    author, organisation = partners[-1]
    rec = Recommendation(
        area=area,
        text=LATE_PROPOSAL,
        addressee=Addressee.REGIONS,
        author=author,
        organisation=organisation,
        status=RecommendationStatus.ACCEPTED,
    )
    db.session.add(rec)
    rec.votes.append(Vote(organisation=organisation, user=author, at=workshop.end_at, score=5))
    db.session.flush()


def load() -> None:
    series = series_by_slug(SERIES)
    workshop = event_by_slug("ka4-workshop-2021")
    organiser = user_by_email(ORGANISER)
    if series is None or workshop is None or organiser is None:
        return
    partners = _partners(series)
    if not partners:
        return
    _areas(workshop, partners)
    _late_proposal(workshop, partners)
    workshop_target = Target(event=workshop)
    settings = settings_of(workshop_target, create=True)
    if settings.voting_opens_at is None:
        settings.voting_opens_at = datetime(2021, 11, 17, 9, 45, tzinfo=UTC)
        settings.voting_closes_at = datetime(2021, 11, 30, 17, 0, tzinfo=UTC)
        settings.capacity_building = CAPACITY_BUILDING_CONCLUSIONS
        settings.quorum = QUORUM
    db.session.flush()
    if settings.order_frozen_at is None:
        freeze_order(organiser, workshop_target)
        settings.order_frozen_at = settings.voting_closes_at  # as it happened
    series_target = Target(series=series)
    series_settings = settings_of(series_target, create=True)
    if not series_settings.title:
        series_settings.title = REPORT_TITLE
        series_settings.introduction = INTRODUCTION
        series_settings.conclusions = CONCLUSIONS
        series_settings.period_start = date(2021, 1, 1)
        series_settings.period_end = date(2021, 12, 31)
    if not series_settings.deliverable:
        chosen = [event_by_slug(slug) for slug in KEY_AREA_EVENTS]
        series_settings.template = "key-area"
        series_settings.event_ids = [e.id for e in chosen if e is not None]
        series_settings.deliverable = {
            **DELIVERABLE,
            "logo": _placeholder_image("[placeholder]\nproject logo", (260, 90)),
            "emblem": _placeholder_image("[placeholder]\nfunding emblem", (180, 90)),
        }
    db.session.flush()
    if not published_versions(series_target):
        publish(organiser, series_target)
    db.session.flush()
