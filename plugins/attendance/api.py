"""Attendance "in a nutshell" figures in the REST API (read-only, aggregates only)."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView

from confsite import hookimpl
from confsite.api import ApiBlueprint, api_event_or_404

from .figures import collect_figures

bp = ApiBlueprint("api_attendance", __name__, description="Attendance figures (plugin)")


class CountrySchema(ma.Schema):
    country = ma.fields.String(required=True, metadata={"description": "ISO 3166 code, empty if unknown"})
    attendees = ma.fields.Integer(required=True)


class AttendanceSchema(ma.Schema):
    confirmed = ma.fields.Integer(required=True)
    checked_in = ma.fields.Integer(required=True)
    countries = ma.fields.Integer(required=True)
    speakers = ma.fields.Integer(required=True)
    sessions = ma.fields.Integer(required=True)
    page_views = ma.fields.Integer(required=True, metadata={"description": "Counted on this site"})
    reported_views = ma.fields.Integer(required=True, metadata={"description": "Entered by organisers"})
    by_country = ma.fields.List(ma.fields.Nested(CountrySchema), required=True)


@bp.route("/events/<event_slug>/attendance")
class EventAttendance(MethodView):
    @bp.etag
    @bp.response(200, AttendanceSchema)
    def get(self, event_slug: str) -> dict:
        """Headline figures of an event: registrations, countries, speakers, views."""
        figures = collect_figures([api_event_or_404(event_slug)])
        return {
            "confirmed": figures.confirmed,
            "checked_in": figures.checked_in,
            "countries": figures.countries,
            "speakers": figures.speakers,
            "sessions": figures.sessions,
            "page_views": figures.page_views,
            "reported_views": figures.manual_total,
            "by_country": [{"country": code, "attendees": n} for code, n in figures.by_country],
        }


@hookimpl
def api_blueprints() -> list:
    return [bp]
