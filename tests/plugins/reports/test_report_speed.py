"""What keeps large report builds fast, tested without timing anything: the cyclic
garbage collector pauses while a report is collected and rendered (and runs again
afterwards), and the contents page gets its page numbers without dot leaders, which
WeasyPrint draws one glyph run per dot (nor a dotted border, drawn dot by dot too)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from confsite_plugins.reports import document as document_module
from confsite_plugins.reports import render_html as render_module
from confsite_plugins.reports.gc_pause import gc_paused, without_gc

TEMPLATES = Path(__file__).resolve().parents[3] / "plugins" / "reports" / "templates"
TEMPLATE = TEMPLATES / "reports" / "document.html"


def test_gc_pause_nests_and_always_switches_the_collector_back_on():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not switch it on early
    assert gc.isenabled()

    @without_gc
    def fails() -> None:
        assert not gc.isenabled()
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fails()
    assert gc.isenabled()


def test_collecting_and_rendering_a_report_run_without_the_collector(scenario, monkeypatch):
    seen: dict[str, bool] = {}
    real_order, real_html_to_pdf = document_module.order_sections, render_module.weasyprint_pdf

    def spy_order(*args, **kwargs):
        seen["collect"] = gc.isenabled()
        return real_order(*args, **kwargs)

    def spy_pdf(html: str) -> bytes:
        seen["pdf"] = gc.isenabled()
        return real_html_to_pdf(html)

    monkeypatch.setattr(document_module, "order_sections", spy_order)
    monkeypatch.setattr(render_module, "weasyprint_pdf", spy_pdf)
    organiser = scenario.client("organiser")
    assert organiser.get("/manage/series/key-area/reports/preview").status_code == 200
    assert seen == {"collect": False}
    response = organiser.get("/manage/series/key-area/reports/export/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert seen == {"collect": False, "pdf": False}
    assert gc.isenabled()


def test_contents_page_numbers_use_no_dot_leaders():
    css = TEMPLATE.read_text(encoding="utf-8")
    assert "target-counter(attr(href), page)" in css
    assert "leader(" not in css
    toc_rules = [line for line in css.splitlines() if ".report-toc" in line and "{" in line]
    assert toc_rules and not any("dotted" in line for line in toc_rules)
