"""msgclient stand show|refresh: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app

app = noun_app(show="msgclient.commands.stand.show:command",
               refresh="msgclient.commands.stand.refresh:command")
