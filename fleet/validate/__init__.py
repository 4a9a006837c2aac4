"""Validate: every mistake osquery would silently accept, as findings."""
