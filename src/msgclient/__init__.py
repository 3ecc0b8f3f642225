"""msgclient: send outgoing messages to contact-center clients from the terminal."""

__version__ = "0.1.0"
# Set by the shell's completion script when it asks msgclient for completions (cli/app.py reads
# it to answer them, commands/completion.py writes it into the script).
COMPLETE_VAR = "_MSGCLIENT_COMPLETE"
