"""msgclient threads list|show: one module per verb; here, the noun's sub-app."""

from msgclient.commands.common import noun_app
from msgclient.commands.threads import list as list_verb
from msgclient.commands.threads import show as show_verb

app = noun_app(list=list_verb.command, show=show_verb.command)
