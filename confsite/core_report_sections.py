"""The report sections every site has: an overview of the events and their programme.

A core plugin (listed in ``CORE_PLUGIN_MODULES``): always loaded and never switched
off, so a report can be built even when every optional plugin is disabled.
"""

from __future__ import annotations

from confsite import hookimpl, rich_text
from confsite.countries import country_name
from confsite.i18n import _, ngettext
from confsite.models import Event, Person, Session, SessionKind
from confsite.reporting import Block, BulletList, Heading, Paragraph, ReportScope, ReportSection
from confsite.services.agenda import load_sessions
from confsite.services.images import thumbnail_data_uri
from confsite.templating import event_dates

OVERVIEW_ORDER = 10
PROGRAMME_ORDER = 30  # + the event's index, so programmes follow the events' dates


def person_line(person: Person) -> str:
    """'Name, Position, Affiliation (Country)': how a report introduces a speaker."""
    parts = [person.name]
    if person.position:
        parts.append(person.position)
    if person.affiliation:
        parts.append(person.affiliation)
    text = ", ".join(parts)
    country = person.country or (person.organisation.country if person.organisation else None)
    return f"{text}, {country_name(country)}" if country else text


def _event_facts(event: Event) -> BulletList:
    local_start = event.local(event.start_at)
    facts = [
        _(
            "Dates: %(dates)s (%(timezone)s, starting %(time)s)",
            dates=event_dates(event),
            timezone=event.timezone,
            time=f"{local_start:%H:%M}",
        ),
        _("Kind: %(kind)s", kind=event.kind.translated_label),
        _("Format: %(format)s", format=event.format.translated_label),
    ]
    if event.venue:
        facts.append(_("Venue: %(venue)s", venue=event.venue))
    if event.host is not None:
        host_country = country_name(event.host.country)
        host = f"{event.host.name}, {host_country}" if host_country else event.host.name
        facts.append(_("Host: %(host)s", host=host))
    return BulletList(tuple(facts))


def _paragraphs(markdown: str) -> list[Block]:
    """An organiser's Markdown as the report's plain paragraphs (its syntax stripped, so
    no "**" reaches a PDF or DOCX)."""
    return [Paragraph(part) for part in rich_text.to_text(markdown).split("\n\n") if part.strip()]


def overview_section(scope: ReportScope) -> ReportSection:
    blocks: list[Block] = []
    if scope.series is not None and scope.series.description:
        blocks.extend(_paragraphs(scope.series.description))
    if not scope.events:
        blocks.append(Paragraph(_("No published events fall within this report's period.")))
    for event in scope.events:
        blocks.append(Heading(event.title, 3))
        blocks.append(_event_facts(event))
        if event.description:
            blocks.extend(_paragraphs(event.description))
    return ReportSection("overview", _("Overview"), tuple(blocks), order=OVERVIEW_ORDER)


def _session_blocks(session: Session) -> list[Block]:
    blocks: list[Block] = [Heading(session.title, 3)]
    if session.description:
        blocks.extend(_paragraphs(session.description))
    if session.chairs:
        chairs = "; ".join(person_line(p) for p in session.chairs)
        blocks.append(
            Paragraph(ngettext("Chair: %(chairs)s", "Chairs: %(chairs)s", len(session.chairs), chairs=chairs))
        )
    for talk in session.talks:
        blocks.append(Heading(talk.title, 4))
        for speaker in talk.speakers:
            blocks.append(
                Paragraph(person_line(speaker), emphasis=True, image=thumbnail_data_uri(speaker.photo))
            )
        if talk.summary:
            blocks.append(Paragraph(talk.summary))
    return blocks


def programme_section(event: Event, index: int, single: bool) -> ReportSection:
    blocks: list[Block] = []
    for session in load_sessions(event):
        if session.is_cancelled or session.kind == SessionKind.BREAK:
            continue
        blocks.extend(_session_blocks(session))
    if not blocks:
        blocks.append(Paragraph(_("The programme of this event has no sessions yet.")))
    title = _("Programme") if single else _("Programme: %(title)s", title=event.title)
    return ReportSection(f"programme-{event.slug}", title, tuple(blocks), order=PROGRAMME_ORDER + index)


@hookimpl
def report_sections(scope: ReportScope) -> list[ReportSection]:
    single = len(scope.events) == 1
    return [overview_section(scope)] + [
        programme_section(event, index, single) for index, event in enumerate(scope.events)
    ]
