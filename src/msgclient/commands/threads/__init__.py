"""msgclient threads list|show|sync: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app

app = noun_app(list="msgclient.commands.threads.list:command",
               show="msgclient.commands.threads.show:command",
               sync="msgclient.commands.threads.sync:command")
