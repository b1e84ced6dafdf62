"""Reading the e-mails the file backend wrote, as a recipient would."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from flask import Flask

from confsite import jobs


def messages(app: Flask, folder: str = "") -> list[EmailMessage]:
    """Every message in ``instance/outbox`` (or a sub-folder), oldest first, once the
    jobs due have run (as the worker would have by the time a recipient looks)."""
    jobs.run_pending(app)
    path = Path(app.instance_path) / "outbox" / folder
    files = sorted(path.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in files]


def to(app: Flask, address: str) -> list[EmailMessage]:
    return [m for m in messages(app) if m["To"] == address]


def text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link(message: EmailMessage, path_part: str) -> str:
    """The first URL in the plain-text body that contains ``path_part``."""
    for url in re.findall(r"https?://\S+", text(message)):
        if path_part in url:
            return url
    raise AssertionError(f"no link with {path_part!r} in:\n{text(message)}")
