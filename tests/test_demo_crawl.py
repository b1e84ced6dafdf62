"""Every page reachable by following links on the full demo answers without error.

A crawler starts at the home page, as an anonymous visitor and as the site admin (who
sees every organiser page), and follows each same-site link once. Any 5xx, or any link
to a page that does not exist, fails the test.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from confsite.demo import DEMO_PASSWORD, load_full_demo

pytestmark = pytest.mark.slow

LINK = re.compile(r'href="([^"#]+)')
SKIP = ("/logout", "/static/", "mailto:", "webcal:", "data:")
LIMIT = 1500


def crawl(client, start: str = "/") -> tuple[dict[str, int], dict[str, str]]:
    """Statuses of every page reached, and the page each was first linked from."""
    seen: dict[str, int] = {}
    found_on: dict[str, str] = {start: ""}
    queue = deque([start])
    while queue and len(seen) < LIMIT:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.mimetype != "text/html":
            # Downloads are read to the end, as a browser would: a streamed one (the
            # exports) keeps its request context until its body is consumed and closed.
            response.get_data()
            response.close()
            continue
        for href in LINK.findall(response.get_data(as_text=True)):
            href = href.replace("&amp;", "&")
            parts = urlsplit(urljoin("http://confsite.test" + path, href))
            if parts.netloc not in ("", "confsite.test") or any(s in href for s in SKIP):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                found_on.setdefault(target, path)
                queue.append(target)
    return seen, found_on


@pytest.mark.parametrize("who", ["anonymous", "admin@example.org"])
def test_every_linked_page_of_the_demo_answers(app, client, who):
    load_full_demo()
    if who != "anonymous":
        response = client.post("/login", data={"email": who, "password": DEMO_PASSWORD})
        assert response.status_code == 302
    seen, found_on = crawl(client)
    broken = {
        f"{path} (linked from {found_on[path]})": status
        for path, status in seen.items()
        if status >= 500 or status == 404
    }
    assert broken == {}, broken
    assert len(seen) > (50 if who == "anonymous" else 150), len(seen)
