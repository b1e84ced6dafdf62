"""Whatever people type stays text in every format: no script runs, no markup or
Markdown of theirs takes effect (PDF is covered by the reference scenario)."""

from __future__ import annotations

import io
import re
import zipfile

from confsite_plugins.reports.render_markdown import escape

from confsite.extensions import db
from confsite.models import Session
from tests.plugins.reports.conftest import act, add_area, docx_paragraphs, docx_text, propose, unnumbered

HOSTILE = {
    "area": "# Hacked <img src=x onerror=alert(1)>",
    "rationale": "<script>alert('r')</script> see [site](javascript:alert(2))",
    "recommendation": "1. **Bold** _claim_ <iframe src=evil></iframe> ![x](http://evil/x.png)",
    "introduction": "- not a list\n\n> not a quote | pipe `code`",
    "session": "Panel <b>bold</b> ## heading",
}


def _hostile_report(scenario):
    scenario.panel.title = HOSTILE["session"]
    db.session.commit()
    area = add_area(scenario, HOSTILE["area"], HOSTILE["rationale"])
    rec = propose(scenario, "beta", area, HOSTILE["recommendation"])
    act(scenario, "organiser", rec, "accept")
    scenario.client("organiser").post(
        "/manage/series/key-area/reports/builder",
        data={
            "title": "Report <em>x</em>",
            "introduction": HOSTILE["introduction"],
            "conclusions": "",
            "capacity_building": "",
        },
    )


def test_html_escapes_everything(scenario):
    _hostile_report(scenario)
    organiser = scenario.client("organiser")
    for url in ("/manage/series/key-area/reports/export/html", "/manage/series/key-area/reports/preview"):
        page = organiser.get(url).get_data(as_text=True)
        for tag in ("<script>alert", "<img src=x", "<iframe", "<b>bold", "<em>x"):
            assert tag not in page, (url, tag)
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "&lt;script&gt;alert(&#39;r&#39;)&lt;/script&gt;" in page
        assert 'href="javascript' not in page


def test_markdown_escapes_everything(scenario):
    _hostile_report(scenario)
    md = scenario.client("organiser").get("/manage/series/key-area/reports/export/md").get_data(as_text=True)
    assert not re.search(r"(?<!\\)<", md)  # no raw HTML at all: every "<" is escaped
    assert not re.search(r"(?<!\\)\]\(", md)  # every "](" is escaped: no links or images
    assert "\\[site\\](javascript" in md and "!\\[x\\](http://evil" in md
    assert "### \\# Hacked \\<img src=x onerror=alert(1)\\>" in unnumbered(md)
    assert "- 1\\. \\*\\*Bold\\*\\* \\_claim\\_" in md  # the list item, its own "1." inert
    assert "\\- not a list" in md and "\\> not a quote \\| pipe \\`code\\`" in md
    assert "# Report \\<em\\>x\\</em\\>" in md
    assert re.search(r"^#+ .*Hacked", md, re.M).group(0).startswith("### ")


def test_markdown_escape_round_trip_examples():
    assert escape("2021. A year") == "2021\\. A year"
    assert escape("+ plus") == "\\+ plus"
    assert escape("a\nb") == "a b"
    assert escape("snake_case [x]") == "snake\\_case \\[x\\]"


def test_docx_keeps_literal_text_without_links_or_markup(scenario):
    _hostile_report(scenario)
    body = scenario.client("organiser").get("/manage/series/key-area/reports/export/docx").data
    text = docx_text(body)
    for value in (HOSTILE["area"], HOSTILE["recommendation"], "Panel <b>bold</b> ## heading"):
        assert value in text
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert "w:hyperlink" not in xml and "<script" not in xml
    assert any(
        style == "Heading 2" and text.endswith(" " + HOSTILE["area"]) for style, text in docx_paragraphs(body)
    )


def test_control_characters_do_not_break_the_docx(scenario):
    session = db.session.get(Session, scenario.panel.id)
    session.title = "Panel\x0b with a vertical tab\x1f"
    db.session.commit()
    response = scenario.client("organiser").get("/manage/events/ka-workshop/reports/export/docx")
    assert response.status_code == 200
    assert "Panel with a vertical tab" in docx_text(response.data)
