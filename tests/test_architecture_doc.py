"""docs/architecture.md's "Where things live" table points to files that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEATURES = {"waiting list", "personal feed", "take-home messages", "recommendations", "attendance figures"}


def where_things_live() -> dict[str, list[str]]:
    """Feature -> the paths its row names, read from the table under the heading."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] not in ("feature", "---"):
            rows[cells[0]] = [p for cell in cells[1:] for p in re.findall(r"`([^`]+)`", cell)]
    return rows


def test_every_feature_has_a_row_with_model_service_view_template_and_tests():
    rows = where_things_live()
    assert set(rows) == FEATURES
    assert all(len(paths) == 5 for paths in rows.values()), rows


def test_every_path_in_the_table_exists():
    missing = [p for paths in where_things_live().values() for p in paths if not (ROOT / p).is_file()]
    assert missing == []
