"""Run by tests/test_wheel.py with the interpreter of a fresh virtual environment where
the confsite wheel is installed: serves a page of every built-in plugin to the demo's
site admin and prints what happened as JSON (one line)."""

import json
import sys

import confsite_plugins

from confsite import create_app
from confsite.demo import DEMO_PASSWORD
from confsite.extensions import db
from confsite.models import Event, User
from confsite.plugins import host

app = create_app({"WTF_CSRF_ENABLED": False})
pages: dict[str, str] = {}
with app.test_request_context():
    admin = db.session.scalars(db.select(User).filter_by(email="admin@example.org")).one()
    for plugin, links in host().call("navigation_links", user=admin):
        pages.setdefault(plugin, links[0].url)
    for event in db.session.scalars(db.select(Event).order_by(Event.id)):
        for plugin, tabs in host().call("manage_tabs", event=event, user=admin):
            pages.setdefault(plugin, tabs[0].url)
    builtin = sorted(name for name, info in host().infos.items() if info.source == "built-in")

client = app.test_client()
client.post("/login", data={"email": admin.email, "password": DEMO_PASSWORD})
statuses = {
    name: [pages.get(name), pages.get(name) and client.get(pages[name]).status_code] for name in builtin
}
print(
    json.dumps(
        {
            "builtin": builtin,
            "statuses": statuses,
            "plugins_folder": next(iter(confsite_plugins.__path__)),
            "prefix": sys.prefix,
        }
    )
)
