"""Bulk follow-ups: read and validate rows, journal every send, pace and report.

Library code only: nothing here prints. The command layer passes callbacks for
progress and turns results into output (see commands/bulk/*.py).
"""
