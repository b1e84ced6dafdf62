"""Security headers on every response (issue 15, item 4)."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD


def csp_directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in policy.split("; ")}


@pytest.mark.parametrize("path", ["/", "/login", "/no-such-page", "/events/nothing-here"])
def test_every_page_has_the_headers(client, path):
    response = client.get(path)
    policy = csp_directives(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert re.fullmatch(r"'self' 'nonce-[\w-]{20,}'", policy["script-src"])
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_each_response_has_its_own_nonce(client):
    first, second = csp_directives(client.get("/")), csp_directives(client.get("/"))
    assert first["script-src"] != second["script-src"]


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://confsite.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_workspace_account_and_signed_in_pages_are_not_stored(client, make, auth):
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    user = make.user("ana@example.org", admin=True)
    auth.login(user.email, PASSWORD)
    for path in ("/manage/", "/me/account", "/me/agenda", "/"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_plugin_pages_have_the_policy_too(client, make):
    event = make.event(slug="ka4")
    response = client.get(f"/manage/events/{event.slug}/take_home/")
    assert response.status_code == 302  # to log in
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
