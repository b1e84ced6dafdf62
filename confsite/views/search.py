"""The search page, its JSON twin and nothing else (matching lives in confsite.search)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for

from confsite import search as site_search
from confsite.i18n import _, current_language

bp = Blueprint("search", __name__)

MAX_QUERY = 200


def _query() -> str:
    query = request.args.get("q", "").strip()
    if len(query) > MAX_QUERY:
        abort(400, description=_("Search for at most %(count)s characters.", count=MAX_QUERY))
    return query


@bp.get("/search")
def page() -> str:
    query = _query()
    groups = site_search.search(query, current_language()) if query else []
    return render_template("search/results.html", query=query, groups=groups)


@bp.get("/search.json")
def as_json() -> Response:
    """The same results for programs: ``{"query", "groups": [{"kind", "label", "results"}]}``."""
    query = _query()
    groups = site_search.search(query, current_language()) if query else []
    return jsonify(
        query=query,
        groups=[
            {
                "kind": group.kind,
                "label": group.label,
                "results": [
                    {
                        "title": r.title,
                        "excerpt": r.excerpt,
                        "url": url_for(r.endpoint, _external=True, **r.url_args),
                    }
                    for r in group.results
                ],
            }
            for group in groups
        ],
    )
