# Copy to instance/config.py and adjust. Environment variables (CONFSITE_DATABASE_URL,
# CONFSITE_SECRET_KEY, CONFSITE_PLUGINS, CONFSITE_MAIL_BACKEND) override these.

# Default: SQLite in this folder. For production use PostgreSQL:
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://confsite@127.0.0.1:5432/confsite"

# Left unset, a random key is generated on first run and kept in instance/secret_key.
# SECRET_KEY = "..."

SITE_NAME = "confsite"

# Served over HTTPS? Then cookies are marked Secure and links use https.
# PREFERRED_URL_SCHEME = "https"

# Mail: "file" writes .eml files to instance/outbox/ (default); "smtp" sends.
# MAIL_BACKEND = "smtp"
# MAIL_SENDER = "Events <events@example.org>"
# MAIL_SMTP_HOST = "smtp.example.org"
# MAIL_SMTP_PORT = 587
# MAIL_SMTP_USER = "..."
# MAIL_SMTP_PASSWORD = "..."
# MAIL_SMTP_STARTTLS = True

# Load only these plugins (default: all installed).
# PLUGINS = ["take_home", "attendance"]


# Speed (docs/performance.md, docs/operations.md).
# PUBLIC_PAGE_CACHE_SECONDS = 10      # anonymous event pages reused this long; 0 = off
# FEED_POLL_SHORTCUT = True           # answer feed polls (If-None-Match) before Flask
# RENDER_CACHE_BYTES = 32 * 1024 * 1024

# Personal data (docs/privacy.md): months after an event ends before
# `confsite purge-personal-data --apply` anonymises its registrations; an administrator's
# setting on /admin/privacy overrides it.
# PERSONAL_DATA_RETENTION_MONTHS = 12
