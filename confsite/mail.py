"""Sending e-mail: a file backend for development and demos, SMTP for production.

The ``file`` backend writes each message as an ``.eml`` file into ``instance/outbox/``.
With ``smtp``, a message that cannot be sent is logged and written to
``instance/outbox/failed/`` so ``confsite mail-retry`` can send it later: a mail server
that is down never breaks the action that triggered the message.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Iterable
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


def build_message(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Iterable[tuple[str, str, bytes]] = (),
) -> EmailMessage:
    """A plain-text message with an optional HTML alternative and attachments
    given as (filename, MIME type, content)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="confsite.invalid")
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, mimetype, content in attachments:
        maintype, subtype = mimetype.split("/", 1)
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


def outbox_dir() -> Path:
    path = Path(current_app.instance_path) / "outbox"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(message: EmailMessage, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    return path


def _smtp_send(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SMTP_HOST"], int(config["MAIL_SMTP_PORT"]), timeout=10) as smtp:
        if config.get("MAIL_SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("MAIL_SMTP_USER"):
            smtp.login(config["MAIL_SMTP_USER"], config["MAIL_SMTP_PASSWORD"] or "")
        smtp.send_message(message)


def _deliver(message: EmailMessage) -> None:
    if current_app.config.get("MAIL_BACKEND", "file") == "smtp":
        _smtp_send(message)
    else:
        _write(message, outbox_dir())


def send(message: EmailMessage) -> bool:
    """Deliver ``message``; returns False (after logging and keeping it) on failure."""
    try:
        _deliver(message)
        return True
    except Exception:
        log.exception("could not send mail %r to %s; kept for retry", message["Subject"], message["To"])
        try:
            _write(message, failed_dir())
        except OSError:
            log.exception("could not keep the failed mail either")
        return False


def failed_dir() -> Path:
    return outbox_dir() / "failed"


def retry_failed() -> tuple[int, int]:
    """Send the messages kept after failures again; returns (sent, still failing).

    A message leaves ``failed/`` only once it is delivered, so nothing is lost if the
    retry itself fails or is interrupted.
    """
    sent = failed = 0
    for path in sorted(failed_dir().glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        try:
            _deliver(message)
        except Exception:
            log.warning("still cannot send %s (%r)", path.name, message["Subject"])
            failed += 1
            continue
        path.unlink()
        sent += 1
    return sent, failed
