"""Organiser downloads of one event: its calls' applications with their ranking, and
the 1:1 meeting schedule (pretalx-style small exporters)."""

from __future__ import annotations

import csv
import io

from confsite.api import Event, country_name, local_dt

from . import evaluation, matchmaking, services
from .i18n import _


def applications_csv(event: Event) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [_("Call"), _("Application"), _("Title"), _("Applicant"), _("Country"), _("Topic"),
         _("Mean score"), _("Spread"), _("Reviews"), _("Shortlisted"), _("Decision")]
    )  # fmt: skip
    for call in services.calls_of(event, surveys=False):
        for rank in evaluation.ranking(call):
            s = rank.submission
            writer.writerow(
                [
                    call.title,
                    s.id,
                    s.title,
                    s.user.name if s.user else "",
                    country_name(s.country),
                    s.topic,
                    "" if rank.mean is None else rank.mean,
                    "" if rank.spread is None else rank.spread,
                    rank.reviews,
                    _("yes") if s.shortlisted else "",
                    s.decision.label,
                ]
            )
    return buffer.getvalue()


def meetings_csv(event: Event) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Starts"), _("Ends"), _("Where"), _("Requested by"), _("With"), _("Across regions")])
    for meeting in matchmaking.event_meetings(event):
        writer.writerow(
            [
                local_dt(meeting.slot.start_at, event, "%Y-%m-%d %H:%M"),
                local_dt(meeting.slot.end_at, event, "%H:%M"),
                meeting.slot.location,
                meeting.requester.display_name,
                meeting.invitee.display_name,
                _("yes") if matchmaking.cross_regional(meeting.requester, meeting.invitee) else "",
            ]
        )
    return buffer.getvalue()
