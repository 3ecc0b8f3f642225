"""msgclient: send outgoing messages to contact-center clients from the terminal."""

__version__ = "0.1.0"
