"""Files in and out: event files (JSON) and agenda spreadsheets (CSV/XLSX)."""

from __future__ import annotations

import base64
import binascii

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from confsite.i18n import _
from confsite.services import agenda_import, event_copy, event_io
from confsite.services import agenda_template as example_sheet
from confsite.services.lookup import series_by_slug
from confsite.services.permissions import can_manage_series, is_admin
from confsite.views.downloads import streamed_download
from confsite.views.input_guard import accepts_files
from confsite.views.manage.blueprint import bp, managed_event_or_404, user
from confsite.views.manage.events import managed_series
from confsite.views.manage.forms import ConfirmForm, EventImportForm, UploadForm

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def _read_upload(form: UploadForm) -> bytes | None:
    raw = form.file.data.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        form.file.errors.append(_("The file is larger than 2 MB."))
        return None
    return raw


@bp.get("/events/<slug>/export.json")
def event_export(slug: str) -> Response:
    event = managed_event_or_404(slug)
    return streamed_download(event_io.event_file_chunks(event), "application/json", f"{event.slug}.json")


@bp.route("/import-event", methods=["GET", "POST"])
@accepts_files("file")
def event_import() -> ResponseReturnValue:
    if not is_admin(current_user) and not managed_series():
        abort(403, _("Only site administrators and series organisers can import events."))
    form = EventImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        raw = _read_upload(form)
        if raw is not None:
            try:
                document = event_io.parse_file(raw)
                series_doc = document.get("series") if isinstance(document.get("series"), dict) else None
                series = series_by_slug(str(series_doc.get("slug", ""))) if series_doc else None
                if not is_admin(current_user) and not (series and can_manage_series(current_user, series)):
                    abort(
                        403,
                        _("Only site administrators, or organisers of the file's series, can import events."),
                    )
                if form.as_copy.data:
                    new_slug = (form.new_slug.data or "").strip() or None
                    event = event_copy.import_as_copy(document, slug=new_slug)
                else:
                    event = event_io.import_event(document)
            except event_io.EventFileError as exc:
                problems = exc.problems
            else:
                flash(_("“%(title)s” was imported.", title=event.title), "success")
                return redirect(url_for("manage.event", slug=event.slug))
    return render_template(
        "manage/upload.html",
        form=form,
        problems=problems,
        title=_("Import an event file"),
        intro=_(
            "Upload a confsite event file (JSON), for example one exported from another "
            "site. Nothing is imported if the file has any problem."
        ),
        back=url_for("manage.index"),
        accept=".json,application/json",
    )


@bp.route("/events/<slug>/agenda-import", methods=["GET", "POST"])
@accepts_files("file")
def agenda_upload(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        raw = _read_upload(form)
        if raw is not None:
            filename = form.file.data.filename or ""
            try:
                preview = agenda_import.read_agenda(event, filename, raw)
            except agenda_import.AgendaFileError as exc:
                problems = [str(exc)]
            else:
                return render_template(
                    "manage/agenda_preview.html",
                    event=event,
                    preview=preview,
                    filename=filename,
                    content=base64.b64encode(raw).decode("ascii"),
                    form=ConfirmForm(),
                )
    return render_template(
        "manage/upload.html",
        form=form,
        problems=problems,
        event=event,
        title=_("Import an agenda into “%(title)s”", title=event.title),
        intro=_(
            "Upload a spreadsheet (.xlsx or .csv) with one row per talk and the columns: day, start, end, "
            "session, room, kind, chairs, talk title, speakers, affiliation, country. Several chairs or "
            "speakers are separated by semicolons; a row without a talk title is a session of its own, such "
            "as a break. You will see a preview first; nothing is written until you confirm, and only if "
            "every row is right."
        ),
        templates=[
            (_("Example sheet (XLSX)"), url_for("manage.agenda_template", slug=slug, kind="xlsx")),
            (_("Example sheet (CSV)"), url_for("manage.agenda_template", slug=slug, kind="csv")),
        ],
        back=url_for("manage.timetable", slug=slug),
        accept=".csv,.xlsx",
    )


@bp.get("/events/<slug>/agenda-import/template.<kind>")
def agenda_template(slug: str, kind: str) -> Response:
    """The example sheet to fill in: the columns the import reads, two example rows."""
    event = managed_event_or_404(slug)
    if kind not in example_sheet.TEMPLATE_KINDS:
        abort(404)
    content, mimetype = example_sheet.template_file(event, kind)
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-agenda.{kind}"'},
    )


@bp.post("/events/<slug>/agenda-import/confirm")
def agenda_confirm(slug: str) -> ResponseReturnValue:
    event = managed_event_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; upload the file again."))
    try:
        raw = base64.b64decode(request.form.get("content", ""), validate=True)
    except (binascii.Error, ValueError):
        abort(400, _("The file could not be read back; upload it again."))
    if len(raw) > MAX_UPLOAD_BYTES:
        abort(400, _("The file is larger than 2 MB."))
    filename = request.form.get("filename", "")[:200]
    try:
        preview = agenda_import.read_agenda(event, filename, raw)  # checked again: the site may have changed
    except agenda_import.AgendaFileError as exc:
        flash(str(exc), "error")
        return redirect(url_for("manage.agenda_upload", slug=slug))
    if not preview.ok:
        return render_template(
            "manage/agenda_preview.html",
            event=event,
            preview=preview,
            filename=filename,
            content=request.form.get("content", ""),
            form=ConfirmForm(),
        )
    created = agenda_import.apply_agenda(event, preview, user())
    flash(
        _(
            "%(value)s session(s) with %(sum)s talk(s) imported.",
            value=len(created),
            sum=sum(len(p.talks) for p in preview.sessions),
        ),
        "success",
    )
    return redirect(url_for("manage.timetable", slug=slug))
