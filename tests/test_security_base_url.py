"""Absolute links come from CONFSITE_BASE_URL, never from the request's Host header;
other hosts get a 400 page in the site layout (issue 15, item 1)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from confsite import create_app
from confsite.config import ConfigError
from tests import outbox
from tests.test_public_registration import form

BASE = "https://events.example.org"


@pytest.fixture
def site(make_app):
    """A site configured with a public base URL, as in production."""
    return make_app(BASE_URL=BASE, SERVER_NAME=None)


def test_reset_link_ignores_a_forged_host_header_and_the_host_is_refused(site, make):
    with site.app_context():
        make.user("ana@example.org")
    client = site.test_client()
    forged = client.post(
        "/password/forgot", data={"email": "ana@example.org"}, headers={"Host": "attacker.example"}
    )
    assert forged.status_code == 400
    page = forged.get_data(as_text=True)
    assert "does not answer to that host name" in page and '<nav aria-label="Main">' in page
    assert outbox.to(site, "ana@example.org") == []

    # The right host, reached over plain HTTP behind a TLS proxy: still the public https link.
    response = client.post(
        "/password/forgot", data={"email": "ana@example.org"}, base_url="http://events.example.org"
    )
    assert response.status_code == 302
    [mail] = outbox.to(site, "ana@example.org")
    assert outbox.link(mail, "/password/reset/").startswith(BASE + "/password/reset/")
    assert "attacker" not in outbox.text(mail)


def test_guest_private_link_uses_the_base_url(site, make):
    with site.app_context():
        make.event(slug="ka4", capacity=10)
    client = site.test_client()
    response = client.post("/events/ka4/register", data=form(), base_url="http://events.example.org")
    assert response.status_code == 302
    [mail] = outbox.to(site, "ana@example.org")
    assert outbox.link(mail, "/registration/").startswith(BASE + "/events/ka4/registration/")


def test_links_built_outside_a_request_use_the_base_url(site):
    from flask import url_for

    with site.app_context():
        assert url_for("public.home", _external=True) == BASE + "/"


def test_trusted_hosts_setting_refuses_with_a_page_not_a_crash(make_app):
    app = make_app(TRUSTED_HOSTS=["confsite.test"])
    client = app.test_client()
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "does not answer to that host name" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200


def test_base_url_is_required_outside_debug_and_testing(tmp_path, database):
    settings = {"SQLALCHEMY_DATABASE_URI": database.url, "SECRET_KEY": "x", "BASE_URL": None}
    with pytest.raises(ConfigError, match="CONFSITE_BASE_URL is not set"):
        create_app(settings, instance_path=tmp_path)
    with pytest.raises(ConfigError, match="not an http"):
        create_app({**settings, "BASE_URL": "events.example.org"}, instance_path=tmp_path)


def test_the_command_says_so_in_one_line(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "CONFSITE_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    result = subprocess.run(
        [sys.executable, "-c", "from confsite.cli.main import main; main()", "plugins"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: CONFSITE_BASE_URL is not set: set CONFSITE_BASE_URL to the site's public address, "
        "e.g. https://events.example.org"
    ]
