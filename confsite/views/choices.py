"""Options of select boxes in the shape WTForms takes them.

WTForms 3.3 describes an option as a ``SelectChoice``; the ``(value, label)`` tuples it
took before are deprecated there and gone in 3.4. Lists of pairs (an enum's
``choices()``, rows from the database) go through :func:`select_choices` on their way
into a form. Plugins have it as ``confsite.api.select_choices``.
"""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def select_choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as the options of a ``SelectField``."""
    return [SelectChoice(value, label) for value, label in pairs]
