"""What bulk shows: dry-run rows (stdout), problems, the confirmation and the summary (stderr)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from msgclient.commands.bulk.progress import per_second
from msgclient.outgoing.attachments import short_name
from msgclient.rules import rule_words
from msgclient.rules.text import one_line, plural
from msgclient.terminal.layout import indented, labelled
from msgclient.terminal.prompter import SEND_DEFAULT
from msgclient.terminal.render import cell, json_text, styled, terminal_json

if TYPE_CHECKING:
    from msgclient.bulk.eligibility import Verdict
    from msgclient.bulk.input.rows import BulkRow
    from msgclient.bulk.plan import Validation
    from msgclient.cli.context import Context
    from msgclient.terminal.iostreams import IOStreams

STATUS = {"pending": "ok", "invalid": "invalid", "duplicate": "duplicate", "refused": "refused",
          "failed": "error", "held": "held", "expired": "expired"}
PROBLEMS_SHOWN = 20


def _message(row: BulkRow | None) -> str:
    if row is None:
        return ""
    m = row.message
    if m.template:
        variables = ", ".join(f"{k}={v}" for k, v in m.variables.items())
        return f"template {m.template}" + (f" ({variables})" if variables else "")
    parts = [(m.text or "").replace("\n", " ")]
    if m.attachments:
        # Names, not a count: a row that attaches ~/.ssh/id_rsa must be seen in a dry run.
        parts.append(f"[attachments: {', '.join(short_name(a, 40) for a in m.attachments)}]")
    return " ".join(p for p in parts if p)


def row_view(v: Verdict) -> dict[str, Any]:
    m = v.row.message if v.row else None
    return {"line": v.line, "status": STATUS.get(v.state, v.state),
            "recipient": v.row.label if v.row else None,
            "channel": (v.summary or {}).get("channel") or (m.channel if m else None),
            "text": m.text if m else None, "template": m.template if m else None,
            "variables": dict(m.variables) if m else {},
            "attachments": list(m.attachments) if m else [], "tags": list(m.tags) if m else [],
            "subject": m.subject if m else None, "reason": v.reason, "code": v.code,
            "zone": v.zone[0] if v.zone else None,
            "zoneSource": v.zone[1] if v.zone else None}


NARROW = 100  # columns: below this a dry-run row's message goes on a line of its own


class DryRunPrinter:
    """Streams one line (or JSON object) per row to stdout as rows are judged."""

    def __init__(self, io: IOStreams, json_out: bool, rows: bool) -> None:
        self.io, self.json, self.rows, self.count = io, json_out, rows, 0
        if self.json:
            io.stdout.write('{"rows": [' if rows else "{")

    def __call__(self, verdict: Verdict) -> None:
        if not self.rows:
            return
        view = row_view(verdict)
        if self.json:
            self.io.stdout.write(("\n  " if not self.count else ",\n  ") +
                                 terminal_json(json.dumps(view, ensure_ascii=False)))
        elif self.io.stdout_is_tty:
            self._tty_line(view, _message(verdict.row))
        else:
            cells = [view["line"], view["status"], view["recipient"], view["channel"],
                     _message(verdict.row), view["reason"]]
            self.io.stdout.write("\t".join(cell(c) for c in cells) + "\n")
        self.count += 1

    def _tty_line(self, view: dict, message: str) -> None:
        style = {"ok": "", "duplicate": "yellow", "held": "yellow"}.get(view["status"], "red")
        detail = view["reason"] if view["reason"] else message
        head = (f"{view['line']:>6}  {view['status']:<9} {view['recipient'] or '-':<28} "
                f"{view['channel'] or '-':<10}")
        # A long message preview is cut to the terminal; a problem is always shown in full.
        crop = view["status"] == "ok"
        if self.io.out.width < NARROW:  # the message under its row, not cut to a letter
            lines = [head.rstrip(), " " * 8 + one_line(detail)]
        else:
            lines = [f"{head} {one_line(detail)}"]
        for line in lines:
            self.io.out.print(styled((one_line(line), style)), no_wrap=crop,
                              overflow="ellipsis" if crop else "fold")

    def close(self, summary: dict[str, Any]) -> None:
        if self.json:
            tail = '\n], "summary": ' if self.rows else '"summary": '
            self.io.stdout.write(tail + terminal_json(json.dumps(summary, ensure_ascii=False))
                                 + "}\n")
        self.io.stdout.flush()


def validation_summary(result: Validation, counts: dict[str, int] | None = None) -> dict:
    summary = {"rows": result.rows, "valid": result.valid, "invalid": result.invalid,
               "duplicates": result.duplicates,
               "problems": [{"line": line, "reason": reason} for line, reason in result.problems]}
    if counts is not None:
        summary["eligibility"] = counts
    return summary


def show_problems(io: IOStreams, result: Validation, name: str) -> None:
    """The first problems by line on stderr; the report file has them all."""
    for line, reason in result.problems[:PROBLEMS_SHOWN]:
        indented(io.err, f"{name} line {line}: {reason}", 2)  # wrapped lines keep the indent
    if result.invalid > PROBLEMS_SHOWN:
        io.info(f"  ... and {result.invalid - PROBLEMS_SHOWN:,} more invalid rows "
                "(--report PATH writes them all)")


def confirm_send(ctx: Context, count: int, samples: list[BulkRow], run_id: str) -> bool:
    io = ctx.io
    io.info(f"Run {run_id} is ready to send {count:,} {plural(count, 'message')}. "
            "The first ones:")
    for row in samples:
        channel = row.message.channel or "(the client's channel)"
        io.err.print(f"  line {row.line}: {row.label} via {channel}: {_message(row)[:80]}",
                     markup=False, highlight=False)

    return ctx.prompter.confirm(f"Send {count:,} {plural(count, 'message')}?",
                                default=SEND_DEFAULT)


def by_reason(counts: dict[str, int]) -> str:
    """'11 × the client has an active thread, 2 × the client is blocked': the rule codes in
    the rules' own words, each count first (JSON keeps the codes)."""
    return ", ".join(f"{n:,} × {rule_words(code)}" for code, n in counts.items())


def show_summary(ctx: Context, summary: dict[str, Any], report: str | None,
                 rate: float | None = None, elapsed: float | None = None,
                 resume_said: bool = False) -> None:
    """People get sentences on stderr; --json gets the summary object on stdout.
    resume_said: the line that ends the command names the resume command already."""
    if ctx.json:
        timing = {"elapsedSeconds": round(elapsed, 3) if elapsed is not None else None,
                  "sentPerSecond": round(rate, 1) if rate is not None else None}
        ctx.io.write(json_text({**summary, "report": report, **timing}) + "\n")
        return
    io, s = ctx.io, summary

    pace = f" at {per_second(rate)}" if rate is not None else ""
    done = s["complete"] or s["resume"] and s["held"] and not (s["pending"] or s["unknown"])
    mark = io.success if done and not s["failed"] else io.warn
    timed = "".join(f", {s[k]:,} {k}" for k in ("held", "expired") if s[k])
    mark(f"Run {s['runId']}: {s['sent']:,} sent, {s['refused']:,} refused by rule, "
         f"{s['failed']:,} failed, {s['unknown']:,} unknown{timed} of {s['rows']:,} "
         f"rows{pace}.")
    details = []
    if s["refusedByCode"]:
        details.append(("refused", by_reason(s["refusedByCode"])))
    skipped = [f"{s['invalid']:,} invalid"] if s["invalid"] else []
    if s["duplicates"]:
        skipped.append(f"{s['duplicates']:,} {plural(s['duplicates'], 'duplicate')}")
    if skipped:
        details.append(("not sent", f"{', '.join(skipped)} (skipped)"))
    if s["expired"]:
        details.append(("expired", f"{s['expired']:,} (past the deadline: never sent)"))
    if s["held"]:
        details.append(("held", f"{s['held']:,} until {s['heldUntil']['text']}: "
                                f"'{s['resume']}' sends them then"))
    if s["pending"]:
        details.append(("not attempted yet", f"{s['pending']:,}"))
    if report:
        details.append(("report", report))
    if s["resume"] and not resume_said:
        details.append(("resume", s["resume"]))

    for detail in details:  # one by one: each value right after its own label
        labelled(io.err, [detail])  # a long path wraps under itself, not at column 0
    if s["held"] and not resume_said:  # the one line for cron or at(1), as data
        io.write(f"{s['resume']} --yes\n")


def partial_hint(result: dict, keys_honoured: bool) -> str:
    """How to deal with failed and unknown rows, by whether the stand de-duplicates."""
    again = result["resume"]
    hints = [f"'{again}' tries the failed rows again."] if result["failed"] else []
    if result["unknown"] and keys_honoured:
        hints.append(f"'{again}' sends the unknown ones again under the same keys, which this "
                     "stand de-duplicates.")
    elif result["unknown"]:
        hints.append(f"This stand does not honour Idempotency-Key, so unknown rows may have "
                     f"been sent: check them ('msgclient bulk status {result['runId']} --rows "
                     f"unknown'), then '{again} --resend-unknown' sends them again.")
    return " ".join(hints)
