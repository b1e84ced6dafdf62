"""The monitoring plugin's part of a person's data (``personal_data`` /
``erase_personal_data`` hooks, registered from ``__init__``).

The plugin links nothing to accounts; the only people it names are the lead
regions' representatives, typed in by organisers with a contact line. A
representative whose contact holds the account's address is that person: listed
in their download, and named "Former member" without the contact after an erasure
(the institution stays, so the partnership's table keeps its shape).
"""

from __future__ import annotations

import sqlalchemy as sa

from confsite.api import User, db, hookimpl

from .models import LeadRegion, Representative

# The name the core gives erased people (confsite.services.personal_data.FORMER_MEMBER).
FORMER_MEMBER = "Former member"


def _theirs(user: User) -> list[tuple[Representative, str]]:
    """Representatives (with their region) whose contact holds the user's address.
    Compared in Python: SQLite's lower() leaves letters like "Ž" as they are."""
    address = user.email.casefold()
    rows = db.session.execute(
        sa.select(Representative, LeadRegion.region)
        .join(LeadRegion, LeadRegion.id == Representative.lead_region_id)
        .where(Representative.contact.contains("@"))
        .order_by(Representative.id)
    ).all()
    return [(r, region) for r, region in rows if address in r.contact.casefold()]


@hookimpl
def personal_data(user: User) -> dict:
    """The representative entries that give this person's address as contact."""
    return {
        "representatives": [
            {"region": region, "name": r.name, "institution": r.institution, "contact": r.contact}
            for r, region in _theirs(user)
        ]
    }


@hookimpl
def erase_personal_data(user: User) -> None:
    for representative, _region in _theirs(user):
        representative.name = FORMER_MEMBER
        representative.contact = ""
