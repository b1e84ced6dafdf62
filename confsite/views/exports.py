"""Downloads contributed by plugins through the ``export_formats`` hook:
``/events/<slug>/export/<identifier>`` (only where the plugin is enabled)."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, request

from confsite.models import EventStatus
from confsite.plugins import host
from confsite.services.feed_validators import (
    event_validator,
    is_not_modified,
    not_modified_response,
    set_validator_headers,
)
from confsite.services.permissions import can_manage_event
from confsite.views.lookup import visible_event_or_404
from confsite.views.visitor import signed_in_user

log = logging.getLogger(__name__)

bp = Blueprint("exports", __name__)


@bp.get("/events/<slug>/export/<identifier>")
def download(slug: str, identifier: str) -> Response:
    event = visible_event_or_404(slug, signed_in_user())
    exporter = next((e for e in host().exporters(event) if e.identifier == identifier), None)
    if exporter is None or not (exporter.public or can_manage_event(signed_in_user(), event)):
        abort(404)
    validator = event_validator(event) if exporter.follows_event_content else None
    etag = validator.etag("export", exporter.plugin, identifier, request.host_url) if validator else None
    if validator and etag and is_not_modified(request, etag, validator):
        response: Response = not_modified_response()
        set_validator_headers(response, etag, validator, private=event.status == EventStatus.DRAFT)
        return response
    try:
        body = exporter.render(event)
    except Exception:
        if current_app.testing:
            raise
        log.exception("plugin %r failed to render export %s", exporter.plugin, exporter.identifier)
        abort(503, description="This export is unavailable at the moment; please try again later.")
    filename = f"{event.slug}-{exporter.identifier}.{exporter.extension.lstrip('.')}"
    response = Response(
        body,
        content_type=exporter.content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    if validator and etag:
        set_validator_headers(response, etag, validator, private=event.status == EventStatus.DRAFT)
    return response
