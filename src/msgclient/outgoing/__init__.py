"""The send domain: what a message and a recipient are, checks, look-ups, the body."""
