"""msgclient bulk run|resume|status|list: one module per verb; here, the noun's sub-app.

The verbs share options.py (run's and resume's), sending.py (their second half), dryrun.py,
output.py and progress.py; the library is msgclient.bulk.
"""

from msgclient.commands.common import noun_app

app = noun_app(run="msgclient.commands.bulk.run:command",
               resume="msgclient.commands.bulk.resume:command",
               status="msgclient.commands.bulk.status:command",
               list="msgclient.commands.bulk.list:command")
