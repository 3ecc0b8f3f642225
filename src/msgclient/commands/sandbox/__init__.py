"""msgclient sandbox serve|reset: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app

app = noun_app(serve="msgclient.commands.sandbox.serve:command",
               reset="msgclient.commands.sandbox.reset:command")
