"""Reading the outbox: what was sent, what is still on its way, what failed."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import OutboxMessage, OutboxStatus


def undelivered(limit: int = 200) -> list[OutboxMessage]:
    """Messages that failed, bounced or are being retried, newest first."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(
                OutboxMessage.status.in_([OutboxStatus.FAILED, OutboxStatus.BOUNCED, OutboxStatus.RETRYING])
            )
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        )
    )


def batch_counts(batch: str) -> dict[str, int]:
    """How many messages of a send-out are in each status (one query)."""
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count())
        .where(OutboxMessage.batch == batch)
        .group_by(OutboxMessage.status)
    )
    counts: Counter[str] = Counter({status.value: 0 for status in OutboxStatus})
    for status, count in rows:
        counts[status.value] = count
    return dict(counts)


def batch_messages(batch: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.batch == batch).order_by(OutboxMessage.recipient)
        )
    )
