"""msgclient auth login|status|logout: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app

app = noun_app(login="msgclient.commands.auth.login:command",
               status="msgclient.commands.auth.status:command",
               logout="msgclient.commands.auth.logout:command")
