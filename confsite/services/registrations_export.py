"""Listing registrations for organisers, and exporting them as a spreadsheet-safe CSV
or XLSX.

The CSV is UTF-8 with a byte-order mark (so Excel guesses the encoding right) and every
cell a spreadsheet could read as a formula is prefixed with an apostrophe (OWASP's advice
against CSV injection); the XLSX has the same columns and the same guarded cells.

Both exports are generators of bytes read in batches of :data:`BATCH` registrations
(one query for the rows, streamed, and one for each batch's answers), so an export of
50,000 registrations holds no more in memory than one of 500.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from confsite.countries import country_name
from confsite.extensions import db
from confsite.models import Event, Registration, RegistrationAnswer, RegistrationStatus, Sector
from confsite.name_keys import name_key
from confsite.services.pagination import PER_PAGE, Page, paginate

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class RegistrationFilter:
    search: str = ""
    status: str = ""
    country: str = ""
    sector: str = ""


def _conditions(event: Event, chosen: RegistrationFilter) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of ``chosen`` on ``event``'s registrations: shared by the
    list and the exports, so both always show the same rows. The search looks in the
    search key (name, organisation and e-mail, accents and case aside: "angel" finds
    "Ángel", "lukasz" "Łukasz"), within the event's part of the ``(event_id,
    search_key)`` index."""
    conditions: list[sa.ColumnElement[bool]] = [Registration.event_id == event.id]
    key = name_key(chosen.search)
    if key:
        # autoescape: % and _ typed by the organiser are searched for, not wildcards.
        conditions.append(Registration.search_key.contains(key, autoescape=True))
    if chosen.status in {s.value for s in RegistrationStatus}:
        conditions.append(Registration.status == RegistrationStatus(chosen.status))
    if chosen.country:
        conditions.append(Registration.country == chosen.country.upper())
    if chosen.sector in {s.value for s in Sector}:
        conditions.append(Registration.sector == Sector(chosen.sector))
    return conditions


# The key starts with the name's: this is name order, and the index's order.
LIST_ORDER = (Registration.search_key, Registration.id)


def matching_registrations(event: Event, chosen: RegistrationFilter) -> sa.Select[Registration]:
    """The query of the registrations matching a free-text search and filters, in name order."""
    return sa.select(Registration).where(*_conditions(event, chosen)).order_by(*LIST_ORDER)


def registrations_page(
    event: Event, chosen: RegistrationFilter, number: int, per_page: int = PER_PAGE
) -> Page[Registration]:
    """One page of :func:`matching_registrations`, with the number of matching rows."""
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


# Registrations read per query of answers, and bytes per chunk sent: large enough that
# a 5,000-row export costs a dozen queries, small enough that memory stays flat.
BATCH = 500
CHUNK_BYTES = 64 * 1024


def _answer_columns(event: Event, chosen: RegistrationFilter) -> list[tuple[str, str, str]]:
    """``(plugin, key, label)`` of every question answered by a chosen registration,
    sorted; the label is that of the newest answer (a question reworded since keeps
    one column, under its latest wording). One query, whatever the number of rows."""
    newest = (
        sa.select(sa.func.max(RegistrationAnswer.id))
        .join(Registration, Registration.id == RegistrationAnswer.registration_id)
        .where(*_conditions(event, chosen))
        .group_by(RegistrationAnswer.plugin, RegistrationAnswer.key)
    )
    rows = db.session.execute(
        sa.select(RegistrationAnswer.plugin, RegistrationAnswer.key, RegistrationAnswer.label)
        .where(RegistrationAnswer.id.in_(newest))
        .order_by(RegistrationAnswer.plugin, RegistrationAnswer.key)
    )
    return [(plugin, key, label) for plugin, key, label in rows]


def _answers_of(ids: Sequence[int]) -> dict[int, dict[tuple[str, str], str]]:
    """The answers of one batch of registrations (one query), by registration."""
    found: dict[int, dict[tuple[str, str], str]] = {i: {} for i in ids}
    rows = db.session.execute(
        sa.select(
            RegistrationAnswer.registration_id,
            RegistrationAnswer.plugin,
            RegistrationAnswer.key,
            RegistrationAnswer.value,
        ).where(RegistrationAnswer.registration_id.in_(ids))
    )
    for registration_id, plugin, key, value in rows:
        found[registration_id][(plugin, key)] = value
    return found


def export_rows(event: Event, chosen: RegistrationFilter) -> Iterator[list[str]]:
    """The header, then one row per chosen registration in list order, every cell
    spreadsheet-safe: plugins' questions answered by any add a column each. Rows are
    read in batches of :data:`BATCH` from one streamed query, never all at once."""
    # A download is made after its request's session was closed (stream_with_context
    # runs the end-of-request teardown first): the view's event is attached afresh.
    event = db.session.merge(event, load=False)
    extra = _answer_columns(event, chosen)
    yield [*COLUMNS, *(safe_cell(label) for _plugin, _key, label in extra)]
    result = db.session.execute(
        sa.select(
            Registration.id,
            Registration.name,
            Registration.email,
            Registration.organisation,
            Registration.country,
            Registration.sector,
            Registration.status,
            Registration.created_at,
            Registration.checked_in_at,
        )
        .where(*_conditions(event, chosen))
        .order_by(*LIST_ORDER)
        .execution_options(yield_per=BATCH)
    )
    for batch in result.partitions():
        answers = _answers_of([r.id for r in batch]) if extra else {}
        for r in batch:
            given = answers.get(r.id, {})
            yield [
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


def registrations_csv(event: Event, chosen: RegistrationFilter) -> Iterator[bytes]:
    """The CSV of :func:`export_rows` in UTF-8 with a byte-order mark, in chunks of
    about :data:`CHUNK_BYTES`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "\ufeff".encode()
    for row in export_rows(event, chosen):
        writer.writerow(row)
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def registrations_xlsx(event: Event, chosen: RegistrationFilter) -> Iterator[bytes]:
    """The XLSX of :func:`export_rows`, in chunks of :data:`CHUNK_BYTES`. openpyxl's
    write-only workbook writes each row to a temporary file as it comes; the zipped
    workbook is spooled to another, then read back in chunks."""
    # Imported here: a web worker that never exports a spreadsheet does not load openpyxl.
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Registrations")
    try:
        for row in export_rows(event, chosen):
            # XML cannot hold most control characters: openpyxl refuses them, so they go.
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    except BaseException:
        _discard(sheet)
        raise
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk


def _discard(sheet: WriteOnlyWorksheet) -> None:
    """Remove the temporary file of a sheet never saved: it holds personal data, and
    openpyxl would only remove it when the process ends."""
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        writer.close()
        writer.cleanup()
