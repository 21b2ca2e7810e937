"""A group's results as CSV for the trainer: one row per trainee model.

Written for Dutch Excel: UTF-8 with BOM, ``;`` as separator and a decimal comma; scores
are 0–1 with two decimals. Columns: ``cursist;casus;<leerdoel>…;totaal``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.export.textutil import clean
from assistant.training.check import CheckResult


@dataclass(frozen=True)
class TraineeResult:
    trainee: str
    result: CheckResult


def _num(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _cell(text: str) -> str:
    # control characters first (Excel cuts a cell at NUL; ESC is noise), so what is left
    # is checked for a leading = + - @, which would run as a formula when the trainer opens it
    text = clean(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(rows: Sequence[TraineeResult]) -> bytes:
    goals: list[str] = []
    for row in rows:
        goals += [g for g in row.result.per_goal if g not in goals]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["cursist", "casus", *goals, "totaal"])
    for row in rows:
        r = row.result
        writer.writerow(
            [
                _cell(row.trainee),
                r.case,
                *(_num(r.per_goal[g]) if g in r.per_goal else "" for g in goals),
                _num(r.overall),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
