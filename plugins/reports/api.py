"""Policy areas and their prioritised recommendations in the REST API (read-only)."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView

from confsite import hookimpl
from confsite.api import ApiBlueprint, api_event_or_404

from .targets import Target, areas_of
from .voting import rankings

bp = ApiBlueprint("api_reports", __name__, description="Prioritised recommendations (plugin)")


class RankedSchema(ma.Schema):
    rank = ma.fields.Integer(
        allow_none=True, required=True, metadata={"description": "null: below the quorum, unranked"}
    )
    text = ma.fields.String(required=True)
    addressee = ma.fields.String(allow_none=True, required=True)
    mean_score = ma.fields.Float(allow_none=True, required=True)
    votes = ma.fields.Integer(required=True)


class AreaSchema(ma.Schema):
    title = ma.fields.String(required=True)
    rationale = ma.fields.String(required=True)
    recommendations = ma.fields.List(ma.fields.Nested(RankedSchema), required=True)


@bp.route("/events/<event_slug>/recommendations")
class EventRecommendations(MethodView):
    @bp.etag
    @bp.response(200, AreaSchema(many=True))
    def get(self, event_slug: str) -> list[dict]:
        """Each policy area of the event with its accepted recommendations, by priority."""
        areas = areas_of(Target(event=api_event_or_404(event_slug)))
        ranked = rankings(areas)
        return [
            {
                "title": area.title,
                "rationale": area.rationale,
                "recommendations": [
                    {
                        "rank": item.rank,
                        "text": item.recommendation.text,
                        "addressee": item.recommendation.addressee.value
                        if item.recommendation.addressee
                        else None,
                        "mean_score": item.mean,
                        "votes": item.votes,
                    }
                    for item in ranked.get(area.id, [])
                ],
            }
            for area in areas
        ]


@hookimpl
def api_blueprints() -> list:
    return [bp]
