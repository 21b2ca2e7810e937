"""One key per GEMMA Online page, whatever form its URL was saved in.

The same page is reached as ``/wiki/Titel``, ``/index.php/Titel`` and
``/index.php?title=Titel&oldid=…`` (a saved revision); a card written from one form must
find the ingested page saved in another.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlparse


def page_key(url: str) -> str:
    """``host/title`` for a MediaWiki page URL, else the URL without fragment; "" for ""."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parsed = urlparse(url)
    except ValueError:
        return url
    host = parsed.netloc.lower().removeprefix("www.")
    title = ""
    query = parse_qs(parsed.query)
    if query.get("title"):
        title = query["title"][0]
    elif parsed.path.startswith("/index.php/"):
        title = parsed.path[len("/index.php/") :]
    elif parsed.path.startswith("/wiki/"):
        title = parsed.path[len("/wiki/") :]
    if not title:
        return url.split("#", 1)[0]
    title = unquote(title).replace(" ", "_").strip("_")
    # MediaWiki ignores the case of a title's first letter only
    return f"{host}/{title[:1].upper()}{title[1:]}"


def element_key(id_or_url: str) -> str:
    """``element:<id>`` for a model element id or its GEMMA page (``…/GEMMA/id-…``), else ""."""
    tail = (id_or_url or "").split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return f"element:{tail}" if tail.startswith("id-") else ""
