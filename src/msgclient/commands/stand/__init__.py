"""msgclient stand show|refresh: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app
from msgclient.commands.stand import refresh, show

app = noun_app(show=show.command, refresh=refresh.command)
