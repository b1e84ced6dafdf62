"""Building report files with progress: one function the CLI, the web page and a
background job share. ``build_file`` reports progress to a callback;
``build_report(build_id)`` runs a queued :class:`ReportBuild` row and keeps its
progress, step and result in the row, so a page can poll it and offer the file;
``run_build`` is that as a background job (the core's queue) that e-mails the
requester when the file is ready.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from confsite.api import User, _, build_message, db, in_language, job, send_mail, utcnow

from .document import build_document
from .exports import FORMATS, render
from .language import in_report_language
from .models import ReportBuild
from .targets import NotAllowed, ReportError, Target, is_organiser

Progress = Callable[[int, str], None]
_PAGE = re.compile(r"Page (\d+)")


class _LayoutProgress(logging.Handler):
    """Turns WeasyPrint's progress messages ("Step 4 - Creating layout - Page 3") into
    percentages between 40 and 95."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress
        self.percent = 40

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        page = _PAGE.search(message)
        self.percent = min(95, self.percent + (1 if page else 5))
        self.progress(self.percent, message)


@contextmanager
def _pdf_progress(progress: Progress) -> Iterator[None]:
    logger = logging.getLogger("weasyprint.progress")
    handler, propagate, level = _LayoutProgress(progress), logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.INFO
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = propagate, level


def build_file(
    target: Target, fmt: str, template: str | None = None, progress: Progress | None = None
) -> bytes:
    """The current report of ``target`` as a file in format ``fmt``."""
    report = progress or (lambda percent, step: None)
    if fmt not in FORMATS:
        raise ReportError(_("Unknown format %(name)r.", name=fmt))
    with in_report_language(target):
        document = build_document(target, template=template, progress=report)
        report(35, _("Rendering %(format)s", format=FORMATS[fmt].label))
        with _pdf_progress(report):
            body = render(document, fmt)
        report(100, _("Done"))
    return body


def request_build(user: User, target: Target, fmt: str) -> ReportBuild:
    """Queue a build of the report (organisers only). Caller commits, then runs
    :func:`build_report` (in the background where a job queue exists)."""
    if not is_organiser(user, target):
        raise NotAllowed(_("Only organisers can build the report."))
    if fmt not in FORMATS:
        raise ReportError(_("Unknown format %(name)r.", name=fmt))
    build = ReportBuild(**target.scope_kwargs(), format=fmt, state="queued", requested_by_id=user.id)
    db.session.add(build)
    return build


def build_report(build_id: int) -> None:
    """Run a queued build, committing its progress as it goes (so another request can
    read it) and its file or error at the end."""
    build = db.session.get(ReportBuild, build_id)
    if build is None or build.state not in ("queued", "running"):
        return
    target = Target(event=build.event) if build.event_id is not None else Target(series=build.series)
    build.state, build.progress = "running", 1
    db.session.commit()

    def progress(percent: int, step: str) -> None:
        db.session.execute(
            sa.update(ReportBuild)
            .where(ReportBuild.id == build_id)
            .values(progress=max(0, min(100, percent)), step=step[:200])
        )
        db.session.commit()

    try:
        body = build_file(target, build.format, progress=progress)
    except Exception as exc:  # a failed build is reported on the page, not lost
        db.session.rollback()
        build = db.session.get(ReportBuild, build_id)
        assert build is not None, "the build row was read above and builds are never deleted"
        build.state, build.error, build.finished_at = "failed", str(exc)[:2000], utcnow()
        db.session.commit()
        raise
    build = db.session.get(ReportBuild, build_id)
    assert build is not None, "the build row was read above and builds are never deleted"
    build.body, build.state, build.progress, build.finished_at = body, "done", 100, utcnow()
    db.session.commit()


def latest_builds(target: Target, limit: int = 5) -> list[ReportBuild]:
    return list(
        db.session.scalars(
            sa.select(ReportBuild)
            .where(target.filter(ReportBuild))
            .order_by(ReportBuild.id.desc())
            .limit(limit)
            .options(sa.orm.defer(ReportBuild.body))
        )
    )


@job(retries=0)
def run_build(build_id: int, link: str = "") -> None:
    """Background job: build the file, then tell the requester it is ready (or why
    not). A failure is kept on the build row and shown on its page: no retry, since a
    second attempt would fail the same way."""
    try:
        build_report(build_id)
    except Exception:  # stored on the row by build_report; the requester is told below
        db.session.rollback()
    build = db.session.get(ReportBuild, build_id)
    if build is None or build.requested_by_id is None:
        return
    user = db.session.get(User, build.requested_by_id)
    if user is None or not user.email:
        return
    target = build.event or build.series
    title = target.title if target is not None else ""
    with in_language(user.language):  # the requester's language, not the report's
        if build.state == "done":
            subject = _("Your report is ready: %(title)s", title=title)
            body = _(
                "The %(format)s file of the report of %(title)s is ready.", format=build.format, title=title
            )
        else:
            subject = _("Your report could not be built: %(title)s", title=title)
            body = _("Building the report of %(title)s failed: %(error)s", title=title, error=build.error)
    if link:
        body += "\n\n" + link
    send_mail(build_message(user.email, subject, body), key=f"report-build-{build_id}")
