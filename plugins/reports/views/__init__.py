"""Pages of the reports plugin, one module per idea, all on the one ``reports`` blueprint:

- ``common``: the blueprint, the event or series of the request, who may use it;
- ``workspace``: the partners' workspace, recommendations, voting and results;
- ``builder``: the organisers' report builder, preview, exports, builds and publishing;
- ``published``: the public list of published versions and their files.

Importing this package registers every route on ``bp``.
"""

from __future__ import annotations

from . import builder, published, workspace
from .common import bp

__all__ = ["bp", "builder", "published", "workspace"]
