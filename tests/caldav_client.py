"""A real CalDAV server (Radicale, on a loopback port) and the few client steps a
calendar app takes: import an .ics, apply an iTIP message, list what is stored."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import icalendar


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def radicale(folder: Path) -> Iterator[str]:
    """Run Radicale until the block ends; yields the URL of an empty calendar."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "radicale",
            "--server-hosts", f"127.0.0.1:{port}",
            "--storage-filesystem-folder", str(folder),
            "--auth-type", "none",
            "--rights-type", "authenticated",
            "--logging-level", "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/.web/", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("Radicale did not start")
        calendar = f"{base}/tester/agenda/"
        _request("MKCALENDAR", calendar)
        yield calendar
    finally:
        process.terminate()
        process.wait(timeout=10)


def _request(method: str, url: str, body: bytes | None = None, content_type: str = "text/calendar") -> bytes:
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", "Basic dGVzdGVyOng=")  # "tester:x"; auth type none accepts it
    if body is not None:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def import_ics(calendar_url: str, ics: bytes) -> None:
    """What "import this file" does: each VEVENT becomes an item named after its UID."""
    parsed = icalendar.Calendar.from_ical(ics)
    zones = list(parsed.walk("VTIMEZONE"))
    for component in parsed.walk("VEVENT"):
        _put(calendar_url, component, zones)


def _put(calendar_url: str, component: icalendar.Event, zones: list) -> None:
    item = icalendar.Calendar()
    item.add("prodid", "-//tests//caldav client//EN")
    item.add("version", "2.0")
    for zone in zones:
        item.add_component(zone)
    item.add_component(component)
    _request("PUT", f"{calendar_url}{component['UID']}.ics", item.to_ical())


def stored_events(calendar_url: str) -> list[icalendar.Event]:
    """Every VEVENT the server holds in the calendar (a GET of the whole collection)."""
    return list(icalendar.Calendar.from_ical(_request("GET", calendar_url)).walk("VEVENT"))


def apply_itip(calendar_url: str, ics: bytes) -> None:
    """Apply an iTIP message as a calendar client does (RFC 5546): a REQUEST replaces
    the stored item with the same UID when its SEQUENCE is not lower; a CANCEL removes it."""
    message = icalendar.Calendar.from_ical(ics)
    method = str(message["METHOD"])
    zones = list(message.walk("VTIMEZONE"))
    stored = {str(e["UID"]): e for e in stored_events(calendar_url)}
    for component in message.walk("VEVENT"):
        uid = str(component["UID"])
        known = stored.get(uid)
        if known is not None and int(known.get("SEQUENCE", 0)) > int(component.get("SEQUENCE", 0)):
            continue  # an out-of-date message
        if method == "REQUEST":
            _put(calendar_url, component, zones)
        elif method == "CANCEL" and known is not None:
            _request("DELETE", f"{calendar_url}{uid}.ics")
