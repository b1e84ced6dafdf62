"""Roles on an event or a series: organisers, chairs, rapporteurs and partners, by e-mail.

People without an account are invited: the role waits on their address and becomes
theirs when an account with that address is created (``accounts.claim_invitations``).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.i18n import _
from confsite.models import Event, Organisation, RoleAssignment, RoleName, Series
from confsite.services import account_mail, accounts
from confsite.views.manage.blueprint import bp, managed_event_or_404, managed_series_or_404, user
from confsite.views.manage.forms import ConfirmForm, RoleForm, organisation_choices


def _assignments(scope: Event | Series) -> list[RoleAssignment]:
    column = RoleAssignment.event_id if isinstance(scope, Event) else RoleAssignment.series_id
    return list(
        db.session.scalars(
            sa.select(RoleAssignment)
            .where(column == scope.id)
            .options(selectinload(RoleAssignment.organisation), selectinload(RoleAssignment.user))
            .order_by(RoleAssignment.role, RoleAssignment.email)
        )
    )


def _roles_page(scope: Event | Series, endpoint: str) -> ResponseReturnValue:
    form = RoleForm()
    form.organisation.choices = organisation_choices()
    if form.validate_on_submit():
        if form.role.data == RoleName.PARTNER.value and not form.organisation.data:
            form.organisation.errors.append(_("A partner acts for an organisation: choose it."))
        else:
            org = db.session.get(Organisation, form.organisation.data) if form.organisation.data else None
            try:
                assignment = accounts.grant_role(
                    form.email.data,
                    RoleName(form.role.data),
                    scope,
                    organisation=org.name if org else None,
                    by=user(),
                )
            except accounts.AccountError as exc:
                form.email.errors.append(str(exc))
            else:
                if assignment.user_id is None:
                    account_mail.send_role_invitation(assignment, scope)
                    flash(
                        _("%(email)s has no account yet: an invitation was sent.", email=assignment.email),
                        "success",
                    )
                else:
                    flash(
                        _(
                            "%(email)s is now %(lower)s.",
                            email=assignment.email,
                            lower=assignment.role.label.lower(),
                        ),
                        "success",
                    )
                return redirect(url_for(endpoint, slug=scope.slug))
    return render_template(
        "manage/roles.html",
        scope=scope,
        form=form,
        assignments=_assignments(scope),
        is_event=isinstance(scope, Event),
        endpoint=endpoint,
        remove_form=ConfirmForm(),
    )


@bp.route("/events/<slug>/roles", methods=["GET", "POST"])
def event_roles(slug: str) -> ResponseReturnValue:
    return _roles_page(managed_event_or_404(slug), "manage.event_roles")


@bp.route("/series/<slug>/roles", methods=["GET", "POST"])
def series_roles(slug: str) -> ResponseReturnValue:
    return _roles_page(managed_series_or_404(slug), "manage.series_roles")


def _remove(scope: Event | Series, assignment_id: int, endpoint: str) -> ResponseReturnValue:
    assignment = db.session.get(RoleAssignment, assignment_id)
    owner = assignment and (assignment.event_id if isinstance(scope, Event) else assignment.series_id)
    if assignment is None or owner != scope.id:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.remove_role(assignment, by=user())
        flash(
            _(
                "%(email)s is no longer %(lower)s.",
                email=assignment.email,
                lower=assignment.role.label.lower(),
            ),
            "success",
        )
        return redirect(url_for(endpoint, slug=scope.slug))
    return render_template(
        "manage/confirm.html",
        form=form,
        title=_("Remove %(email)s as %(role)s?", email=assignment.email, role=assignment.role.label.lower()),
        details=[f"They lose this role on “{scope.title}”."],
        submit=_("Remove role"),
        back=url_for(endpoint, slug=scope.slug),
    )


@bp.route("/events/<slug>/roles/<int:assignment_id>/remove", methods=["GET", "POST"])
def event_role_remove(slug: str, assignment_id: int) -> ResponseReturnValue:
    return _remove(managed_event_or_404(slug), assignment_id, "manage.event_roles")


@bp.route("/series/<slug>/roles/<int:assignment_id>/remove", methods=["GET", "POST"])
def series_role_remove(slug: str, assignment_id: int) -> ResponseReturnValue:
    return _remove(managed_series_or_404(slug), assignment_id, "manage.series_roles")
