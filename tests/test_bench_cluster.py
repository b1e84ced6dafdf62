"""The pure parts of ``make bench-cluster`` (benchmarks/cluster.py); the cluster run
itself starts servers and a load balancer, so it is not part of the test suite."""

from benchmarks.cluster import form_fields, haproxy_config, header

EDIT_PAGE = """
<form method="post" action="/logout"><input type="hidden" name="csrf_token" value="t1">
<button type="submit">Log out</button></form>
<form method="POST" action="/manage/events/x/edit">
  <input type="hidden" name="csrf_token" value="t2">
  <input name="title" value="Ángel &amp; Øystein">
  <input type="checkbox" name="public" checked>
  <input type="checkbox" name="hidden">
  <input type="radio" name="kind" value="talk"><input type="radio" name="kind" value="workshop" checked>
  <select name="timezone"><option value="UTC">UTC</option>
    <option value="Europe/Madrid" selected>Madrid</option></select>
  <select name="series"><option value="0">none</option><option value="3">S</option></select>
  <textarea name="description">Line one
Line two</textarea>
  <input type="submit" name="save" value="Save">
</form>
<form method="get" action="/search"><input name="q" value="" ></form>
"""


def test_form_fields_submits_the_edit_form_as_a_browser_would() -> None:
    assert form_fields(EDIT_PAGE) == {
        "csrf_token": "t2",
        "title": "Ángel & Øystein",
        "public": "on",
        "kind": "workshop",
        "timezone": "Europe/Madrid",
        "series": "0",
        "description": "Line one\nLine two",
    }


def test_form_fields_of_a_page_without_a_post_form_is_empty() -> None:
    assert form_fields('<form method="get"><input name="q"></form>') == {}


def test_haproxy_config_checks_both_hosts_and_retries_elsewhere() -> None:
    config = haproxy_config(8080, {"A": 8001, "B": 8002}, "/", "127.0.0.1:8080")
    assert "bind 127.0.0.1:8080" in config
    assert "server A 127.0.0.1:8001 check inter 500ms fall 2 rise 2" in config
    assert "server B 127.0.0.1:8002 check inter 500ms fall 2 rise 2" in config
    assert "option redispatch" in config
    assert "hdr Host 127.0.0.1:8080" in config


def test_header_ignores_case() -> None:
    assert header({"etag": '"x"'}, "ETag") == '"x"'
    assert header({}, "ETag") is None
