"""Printable documents (certificates, badge sheets): HTML templates made PDF by WeasyPrint.

Like :mod:`confsite.mail`, this is the layer where templates are rendered and links
built for services; services call :func:`render_pdf` with plain data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import render_template, url_for

from confsite.mail import links_context


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as an SVG data URI (an <img> source)."""
    import segno  # noqa: PLC0415  (only badges and certificates draw QR codes)

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def absolute_url(endpoint: str, **values: Any) -> str:
    with links_context():
        return url_for(endpoint, _external=True, **values)


def render_pdf(template: str, **context: Any) -> bytes:
    """``templates/documents/<template>.html`` as a PDF."""
    # WeasyPrint takes a second to import; only document builds need it.
    from weasyprint import HTML  # noqa: PLC0415

    with links_context():
        html = render_template(f"documents/{template}.html", **context)
    return HTML(string=html).write_pdf()


def links(targets: Mapping[str, tuple[str, Mapping[str, Any]]]) -> dict[str, str]:
    """Absolute URLs for ``{name: (endpoint, arguments)}``."""
    with links_context():
        return {name: url_for(endpoint, _external=True, **args) for name, (endpoint, args) in targets.items()}
