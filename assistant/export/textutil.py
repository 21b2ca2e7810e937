"""Text hygiene shared by the exporters: user text may hold anything a JSON string can.

XML 1.0 forbids most C0 control characters and lone surrogates, and UTF-8 cannot encode
lone surrogates at all, so every exporter passes user text through ``clean`` first. Ids
become NCNames (valid xs:ID / BPMN ids) without losing uniqueness.
"""

from __future__ import annotations

import hashlib
import re

# Characters XML 1.0 does not allow (besides \t \n \r), plus lone surrogates, which a JSON
# string can carry ("\ud800") but no UTF-8 file can.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Line and paragraph separators and every other kind of line break, for one-line labels.
_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_SPACES = re.compile(r"[ \u00a0]{2,}")
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.\-]")


def clean(text: str | None) -> str:
    """User text without XML-illegal characters and with ``\\n`` line ends."""
    if not text:
        return ""
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str | None) -> str:
    """Cleaned text on one line: labels, table cells and diagram nodes have no line breaks."""
    return _SPACES.sub(" ", _BREAKS.sub(" ", clean(text))).strip()


def ncname(prefix: str, raw: str) -> str:
    """A stable NCName for a model id: ``prefix`` + the id, or a hash when it had to change.

    The prefix starts with a letter, so an id such as ``3f9a`` is valid too. When the raw
    id contains characters outside [A-Za-z0-9_.-] they are replaced and a short hash of the
    original is appended, so two ids differing only in such characters stay distinct.
    """
    safe = _NOT_NCNAME.sub("_", raw)
    if safe != raw or not raw:
        digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        safe = f"{safe[:40]}_{digest}"
    return f"{prefix}{safe}"


def short_hash(*parts: str) -> str:
    """A deterministic 12-hex digest of the parts, for ids of derived things (relations)."""
    joined = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha1(joined).hexdigest()[:12]
