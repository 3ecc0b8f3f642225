"""The local sandbox stand: the contract implemented over SQLite, served on loopback.

Nothing here starts at import time; use server.start_in_thread() or server.serve_forever().
"""
