"""The card REST API (see views.py)."""
