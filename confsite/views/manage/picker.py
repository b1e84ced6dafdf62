"""The people picker's search (JSON) and the reading of what it posts with a form.

The session and talk forms stay plain forms: without JavaScript the organiser types
names separated by semicolons. ``static/people-picker.js`` turns those fields into
comboboxes that fill hidden id fields and add new people as repeated hidden inputs;
this module turns both back into people for the programme services.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from confsite.countries import country_choices, country_name
from confsite.extensions import db
from confsite.models import Organisation, Person
from confsite.services import events as event_service
from confsite.services import people as people_service
from confsite.services import people_picker
from confsite.views.manage.blueprint import bp
from confsite.views.manage.people import _organiser_only


@bp.get("/people/search")
def people_search() -> ResponseReturnValue:
    """People matching ``q`` by name or organisation, for the picker (at most ten)."""
    managed = _organiser_only()
    hits = people_picker.search_people(request.args.get("q", ""), managed)
    response = jsonify({"results": [hit.as_json() for hit in hits]})
    response.headers["Cache-Control"] = "no-store"
    return response


def chosen_people(names: str, ids: str) -> tuple[tuple[Person, ...], list[str]]:
    """The people chosen in a picker field: by id when the picker sent ids, otherwise
    by the names typed (the plain form), with the same problems as always."""
    if (ids or "").strip():
        return people_picker.people_by_ids(ids, _organiser_only())
    return people_service.find_people_by_names(names)


def new_people(field: str) -> tuple[list[event_service.NewSpeaker], list[str]]:
    """The new people the picker of ``field`` added (hidden inputs ``<field>_new-*``)."""
    form = request.form
    return people_picker.read_new_people(
        people_picker.NewPeopleInput(
            names=form.getlist(f"{field}_new-name"),
            organisations=form.getlist(f"{field}_new-organisation"),
            countries=form.getlist(f"{field}_new-country"),
        )
    )


def _shown(person: Person) -> dict[str, object]:
    return {
        "id": person.id,
        "name": person.name,
        "organisation": person.organisation.name if person.organisation else "",
        "country": country_name(person.country) if person.country else "",
    }


def picker_fields(form: FlaskForm, fields: dict[str, str]) -> dict[str, dict[str, Any]]:
    """What the template needs to turn each named text field into a picker: its
    hidden id field, the people chosen so far (shown as chips) and the new people
    posted with a form that is shown again."""
    pickers: dict[str, dict[str, Any]] = {}
    organisations = [
        (o.id, o.name) for o in db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
    ]
    for field, ids_field in fields.items():
        ids = form[ids_field].data or ""
        if ids.strip():
            people, _problems = people_picker.people_by_ids(ids, _organiser_only())
        else:
            people, _problems = people_service.find_people_by_names(form[field].data or "")
        prefix = f"{field}_new"
        posted = zip(
            request.form.getlist(f"{prefix}-name"),
            request.form.getlist(f"{prefix}-organisation"),
            request.form.getlist(f"{prefix}-country"),
            strict=False,
        )
        pickers[field] = {
            "ids": ids_field,
            "prefix": prefix,
            "organisations": organisations,
            "countries": country_choices(),
            "people": [_shown(p) for p in people],
            "new": [
                {"name": name[:200], "organisation": org[:12], "country": country[:2]}
                for name, org, country in list(posted)[: people_picker.MAX_NEW]
            ],
        }
    return pickers
