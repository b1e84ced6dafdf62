"""Site administration pages (site admins only)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from confsite import jobs
from confsite.i18n import _, _l
from confsite.plugins import host
from confsite.services import outbox, retention
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


class RetentionForm(FlaskForm):
    months = IntegerField(
        _l("Months after an event ends"),
        validators=[
            InputRequired(_l("Please give a number of months.")),
            NumberRange(
                retention.MIN_MONTHS,
                retention.MAX_MONTHS,
                _l(
                    "Give a number from %(min)s to %(max)s.",
                    min=retention.MIN_MONTHS,
                    max=retention.MAX_MONTHS,
                ),
            ),
        ],
        description=_l("Registrations of events that ended longer ago are anonymised by the purge."),
    )


@bp.route("/privacy", methods=["GET", "POST"])
def privacy() -> ResponseReturnValue:
    """The site's retention period for registrations' personal details, and what the
    purge (``confsite purge-personal-data``) would anonymise now."""
    form = RetentionForm()
    if form.validate_on_submit():
        retention.set_retention_months(form.months.data)
        flash(_("The retention period is saved."), "success")
        return redirect(url_for("admin.privacy"))
    if not form.is_submitted():
        form.months.data = retention.retention_months()
    return render_template(
        "admin/privacy.html", form=form, due=retention.due(), default_months=retention.default_months()
    )


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
