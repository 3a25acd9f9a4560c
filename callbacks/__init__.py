"""Dash callbacks of the web app: each module exposes register(app)."""
