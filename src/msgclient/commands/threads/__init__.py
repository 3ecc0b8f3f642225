"""msgclient threads list|show."""
