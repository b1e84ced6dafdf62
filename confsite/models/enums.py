"""Every enumeration of the core model in one place: the values stored in the database
(VARCHAR with a CHECK constraint, see ``models.base.enum_column``) and their labels."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from confsite.i18n import _l


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a human label for forms and pages.

    Members are written ``NAME = "value", "Label"``; looking one up by value works as
    for any enum (``EventKind("workshop")``).
    """

    _value_: str
    label: str

    if TYPE_CHECKING:  # the stored value is the first item of each member's pair

        @property
        def value(self) -> str: ...

    else:  # type checkers would take (value, label) as the lookup signature

        def __new__(cls, value: str, label: str) -> LabelledEnum:
            obj = str.__new__(cls, value)
            obj._value_ = value
            obj.label = label
            return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class EventKind(LabelledEnum):
    CONFERENCE = "conference", "Conference"
    WORKSHOP = "workshop", "Workshop"
    MEETING = "meeting", "Meeting"
    WEBINAR = "webinar", "Webinar"
    TRAINING = "training", "Training"
    DISSEMINATION = "dissemination", "Dissemination activity"
    CAPACITY_BUILDING = "capacity_building", "Capacity-building session"


class EventFormat(LabelledEnum):
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"
    IN_PERSON = "in_person", "In person"


class EventStatus(LabelledEnum):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class SessionKind(LabelledEnum):
    OPENING = "opening", "Opening"
    KEYNOTE = "keynote", "Keynote"
    TALKS = "talks", "Talks"
    PANEL = "panel", "Panel"
    BREAK = "break", "Break"
    VISIT = "visit", "Visit"
    CO_CREATION = "co_creation", "Co-creation"
    CLOSING = "closing", "Closing"
    OTHER = "other", "Other"


class SessionStatus(LabelledEnum):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Sector(LabelledEnum):
    ACADEMIA = "academia", "Academia and research"
    INDUSTRY = "industry", "Industry"
    PUBLIC_AUTHORITY = "public_authority", "Public authority"
    HEALTHCARE_PROVIDER = "healthcare_provider", "Healthcare provider"
    CLUSTER_AGENCY = "cluster_agency", "Cluster or agency"
    OTHER = "other", "Other"


class RegistrationStatus(LabelledEnum):
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class RoleName(LabelledEnum):
    ORGANISER = "organiser", "Organiser"
    CHAIR = "chair", "Chair"
    RAPPORTEUR = "rapporteur", "Rapporteur"
    PARTNER = "partner", "Partner"


class OutboxStatus(LabelledEnum):
    """Where an e-mail of the outbox stands (models.mail)."""

    QUEUED = "queued", _l("Queued")
    SENT = "sent", _l("Sent")
    RETRYING = "retrying", _l("Retrying")
    FAILED = "failed", _l("Failed")
    BOUNCED = "bounced", _l("Refused by the mail server")


class Audience(LabelledEnum):
    """Who an organiser's message goes to (models.mail.Mailing)."""

    CONFIRMED = "confirmed", _l("Confirmed registrants")
    WAITLISTED = "waitlisted", _l("People on the waiting list")
    CHECKED_IN = "checked_in", _l("Checked-in attendees")
    NOT_CHECKED_IN = "not_checked_in", _l("Confirmed registrants not checked in")
    ALL = "all", _l("All registrants (confirmed and waiting list)")
    SPEAKERS = "speakers", _l("Speakers and chairs of the programme")
