"""fleet: manage an osquery fleet's queries as code."""

__version__ = "0.1.0"
