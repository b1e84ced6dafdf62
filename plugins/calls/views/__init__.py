"""Pages of the calls plugin, one module per idea, all on the one ``calls`` blueprint:

- ``common``: the blueprint, the scope (event or series) and the look-ups pages share;
- ``calls``: the organiser's calls and their form builder;
- ``committee``: reviewers, criteria and assignments;
- ``applications``: ranking, shortlist, decisions and outcomes, vouchers, survey results;
- ``applicants``: the public calls, applying, files and the best-practice catalogue;
- ``reviews``: the reviewers' scoring and conflicts of interest;
- ``matchmaking``: profiles, 1:1 meetings and the organiser's slots;
- ``panel``: the calls panel of public event and series pages (the ``page_panels`` hook).

Views stay thin: look up, check permission server-side, parse the form, call a
service (which commits its own writes, or rolls them back when it refuses), flash,
redirect or render. Importing this package registers every route on ``bp``.
"""

from __future__ import annotations

from . import applicants, applications, calls, committee, matchmaking, reviews
from .common import bp, scope_args

__all__ = ["applicants", "applications", "bp", "calls", "committee", "matchmaking", "reviews", "scope_args"]
