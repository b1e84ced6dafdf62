"""Uploaded images (speaker photos, logos, banners), branding with a contrast-checked
accent colour, and the printable programme booklet."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from confsite.extensions import db
from confsite.models import Event, Person, Series
from confsite.services import branding, event_io, images
from confsite.services.colours import contrast_ratio
from confsite.services.images import ImageError, ImageKind
from confsite.testing import PASSWORD

EU_NAMES = ("Ángel Alonso Sánchez", "Łukasz Nowak", "Øystein Hansen", "Žiga Novak")


def jpeg_with_exif(size: tuple[int, int] = (2400, 1600)) -> bytes:
    """A JPEG carrying EXIF: camera make and a GPS latitude."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (40.0, 25.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size: tuple[int, int] = (40, 40), colour: tuple[int, ...] = (0, 80, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


# --- the image service -----------------------------------------------------------------------


def test_upload_is_resized_and_loses_its_exif(app) -> None:
    original = jpeg_with_exif()
    assert b"SpyCam" in original and Image.open(io.BytesIO(original)).getexif()

    name = images.store_image(original, ImageKind.PHOTO)

    stored = images.image_bytes(name)
    assert stored is not None and b"SpyCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert max(image.size) <= 600  # shrunk to the photo box, proportions kept
        assert image.size == (600, 400)
        assert not image.getexif()
        assert "exif" not in image.info


def test_storage_location_is_configurable(make_app, tmp_path) -> None:
    app = make_app(IMAGE_STORAGE=str(tmp_path / "elsewhere"))
    with app.app_context():
        name = images.store_image(png(), ImageKind.LOGO)
    assert (tmp_path / "elsewhere" / name).is_file()


def test_default_storage_is_the_instance_folder(app) -> None:
    name = images.store_image(png(), ImageKind.LOGO)
    assert images.image_path(name) == images.storage_dir() / name
    assert str(images.storage_dir()).startswith(app.instance_path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"this is plain text pretending to be a photo", "not an image"),
        (b"%PDF-1.4 fake pdf named photo.jpg", "not an image"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG",
        ),
        (b'<svg onload="alert(1)"></svg>', "SVG"),
        (png()[:60], "not an image"),  # truncated
    ],
)
def test_non_images_are_refused(app, data: bytes, message: str) -> None:
    with pytest.raises(ImageError, match=message):
        images.store_image(data, ImageKind.PHOTO)


def test_other_image_formats_are_refused(app) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    with pytest.raises(ImageError, match="not a PNG, JPEG"):
        images.store_image(out.getvalue(), ImageKind.PHOTO)


def test_too_large_upload_is_refused(make_app) -> None:
    app = make_app(IMAGE_MAX_BYTES=1000)
    with app.app_context(), pytest.raises(ImageError, match="too large"):
        images.store_image(jpeg_with_exif(), ImageKind.PHOTO)


def test_only_our_own_names_resolve(app) -> None:
    assert images.image_path("../secret_key") is None
    assert images.image_path("a" * 64 + ".svg") is None
    assert images.image_path("a" * 64 + ".png") is None  # well-formed but not stored


# --- contrast -----------------------------------------------------------------------------------


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#ffff00", "#777777", "#9ecae1", "red", "#12345", "#gg0000"])
def test_unreadable_or_malformed_accent_is_refused(app, make, colour: str) -> None:
    event = make.event(accent_colour=None)
    with pytest.raises(branding.BrandingError) as refused:
        branding.update_branding(event, accent_colour=colour)
    assert refused.value.field == "accent_colour"
    db.session.refresh(event)
    assert event.accent_colour is None


def test_event_inherits_series_branding_unless_it_has_its_own(app, make) -> None:
    series = make.series()
    event = make.event(series=series)
    branding.update_branding(series, accent_colour="#1D4F91", logo=io.BytesIO(png()))
    assert branding.branding_of(event).accent_colour == "#1d4f91"
    assert branding.branding_of(event).logo == series.logo is not None
    branding.update_branding(event, accent_colour="#7a1f1f")
    assert branding.branding_of(event).accent_colour == "#7a1f1f"
    assert branding.branding_of(event).logo == series.logo


def test_bad_logo_leaves_the_colour_unwritten(app, make) -> None:
    event = make.event()
    with pytest.raises(branding.BrandingError) as refused:
        branding.update_branding(event, accent_colour="#1d4f91", logo=io.BytesIO(b"not an image"))
    assert refused.value.field == "logo"
    db.session.refresh(event)
    assert event.accent_colour is None and event.logo is None


# --- the organiser pages ------------------------------------------------------------------------


def _organiser(make, auth, event: Event) -> None:
    user = make.user()
    make.role(user, "organiser", event=event)
    auth.login(user.email)


def test_branding_form_saves_and_event_page_shows_it(client, auth, make) -> None:
    event = make.event()
    _organiser(make, auth, event)
    response = client.post(
        f"/manage/events/{event.slug}/branding",
        data={"accent_colour": "#1d4f91", "logo": (io.BytesIO(png()), "logo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert saved.accent_colour == "#1d4f91" and saved.logo
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert "--event-accent: #1d4f91" in page
    assert f"/images/{saved.logo}" in page

    served = client.get(f"/images/{saved.logo}")
    assert served.status_code == 200
    assert served.mimetype == "image/png"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("data", "field_text"),
    [
        ({"accent_colour": "#ffff00"}, "4.5:1"),
        ({"logo": (io.BytesIO(b"MZ\x90\x00 an executable"), "logo.png")}, "not an image"),
        ({"banner": (io.BytesIO(b"<svg onload=alert(1)></svg>"), "banner.svg")}, "SVG"),
    ],
)
def test_branding_form_refuses_with_a_message(client, auth, make, data, field_text) -> None:
    event = make.event()
    _organiser(make, auth, event)
    response = client.post(
        f"/manage/events/{event.slug}/branding", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    assert field_text in response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert (saved.accent_colour, saved.logo, saved.banner) == (None, None, None)


def test_oversized_request_is_refused_with_a_message_not_a_500(make_app, make) -> None:
    app = make_app(MAX_CONTENT_LENGTH=2000)
    with app.app_context():
        event = make.event()
        user = make.user()
        make.role(user, "organiser", event=event)
        slug, email = event.slug, user.email
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    response = client.post(
        f"/manage/events/{slug}/branding",
        data={"logo": (io.BytesIO(b"x" * 5000), "big.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)


def test_series_branding_needs_a_series_organiser(client, auth, make) -> None:
    series = make.series()
    other = make.user()
    auth.login(other.email)
    assert client.get(f"/manage/series/{series.slug}/branding").status_code == 404
    make.role(other, "organiser", series=series)
    response = client.post(
        f"/manage/series/{series.slug}/branding",
        data={"accent_colour": "#004d40"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Series, series.id).accent_colour == "#004d40"


def test_speaker_photo_upload_shows_on_speaker_and_session_pages(client, auth, make) -> None:
    event = make.event()
    person = make.person(name="Žiga Novak")
    session = make.session(event)
    make.talk(session, speakers=[person])
    _organiser(make, auth, event)
    response = client.post(
        f"/manage/people/{person.id}/photo",
        data={"photo": (io.BytesIO(jpeg_with_exif()), "ziga.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    photo = db.session.get(Person, person.id).photo
    assert photo and photo.endswith(".jpg")
    assert f"/images/{photo}" in client.get(f"/events/{event.slug}/speakers/{person.id}").get_data(
        as_text=True
    )
    assert f"/images/{photo}" in client.get(f"/events/{event.slug}/sessions/{session.id}").get_data(
        as_text=True
    )
    assert f"/images/{photo}" in client.get(f"/events/{event.slug}/speakers/").get_data(as_text=True)


def test_photo_of_someone_elses_speaker_is_not_reachable(client, auth, make) -> None:
    mine, theirs = make.event(), make.event()
    person = make.person()
    make.talk(make.session(theirs), speakers=[person])
    _organiser(make, auth, mine)
    assert client.get(f"/manage/people/{person.id}/photo").status_code == 404


# --- event files --------------------------------------------------------------------------------


def test_event_file_carries_the_accent_colour(app, make) -> None:
    series = make.series(accent_colour="#004d40")
    event = make.event(series=series, accent_colour="#7a1f1f")
    document = event_io.export_event(event)
    assert document["event"]["accent_colour"] == "#7a1f1f"
    assert document["series"]["accent_colour"] == "#004d40"
    document["event"]["slug"] = "reimported"
    for s in document["sessions"]:
        s["uid"] = s["uid"] + "x"
    copy = event_io.import_event(document)
    assert copy.accent_colour == "#7a1f1f"


def test_event_file_with_unreadable_accent_is_refused(app, make) -> None:
    document = event_io.export_event(make.event())
    document["event"]["slug"] = "bright"
    document["event"]["accent_colour"] = "#ffff00"
    problems = event_io.check_document(document)
    assert any(p.startswith("event.accent_colour") and "4.5:1" in p for p in problems)


def test_old_event_files_without_accent_still_import(app, make) -> None:
    document = event_io.export_event(make.event())
    del document["event"]["accent_colour"]
    document["event"]["slug"] = "older-file"
    assert event_io.check_document(document) == []


# --- the booklet --------------------------------------------------------------------------------


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_booklet_has_cover_agenda_and_speakers(client, make, size: str) -> None:
    event = make.event(title="Innovation Flow", accent_colour="#1d4f91")
    branding.update_branding(event, accent_colour="#1d4f91", logo=io.BytesIO(png((300, 100))))
    session = make.session(event, title="Opening session")
    people = [make.person(name=name, bio=f"Bio of {name}") for name in EU_NAMES]
    session.chairs = [people[0]]
    db.session.commit()
    make.talk(session, speakers=people[1:], title="Procurement in health")
    branding.set_person_photo(people[1], io.BytesIO(jpeg_with_exif((300, 300))))

    response = client.get(f"/events/{event.slug}/export/booklet-{size}")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert width_mm == pytest.approx(210 if size == "a4" else 148, abs=1)
    text = _pdf_text(response.data)
    for expected in ("Innovation Flow", "Opening session", "Procurement in health", *EU_NAMES):
        assert expected in text
    assert f"Bio of {EU_NAMES[3]}" in text
    assert any(
        "/Image" in str(page.get("/Resources", {}).get("/XObject", {})) or page.images
        for page in reader.pages
    )


def test_booklet_is_cached_per_content_version(client, make) -> None:
    event = make.event()
    make.session(event, title="First version")
    first = client.get(f"/events/{event.slug}/export/booklet-a4")
    etag = first.headers["ETag"]
    assert (
        client.get(f"/events/{event.slug}/export/booklet-a4", headers={"If-None-Match": etag}).status_code
        == 304
    )
    person = make.person(name="Øystein Hansen")
    make.talk(make.session(event, title="Second version"), speakers=[person])
    event.content_changed_at = event.content_changed_at.replace(year=event.content_changed_at.year + 1)
    db.session.commit()
    again = client.get(f"/events/{event.slug}/export/booklet-a4", headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert "Second version" in _pdf_text(again.data)


def test_booklet_link_only_on_published_event_pages(client, make, auth) -> None:
    published = make.event()
    assert "booklet-a4" in client.get(f"/events/{published.slug}/").get_data(as_text=True)
    draft = make.event(status="draft")
    _organiser(make, auth, draft)
    page = client.get(f"/events/{draft.slug}/")
    assert page.status_code == 200 and "booklet-a4" not in page.get_data(as_text=True)


def test_draft_booklet_is_not_public(client, make) -> None:
    draft = make.event(status="draft")
    assert client.get(f"/events/{draft.slug}/export/booklet-a4").status_code == 404


# --- e-mails ------------------------------------------------------------------------------------


def test_registration_mail_shows_the_event_branding(app, make) -> None:
    from confsite.services import registration as reg
    from tests import outbox

    series = make.series()
    branding.update_branding(series, accent_colour="#004d40", logo=io.BytesIO(png()))
    event = make.event(series=series)
    reg.register(event, reg.Applicant(name="Łukasz Nowak", email="lukasz@example.org", consent=True))
    [message] = outbox.to(app, "lukasz@example.org")
    html = outbox.html(message)
    assert "background: #004d40" in html
    assert f"http://confsite.test/images/{series.logo}" in html


# --- reports ------------------------------------------------------------------------------------


def test_speaker_photos_appear_in_reports(app, make) -> None:
    from confsite_plugins.reports.document import build_document, sections_from_json, sections_to_json
    from confsite_plugins.reports.render_docx import render_docx
    from confsite_plugins.reports.render_html import render_html
    from confsite_plugins.reports.targets import Target
    from docx import Document

    event = make.event()
    with_photo, without = make.person(name="Ángel Alonso Sánchez"), make.person(name="Žiga Novak")
    make.talk(make.session(event), speakers=[with_photo, without])
    branding.set_person_photo(with_photo, io.BytesIO(jpeg_with_exif((800, 800))))

    document = build_document(Target(event=event))
    programme = next(s for s in document.sections if s.key.startswith("programme"))
    pictured = {
        b.text.split(",")[0]: b.image for b in programme.blocks if getattr(b, "image", None) is not None
    }
    assert pictured["Ángel Alonso Sánchez"].startswith("data:image/jpeg;base64,")
    assert pictured["Žiga Novak"] == ""
    assert sections_from_json(sections_to_json(document.sections)) == document.sections  # snapshots keep it

    html = render_html(document)
    assert html.count('class="portrait"') == 1
    docx = Document(io.BytesIO(render_docx(document)))
    [angel] = [p for p in docx.paragraphs if p.text.strip().startswith("Ángel Alonso Sánchez")]
    [ziga] = [p for p in docx.paragraphs if p.text.strip().startswith("Žiga Novak")]
    assert "<pic:pic" in angel._p.xml and "<pic:pic" not in ziga._p.xml


def test_series_page_shows_the_series_branding(client, make) -> None:
    series = make.series()
    branding.update_branding(series, accent_colour="#004d40", banner=io.BytesIO(png((1800, 600))))
    page = client.get(f"/series/{series.slug}/").get_data(as_text=True)
    assert "--event-accent: #004d40" in page
    assert f"/images/{series.banner}" in page
    with Image.open(io.BytesIO(images.image_bytes(series.banner))) as banner:
        assert banner.size == (1500, 500)  # fitted into the 1600 x 500 banner box


def test_a_duplicated_event_keeps_its_branding(app, make) -> None:
    from datetime import date

    from confsite.services import event_copy

    event = make.event()
    branding.update_branding(
        event, accent_colour="#7a1f1f", logo=io.BytesIO(png()), banner=io.BytesIO(png((1600, 400)))
    )
    copy = event_copy.duplicate_event(event, slug="next-year", title="Next year", first_day=date(2032, 5, 3))
    assert (copy.logo, copy.banner, copy.accent_colour) == (event.logo, event.banner, "#7a1f1f")
