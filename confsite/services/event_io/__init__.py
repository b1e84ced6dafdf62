"""Event files: one event with its programme, people, organisations and roles as JSON.

The format is documented in ``docs/event-format.md`` and described by
``confsite/schemas/event-file.schema.json``. Export is deterministic (people and
organisations are numbered in order of first appearance in the programme), so
export -> import into an empty site -> export gives the same document. Session and
talk ``uid``s travel with the file, so calendar subscribers keep their entries.
Registrations are personal data and never leave through this format.

Import checks everything first and writes nothing when there is any problem.

``export`` writes a file, ``load`` reads one in, ``format`` names the format and its
error; the functions callers use are imported here.
"""

from __future__ import annotations

from confsite.services.event_io.export import (
    dumps,
    event_file_chunks,
    export_event,
    export_event_with_people,
)
from confsite.services.event_io.format import FORMAT_NAME, FORMAT_VERSION, EventFileError
from confsite.services.event_io.load import check_document, import_event, parse_file, schema_problems

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "EventFileError",
    "check_document",
    "dumps",
    "event_file_chunks",
    "export_event",
    "export_event_with_people",
    "import_event",
    "parse_file",
    "schema_problems",
]
