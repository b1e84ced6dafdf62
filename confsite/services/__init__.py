"""Domain logic in plain functions: views and CLI commands call these."""
