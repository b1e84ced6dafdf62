"""Deliverable metadata: what an EU project officer expects on a report's cover and in
its front matter (project, programme and grant, deliverable id and title, work
package, lead beneficiary, dissemination level, dates, version, people, document
history, disclaimer with the funding statement and emblem).

Stored as one JSON object per event or series (``ReportSettings.deliverable``) and
copied into each published version, so a version keeps the cover it was issued with.
Images (project logo, funding emblem) are kept as PNG data URIs: small, and they
travel with the JSON.
"""

from __future__ import annotations

import base64
import io
from dataclasses import asdict, dataclass, field, fields

from confsite.api import _

from .targets import ReportError

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_HISTORY = 50
DISSEMINATION_LEVELS = ("PU", "SEN", "CO")


def dissemination_label(code: str) -> str:
    return {
        "PU": _("Public"),
        "SEN": _("Sensitive: limited under the conditions of the grant agreement"),
        "CO": _("Confidential: consortium members only, including the Commission"),
    }.get(code, code)


@dataclass(frozen=True)
class HistoryEntry:
    version: str
    date: str
    author: str
    change: str


@dataclass(frozen=True)
class Deliverable:
    project: str = ""
    acronym: str = ""
    programme: str = ""
    grant_number: str = ""
    deliverable_id: str = ""
    deliverable_title: str = ""
    work_package: str = ""
    lead_beneficiary: str = ""
    dissemination_level: str = "PU"
    due_date: str = ""
    submission_date: str = ""
    version: str = ""
    authors: str = ""
    contributors: str = ""
    reviewers: str = ""
    disclaimer: str = ""
    funding_statement: str = ""
    logo: str = ""  # PNG data URI
    emblem: str = ""  # PNG data URI
    history: tuple[HistoryEntry, ...] = field(default_factory=tuple)

    @classmethod
    def from_json(cls, data: dict | None) -> Deliverable:
        data = dict(data or {})
        known = {f.name for f in fields(cls)} - {"history"}
        values = {key: str(data[key]) for key in known if data.get(key) is not None}
        history = tuple(
            HistoryEntry(**{k: str(entry.get(k, "")) for k in ("version", "date", "author", "change")})
            for entry in data.get("history") or []
            if isinstance(entry, dict)
        )
        return cls(**values, history=history)

    def to_json(self) -> dict:
        data = asdict(self)
        data["history"] = [asdict(entry) for entry in self.history]
        return data

    @property
    def is_empty(self) -> bool:
        return not (self.project or self.acronym or self.deliverable_id or self.deliverable_title)

    def cover_rows(self) -> list[tuple[str, str]]:
        """The cover's metadata table: (label, value), empty values left out."""
        rows = [
            (_("Programme"), self.programme),
            (_("Grant agreement"), self.grant_number),
            (_("Deliverable"), " ".join(p for p in (self.deliverable_id, self.deliverable_title) if p)),
            (_("Work package"), self.work_package),
            (_("Lead beneficiary"), self.lead_beneficiary),
            (
                _("Dissemination level"),
                f"{self.dissemination_level} – {dissemination_label(self.dissemination_level)}"
                if self.dissemination_level
                else "",
            ),
            (_("Due date"), self.due_date),
            (_("Submission date"), self.submission_date),
            (_("Version"), self.version),
            (_("Authors"), self.authors),
            (_("Contributors"), self.contributors),
            (_("Reviewers"), self.reviewers),
        ]
        return [(label, value) for label, value in rows if value]

    def history_rows(self) -> list[tuple[str, str, str, str]]:
        return [(h.version, h.date, h.author, h.change) for h in self.history]

    def image_bytes(self, name: str) -> bytes | None:
        """The PNG bytes of ``logo`` or ``emblem`` (None when there is none)."""
        uri = getattr(self, name)
        if not uri.startswith("data:image/png;base64,"):
            return None
        return base64.b64decode(uri.split(",", 1)[1])


def parse_history(text: str) -> tuple[HistoryEntry, ...]:
    """One line per version: ``version | date | author | change``."""
    entries = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4 or not parts[0]:
            raise ReportError(
                _(
                    "Document history, line %(n)s: write “version | date | author | change”.",
                    n=number,
                )
            )
        entries.append(HistoryEntry(*parts))
    if len(entries) > MAX_HISTORY:
        raise ReportError(_("The document history has at most %(n)s lines.", n=MAX_HISTORY))
    return tuple(entries)


def history_text(entries: tuple[HistoryEntry, ...]) -> str:
    return "\n".join(f"{e.version} | {e.date} | {e.author} | {e.change}" for e in entries)


def image_data_uri(data: bytes) -> str:
    """An uploaded PNG or JPEG image as a PNG data URI (re-encoded, so nothing but
    pixels survives); ReportError for anything else or anything too large."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ReportError(_("The image is larger than 2 MB."))
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415  (only uploads need Pillow)

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise ReportError(_("Upload a PNG or JPEG image."))
            image.load()
            if image.width > 4000 or image.height > 4000:
                raise ReportError(_("The image is larger than 4000 × 4000 pixels."))
            out = io.BytesIO()
            image.convert("RGBA").save(out, format="PNG")
    except (UnidentifiedImageError, OSError):
        raise ReportError(_("Upload a PNG or JPEG image.")) from None
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
