"""Calendar feeds (iCal) and schedule exports for conference apps."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("calendar", __name__)
