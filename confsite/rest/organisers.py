"""An event's roles, its plugins' settings and its webhooks over HTTP, for the event's
organisers (``/api/v1``). All go through the services the organiser pages use
(``services.accounts`` for roles, ``services.plugin_event_settings`` for settings,
``services.webhooks``), so invitations, validation (webhooks: public addresses only)
and the change-log entry naming the token's owner follow."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from flask import abort
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import validate
from sqlalchemy.orm import selectinload

from confsite.extensions import db
from confsite.hooktypes import SettingField
from confsite.models import Event, Organisation, RoleAssignment, RoleName, Webhook
from confsite.rest import auth
from confsite.rest.problems import invalid, invalid_nested
from confsite.rest.schemas import StrictSchema, Text
from confsite.services import account_mail, accounts, webhooks
from confsite.services import plugin_event_settings as settings_service
from confsite.services.plugin_settings import disabled_plugins

bp = Blueprint(
    "api_organisers", __name__, description="An event's roles, plugin settings and webhooks (organisers)"
)


# --- roles ---------------------------------------------------------------------------------


class RoleSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    role = ma.fields.Function(lambda a: a.role.value, required=True)
    organisation = ma.fields.Function(
        lambda a: a.organisation.name if a.organisation else None, allow_none=True, required=True
    )
    name = ma.fields.Function(lambda a: a.user.name if a.user else None, allow_none=True, required=True)
    pending = ma.fields.Function(
        lambda a: a.user_id is None,
        required=True,
        metadata={"description": "true: the address has no account yet (it was invited)"},
    )


class RoleInput(StrictSchema):
    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    role = ma.fields.String(required=True, validate=validate.OneOf([r.value for r in RoleName]))
    organisation = Text(
        200,
        allow_none=True,
        metadata={"description": "Name of an existing organisation (required for partners)"},
    )


def _assignments(event: Event) -> list[RoleAssignment]:
    return list(
        db.session.scalars(
            sa.select(RoleAssignment)
            .where(RoleAssignment.event_id == event.id)
            .options(selectinload(RoleAssignment.organisation), selectinload(RoleAssignment.user))
            .order_by(RoleAssignment.role, RoleAssignment.email, RoleAssignment.id)
        )
    )


@bp.route("/events/<slug>/roles")
class RoleList(MethodView):
    @bp.response(200, RoleSchema(many=True))
    def get(self, slug: str) -> list[RoleAssignment]:
        """Roles given on this event itself (roles on its series are the series')."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=False)
        return _assignments(event)

    @bp.arguments(RoleInput)
    @bp.response(201, RoleSchema)
    @bp.alt_response(200, schema=RoleSchema, description="The address already held the role")
    def post(self, data: dict, slug: str) -> tuple[RoleAssignment, int]:
        """Give a role to an address; an address without an account is invited by e-mail.
        Logged in the event's change log with the token's owner."""
        event = auth.event_or_404(slug)
        user = auth.require_event_manager(event, write=True)
        role = RoleName(data["role"])
        organisation = (data.get("organisation") or "").strip() or None
        if role == RoleName.PARTNER and organisation is None:
            invalid("organisation", "A partner acts for an organisation: name it.")
        if organisation is not None and not db.session.scalar(
            sa.select(Organisation.id).where(Organisation.name == organisation)
        ):
            invalid("organisation", f"No organisation called {organisation!r}.")
        try:
            address = accounts.normalise_email(data["email"])
        except accounts.AccountError as exc:
            invalid("email", str(exc))
        held = db.session.scalar(
            sa.select(RoleAssignment.id).where(
                RoleAssignment.email == address,
                RoleAssignment.role == role,
                RoleAssignment.event_id == event.id,
            )
        )
        try:
            assignment = accounts.grant_role(address, role, event, organisation=organisation, by=user)
        except accounts.AccountError as exc:
            invalid("email", str(exc))
        if held is None and assignment.user_id is None:
            account_mail.send_role_invitation(assignment, event)
        return assignment, 200 if held is not None else 201


@bp.route("/events/<slug>/roles/<int:assignment_id>")
class RoleItem(MethodView):
    @bp.response(204)
    def delete(self, slug: str, assignment_id: int) -> None:
        """Take a role away (an invitation lapses); logged with the token's owner."""
        event = auth.event_or_404(slug)
        user = auth.require_event_manager(event, write=True)
        assignment = db.session.get(RoleAssignment, assignment_id)
        if assignment is None or assignment.event_id != event.id:
            abort(404, "No such role on this event.")
        accounts.remove_role(assignment, by=user)


# --- plugin settings -------------------------------------------------------------------------


class SettingFieldSchema(ma.Schema):
    key = ma.fields.String(required=True)
    label = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": ["bool", "int", "text", "choice"]})
    default = ma.fields.Raw(required=True, metadata={"type": ["boolean", "integer", "string"]})
    help = ma.fields.String(required=True)
    minimum = ma.fields.Integer(allow_none=True, required=True)
    maximum = ma.fields.Integer(allow_none=True, required=True)
    max_length = ma.fields.Integer(required=True)
    choices = ma.fields.Function(
        lambda f: [value for value, _label in f.choices],
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )


class PluginSettingsSchema(ma.Schema):
    plugin = ma.fields.String(required=True)
    enabled = ma.fields.Boolean(
        required=True, metadata={"description": "Whether the plugin is on for this event"}
    )
    values = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(metadata={"type": ["boolean", "integer", "string"]}),
        required=True,
        metadata={"description": "The current value of every field (the default until changed)"},
    )
    setting_fields = ma.fields.List(ma.fields.Nested(SettingFieldSchema), required=True, data_key="fields")


class PluginSettingsInput(StrictSchema):
    values = ma.fields.Dict(
        keys=Text(100),
        values=ma.fields.Raw(metadata={"type": ["boolean", "integer", "string"]}),
        required=True,
        metadata={"description": "Some or all fields, as {key: value}; the others keep their values"},
    )


def _describe(plugin: str, fields: list[SettingField], event: Event) -> dict:
    return {
        "plugin": plugin,
        "enabled": plugin not in disabled_plugins(event=event),
        "values": settings_service.plugin_settings(plugin, event),
        "setting_fields": fields,
    }


def _schema_or_404(plugin: str) -> list[SettingField]:
    fields = settings_service.settings_schemas().get(plugin)
    if fields is None:
        abort(404, "No plugin of that name has per-event settings.")
    return fields


@bp.route("/events/<slug>/plugin-settings")
class PluginSettingsList(MethodView):
    @bp.response(200, PluginSettingsSchema(many=True))
    def get(self, slug: str) -> list[dict]:
        """Every plugin with per-event settings: its fields and this event's values."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=False)
        return [
            _describe(plugin, fields, event)
            for plugin, fields in sorted(settings_service.settings_schemas().items())
        ]


@bp.route("/events/<slug>/plugin-settings/<plugin>")
class PluginSettingsItem(MethodView):
    @bp.response(200, PluginSettingsSchema)
    def get(self, slug: str, plugin: str) -> dict:
        """One plugin's settings for this event."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=False)
        return _describe(plugin, _schema_or_404(plugin), event)

    @bp.arguments(PluginSettingsInput)
    @bp.response(200, PluginSettingsSchema)
    def patch(self, data: dict, slug: str, plugin: str) -> dict:
        """Change some of a plugin's settings, each checked against the plugin's declared
        schema (422 naming the key); each change is logged with the token's owner."""
        event = auth.event_or_404(slug)
        user = auth.require_event_manager(event, write=True)
        fields = _schema_or_404(plugin)
        problems = settings_service.typed_problems(plugin, data["values"])
        if problems:
            invalid_nested({"values": {key: [message] for key, message in sorted(problems.items())}})
        try:
            settings_service.update_plugin_settings(plugin, event, data["values"], user)
        except settings_service.PluginSettingsInvalid as exc:
            invalid("values", "; ".join(exc.problems))
        return _describe(plugin, fields, event)


# --- webhooks --------------------------------------------------------------------------------


class WebhookSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    url = ma.fields.String(required=True)
    topics = ma.fields.List(ma.fields.String(), attribute="topic_list", required=True)
    secret = ma.fields.String(
        required=True, metadata={"description": "HMAC-SHA256 key of X-Confsite-Signature (docs/api.md)"}
    )
    created_at = ma.fields.AwareDateTime(required=True)


class WebhookInput(StrictSchema):
    url = Text(500, required=True, metadata={"description": "A public http:// or https:// address"})
    topics = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(list(webhooks.TOPICS))),
        required=True,
        validate=validate.Length(min=1, max=len(webhooks.TOPICS)),
    )


@bp.route("/events/<slug>/webhooks")
class WebhookList(MethodView):
    @bp.response(200, WebhookSchema(many=True))
    def get(self, slug: str) -> list[Webhook]:
        """The event's webhook subscriptions, with their signing secrets."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=False)
        return webhooks.event_webhooks(event)

    @bp.arguments(WebhookInput)
    @bp.response(201, WebhookSchema)
    def post(self, data: dict, slug: str) -> Webhook:
        """Subscribe a URL to topics. Only public addresses: one that is not http(s) or
        resolves to a loopback, private, link-local or multicast address is a 422."""
        event = auth.event_or_404(slug)
        user = auth.require_event_manager(event, write=True)
        try:
            return webhooks.subscribe(event, data["url"], data["topics"], user)
        except webhooks.WebhookError as exc:
            invalid(exc.field, str(exc))


@bp.route("/events/<slug>/webhooks/<int:webhook_id>")
class WebhookItem(MethodView):
    @bp.response(204)
    def delete(self, slug: str, webhook_id: int) -> None:
        """Remove a subscription and its deliveries."""
        event = auth.event_or_404(slug)
        auth.require_event_manager(event, write=True)
        webhook = db.session.get(Webhook, webhook_id)
        if webhook is None or webhook.event_id != event.id:
            abort(404, "No such webhook on this event.")
        webhooks.unsubscribe(webhook)
