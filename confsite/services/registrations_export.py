"""Listing registrations for organisers, and exporting them as a spreadsheet-safe CSV.

The CSV is UTF-8 with a byte-order mark (so Excel guesses the encoding right) and every
cell a spreadsheet could read as a formula is prefixed with an apostrophe (OWASP's advice
against CSV injection).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import sqlalchemy as sa

from confsite.countries import country_name
from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationStatus, Sector
from confsite.name_keys import name_key
from confsite.services.pagination import PER_PAGE, Page, paginate
from confsite.services.registration_questions import answer_columns, answers_by_registration

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class RegistrationFilter:
    search: str = ""
    status: str = ""
    country: str = ""
    sector: str = ""


def matching_registrations(event: Event, chosen: RegistrationFilter) -> sa.Select[Registration]:
    """The query of the registrations matching a free-text search and filters, in name
    order. The search looks in the search key (name, organisation and e-mail, accents
    and case aside: "angel" finds "Ángel", "lukasz" "Łukasz"), within the event's part
    of the ``(event_id, search_key)`` index."""
    query = sa.select(Registration).where(Registration.event_id == event.id)
    key = name_key(chosen.search)
    if key:
        # autoescape: % and _ typed by the organiser are searched for, not wildcards.
        query = query.where(Registration.search_key.contains(key, autoescape=True))
    if chosen.status in {s.value for s in RegistrationStatus}:
        query = query.where(Registration.status == RegistrationStatus(chosen.status))
    if chosen.country:
        query = query.where(Registration.country == chosen.country.upper())
    if chosen.sector in {s.value for s in Sector}:
        query = query.where(Registration.sector == Sector(chosen.sector))
    # The key starts with the name's: this is name order, and the index's order.
    return query.order_by(Registration.search_key, Registration.id)


def filtered_registrations(event: Event, chosen: RegistrationFilter) -> list[Registration]:
    """Every registration matching a free-text search (name, e-mail, organisation) and filters."""
    return list(db.session.scalars(matching_registrations(event, chosen)))


def registrations_page(
    event: Event, chosen: RegistrationFilter, number: int, per_page: int = PER_PAGE
) -> Page[Registration]:
    """One page of :func:`filtered_registrations`, with the number of matching rows."""
    return paginate(matching_registrations(event, chosen), number, per_page)


def countries_present(event: Event) -> list[str]:
    """The countries of the event's registrations, for the list's filter."""
    return list(
        db.session.scalars(
            sa.select(Registration.country)
            .where(Registration.event_id == event.id, Registration.country.is_not(None))
            .distinct()
            .order_by(Registration.country)
        )
    )


def safe_cell(value: object) -> str:
    """A cell value a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


COLUMNS = (
    "Name",
    "E-mail",
    "Organisation",
    "Country",
    "Sector",
    "Status",
    "Registered (UTC)",
    "Checked in (UTC)",
)


def registrations_csv(event: Event, registrations: list[Registration]) -> bytes:
    """One row per registration; plugins' questions answered by any add a column each."""
    answers = answers_by_registration(registrations)
    extra = answer_columns(answers)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(safe_cell(label) for _plugin, _key, label in extra)])
    for r in registrations:
        given = {(a.plugin, a.key): a.value for a in answers[r.id]}
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    r.name,
                    r.email,
                    r.organisation,
                    country_name(r.country),
                    r.sector.label,
                    r.status.label,
                    r.created_at.strftime("%Y-%m-%d %H:%M"),
                    r.checked_in_at.strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
                    *(given.get((plugin, key), "") for plugin, key, _label in extra),
                )
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
