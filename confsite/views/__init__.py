"""Blueprints: thin views that call services and render templates."""
