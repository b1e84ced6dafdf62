"""Junk into every form of the URL map: never a 5xx, and refused input writes nothing.

Every POST route (core and plugins, enumerated from ``app.url_map`` with the URL
arguments of tests/test_manage_access.py) gets Hypothesis-generated junk, as an
anonymous visitor and as the organiser who may use it: long strings, NUL, invalid
UTF-8, huge and negative numbers, dates out of range, missing and repeated fields,
files in text fields, JSON where a form is expected. Field names come from the
site's own forms, so the junk reaches the validators instead of stopping at CSRF or
"field required". The number of examples is bounded so the test runs in minutes.
"""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace

import sqlalchemy as sa
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField

from confsite.extensions import db
from tests.test_manage_access import _url_for_rule, two_events  # noqa: F401  (fixture)

EXAMPLES_PER_ROUTE = 5
REFUSED = range(400, 500)


def form_field_names() -> list[str]:
    """Every field name declared on a form class of the site (core and plugins)."""
    names: set[str] = set()
    todo = list(FlaskForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        for klass in cls.__mro__:
            names.update(k for k, v in vars(klass).items() if isinstance(v, UnboundField))
    # The people picker's new people are repeated inputs outside the form classes.
    names.update(
        f"{f}_new-{part}" for f in ("speakers", "chairs") for part in ("name", "organisation", "country")
    )
    return sorted(names)


def junk_values() -> st.SearchStrategy[object]:
    return st.one_of(
        st.text(max_size=40),
        st.text(min_size=3000, max_size=3000, alphabet="aé\x00<>'\"%_"),
        st.sampled_from(
            [
                "",
                "\x00",
                "2147483648",
                "-2147483649",
                "99999999999999999999999999",
                "-1",
                "1e309",
                "NaN",
                "0001-01-01T00:00:00+14:00",
                "9999-12-31T20:00:00-12:00",
                "0000-00-00",
                "javascript:alert(1)",
                "%",
                "_",
                "Ángel Łukasz Øystein Žiga",
            ]
        ),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.just("FILE"),  # a file in a text field
    )


def junk_forms(names: list[str]) -> st.SearchStrategy[list[tuple[str, object]]]:
    """Field/value pairs; names may repeat (repeated fields) or be absent (missing ones)."""
    return st.lists(st.tuples(st.sampled_from(names), junk_values()), max_size=12)


# Bookkeeping a refused request rightly writes: rate-limit counters and failed log-ins.
BOOKKEEPING = {"rate_counters", "rate_limit_counters", "login_failures"}


def row_counts() -> dict[str, int]:
    db.session.expire_all()
    tables = [t for t in db.metadata.sorted_tables if t.name not in BOOKKEEPING]
    counts = sa.union_all(
        *(sa.select(sa.literal(t.name).label("t"), sa.func.count().label("n")).select_from(t) for t in tables)
    ).subquery()
    return dict(db.session.execute(sa.select(counts.c.t, counts.c.n)).all())


def send(client, path: str, pairs: list[tuple[str, object]], mode: int):
    if mode == 0:  # a multipart form, with files where "FILE" was drawn
        data = MultiDict([(k, (io.BytesIO(b"junk"), "junk.txt") if v == "FILE" else v) for k, v in pairs])
        return client.post(path, data=data, content_type="multipart/form-data")
    if mode == 1:  # invalid UTF-8 in a url-encoded body
        body = "&".join(f"{k}=%FF%FE{i}" for i, (k, _v) in enumerate(pairs)) or "x=%C0"
        return client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    # JSON (with wrong types) where a form is expected, and junk in the query string
    return client.post(
        path + "?page=-1&q=%00x&from=9999-99-99",
        data=json.dumps({k: [v, {"deep": [v]}] for k, v in pairs}),
        content_type="application/json",
    )


# Ids the access walk fills with rows of its scenario; any other id argument (rows this
# test does not build) gets 1, and a token argument a made-up token.
WALKED_IDS = {
    "session_id",
    "talk_id",
    "room_id",
    "person_id",
    "org_id",
    "registration_id",
    "assignment_id",
    "entry_id",
    "rec_id",
    "area_id",
    "message_id",
    "suggestion_id",
}


def path_for(rule, b) -> str:
    """The access walk's URL for ``rule``, with the arguments it does not know filled in."""
    text = re.sub(r"<int:(\w+)>", lambda m: m.group(0) if m.group(1) in WALKED_IDS else "1", rule.rule)
    text = text.replace("<token>", "not-a-real-token")
    return _url_for_rule(SimpleNamespace(rule=text), b)


def post_rules(app):
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    assert len(rules) > 60  # the walk really covers the site
    return rules


def fuzz_all_forms(app, client, b) -> int:
    names = form_field_names()
    assert {"email", "password", "capacity", "name", "title"} <= set(names)
    problems: list[str] = []
    sent = 0

    def checker(path: str):
        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(pairs=junk_forms(names), mode=st.integers(0, 2))
        # Besides the random ones, every route gets every field at once as a file, as a
        # number beyond 32 bits and as a date far out of range.
        @example(pairs=[(n, "FILE") for n in names], mode=0)
        @example(pairs=[(n, "2147483648") for n in names], mode=0)
        @example(pairs=[(n, "9999-12-31T20:00:00-12:00") for n in names], mode=0)
        def check(pairs: list[tuple[str, object]], mode: int) -> None:
            nonlocal sent
            before = row_counts()
            sent += 1
            try:
                response = send(client, path, pairs, mode)
            except Exception as exc:  # testing mode re-raises what would be a 500
                db.session.rollback()
                problems.append(f"{exc!r} POST {path} {pairs!r} mode {mode}")
                return
            if response.status_code >= 500:
                problems.append(f"{response.status_code} POST {path} {pairs!r} mode {mode}")
            elif response.status_code in REFUSED and row_counts() != before:
                problems.append(f"refused but wrote: POST {path} {pairs!r} mode {mode}")

        return check

    for rule in post_rules(app):
        checker(path_for(rule, b))()
    assert problems == [], "\n".join(problems[:20])
    return sent


def test_junk_as_an_anonymous_visitor_never_gives_a_5xx(app, client, two_events):  # noqa: F811
    assert fuzz_all_forms(app, client, two_events) > 300


def test_junk_as_the_organiser_never_gives_a_5xx(app, client, auth, two_events):  # noqa: F811
    assert auth.login("organiser-b@example.org").status_code == 302
    assert fuzz_all_forms(app, client, two_events) > 300
