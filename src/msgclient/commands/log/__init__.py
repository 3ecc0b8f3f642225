"""msgclient log show|export: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app

app = noun_app(show="msgclient.commands.log.show:command",
               export="msgclient.commands.log.export:command")
