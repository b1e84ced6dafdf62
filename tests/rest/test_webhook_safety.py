"""Webhooks cannot be aimed into the site's own network (SSRF): addresses that are not
http(s) or that resolve to loopback, private, link-local or multicast addresses are
refused when subscribing and again when delivering (DNS may have changed since)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from confsite.extensions import db
from confsite.models import RoleName, Webhook, WebhookDelivery
from confsite.services import webhooks
from confsite.services.api_tokens import create_token

INTERNAL = [
    "http://127.0.0.1:8080/hook",
    "http://localhost/hook",
    "http://[::1]/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://172.16.5.5/hook",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
    "http://[fe80::1]/hook",
    "http://224.0.0.1/hook",  # multicast
    "http://0.0.0.0/hook",
    "http://[::ffff:127.0.0.1]/hook",  # loopback dressed as IPv6
]


@pytest.fixture
def fake_dns(monkeypatch):
    """A resolver the test controls: host name -> addresses."""
    table: dict[str, list[str]] = {}

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError("Name or service not known")
        return table[host]

    monkeypatch.setattr(webhooks, "_resolve", resolve)
    return table


@pytest.mark.parametrize("url", INTERNAL)
def test_internal_addresses_are_refused_at_subscribe_time(app, make, url):
    event = make.event(slug="ka4")
    with pytest.raises(webhooks.WebhookError) as refused:
        webhooks.subscribe(event, url, ["event.published"], None)
    assert refused.value.field == "url" and "private network" in str(refused.value)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Webhook)) == 0


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x", "http://"])
def test_other_schemes_are_refused(app, make, url):
    event = make.event(slug="ka4")
    with pytest.raises(webhooks.WebhookError, match="http:// or https://"):
        webhooks.subscribe(event, url, ["event.published"], None)


def test_a_host_resolving_to_a_private_address_is_refused(app, make, fake_dns):
    event = make.event(slug="ka4")
    fake_dns["hooks.partner.example"] = ["93.184.216.34", "10.0.0.7"]  # one inside is enough
    with pytest.raises(webhooks.WebhookError, match="private network"):
        webhooks.subscribe(event, "https://hooks.partner.example/in", ["event.published"], None)
    fake_dns["hooks.partner.example"] = ["93.184.216.34"]
    hook = webhooks.subscribe(event, "https://hooks.partner.example/in", ["event.published"], None)
    assert hook.id is not None
    with pytest.raises(webhooks.WebhookError, match="cannot be found"):
        webhooks.subscribe(event, "https://nowhere.partner.example/in", ["event.published"], None)


def test_delivery_checks_again_and_never_connects_inside(app, make, fake_dns, monkeypatch):
    """Subscribed while public, then DNS points inside: the delivery is not sent."""
    event = make.event(slug="ka4")
    fake_dns["hooks.partner.example"] = ["93.184.216.34"]
    hook = webhooks.subscribe(event, "http://hooks.partner.example/in", ["event.published"], None)
    db.session.add(WebhookDelivery(webhook=hook, topic="event.published", payload="{}"))
    db.session.commit()
    connected: list[tuple] = []
    monkeypatch.setattr(
        webhooks.socket, "create_connection", lambda *args, **kwargs: connected.append(args) or 1 / 0
    )
    fake_dns["hooks.partner.example"] = ["127.0.0.1"]
    delivery_id = db.session.scalar(sa.select(WebhookDelivery.id))
    assert webhooks.deliver(delivery_id) == webhooks.backoff_seconds(1)  # retried later, DNS may change back
    delivery = db.session.get(WebhookDelivery, delivery_id)
    assert delivery.status == "pending" and delivery.response_code is None
    assert "Not sent" in delivery.error and "private network" in delivery.error
    assert connected == []


def test_delivery_connects_to_the_address_it_checked(app, make, fake_dns, monkeypatch):
    """The connection goes to the address just checked, not to a second lookup."""
    event = make.event(slug="ka4")
    fake_dns["hooks.partner.example"] = ["93.184.216.34"]
    hook = webhooks.subscribe(event, "http://hooks.partner.example:8443/in?x=1", ["event.published"], None)
    db.session.add(WebhookDelivery(webhook=hook, topic="event.published", payload="{}"))
    db.session.commit()
    connected: list[tuple] = []

    def refuse(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(webhooks.socket, "create_connection", refuse)
    webhooks.deliver(db.session.scalar(sa.select(WebhookDelivery.id)))
    assert connected == [("93.184.216.34", 8443)]


def test_the_setting_allows_internal_receivers(app, make):
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True
    event = make.event(slug="ka4")
    hook = webhooks.subscribe(event, "http://127.0.0.1:9/hook", ["event.published"], None)
    assert hook.url == "http://127.0.0.1:9/hook"


def test_the_form_refuses_an_internal_address(app, client, auth, make):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4")
    make.role(organiser, RoleName.ORGANISER, event=event)
    auth.login("org@example.org")
    page = client.post(
        "/manage/events/ka4/webhooks",
        data={"url": "http://169.254.169.254/latest/", "topics": ["event.published"]},
    )
    assert page.status_code == 200 and "private network" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Webhook)) == 0


def test_the_api_subscribes_public_addresses_and_refuses_internal_ones_with_422(client, make, fake_dns):
    organiser = make.user("org@example.org")
    event = make.event(slug="ka4")
    make.role(organiser, RoleName.ORGANISER, event=event)
    secret = create_token(organiser, name="crm", scope="write").secret
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    fake_dns["hooks.partner.example"] = ["93.184.216.34"]
    fake_dns["intranet.partner.example"] = ["192.168.1.20"]
    url = "/api/v1/events/ka4/webhooks"
    created = client.post(
        url,
        headers=headers,
        json={"url": "https://hooks.partner.example/in", "topics": ["registration.created"]},
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["topics"] == ["registration.created"] and len(body["secret"]) == 48
    for bad, field in [
        ({"url": "https://intranet.partner.example/in", "topics": ["event.published"]}, "url"),
        ({"url": "http://169.254.169.254/", "topics": ["event.published"]}, "url"),
        ({"url": "file:///etc/passwd", "topics": ["event.published"]}, "url"),
        ({"url": "https://hooks.partner.example/in", "topics": ["everything"]}, "topics.0"),
        ({"url": "https://hooks.partner.example/in", "topics": []}, "topics"),
    ]:
        refused = client.post(url, headers=headers, json=bad)
        assert refused.status_code == 422, (bad, refused.get_json())
        assert field in [e["field"] for e in refused.get_json()["errors"]]
    assert [h["id"] for h in client.get(url, headers=headers).get_json()] == [body["id"]]
    assert client.delete(f"{url}/{body['id']}", headers=headers).status_code == 204
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Webhook)) == 0
