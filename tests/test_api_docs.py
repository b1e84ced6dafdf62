"""Every name of the public API (confsite.api) is documented in docs/plugins.md, and
every public function of it says what it does and is typed."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from confsite import api

GUIDE = (Path(__file__).resolve().parent.parent / "docs" / "plugins.md").read_text(encoding="utf-8")


def test_every_public_name_is_in_the_guide():
    missing = [n for n in api.__all__ if not re.search(r"`" + re.escape(n) + r"[`(]", GUIDE)]
    assert missing == [], f"docs/plugins.md does not mention {missing}"


def test_the_apis_own_functions_are_typed_and_documented():
    own = [
        (name, obj)
        for name, obj in vars(api).items()
        if inspect.isfunction(obj) and obj.__module__ == api.__name__ and not name.startswith("_")
    ]
    assert len(own) >= 6
    for name, function in own:
        assert inspect.getdoc(function), name
        signature = inspect.signature(function)
        assert signature.return_annotation is not inspect.Signature.empty, name
        assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values()), name
