"""Files msgclient reads from the user and writes for itself, under one policy each."""
