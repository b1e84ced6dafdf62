"""The example sheet organisers download to fill in for the spreadsheet agenda import
(``services/agenda_import.py`` reads it back): its columns and a few example rows."""

from __future__ import annotations

import csv
import io

from confsite.models import Event

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATE_HEADER = (
    "day",
    "start",
    "end",
    "session",
    "room",
    "kind",
    "chairs",
    "talk title",
    "speakers",
    "affiliation",
    "country",
)


def template_rows(event: Event) -> list[tuple[str, ...]]:
    """The header and example rows (a session with two talks, then a break, on the event's
    first day), for organisers to fill in: CSV or XLSX (views/manage/files.py)."""
    day = event.local(event.start_at).date().isoformat()
    return [
        TEMPLATE_HEADER,
        (
            day,
            "09:30",
            "10:00",
            "Opening",
            "Plenary room",
            "opening",
            "Ana Example",
            "Welcome and aims",
            "Ana Example",
            "",
            "ES",
        ),
        (
            day,
            "10:00",
            "11:00",
            "Opening",
            "Plenary room",
            "opening",
            "Ana Example",
            "Regions compare notes",
            "Jan Example; Eva Example",
            "First Agency; Second Cluster",
            "PL; SI",
        ),
        (day, "11:00", "11:30", "Coffee break", "Plenary room", "break", "", "", "", "", ""),
    ]


TEMPLATE_KINDS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_MIMETYPE}


def template_file(event: Event, kind: str) -> tuple[bytes, str]:
    """:func:`template_rows` as a CSV (UTF-8 with BOM, for spreadsheet programs) or XLSX file."""
    rows = template_rows(event)
    if kind == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8"), TEMPLATE_KINDS[kind]
    from openpyxl import Workbook  # noqa: PLC0415  (openpyxl is slow to import; see _rows_from_xlsx)

    book = Workbook()
    sheet = book.create_sheet("Agenda", 0)
    book.remove(book.worksheets[1])  # the default empty sheet
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), TEMPLATE_KINDS[kind]
