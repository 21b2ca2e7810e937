"""Text that every encoder can take.

Python strings can hold lone surrogates ("\\ud800"): a JSON line can carry one, and a
command-line argument or terminal input that was no UTF-8 arrives with them
(surrogateescape). No UTF-8 file, database driver or export can encode one.
"""

from __future__ import annotations

import re

SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, as undecodable bytes are."""
    return SURROGATE.sub("\ufffd", text)
