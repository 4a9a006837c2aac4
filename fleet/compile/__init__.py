"""Compile: the inventory model into osquery configuration, flag files and packs."""
