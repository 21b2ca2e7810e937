"""Prompt files: loaded by name, validated on load, missing variables are named errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.interview.prompts import PromptError, PromptVariableError, load_prompt, parse_prompt

NAMES = [
    "interview_system",
    "interview_answer",
    "reask",
    "extract_system",
    "extract_user",
    "rephrase",
]


@pytest.mark.parametrize("name", NAMES)
def test_shipped_prompts_load(name: str) -> None:
    prompt = load_prompt(name)
    assert prompt.variables
    assert prompt.render(**dict.fromkeys(prompt.variables, "x"))


def test_missing_variable_is_named() -> None:
    with pytest.raises(PromptVariableError, match="'answer'"):
        load_prompt("interview_answer").render(slot_id="a", slot_label="b", question="c")


def test_values_are_not_reformatted() -> None:
    out = load_prompt("reask").render(error="{answer} {0}")
    assert "{answer} {0}" in out


def test_invalid_templates_fail_on_load(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match="kop"):
        parse_prompt("x", "geen kop {a}")
    with pytest.raises(PromptError, match="onbekend"):
        parse_prompt("x", "---\nname: x\nvariables: [a]\n---\n{a} {b}")
    with pytest.raises(PromptError, match="plaatshouder"):
        parse_prompt("x", "---\nname: x\nvariables: []\n---\n{0}")
    with pytest.raises(PromptError, match="bestaat niet"):
        load_prompt("bestaat_niet", tmp_path)
    with pytest.raises(PromptError, match="Ongeldige"):
        load_prompt("../etc/passwd")
