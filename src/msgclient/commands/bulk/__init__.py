"""msgclient bulk run|resume|status|list: one module per verb; here, the noun's sub-app.

The verbs share options.py (run's and resume's), sending.py (their second half), dryrun.py,
output.py and progress.py; the library is msgclient.bulk.
"""

from msgclient.commands.bulk import list as list_verb
from msgclient.commands.bulk import resume, run, status
from msgclient.commands.common import noun_app

app = noun_app(run=run.command, resume=resume.command, status=status.command,
               list=list_verb.command)
