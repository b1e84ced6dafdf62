"""Uploaded files: recognised by their content (never by name or the browser's word),
stored under a random name outside the web root (``instance/calls_uploads`` unless
``CALLS_UPLOAD_DIR`` says otherwise), read back only through an access-checked view."""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import Path

from flask import current_app

from .i18n import _

#: File types an organiser can allow, with their MIME type.
FILE_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


class UploadError(ValueError):
    """A file that cannot be accepted; the message says why."""


def sniff(content: bytes) -> str | None:
    """The type key of ``content`` judged by its bytes, or None if unrecognised."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and archive.read("mimetype") == FILE_TYPES["odt"].encode():
                    return "odt"
        except zipfile.BadZipFile:
            return None
    return None


def check(content: bytes, allowed: list[str], max_size_kb: int | None) -> str:
    """The type key of an acceptable upload; raises :class:`UploadError` otherwise."""
    if not content:
        raise UploadError(_("The file is empty."))
    if max_size_kb and len(content) > max_size_kb * 1024:
        raise UploadError(_("The file is larger than %(size)s KB.", size=max_size_kb))
    kind = sniff(content)
    allowed = allowed or list(FILE_TYPES)
    if kind is None or kind not in allowed:
        raise UploadError(
            _("This file is not one of the accepted types (%(types)s).", types=", ".join(allowed).upper())
        )
    return kind


def upload_dir() -> Path:
    configured = current_app.config.get("CALLS_UPLOAD_DIR")
    path = Path(configured) if configured else Path(current_app.instance_path) / "calls_uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(content: bytes) -> str:
    """Write ``content`` under a fresh random name; returns that name."""
    name = secrets.token_hex(20)
    (upload_dir() / name).write_bytes(content)
    return name


def read(stored_name: str) -> bytes:
    return (upload_dir() / stored_name).read_bytes()


def remove(stored_name: str) -> None:
    (upload_dir() / stored_name).unlink(missing_ok=True)
