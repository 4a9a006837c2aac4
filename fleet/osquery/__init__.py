"""Facts about osquery that shape checks and output: platforms, names, flags, SQL."""
