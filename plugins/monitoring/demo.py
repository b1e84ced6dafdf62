"""Demo content of the monitoring plugin for the ``s3-personalised-medicine`` series."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from confsite_plugins.monitoring import demo_content
from confsite_plugins.monitoring.models import (
    Activity,
    ActivityCategory,
    ActivityDate,
    DatePrecision,
    SdgRating,
)
from confsite_plugins.monitoring.narrative import period_report_of, save_period_report
from confsite_plugins.monitoring.profile import (
    LeadRegionData,
    ProfileData,
    RepresentativeData,
    WorkingAreaData,
    profile_of,
    save_profile,
)

from confsite.api import db, series_by_slug

from .report import default_period

SERIES_SLUG = "s3-personalised-medicine"


def profile_from_content(spec: dict) -> ProfileData:
    return ProfileData(
        objectives=spec["objectives"],
        lead_regions=[
            LeadRegionData(lead["region"], [RepresentativeData(**r) for r in lead["representatives"]])
            for lead in spec["lead_regions"]
        ],
        partner_regions=list(spec["partner_regions"]),
        joining_regions=list(spec["joining_regions"]),
        other_participants=list(spec["other_participants"]),
        working_areas=[WorkingAreaData(**area) for area in spec["working_areas"]],
        sdg={int(goal): SdgRating(rating) for goal, rating in spec["sdg"].items()},
        thematic_platform=spec["thematic_platform"],
        ec_coordinator=spec["ec_coordinator"],
        other_information=spec["other_information"],
        working_areas_comments=spec["working_areas_comments"],
    )


def load() -> list[str]:
    """Add the profile and the historical activities once; return what was added."""
    series = series_by_slug(SERIES_SLUG)
    if series is None:
        return []
    added = []
    if profile_of(series) is None:
        save_profile(series, profile_from_content(demo_content.PROFILE))
        added.append("partnership profile")
    existing = set(db.session.scalars(sa.select(Activity.title).where(Activity.series_id == series.id)))
    for spec in demo_content.PAST_ACTIVITIES + demo_content.FUTURE_ACTIVITIES:
        if spec["title"] in existing:
            continue
        db.session.add(
            Activity(
                series=series,
                title=spec["title"],
                category=ActivityCategory(spec["kind"]),
                precision=DatePrecision(spec["precision"]),
                date_text=spec["date_text"],
                place=spec["place"],
                dates=[ActivityDate(day=date.fromisoformat(d)) for d in spec["dates"]],
            )
        )
        added.append(spec["title"])
    start, end = default_period()
    first = demo_content.FIRST_PERIOD
    periods = [
        (date.fromisoformat(first["start"]), date.fromisoformat(first["end"]), first),
        (start, end, demo_content.CURRENT_PERIOD),
    ]
    for period_start, period_end, spec in periods:
        if period_report_of(series, period_start, period_end) is None:
            save_period_report(series, period_start, period_end, spec["texts"], spec["comments"])
            added.append(f"texts of {period_start.isoformat()} – {period_end.isoformat()}")
    return added
