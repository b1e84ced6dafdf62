"""Flask extensions, created unbound and initialised by the app factory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Deterministic constraint names, so migrations can alter and drop them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# The base class of every model. ``db.Model`` is made at run time, so type checkers
# cannot see it as a class; they see the declarative base it is built on instead.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()


def current_app_object() -> Flask:
    """The app behind ``flask.current_app``, for threads and jobs that outlive the context."""
    return current_app._get_current_object()  # type: ignore[attr-defined]  # LocalProxy API, unknown to Flask's types


login_manager = LoginManager()
csrf = CSRFProtect()
