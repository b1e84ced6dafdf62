"""User accounts and the roles people hold on events and series."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from confsite.extensions import Model
from confsite.models.base import TimestampMixin, UTCDateTime, enum_column, utcnow
from confsite.models.enums import RoleName
from confsite.models.events import Event, Series
from confsite.models.people import Organisation


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(sa.String(255), default="")
    display_name: Mapped[str] = mapped_column(sa.String(200), default="")
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    # Secret of the personal calendar feed; regenerating it revokes the old URL.
    calendar_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def set_password(self, password: str) -> None:
        """Hash with Werkzeug's default KDF (scrypt)."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def name(self) -> str:
        return self.display_name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class RoleAssignment(TimestampMixin, Model):
    """A role held on one event or one series (series roles apply to all its events).

    Assigned by e-mail: ``user_id`` stays empty for an invited person until they sign up
    with that address. Partners act for an organisation (one voice per organisation).
    """

    __tablename__ = "role_assignments"
    __table_args__ = (
        sa.CheckConstraint("(event_id IS NULL) <> (series_id IS NULL)", name="one_scope"),
        sa.UniqueConstraint("email", "role", "event_id", "series_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[RoleName] = mapped_column(enum_column(RoleName, "role_name"))
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(sa.ForeignKey("series.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )

    user: Mapped[User | None] = relationship(back_populates="roles")
    event: Mapped[Event | None] = relationship()
    series: Mapped[Series | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class LoginFailure(Model):
    """One failed log-in, kept briefly to throttle password guessing per address."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
