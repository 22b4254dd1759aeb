"""REST endpoints of the providers app (under /api/v1/)."""
