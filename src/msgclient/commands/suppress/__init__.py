"""msgclient suppress add|remove|list: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app

app = noun_app(add="msgclient.commands.suppress.add:command",
               remove="msgclient.commands.suppress.remove:command",
               list="msgclient.commands.suppress.list:command")
