"""Organisations and people (speakers, chairs, partners' representatives)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from confsite.extensions import Model
from confsite.models.base import TimestampMixin, enum_column
from confsite.models.enums import Sector
from confsite.name_keys import name_key

if TYPE_CHECKING:
    from confsite.models.accounts import User


class Organisation(TimestampMixin, Model):
    """A university, company, agency, region's authority or hospital."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    # name_key: the name as compared (confsite.name_keys), kept by ``_keep_name_key``
    name_key: Mapped[str] = mapped_column(sa.String(200), default="", server_default="", index=True)
    country: Mapped[str | None] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    region: Mapped[str] = mapped_column(sa.String(200), default="")
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, "sector"), default=Sector.OTHER)

    people: Mapped[list[Person]] = relationship(back_populates="organisation")

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class Person(TimestampMixin, Model):
    """Someone who appears on a programme: speaker, chair, panellist.

    A person need not have an account; ``user`` links one when they do.
    """

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_key: Mapped[str] = mapped_column(sa.String(200), default="", server_default="", index=True)
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    country: Mapped[str | None] = mapped_column(sa.String(2))  # ISO 3166-1 alpha-2
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    photo_url: Mapped[str | None] = mapped_column(sa.String(500))
    # An uploaded photo (stored image name, services/images.py); shown before photo_url.
    photo: Mapped[str | None] = mapped_column(sa.String(80))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    user: Mapped[User | None] = relationship()

    @validates("name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value)
        return value

    @property
    def affiliation(self) -> str:
        return self.organisation.name if self.organisation else ""

    def __repr__(self) -> str:
        return f"<Person {self.name!r}>"
