"""msgclient sandbox serve|reset: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app
from msgclient.commands.sandbox import reset, serve

app = noun_app(serve=serve.command, reset=reset.command)
