"""docs/plugins.md's complete example test runs as written: copied out of the page
into a fresh folder and run with pytest (on PostgreSQL too when
CONFSITE_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
MARKER = "# test_example_activity.py\n"


def example_test_module() -> str:
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)
    found = [block for block in blocks if block.startswith(MARKER)]
    assert len(found) == 1, "docs/plugins.md must hold exactly one complete example test"
    return found[0]


def test_the_guides_example_test_passes_as_written(tmp_path):
    module = tmp_path / "test_example_activity.py"
    module.write_text(example_test_module(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(module)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
