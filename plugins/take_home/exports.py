"""Published messages and main outcomes as Markdown and CSV downloads.

Everything here starts from the sanitised HTML and produces plain text or escaped
Markdown, so nothing a rapporteur typed can become markup in a download or report.
"""

from __future__ import annotations

import csv
import io

from confsite.api import Event, Person, Talk, country_name, event_dates

from .formatting import escape_markdown, plain_text, to_markdown
from .queries import by_session, published_event_messages, published_outcomes


def speaker_line(person: Person) -> str:
    """'Name (Affiliation, Country)' as the report shows speakers."""
    details = [d for d in (person.affiliation, country_name(person.country) if person.country else "") if d]
    return f"{person.name} ({', '.join(details)})" if details else person.name


def talk_heading(talk: Talk) -> str:
    speakers = "; ".join(speaker_line(p) for p in talk.speakers)
    return f"{talk.title} — {speakers}" if speakers else talk.title


# -- Markdown ------------------------------------------------------------------------
def event_markdown(event: Event) -> str:
    lines = [f"# {escape_markdown(event.title)}", "", f"{escape_markdown(event_dates(event))}", ""]
    lines += ["## Take-home messages", ""]
    sessions = by_session(published_event_messages(event))
    if not sessions:
        lines += ["No take-home messages have been published yet.", ""]
    for item in sessions:
        lines += [f"### {escape_markdown(item.session.title)}", ""]
        for group in item.groups:
            if group.talk is not None:
                lines += [f"#### {escape_markdown(talk_heading(group.talk))}", ""]
            lines += [f"- {to_markdown(m.body)}" for m in group.messages]
            lines.append("")
    outcome = published_outcomes(event)
    if outcome is not None:
        lines += ["## Main outcomes", ""]
        for paragraph in outcome.text.split("\n\n"):
            if paragraph.strip():
                lines += [to_markdown(paragraph), ""]
        if outcome.key_points:
            lines += ["Key points:", ""]
            lines += [f"- {to_markdown(p)}" for p in outcome.key_points]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- CSV -----------------------------------------------------------------------------
CSV_HEADERS = ("session", "talk", "speakers", "affiliations", "countries", "order", "message")


def _cell(value: str) -> str:
    """Defuse spreadsheet formulas (CSV injection) by prefixing a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def event_csv(event: Event) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for item in by_session(published_event_messages(event)):
        for group in item.groups:
            speakers = group.talk.speakers if group.talk is not None else []
            for number, message in enumerate(group.messages, start=1):
                writer.writerow(
                    _cell(v)
                    for v in (
                        item.session.title,
                        group.talk.title if group.talk is not None else "",
                        "; ".join(p.name for p in speakers),
                        "; ".join(p.affiliation for p in speakers),
                        "; ".join(country_name(p.country) if p.country else "" for p in speakers),
                        str(number),
                        plain_text(message.body),
                    )
                )
    return buffer.getvalue()
