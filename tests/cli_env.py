"""The environment for running the ``klantreis`` CLI in a subprocess in tests: its own
data directory, no configuration file, the deterministic hash embedder, offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def offline_cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KLANTREIS_DATA_DIR=str(tmp_path / "data"),
        KLANTREIS_EMBEDDING_BACKEND="hash",
        KLANTREIS_CONFIG=str(tmp_path / "geen.toml"),
        PYTHONPATH=str(REPO),
    )
    env.pop("KLANTREIS_LLM_PROVIDER", None)
    return env


def run_chat_jsonl(
    tmp_path: Path, lines: list[str], *args: str
) -> subprocess.CompletedProcess[str]:
    """``klantreis chat --jsonl ARGS`` with ``lines`` on stdin, in ``tmp_path``."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--jsonl", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        env=offline_cli_env(tmp_path),
        cwd=tmp_path,
        timeout=120,
    )


def start_chat_jsonl(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, stderr: int = subprocess.PIPE
) -> subprocess.Popen[str]:
    """``klantreis chat --jsonl ARGS`` as a live process, for tests that talk to it turn by
    turn; ``env`` defaults to :func:`offline_cli_env`."""
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--jsonl", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=env if env is not None else offline_cli_env(tmp_path),
        cwd=tmp_path,
    )
