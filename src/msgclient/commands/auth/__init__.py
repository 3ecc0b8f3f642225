"""msgclient auth login|status|logout: one module per verb; here, the noun's sub-app."""

from msgclient.commands.auth import login, logout, status
from msgclient.commands.common import noun_app

app = noun_app(login=login.command, status=status.command, logout=logout.command)
