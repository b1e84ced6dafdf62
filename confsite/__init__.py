"""confsite: a plugin-driven site for running conferences and workshops.

Plugin authors import :data:`hookimpl` from here; everything else starts at
:func:`create_app`.
"""

from __future__ import annotations

import pluggy

hookimpl = pluggy.HookimplMarker("confsite")

from confsite.app import create_app  # noqa: E402  (hookimpl must exist before plugins import it)

__all__ = ["create_app", "hookimpl"]
