"""Hostile-input sweep of ``klantreis oefen results``: a trainee name with control
characters before a formula."""

from __future__ import annotations

import csv
import io

from assistant.training.check import CheckResult
from assistant.training.results import TraineeResult, results_csv


def test_control_characters_are_dropped_and_cannot_hide_a_formula() -> None:
    result = CheckResult(case="straatfeest", per_goal={}, overall=0.5, concepts=[])
    data = results_csv([TraineeResult('\x00=HYPERLINK("x")\x1b[31m', result)])
    text = data.decode("utf-8-sig")
    assert "\x00" not in text and "\x1b" not in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("x")[31m'
