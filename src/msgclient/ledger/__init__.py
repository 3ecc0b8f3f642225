"""What this install sent, and whom it must not contact: one SQLite file per stand."""
