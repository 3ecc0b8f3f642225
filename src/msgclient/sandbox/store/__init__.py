"""The sandbox stand's SQLite store: schema, seed, reads and writes."""
