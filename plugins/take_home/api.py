"""Take-home messages and main outcomes in the REST API (read-only, published only)."""

from __future__ import annotations

import marshmallow as ma
from flask.views import MethodView

from confsite import hookimpl
from confsite.api import ApiBlueprint, api_event_or_404

from . import queries

bp = ApiBlueprint("api_take_home", __name__, description="Take-home messages and main outcomes (plugin)")


class TakeHomeMessageSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    session_id = ma.fields.Integer(required=True)
    talk_id = ma.fields.Integer(allow_none=True, required=True)
    text = ma.fields.String(required=True, metadata={"description": "The statement as plain text"})
    published_at = ma.fields.AwareDateTime(allow_none=True, required=True)


class TakeHomeSchema(ma.Schema):
    messages = ma.fields.List(ma.fields.Nested(TakeHomeMessageSchema), required=True)
    outcomes = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "Main outcomes, one paragraph each"}
    )
    key_points = ma.fields.List(ma.fields.String(), required=True)


@bp.route("/events/<event_slug>/take-home-messages")
class EventTakeHome(MethodView):
    @bp.etag
    @bp.response(200, TakeHomeSchema)
    def get(self, event_slug: str) -> dict:
        """Published take-home messages in programme order, and the published main outcomes."""
        event = api_event_or_404(event_slug)
        outcomes = queries.published_outcomes(event)
        return {
            "messages": queries.published_event_messages(event),
            "outcomes": outcomes.paragraphs_text if outcomes else [],
            "key_points": list(outcomes.key_points or []) if outcomes else [],
        }


@hookimpl
def api_blueprints() -> list:
    return [bp]
