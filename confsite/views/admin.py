"""Site administration pages (site admins only)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from confsite import jobs
from confsite.i18n import _
from confsite.plugins import host
from confsite.services import outbox
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


@bp.get("/jobs")
def job_queue() -> str:
    """Queue lengths, the dead-letter list and e-mails that could not be delivered."""
    return render_template(
        "admin/jobs.html",
        counts=jobs.queue_counts(),
        dead=jobs.dead_letters(),
        undelivered=outbox.undelivered(),
    )


@bp.post("/jobs/dead/<int:dead_id>/retry")
def job_retry(dead_id: int) -> ResponseReturnValue:
    if not jobs.requeue_dead_letter(dead_id):
        abort(404)
    flash(_("The job is queued again."), "success")
    return redirect(url_for("admin.job_queue"))
