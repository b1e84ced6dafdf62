"""Site administration pages (site admins only)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from confsite.plugins import host
from confsite.services.permissions import is_admin
from confsite.services.plugin_overview import plugin_overview

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only() -> None:
    if not is_admin(current_user):
        abort(403)


@bp.get("/plugins")
def plugins() -> str:
    return render_template("admin/plugins.html", overview=plugin_overview(host()))
