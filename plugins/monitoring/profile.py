"""The partnership fact sheet of a series: reading and replacing it."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from confsite_plugins.monitoring.models import (
    LeadRegion,
    PartnershipProfile,
    Representative,
    SdgContribution,
    SdgRating,
    WorkingArea,
)
from sqlalchemy.orm import selectinload

from confsite.api import Series, db

# The UN Sustainable Development Goals by their short names.
SDG_GOALS: dict[int, str] = {
    1: "No poverty",
    2: "Zero hunger",
    3: "Good health and well-being",
    4: "Quality education",
    5: "Gender equality",
    6: "Clean water and sanitation",
    7: "Affordable and clean energy",
    8: "Decent work and economic growth",
    9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities",
    11: "Sustainable cities and communities",
    12: "Responsible consumption and production",
    13: "Climate action",
    14: "Life below water",
    15: "Life on land",
    16: "Peace, justice and strong institutions",
    17: "Partnerships for the goals",
}


@dataclass
class RepresentativeData:
    name: str
    institution: str = ""
    contact: str = ""


@dataclass
class LeadRegionData:
    region: str
    representatives: list[RepresentativeData] = field(default_factory=list)


@dataclass
class WorkingAreaData:
    title: str
    region_in_charge: str = ""
    involved_regions: list[str] = field(default_factory=list)
    other_actors: list[str] = field(default_factory=list)


@dataclass
class ProfileData:
    """Everything a profile holds, as plain values (from a form or demo content)."""

    objectives: str = ""
    web_page: str = ""
    lead_regions: list[LeadRegionData] = field(default_factory=list)
    partner_regions: list[str] = field(default_factory=list)
    joining_regions: list[str] = field(default_factory=list)
    other_participants: list[str] = field(default_factory=list)
    working_areas: list[WorkingAreaData] = field(default_factory=list)
    sdg: dict[int, SdgRating] = field(default_factory=dict)
    thematic_platform: str = ""
    ec_coordinator: str = ""
    other_information: str = ""
    working_areas_comments: str = ""


def profile_of(series: Series) -> PartnershipProfile | None:
    """The series' profile with everything it holds, in a bounded number of queries."""
    return db.session.scalar(
        sa.select(PartnershipProfile)
        .where(PartnershipProfile.series_id == series.id)
        .options(
            selectinload(PartnershipProfile.lead_regions).selectinload(LeadRegion.representatives),
            selectinload(PartnershipProfile.working_areas),
            selectinload(PartnershipProfile.sdg_ratings),
        )
    )


def _clean(items: list[str]) -> list[str]:
    return [i.strip() for i in items if i and i.strip()]


def save_profile(series: Series, data: ProfileData) -> PartnershipProfile:
    """Replace the series' profile with ``data`` (added to the session, not committed)."""
    unknown = set(data.sdg) - set(SDG_GOALS)
    if unknown:
        raise ValueError(f"unknown SDG goal(s): {sorted(unknown)}")
    profile = profile_of(series)
    if profile is None:
        profile = PartnershipProfile(series=series)
        db.session.add(profile)
    profile.objectives = data.objectives.strip()
    profile.web_page = data.web_page.strip()
    profile.thematic_platform = data.thematic_platform.strip()
    profile.ec_coordinator = data.ec_coordinator.strip()
    profile.other_information = data.other_information.strip()
    profile.working_areas_comments = data.working_areas_comments.strip()
    profile.partner_regions = _clean(data.partner_regions)
    profile.joining_regions = _clean(data.joining_regions)
    profile.other_participants = _clean(data.other_participants)
    profile.lead_regions = [
        LeadRegion(
            position=i,
            region=lead.region.strip(),
            representatives=[
                Representative(
                    position=j,
                    name=r.name.strip(),
                    institution=r.institution.strip(),
                    contact=r.contact.strip(),
                )
                for j, r in enumerate(lead.representatives)
            ],
        )
        for i, lead in enumerate(data.lead_regions)
    ]
    profile.working_areas = [
        WorkingArea(
            position=i,
            title=area.title.strip(),
            region_in_charge=area.region_in_charge.strip(),
            involved_regions=_clean(area.involved_regions),
            other_actors=_clean(area.other_actors),
        )
        for i, area in enumerate(data.working_areas)
    ]
    # Keep rows of goals whose rating is unchanged; the primary key is (profile, goal).
    existing = {c.goal: c for c in profile.sdg_ratings}
    ratings = []
    for goal, rating in sorted(data.sdg.items()):
        row = existing.get(goal) or SdgContribution(goal=goal)
        row.rating = SdgRating(rating)
        ratings.append(row)
    profile.sdg_ratings = ratings
    return profile


def profile_data(profile: PartnershipProfile | None) -> ProfileData:
    """The inverse of :func:`save_profile`, to pre-fill the form."""
    if profile is None:
        return ProfileData()
    return ProfileData(
        objectives=profile.objectives,
        web_page=profile.web_page,
        lead_regions=[
            LeadRegionData(
                lead.region,
                [RepresentativeData(r.name, r.institution, r.contact) for r in lead.representatives],
            )
            for lead in profile.lead_regions
        ],
        partner_regions=list(profile.partner_regions),
        joining_regions=list(profile.joining_regions),
        other_participants=list(profile.other_participants),
        working_areas=[
            WorkingAreaData(a.title, a.region_in_charge, list(a.involved_regions), list(a.other_actors))
            for a in profile.working_areas
        ],
        sdg={c.goal: c.rating for c in profile.sdg_ratings},
        thematic_platform=profile.thematic_platform,
        ec_coordinator=profile.ec_coordinator,
        other_information=profile.other_information,
        working_areas_comments=profile.working_areas_comments,
    )
