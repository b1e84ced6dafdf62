"""A tiny HTTP client for the benchmark set-up steps (log in, read ETags, register)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


class Browser:
    """Keeps cookies like a browser; follows no redirects so statuses stay visible."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as resp:
                return Response(resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as err:
            return Response(err.code, dict(err.headers), err.read().decode("utf-8", "replace"))

    def csrf_token(self, path: str) -> str:
        match = TOKEN.search(self.request("GET", path).body)
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def login(self, email: str, password: str) -> None:
        token = self.csrf_token("/login")
        resp = self.request("POST", "/login", {"csrf_token": token, "email": email, "password": password})
        if resp.status not in (302, 303):
            raise RuntimeError(f"login failed with {resp.status}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
