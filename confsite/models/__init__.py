"""Core data model. Plugins define their own models on the same ``db.Model`` base."""

from confsite.models.accounts import LoginFailure, RoleAssignment, User
from confsite.models.base import utcnow
from confsite.models.changes import SessionChange
from confsite.models.enums import (
    Audience,
    EventFormat,
    EventKind,
    EventStatus,
    OutboxStatus,
    RegistrationStatus,
    RoleName,
    Sector,
    SessionKind,
    SessionStatus,
)
from confsite.models.event_endings import EventEnding
from confsite.models.events import Event, Room, Series, Session, Talk, TalkSpeaker, session_chairs
from confsite.models.jobs import DeadJob
from confsite.models.mail import Mailing, OutboxMessage
from confsite.models.open_api import ApiToken, RateCounter, Webhook, WebhookDelivery
from confsite.models.people import Organisation, Person
from confsite.models.plugin_settings import PluginEventValues, PluginSetting
from confsite.models.registrations import Registration, RegistrationAnswer, Star
from confsite.models.security import LoginSession, RateLimitCounter
from confsite.models.site_settings import SiteSetting

__all__ = [
    "ApiToken",
    "Audience",
    "DeadJob",
    "Event",
    "EventEnding",
    "EventFormat",
    "EventKind",
    "EventStatus",
    "LoginFailure",
    "LoginSession",
    "Mailing",
    "Organisation",
    "OutboxMessage",
    "OutboxStatus",
    "Person",
    "PluginEventValues",
    "PluginSetting",
    "RateCounter",
    "RateLimitCounter",
    "Registration",
    "RegistrationAnswer",
    "RegistrationStatus",
    "RoleAssignment",
    "RoleName",
    "Room",
    "Sector",
    "Series",
    "Session",
    "SessionChange",
    "SessionKind",
    "SessionStatus",
    "SiteSetting",
    "Star",
    "Talk",
    "TalkSpeaker",
    "User",
    "Webhook",
    "WebhookDelivery",
    "session_chairs",
    "utcnow",
]
