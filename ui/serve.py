"""Start the Streamlit server for the workspace with the heavy modules already imported.

Streamlit imports the page's modules on the first visit; pandas, the core and the UI take
about two seconds to import on a busy 2-core machine. Importing them here, before the
server starts, keeps that out of the first visitor's wait. Arguments are those of
``streamlit`` (``run APP --server.port=…``); ``klantreis ui`` builds them.
"""

from __future__ import annotations

import importlib
import sys

PRELOAD = (
    "pandas",
    "pyarrow",
    "ui.actions",
    "ui.bridge",
    "ui.services",
    "ui.views",
    "assistant.editing",
    "assistant.export",
    "assistant.interview.engine",
    "assistant.advice",
    "assistant.variants",
    "assistant.effort",
    "assistant.training.check",
    "knowledge.base",
)


def preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            continue  # a part missing from this build shows up on the page, not here


def main(argv: list[str] | None = None) -> int:
    preload()
    from streamlit.web import cli as streamlit_cli

    sys.argv = ["streamlit", *(argv if argv is not None else sys.argv[1:])]
    streamlit_cli.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
