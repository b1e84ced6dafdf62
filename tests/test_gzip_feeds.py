"""Feeds sent gzip-compressed to clients that accept it (calendar apps do), compressed once
per version, with an ETag per encoding: a client holding either copy gets its 304, from
the app or from the feed poll shortcut; large bodies are kept compressed only, in the
render cache too (confsite.caching.compressed, confsite.caching.render)."""

from __future__ import annotations

import gzip

import pytest

from confsite.caching import compressed, feed_polls
from confsite.caching.compressed import Packed
from confsite.caching.render import PACK_FROM, RenderCache, cache_of
from confsite.extensions import db
from confsite.services import personal_feed
from tests.calendar_helpers import parse, programme, register

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
PUBLIC_FEEDS = [
    "/events/{slug}/calendar.ics",
    "/events/{slug}/sessions/{sid}/calendar.ics",
    "/events/{slug}/schedule.xml",
    "/events/{slug}/schedule.json",
]


def feed_urls(make) -> list[str]:
    """Every kind of feed: the event's public ones and a personal feed."""
    prog = programme()
    user = make.user()
    register(user, prog.event)
    personal_feed.regenerate_token(user)
    db.session.commit()
    urls = [template.format(slug=prog.event.slug, sid=prog.opening.id) for template in PUBLIC_FEEDS]
    return [*urls, f"/calendar/{user.calendar_token}.ics"]


def test_every_feed_is_sent_in_gzip_to_clients_that_ask_and_plain_to_others(app, client, make):
    for url in feed_urls(make):
        plain = client.get(url)
        packed = client.get(url, headers=GZIP)
        refused = client.get(url, headers={"Accept-Encoding": "gzip;q=0, identity"})
        assert plain.status_code == packed.status_code == refused.status_code == 200, url
        assert plain.headers.get("Content-Encoding") is None
        assert refused.headers.get("Content-Encoding") is None
        assert packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.get_data()) == plain.get_data() == refused.get_data()
        assert len(packed.get_data()) == int(packed.headers["Content-Length"])
        assert packed.headers["Content-Type"] == plain.headers["Content-Type"]
        # One ETag per encoding, both strong; caches are told the body depends on the header.
        assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-gz"'
        assert refused.headers["ETag"] == plain.headers["ETag"]
        for response in (plain, packed):
            assert "Accept-Encoding" in response.headers["Vary"]
            assert "Cookie" in response.headers["Vary"]
        if url.endswith(".ics"):
            parse(gzip.decompress(packed.get_data()))  # the same calendar, still valid


def test_a_client_holding_either_copy_gets_its_304(app, client, make):
    for url in feed_urls(make):
        plain_tag = client.get(url).headers["ETag"]
        gzip_tag = client.get(url, headers=GZIP).headers["ETag"]
        for held in (plain_tag, gzip_tag):
            for accepts in ({}, GZIP):
                for method in (client.get, client.head):
                    response = method(url, headers={"If-None-Match": held, **accepts})
                    assert response.status_code == 304, (url, held, accepts)
                    assert response.get_data() == b""
                    # The tag the client holds, so that it keeps using its copy.
                    assert response.headers["ETag"] == held
                    assert "Accept-Encoding" in response.headers["Vary"]
        stale = client.get(url, headers={"If-None-Match": '"stale-gz"', **GZIP})
        assert stale.status_code == 200 and stale.headers["ETag"] == gzip_tag


def test_head_gives_the_headers_of_each_encoding_without_a_body(app, client, make):
    url = feed_urls(make)[0]
    for accepts in ({}, GZIP):
        full = client.get(url, headers=accepts)
        head = client.head(url, headers=accepts)
        assert head.status_code == 200 and head.get_data() == b""
        for name in ("ETag", "Content-Length", "Content-Type", "Vary"):
            assert head.headers.get(name) == full.headers.get(name), name
        assert head.headers.get("Content-Encoding") == full.headers.get("Content-Encoding")


def test_a_feed_is_rendered_and_compressed_once_per_version(app, client, make, monkeypatch):
    url = feed_urls(make)[0]
    packs = []
    real_pack = compressed.pack
    monkeypatch.setattr(
        "confsite.caching.render.pack", lambda body, **kw: packs.append(1) or real_pack(body, **kw)
    )
    for headers in ({}, GZIP, {}, GZIP):
        assert client.get(url, headers=headers).status_code == 200
    assert packs == [1]


@pytest.mark.parametrize("feed", ["calendar.ics", "schedule.xml", "schedule.json"])
def test_the_poll_shortcut_answers_either_copy_as_the_app_does(make_app, monkeypatch, feed):
    answers = {}
    for shortcut in (False, True):
        app = make_app(FEED_POLL_SHORTCUT=shortcut)
        with app.app_context():
            if not shortcut:
                prog = programme()
                db.session.commit()
                url = f"/events/{prog.event.slug}/{feed}"
            client = app.test_client()
            tags = {
                "plain": client.get(url).headers["ETag"],
                "gzip": client.get(url, headers=GZIP).headers["ETag"],
            }
            if shortcut:

                def unreachable(environ, start_response):
                    raise AssertionError(f"the app was reached for {environ['PATH_INFO']}")

                assert isinstance(app.wsgi_app, feed_polls.FeedPollShortcut)
                monkeypatch.setattr(app.wsgi_app, "wsgi_app", unreachable)
            for held, tag in tags.items():
                for accepts in ("plain", "gzip"):
                    response = client.get(
                        url, headers={"If-None-Match": tag, **(GZIP if accepts == "gzip" else {})}
                    )
                    assert response.status_code == 304
                    answers[shortcut, held, accepts] = {
                        name: response.headers.get(name)
                        for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Type")
                    }
            db.session.remove()
    for held in ("plain", "gzip"):
        for accepts in ("plain", "gzip"):
            assert answers[True, held, accepts] == answers[False, held, accepts]
            assert answers[True, held, accepts]["ETag"] == tags[held]


def test_a_large_feed_is_kept_compressed_only_and_inflated_for_plain_clients(app, client, make, monkeypatch):
    monkeypatch.setattr(compressed, "PLAIN_MAX", 0)  # as the feeds of 6,000 sessions
    monkeypatch.setattr(compressed, "CHUNK", 64)  # several chunks even for a small feed
    url = feed_urls(make)[0]
    packed = client.get(url, headers=GZIP)
    plain = client.get(url)
    assert plain.get_data() == gzip.decompress(packed.get_data())
    assert int(plain.headers["Content-Length"]) == len(plain.get_data())
    parse(plain.get_data())
    [kept] = [value for value, _size in cache_of()._entries.values() if isinstance(value, Packed)]
    assert kept.plain is None and kept.gz == packed.get_data()
    head = client.head(url)
    assert head.get_data() == b"" and head.headers["Content-Length"] == plain.headers["Content-Length"]


def test_large_text_is_kept_compressed_and_a_hit_gives_it_back_identical():
    cache = RenderCache(max_bytes=64 * 1024 * 1024)
    text = "".join(f"<li>Session {i} – café “{i % 7}”</li>\n" for i in range(PACK_FROM // 20))
    data = text.encode()
    assert cache.get_or_make("text", lambda: text) == text
    assert cache.get_or_make("bytes", lambda: data) == data
    for key, value in (("text", text), ("bytes", data)):
        found = cache.get(key)
        assert type(found) is type(value) and found == value
        entry, size = cache._entries[key]
        assert isinstance(entry, Packed) and size < len(data) // 4
    small = "short – text"
    assert cache.get_or_make("small", lambda: small) is small
    assert cache._entries["small"][0] is small  # small values are kept as they are


def test_with_the_render_cache_off_a_feed_is_sent_plain_and_never_compressed(make_app, monkeypatch):
    """Compressing costs more than sending once: without a cache to keep it, the plain
    body goes out under the plain ETag, whatever the client accepts."""
    monkeypatch.setattr("confsite.caching.render.pack", lambda *a, **kw: pytest.fail("compressed"))
    app = make_app(RENDER_CACHE_BYTES=0)
    with app.app_context():
        prog = programme()
        db.session.commit()
        url = f"/events/{prog.event.slug}/calendar.ics"
    client = app.test_client()
    plain, asked = client.get(url), client.get(url, headers=GZIP)
    assert asked.headers.get("Content-Encoding") is None
    assert asked.get_data() == plain.get_data() and asked.headers["ETag"] == plain.headers["ETag"]
    assert "Accept-Encoding" in asked.headers["Vary"]
    assert client.get(url, headers={"If-None-Match": asked.headers["ETag"], **GZIP}).status_code == 304
