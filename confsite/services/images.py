"""Uploaded images (speaker photos, event and series logos and banners).

An upload is trusted for nothing: it must be under ``IMAGE_MAX_BYTES``, Pillow must
recognise it as PNG, JPEG, WebP or GIF whatever its file name says, and it is then
decoded and written again from its pixels only — resized to fit its use, with no EXIF
(camera, GPS position), no ICC or text chunks and no animation. SVG is refused: it can
carry scripts. Stored files are named by the SHA-256 of what was written (so a name never
changes meaning and pages may cache it for a year), in ``IMAGE_STORAGE`` (default
``instance/images``) — a folder the web server never executes.

Pillow is imported by the functions that decode: serving a stored file needs only its
name, so a web worker that never receives an upload never loads it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
from enum import StrEnum
from pathlib import Path

from flask import current_app

from confsite.i18n import _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Larger pictures are refused before decoding (a "decompression bomb").
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
# Stored names: 64 hex digits of the content hash + the extension of what was written.
NAME_PATTERN = re.compile(r"^[0-9a-f]{64}\.(png|jpg)$")
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


class ImageKind(StrEnum):
    """What an image is for; sets the box it is shrunk to fit."""

    PHOTO = "photo"
    LOGO = "logo"
    BANNER = "banner"


MAX_SIZE: dict[ImageKind, tuple[int, int]] = {
    ImageKind.PHOTO: (600, 600),
    ImageKind.LOGO: (600, 300),
    ImageKind.BANNER: (1600, 500),
}


class ImageError(ValueError):
    """An upload that cannot be used; the message is for the person who sent it."""


def storage_dir() -> Path:
    """Where images are kept (``IMAGE_STORAGE``, default ``<instance>/images``)."""
    configured = current_app.config.get("IMAGE_STORAGE")
    return Path(configured) if configured else Path(current_app.instance_path) / "images"


def max_bytes() -> int:
    return int(current_app.config.get("IMAGE_MAX_BYTES") or DEFAULT_MAX_BYTES)


def clean_image(data: bytes, kind: ImageKind) -> tuple[bytes, str]:
    """The upload re-encoded from its pixels, shrunk to fit ``kind``: (bytes, extension).

    Raises :class:`ImageError` for anything too large, not an accepted image, or broken.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError  # noqa: PLC0415  (see the docstring)

    limit = max_bytes()
    if not data:
        raise ImageError(_("The file is empty."))
    if len(data) > limit:
        raise ImageError(
            _("The image is too large: at most %(size)s MB.", size=f"{limit / (1024 * 1024):.0f}")
        )
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg") or b"<svg" in data[:1024].lower():
        raise ImageError(_("SVG images are not accepted (they can contain scripts): upload a PNG or JPEG."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ImageError(_("This is not a PNG, JPEG, WebP or GIF image."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ImageError(_("The image has too many pixels."))
            probe.verify()  # structure check; the image must be opened again to be used
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            # keep the camera's orientation, then drop EXIF
            image: Image.Image = ImageOps.exif_transpose(opened)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or (
                image.mode == "P" and "transparency" in image.info
            )
            image = image.convert("RGBA" if has_alpha else "RGB")
            image.thumbnail(MAX_SIZE[kind], Image.Resampling.LANCZOS)
            # A fresh image from the pixels alone: no EXIF, ICC, XMP or text chunks survive.
            fresh = Image.new(image.mode, image.size)
            fresh.paste(image)
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageError(_("This file is not an image that can be read (PNG, JPEG, WebP or GIF).")) from exc
    out = io.BytesIO()
    if has_alpha or kind == ImageKind.LOGO:
        fresh.save(out, "PNG", optimize=True)
        return out.getvalue(), "png"
    fresh.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), "jpg"


def store_image(data: bytes, kind: ImageKind) -> str:
    """Clean the upload (:func:`clean_image`) and keep it; returns its stored name."""
    cleaned, extension = clean_image(data, kind)
    name = f"{hashlib.sha256(cleaned).hexdigest()}.{extension}"
    folder = storage_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        partial = folder / f".{name}.{os.getpid()}.part"
        partial.write_bytes(cleaned)
        partial.replace(target)  # atomic: a reader never sees half a file
    return name


def image_path(name: str | None) -> Path | None:
    """The file of a stored image name, or None for a name that is not one of ours."""
    if not name or not NAME_PATTERN.match(name):
        return None
    path = storage_dir() / name
    return path if path.is_file() else None


def image_bytes(name: str | None) -> bytes | None:
    path = image_path(name)
    return path.read_bytes() if path else None


def content_type(name: str) -> str:
    return CONTENT_TYPES[name.rsplit(".", 1)[1]]


def thumbnail_data_uri(name: str | None, box: tuple[int, int] = (160, 160)) -> str:
    """A stored image shrunk to ``box`` as a JPEG ``data:`` URI ("" when there is none):
    small enough to travel inside a report snapshot and its HTML, PDF and DOCX."""
    data = image_bytes(name)
    if data is None:
        return ""
    from PIL import Image  # noqa: PLC0415  (see the docstring)

    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGB")
    image.thumbnail(box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
