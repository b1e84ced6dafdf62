"""docs/models.md is generated from the models: it must match what they say today."""

from __future__ import annotations

from pathlib import Path

from confsite.models_reference import models_reference

DOC = Path(__file__).resolve().parent.parent / "docs" / "models.md"


def test_docs_models_md_is_fresh():
    assert DOC.read_text(encoding="utf-8") == models_reference(), (
        "docs/models.md is stale: run `confsite models-reference`"
    )


def test_the_reference_shows_public_fields_and_hides_secrets():
    text = models_reference()
    assert "## `Registration` (table `registrations`)" in text
    assert "| `status` | `RegistrationStatus` (`confirmed`, `waitlisted`, `cancelled`)" in text
    assert "password_hash" not in text and "manage_token_hash" not in text


def test_the_command_writes_the_reference(runner, tmp_path):
    target = tmp_path / "models.md"
    result = runner.invoke(args=["models-reference", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == models_reference()
