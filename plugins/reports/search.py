"""Published recommendations can be found with the site search.

"Published" means what visitors can read: an accepted recommendation whose text is in
the latest published version of a report that could contain it (its own event's, or
its series'). Drafts, submitted, rejected and merged ones never are, and neither is an
edit made after the last publication until the report is published again. A result
links to the published versions of the report that holds it.

Documents belong to events (the index is kept per event): an event's own areas go with
that event; a series' areas with each of the series' events (the search lists them once).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from confsite.api import Event, SearchDocument, SearchSource, db, plugin_enabled, register_search_source

from .i18n import _l
from .models import PolicyArea, PublishedReport, Recommendation, RecommendationStatus

KIND = "recommendation"
# What a recommendation row can change that the index shows or depends on.
WATCHED = ("text", "status", "area_id")


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a published snapshot's JSON (headings, cells, items)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _published_text(**scope: int) -> str:
    """The text of the latest published version of one scope's report ('' if none)."""
    sections = db.session.scalar(
        sa.select(PublishedReport.sections)
        .filter_by(**scope)
        .order_by(PublishedReport.version.desc())
        .limit(1)
    )
    return "\n".join(_strings(sections)) if sections else ""


def _accepted(condition: sa.ColumnElement[bool]) -> list[tuple[Recommendation, PolicyArea]]:
    return [
        (recommendation, area)
        for recommendation, area in db.session.execute(
            sa.select(Recommendation, PolicyArea)
            .join(PolicyArea, PolicyArea.id == Recommendation.area_id)
            .where(condition, Recommendation.status == RecommendationStatus.ACCEPTED)
            .order_by(PolicyArea.position, PolicyArea.id, Recommendation.id)
        )
    ]


def _document(rec: Recommendation, area: PolicyArea, link: dict[str, str]) -> SearchDocument:
    text = rec.text
    title = text if len(text) <= 120 else text[:119].rsplit(" ", 1)[0] + "…"
    return SearchDocument(KIND, str(rec.id), title, f"{text} {area.title}", "reports.published", link)


def documents(event: Event) -> Iterable[SearchDocument]:
    """The published recommendations found through ``event``."""
    own = plugin_enabled("reports", event=event)
    series = event.series if event.series_id is not None else None
    in_series = series is not None and plugin_enabled("reports", series=series)
    if not own and not in_series:
        return
    conditions = [PolicyArea.event_id == event.id] if own else []
    if in_series:
        assert series is not None
        conditions.append(PolicyArea.series_id == series.id)
    found = _accepted(sa.or_(*conditions))
    if not found:
        return
    event_text = _published_text(event_id=event.id) if own else ""
    series_text = _published_text(series_id=series.id) if in_series and series is not None else ""
    for rec, area in found:
        if area.event_id == event.id and event_text and rec.text in event_text:
            yield _document(rec, area, {"event_slug": event.slug})
        elif series is not None and series_text and rec.text in series_text:
            yield _document(rec, area, {"series_slug": series.slug})


def _series_events(series_id: int | None) -> list[int]:
    if series_id is None:
        return []
    return list(db.session.scalars(sa.select(Event.id).where(Event.series_id == series_id)))


def _scope_events(event_id: int | None, series_id: int | None) -> list[int]:
    """The events whose documents a change in this event's or series' reports touches."""
    return [event_id] if event_id is not None else _series_events(series_id)


def event_ids(row: Any) -> list[int]:
    """The events whose documents a changed area, recommendation or published version
    touches. Foreign keys, not relationships: the row may be gone."""
    if not isinstance(row, Recommendation):
        return _scope_events(row.event_id, row.series_id)
    scope = db.session.execute(
        sa.select(PolicyArea.event_id, PolicyArea.series_id).where(PolicyArea.id == row.area_id)
    ).first()
    return _scope_events(scope.event_id, scope.series_id) if scope is not None else []


def _changed(row: Any) -> bool:
    if not isinstance(row, Recommendation):
        return True
    state = sa.inspect(row)
    return any(state.attrs[name].history.has_changes() for name in WATCHED)


def register() -> None:
    register_search_source(
        SearchSource(
            KIND,
            _l("Recommendations"),
            70,
            (Recommendation, PolicyArea, PublishedReport),
            documents,
            event_ids,
            _changed,
        )
    )
