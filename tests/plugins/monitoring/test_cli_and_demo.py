"""``confsite monitoring-report``, the demo content and the plugin's import rule."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import sqlalchemy as sa
from confsite_plugins.monitoring.models import (
    Activity,
    ActivityDate,
    LeadRegion,
    PartnershipProfile,
    PeriodReport,
    Representative,
    SdgContribution,
    WorkingArea,
)
from docx import Document

from confsite.demo import load_full_demo
from confsite.extensions import db
from tests.plugins.monitoring import sources

PLUGIN_DIR = Path(__file__).resolve().parents[3] / "plugins" / "monitoring"


def test_cli_csv_to_stdout_reproduces_the_2019_tables(app, runner):
    sources.build_medtech()
    result = runner.invoke(
        args=[
            "monitoring-report",
            "medtech-2019",
            "--from",
            "2019-01-01",
            "--to",
            "2019-06-30",
            "--as-of",
            "2019-06-10",
            "--format",
            "csv",
        ]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_table: dict[str, list[tuple[str, str, str]]] = {}
    for row in rows:
        by_table.setdefault(row["table"], []).append((row["title"], row["date"], row["place"]))
    expected = {name.lower(): rows for name, rows in sources.EXPECTED_MEDTECH.items() if rows}
    assert by_table == expected


def test_cli_docx_to_file(app, runner, tmp_path):
    sources.build_s3p4pm()
    target = tmp_path / "report.docx"
    result = runner.invoke(
        args=[
            "monitoring-report",
            "s3p4pm-2018",
            "--from",
            "2018-05-30",
            "--to",
            "2018-07-05",
            "--format",
            "docx",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    document = Document(str(target))
    tables = [[tuple(c.text for c in row.cells) for row in t.rows] for t in document.tables]
    assert [
        ("Title", "Date", "Place"),
        ("Kick off meeting", "30 May 2018", "Brussels"),
        ("Second meeting", "5 July 2018", "Brussels"),
    ] in tables
    assert any(p.text == "Lead regions" and p.style.name == "Heading 2" for p in document.paragraphs)


def test_cli_html_default_format(app, runner):
    sources.build_s3p4pm()
    result = runner.invoke(
        args=["monitoring-report", "s3p4pm-2018", "--from", "2018-05-30", "--to", "2018-07-05"]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("<!doctype html>")
    assert "<h4>Future dissemination activities</h4>" in result.stdout


def test_cli_errors_are_clear(app, runner):
    sources.build_s3p4pm()
    cases = [
        (["monitoring-report", "nope"], "There is no series “nope”."),
        (
            ["monitoring-report", "s3p4pm-2018", "--from", "2018-02-30", "--to", "2018-06-30"],
            "The start date “2018-02-30” is not a date: use YYYY-MM-DD.",
        ),
        (
            ["monitoring-report", "s3p4pm-2018", "--from", "2018-07-01", "--to", "2018-06-30"],
            "The period ends before it starts.",
        ),
        (
            ["monitoring-report", "s3p4pm-2018", "--to", "2018-06-30"],
            "Give both the start and the end of the period, or neither.",
        ),
        (
            ["monitoring-report", "s3p4pm-2018", "--format", "docx"],
            "A DOCX report is a binary file: give -o FILE.",
        ),
        (["monitoring-report", "s3p4pm-2018", "--format", "pdf"], "Invalid value for '--format'"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)


def _counts() -> tuple[int, ...]:
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (
            PartnershipProfile,
            LeadRegion,
            Representative,
            WorkingArea,
            SdgContribution,
            Activity,
            ActivityDate,
        )
    )


def test_demo_data_is_loaded_once(app):
    load_full_demo()
    db.session.commit()
    first = _counts()
    assert first == (1, 3, 3, 4, 17, 7, 8)
    narratives = db.session.scalar(sa.select(sa.func.count(PeriodReport.id)))
    assert narratives == 2  # the 2018 half-year (a previous version) and the current one
    load_full_demo()
    db.session.commit()
    assert _counts() == first
    assert db.session.scalar(sa.select(sa.func.count(PeriodReport.id))) == narratives


def test_demo_series_shows_past_and_future_activities_this_half_year(app, runner):
    """What `make run` shows: the demo series' report of the current half-year."""
    load_full_demo()
    db.session.commit()
    result = runner.invoke(args=["monitoring-report", "s3-personalised-medicine", "--format", "csv"])
    assert result.exit_code == 0, result.output
    tables = {row["table"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert "past meetings" in tables and "future meetings" in tables
    assert "future dissemination activities" in tables
    report = runner.invoke(args=["monitoring-report", "s3-personalised-medicine", "--format", "html"])
    parts = ("Executive summary", "Progress report", "Self-evaluation", "Reporting period 1 January 2018")
    for part in parts:
        assert part in report.stdout, part
    assert "Any other comments" in report.stdout and "Industrial Modernisation" in report.stdout


def test_plugin_imports_only_the_public_api():
    allowed = {"confsite.api", "confsite"}
    for path in PLUGIN_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("confsite"):
                module = node.module
                if module == "confsite":
                    assert [a.name for a in node.names] == ["hookimpl"], path
                elif not module.startswith("confsite_plugins.monitoring"):
                    assert module in allowed, f"{path.name} imports {module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("confsite."), f"{path.name} imports {alias.name}"
