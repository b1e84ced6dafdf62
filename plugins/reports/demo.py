"""Demo content: partners of Regions4PerMed, the workshop's three policy areas with
accepted recommendations, the partners' votes (order frozen) and a published
report of the key area (conference + workshop). Idempotent."""

from __future__ import annotations

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


def _partners(series) -> list[tuple]:  # type: ignore[no-untyped-def]
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


def _panel(event, title: str) -> Session | None:  # type: ignore[no-untyped-def]
    """The panel session of an area: its title ends with the area's title."""
    return db.session.scalar(
        sa.select(Session).where(Session.event_id == event.id, Session.title.endswith(title))
    )


def _areas(event, partners: list[tuple]) -> None:  # type: ignore[no-untyped-def,type-arg]
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
    workshop_target = Target(event=workshop)
    settings = settings_of(workshop_target, create=True)
    if settings.voting_opens_at is None:  # type: ignore[union-attr]
        settings.voting_opens_at = datetime(2021, 11, 17, 9, 45, tzinfo=UTC)  # type: ignore[union-attr]
        settings.voting_closes_at = datetime(2021, 11, 30, 17, 0, tzinfo=UTC)  # type: ignore[union-attr]
        settings.capacity_building = CAPACITY_BUILDING_CONCLUSIONS  # type: ignore[union-attr]
    db.session.flush()
    if settings.order_frozen_at is None:  # type: ignore[union-attr]
        freeze_order(organiser, workshop_target)
        settings.order_frozen_at = settings.voting_closes_at  # type: ignore[union-attr]  # as it happened
    series_target = Target(series=series)
    series_settings = settings_of(series_target, create=True)
    if not series_settings.title:  # type: ignore[union-attr]
        series_settings.title = REPORT_TITLE  # type: ignore[union-attr]
        series_settings.introduction = INTRODUCTION  # type: ignore[union-attr]
        series_settings.conclusions = CONCLUSIONS  # type: ignore[union-attr]
        series_settings.period_start = date(2021, 1, 1)  # type: ignore[union-attr]
        series_settings.period_end = date(2021, 12, 31)  # type: ignore[union-attr]
    db.session.flush()
    if not published_versions(series_target):
        publish(organiser, series_target)
    db.session.flush()
