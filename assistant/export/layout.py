"""Geometry shared by the drawn formats (svg, bpmn, archimate): text measurement and
wrapping, boxes, and orthogonal edge routing on a column/row grid.

Layout rule of every diagram: one column per flow node, in flow order, and one row per
lane. A cell holds at most one box, so boxes cannot overlap by construction; edges run
through the gaps between columns and rows.

Text width is *estimated* (no font files at export time), deliberately on the wide side
of DejaVu Sans, the widest common sans-serif (Arial, Helvetica and Liberation are
narrower), so wrapped text stays inside its box whichever of them the viewer uses.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

Point = tuple[float, float]

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
ELLIPSIS = "…"

# Widths in em, rounded up from DejaVu Sans (Book); bold text is scaled by BOLD_FACTOR.
_NARROW = set("fijlrtI!'.,:;|()[]\\/`-\"")
_WIDE = set("mwMW@%#+<=>^~&©®±×÷¬¼½¾")
_EM_NARROW = 0.45
_EM_SPACE = 0.34
_EM_DIGIT = 0.66
_EM_LOWER = 0.66
_EM_UPPER = 0.82
_EM_WIDE = 1.06
_EM_FULLWIDTH = 1.3  # CJK and emoji, in whatever fallback font draws them
_EM_OTHER = 1.0
BOLD_FACTOR = 1.13
SAFETY = 1.05


@lru_cache(maxsize=4096)
def char_em(char: str) -> float:
    """Estimated advance width of one character, in em."""
    if char == " ":
        return _EM_SPACE
    if char in _NARROW:
        return _EM_NARROW
    if char in _WIDE:
        return _EM_WIDE
    if char.isascii():
        if char.isdigit():
            return _EM_DIGIT
        if char.isupper():
            return _EM_UPPER
        return _EM_LOWER
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return 0.0  # combining accents, direction marks, joiners take no room of their own
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _EM_FULLWIDTH
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed != char:
        # é is e plus an accent, Ǆ is D plus Ž: measure the parts
        return sum(char_em(c) for c in decomposed) or _EM_LOWER
    if category == "So" or ord(char) > 0xFFFF:
        return _EM_FULLWIDTH  # symbols and emoji outside the wide table
    return _EM_OTHER


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated rendered width of ``text`` at font size ``size`` (px)."""
    em = sum(char_em(c) for c in text)
    return em * size * SAFETY * (BOLD_FACTOR if bold else 1.0)


def _truncate(text: str, width: float, size: float, bold: bool) -> str:
    """The longest prefix of ``text`` that fits with an ellipsis appended."""
    if text_width(text, size, bold) <= width:
        return text
    budget = width - text_width(ELLIPSIS, size, bold)
    used = 0.0
    out = []
    for char in text:
        used += char_em(char) * size * SAFETY * (BOLD_FACTOR if bold else 1.0)
        if used > budget:
            break
        out.append(char)
    return "".join(out).rstrip() + ELLIPSIS


def _fits(text: str, width: float, size: float, bold: bool) -> bool:
    return text_width(text, size, bold) <= width


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word too long for one line, cut into pieces that fit, each but the last with a
    hyphen (Dutch compounds such as 'aansprakelijkheidsverzekering' are common)."""
    pieces: list[str] = []
    rest = word
    while rest and not _fits(rest, width, size, bold):
        cut = 1
        while cut < len(rest) and _fits(rest[: cut + 1] + "-", width, size, bold):
            cut += 1
        pieces.append(rest[:cut] + "-")
        rest = rest[cut:]
    if rest:
        pieces.append(rest)
    return pieces


def wrap(text: str, width: float, size: float, max_lines: int, bold: bool = False) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines no wider than ``width``.

    A word too long for a line is split with a hyphen; when the lines run out, the last
    line ends in an ellipsis. With one line left, a long word is cut with an ellipsis.
    """
    lines: list[str] = []
    current = ""
    overflow = False
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _fits(candidate, width, size, bold):
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        pieces = _split_word(word, width, size, bold) if max_lines > 1 else [word]
        for piece in pieces[:-1]:
            lines.append(piece)
        current = pieces[-1]
        if len(lines) >= max_lines:
            overflow = True
            break
    if not overflow and current:
        if len(lines) < max_lines:
            lines.append(current)
        else:
            overflow = True
    lines = [_truncate(line, width, size, bold) for line in lines[:max_lines]]
    if overflow and lines:
        last = lines[-1].removesuffix("-")
        if not last.endswith(ELLIPSIS):
            lines[-1] = _truncate(last + ELLIPSIS * 3, width, size, bold)
            if not lines[-1].endswith(ELLIPSIS):
                lines[-1] = _truncate(last + ELLIPSIS, width, size, bold)
    return lines


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def left_mid(self) -> Point:
        return (self.x, self.cy)

    @property
    def right_mid(self) -> Point:
        return (self.right, self.cy)

    @property
    def top_mid(self) -> Point:
        return (self.cx, self.y)

    @property
    def bottom_mid(self) -> Point:
        return (self.cx, self.bottom)

    def overlaps(self, other: Box, margin: float = 0.0) -> bool:
        return not (
            self.right + margin <= other.x
            or other.right + margin <= self.x
            or self.bottom + margin <= other.y
            or other.bottom + margin <= self.y
        )

    def on_border(self, point: Point, tolerance: float = 0.5) -> bool:
        px, py = point
        inside_x = self.x - tolerance <= px <= self.right + tolerance
        inside_y = self.y - tolerance <= py <= self.bottom + tolerance
        near_x = abs(px - self.x) <= tolerance or abs(px - self.right) <= tolerance
        near_y = abs(py - self.y) <= tolerance or abs(py - self.bottom) <= tolerance
        return (inside_x and near_y) or (inside_y and near_x)


def segment_hits(a: Point, b: Point, box: Box) -> bool:
    """Whether an axis-parallel segment passes through the inside of ``box``."""
    (x1, y1), (x2, y2) = a, b
    lo_x, hi_x = min(x1, x2), max(x1, x2)
    lo_y, hi_y = min(y1, y2), max(y1, y2)
    return lo_x < box.right and hi_x > box.x and lo_y < box.bottom and hi_y > box.y


def path_clear(points: Sequence[Point], obstacles: Sequence[Box]) -> bool:
    return not any(
        segment_hits(points[i], points[i + 1], box)
        for i in range(len(points) - 1)
        for box in obstacles
    )


def route(src: Box, dst: Box, obstacles: Sequence[Box], gap: float, gutter: float) -> list[Point]:
    """An orthogonal path from ``src`` to a box further right, avoiding other boxes.

    It starts and ends on the boxes' borders (BPMN viewers require that). ``gap`` is the
    free space between columns, ``gutter`` the free space above and below a box within its
    row. Tried in order: straight; a bend in the gap before the target; a bend in the gap
    after the source; out through the source's gutter.
    """
    lo, hi = min(src.x, dst.x), max(src.right, dst.right)
    near = [b for b in obstacles if b.right > lo and b.x < hi and b != src and b != dst]
    sy, ty = src.cy, dst.cy
    if abs(sy - ty) < 0.5:
        straight = [src.right_mid, dst.left_mid]
        if path_clear(straight, near):
            return straight
        gy = max(src.bottom, dst.bottom) + gutter
        return [src.bottom_mid, (src.cx, gy), (dst.cx, gy), dst.bottom_mid]
    late = dst.x - gap / 2
    early = src.right + gap / 2
    for gx in (late, early):
        bent = [src.right_mid, (gx, sy), (gx, ty), dst.left_mid]
        if path_clear(bent, near):
            return bent
    if ty > sy:
        gy = src.bottom + gutter
        return [src.bottom_mid, (src.cx, gy), (late, gy), (late, ty), dst.left_mid]
    gy = src.y - gutter
    return [src.top_mid, (src.cx, gy), (late, gy), (late, ty), dst.left_mid]


def fmt(value: float) -> str:
    """Coordinates as short, stable text: integers without a decimal point."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"
