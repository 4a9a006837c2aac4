"""Load: read the inventory from YAML into the model, keeping every position."""
