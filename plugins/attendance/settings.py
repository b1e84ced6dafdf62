"""The attendance plugin's per-event settings and the question it adds to the
registration form of hybrid events: knowing who comes in person and who follows
online lets organisers plan the room and the stream, and the figures say it later."""

from __future__ import annotations

from confsite.api import (
    Event,
    EventFormat,
    MailBlock,
    Question,
    Registration,
    SettingField,
    _l,
    plugin_settings,
    registration_answers,
)

PLUGIN = "attendance"

SCHEMA = [
    SettingField(
        key="ask_attendance_mode",
        label=_l("Ask registrants of a hybrid event whether they come in person or follow online"),
        kind="bool",
        default=True,
    ),
]

MODES = (("in_person", _l("In person, at the venue")), ("online", _l("Online, on the stream")))
MAIL_TEXT = {
    "in_person": _l("You told us you will attend in person: see you at the venue."),
    "online": _l("You told us you will follow online: the stream link comes with the programme."),
}


def attendance_question(event: Event) -> list[Question] | None:
    """How will you attend? Asked for hybrid events, unless switched off for one."""
    if event.format != EventFormat.HYBRID or not plugin_settings(PLUGIN, event)["ask_attendance_mode"]:
        return None
    return [Question("mode", str(_l("How will you attend?")), "choice", required=True, choices=MODES)]


def attendance_mail_block(registration: Registration, kind: str) -> list[MailBlock] | None:
    """A reminder of the chosen way of attending in the confirmation e-mails."""
    if kind not in ("confirmed", "promoted"):
        return None
    mode = registration_answers(registration).get((PLUGIN, "mode"))
    if mode not in MAIL_TEXT:
        return None
    return [MailBlock(str(MAIL_TEXT[mode]), order=50)]
