"""msgclient config show|path|init|use: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app

app = noun_app(show="msgclient.commands.config.show:command",
               path="msgclient.commands.config.path:command",
               init="msgclient.commands.config.init:command",
               use="msgclient.commands.config.use:command")
