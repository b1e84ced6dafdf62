"""Configuration: defaults, the instance folder, environment overrides.

Order of precedence (last wins): defaults below -> ``instance/config.py`` ->
environment variables (``CONFSITE_*``) -> the mapping passed to ``create_app``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_PATH = PROJECT_ROOT / "instance"

DEFAULTS: dict[str, Any] = {
    "SQLALCHEMY_DATABASE_URI": None,  # filled in with the SQLite file in the instance folder
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    "SITE_NAME": "confsite",
    "SERVER_TIMEZONE": "UTC",
    # Mail: "file" writes .eml files to instance/outbox; "smtp" uses the MAIL_SMTP_* settings.
    "MAIL_BACKEND": "file",
    "MAIL_SENDER": "confsite <noreply@confsite.invalid>",
    "MAIL_SMTP_HOST": "localhost",
    "MAIL_SMTP_PORT": 25,
    "MAIL_SMTP_USER": None,
    "MAIL_SMTP_PASSWORD": None,
    "MAIL_SMTP_STARTTLS": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": 3600 * 8,
    # Failed logins allowed per e-mail address within LOGIN_THROTTLE_WINDOW seconds.
    "LOGIN_THROTTLE_ATTEMPTS": 5,
    "LOGIN_THROTTLE_WINDOW": 900,
    # Log-in attempts per client (remote address) across all accounts, per window.
    "LOGIN_CLIENT_ATTEMPTS": 30,
    # Password-reset e-mails per hour, per address and per client.
    "RESET_MAILS_PER_ADDRESS": 3,
    "RESET_MAILS_PER_CLIENT": 10,
    # None = every installed plugin; otherwise a list of plugin names (CONFSITE_PLUGINS).
    "PLUGINS": None,
    # Public REST API (docs/api.md): requests per token (or per address without one) a minute,
    # and webhook deliveries: seconds before giving up on a receiver, attempts in all.
    "API_RATE_LIMIT": 120,
    "API_RATE_WINDOW": 60,
    "WEBHOOK_TIMEOUT": 5,
    "WEBHOOK_MAX_ATTEMPTS": 6,
    # Webhooks may not reach loopback, private, link-local or multicast addresses (SSRF);
    # True allows them, for development and tests with a receiver on this machine.
    "WEBHOOK_ALLOW_PRIVATE_TARGETS": False,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    # The public base URL of every absolute link (CONFSITE_BASE_URL; see confsite/base_url.py).
    "BASE_URL": None,
    # Redis shared by workers and hosts: job queue broker and rate limits (CONFSITE_REDIS_URL);
    # None = instance/jobs.sqlite3 for jobs and the database for limits.
    "REDIS_URL": None,
    # This site's name in a shared Redis: its job queue and its rate-limit counters.
    "JOBS_QUEUE_NAME": "confsite",
    # Several edits within this many seconds make one change notice to registrants.
    "CHANGE_NOTICE_DELAY": 300,
    # Months after an event ends before `confsite purge-personal-data` anonymises its
    # registrations, unless an administrator sets another period on /admin/privacy.
    "PERSONAL_DATA_RETENTION_MONTHS": 12,
    # Uploaded images (speaker photos, logos, banners; services/images.py): the folder
    # they are kept in (None: instance/images; CONFSITE_IMAGE_STORAGE) and the largest upload.
    "IMAGE_STORAGE": None,
    "IMAGE_MAX_BYTES": 5 * 1024 * 1024,
}

ENVIRONMENT = {
    "CONFSITE_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "CONFSITE_SECRET_KEY": "SECRET_KEY",
    "CONFSITE_PLUGINS": "PLUGINS",
    "CONFSITE_MAIL_BACKEND": "MAIL_BACKEND",
    "CONFSITE_SERVER_NAME": "SERVER_NAME",
    "CONFSITE_BASE_URL": "BASE_URL",
    "CONFSITE_REDIS_URL": "REDIS_URL",
    "CONFSITE_RETENTION_MONTHS": "PERSONAL_DATA_RETENTION_MONTHS",
    "CONFSITE_IMAGE_STORAGE": "IMAGE_STORAGE",
}


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message is one line for people."""


def load_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults, instance file, environment and overrides."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for env_name, key in ENVIRONMENT.items():
        value = os.environ.get(env_name)
        if value:
            app.config[key] = value
    if overrides:
        app.config.from_mapping(overrides)
    if isinstance(app.config["PLUGINS"], str):
        app.config["PLUGINS"] = [p.strip() for p in app.config["PLUGINS"].split(",") if p.strip()]
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_file = Path(app.instance_path) / "confsite.sqlite3"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    # Secure cookies whenever the site is served over HTTPS.
    # (Flask's own defaults already hold SESSION_COOKIE_SECURE=False, so setdefault would
    # never apply; an explicit override in ``overrides`` still wins.)
    if app.config.get("PREFERRED_URL_SCHEME") == "https":
        for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
            if key not in (overrides or {}):
                app.config[key] = True


def instance_secret_key(instance_path: Path) -> str:
    """Return the site's secret key, generating and keeping one on first run.

    The key lives in ``instance/secret_key`` (git-ignored), readable by the owner only.
    """
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
