"""Render: a Chef cookbook and a Puppet module that deploy compiled targets."""
