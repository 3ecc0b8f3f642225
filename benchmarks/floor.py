"""The floor for checking a follow-up file: read it and validate every phone, nothing else.

    python benchmarks/floor.py rows.csv

csv.DictReader + phonenumbers.parse + is_valid_number + E.164 format per row. A dry run of
`msgclient bulk run` is measured against this (benchmarks/bulk.py, validation scenario):
it does this much work at least, for every row. Prints the rows read and the valid count.
"""

from __future__ import annotations

import csv
import sys

import phonenumbers


def main(path: str) -> None:
    rows = valid = 0
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows += 1
            number = phonenumbers.parse(row["phone"], None)
            if phonenumbers.is_valid_number(number):
                valid += 1
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    print(f"{rows} rows, {valid} valid")


if __name__ == "__main__":
    main(sys.argv[1])
