"""Reading the data files shipped in ``knowledge/data`` (read on first use, cached)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml


def data_bytes(name: str) -> bytes:
    return resources.files("knowledge").joinpath("data", name).read_bytes()


@cache
def load_yaml(name: str) -> Any:
    return yaml.safe_load(data_bytes(name).decode("utf-8"))


@cache
def load_json(name: str) -> Any:
    return json.loads(data_bytes(name).decode("utf-8"))


SHIPPED_FILES = (
    "concepts.yaml",
    "reference.json",
    "process_notes.yaml",
    "basisregistraties.yaml",
)
