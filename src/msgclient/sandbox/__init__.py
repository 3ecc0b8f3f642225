"""The local sandbox stand: the contract implemented over SQLite, served on loopback.

Nothing here starts at import time; use server.start_in_thread() or server.serve_forever().
"""

# The stand's two personalities: "full" serves the whole contract (extensions included), "edna"
# only what edna documents, with edna's shapes and quirks (the edna/ package). Kept import-free
# here so that config/settings.py can validate a setting without loading the web stack.
PERSONALITIES = ("full", "edna")
