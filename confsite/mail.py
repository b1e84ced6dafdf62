"""E-mail: composing from templates, the outbox, and delivery as a background job.

Services call :func:`compose` (the one place templates and links are rendered, so
plugins' additions to e-mails fit in here) and :func:`send` or :func:`queue`. A
message becomes an :class:`~confsite.models.OutboxMessage` row and a delivery job:
the action that wrote it (a registration, say) never waits for the mail server, and
a retried job sees the row's status and never sends twice.

Backends: ``file`` writes each message as an ``.eml`` file into ``instance/outbox/``
(development, demos, tests); ``smtp`` uses the ``MAIL_SMTP_*`` settings. A 5xx answer
to the recipient marks the message bounced; other failures are retried with back-off
and, after the last attempt, marked failed (``confsite mail-retry`` queues those again).
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template, url_for

from confsite import jobs
from confsite.extensions import db
from confsite.i18n import in_language
from confsite.models.base import utcnow
from confsite.models.mail import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

# (filename, MIME type, content) or with a fourth item: extra Content-Type parameters.
Attachment = tuple[str, str, bytes] | tuple[str, str, bytes, Mapping[str, str]]


def build_message(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Iterable[Attachment] = (),
) -> EmailMessage:
    """A plain-text message with an optional HTML alternative and attachments.

    Text attachments (``text/calendar`` above all) say ``charset=utf-8``, so names
    such as "Fernández" arrive intact in strict mail readers.
    """
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="confsite.invalid")
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, mimetype, content, *extra in attachments:
        maintype, subtype = mimetype.split("/", 1)
        params = dict(extra[0]) if extra else {}
        if maintype == "text":
            params.setdefault("charset", "utf-8")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename, params=params)
    return message


@contextmanager
def links_context() -> Iterator[None]:
    """Absolute links need a host: outside a request (the worker), use the site's."""
    if has_request_context():
        yield
        return
    config = current_app.config
    base = config.get("BASE_URL") or (
        f"http://{config['SERVER_NAME']}" if config.get("SERVER_NAME") else None
    )
    with current_app.test_request_context(base_url=base or "http://localhost:5000"):
        yield


def compose(
    template: str,
    *,
    to: str,
    subject: str | Callable[[], str],
    heading: str | None = None,
    attachments: Iterable[Attachment] = (),
    html_body: str | None = None,
    links: Mapping[str, tuple[str, Mapping[str, Any]] | None] | None = None,
    language: str | None = None,
    **context: Any,
) -> EmailMessage:
    """Render ``templates/email/<template>.txt`` (and its HTML twin) into a message.

    ``links`` maps context names to ``(endpoint, arguments)``, made absolute URLs here
    (services never build URLs). ``html_body``: ready, sanitised HTML for the body
    (organisers' Markdown messages); otherwise the HTML part repeats the text with
    links made clickable. ``language``: the recipient's (their account's, or the one they
    registered in); the subject may be a callable so it is translated into it too.
    """
    with links_context(), in_language(language):
        subject = subject() if callable(subject) else str(subject)
        for name, target in (links or {}).items():
            context[name] = url_for(target[0], _external=True, **target[1]) if target else None
        context.setdefault("site_name", current_app.config["SITE_NAME"])
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(
            "email/message.html", body=text, html_body=html_body, heading=heading or subject, **context
        )
    return build_message(to, subject, text, html, attachments)


def queue(message: EmailMessage, *, key: str | None = None, batch: str | None = None) -> OutboxMessage | None:
    """Put ``message`` in the outbox with its delivery job (sent when the caller
    commits). With ``key``, a message already queued under it is not queued again
    (returns None)."""
    if key and is_queued(key):
        return None
    row = OutboxMessage(
        key=key,
        batch=batch,
        recipient=str(message["To"]),
        subject=str(message["Subject"])[:400],
        raw=bytes(message),
        status=OutboxStatus.QUEUED,
    )
    db.session.add(row)
    db.session.flush()
    jobs.enqueue(deliver, row.id)
    return row


def is_queued(key: str) -> bool:
    """Whether a message was already queued under ``key``."""
    return db.session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None


def send(message: EmailMessage, *, key: str | None = None) -> bool:
    """Queue ``message`` and commit, for callers whose own change is already
    committed; True if it was queued (False: already queued under ``key``)."""
    queued = queue(message, key=key) is not None
    db.session.commit()
    return queued


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


def _refused_for_good(exc: Exception) -> bool:
    """The server said no to this recipient or message (5xx): retrying cannot help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _mark_failed(message_id: int) -> None:
    row = db.session.get(OutboxMessage, message_id)
    if row is not None and row.status != OutboxStatus.SENT:
        row.status = OutboxStatus.FAILED
        db.session.commit()


@jobs.job(retries=5, retry_delay=30, backoff=2.0, on_dead=_mark_failed)
def deliver(message_id: int) -> None:
    """Send one outbox message unless it is already sent (retries are harmless)."""
    row = db.session.get(OutboxMessage, message_id)
    if row is None or row.status in (OutboxStatus.SENT, OutboxStatus.BOUNCED):
        return
    message = BytesParser(policy=policy.default).parsebytes(row.raw)
    row.attempts += 1
    try:
        _deliver(message)  # the default policy parses to EmailMessage
    except Exception as exc:
        row.error = f"{type(exc).__name__}: {exc}"[:2000]
        if _refused_for_good(exc):
            row.status = OutboxStatus.BOUNCED
            db.session.commit()
            return
        row.status = OutboxStatus.RETRYING
        db.session.commit()
        raise
    row.status = OutboxStatus.SENT
    row.sent_at = utcnow()
    row.error = ""
    db.session.commit()


def retry_failed() -> int:
    """Queue again the messages whose delivery gave up; returns how many."""
    rows = list(
        db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED))
    )
    for row in rows:
        row.status = OutboxStatus.QUEUED
        jobs.enqueue(deliver, row.id)
    db.session.commit()
    return len(rows)


# The names plugins see through confsite.api.
compose_mail = compose
queue_mail = queue
