"""msgclient config show|path|init|use: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app
from msgclient.commands.config import init, path, show, use

app = noun_app(show=show.command, path=path.command, init=init.command, use=use.command)
