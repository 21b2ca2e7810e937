"""The service blueprint: layout checked geometrically, renders to PNG, text fits its box
by the estimate *and* by DejaVu Sans's real metrics."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from assistant.export import export
from assistant.export.fmt_svg import SVG_NS
from assistant.export.layout import text_width, wrap
from assistant.export.verify import svg_problems
from assistant.model import ProcessModel
from evals.exports import synthetic_model

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def texts(data: bytes) -> list[etree._Element]:
    return list(etree.fromstring(data).iter(f"{{{SVG_NS}}}text"))


@pytest.mark.parametrize("n", [1, 10, 40])
def test_layout_has_no_overlap_and_no_overflow(n: int) -> None:
    data = export(synthetic_model(n), "svg")
    assert svg_problems(data) == []
    root = etree.fromstring(data)
    boxes = [r for r in root.iter(f"{{{SVG_NS}}}rect") if r.get("class") == "box"]
    assert len(boxes) >= n


def test_blueprint_has_phases_lanes_and_blueprint_lines(festival: ProcessModel) -> None:
    content = [t.text for t in texts(export(festival, "svg"))]
    for phase in ("Vóór", "Intake", "Behandeling", "Levering", "Na"):
        assert phase in content
    for lane in ("Klant", "Frontoffice", "Backoffice", "Ketenpartner", "Ondersteunend"):
        assert lane in content
    assert "zichtbaarheidslijn" in content and "interactielijn" in content


def test_ketenpartner_lane_only_when_used() -> None:
    model = synthetic_model(2)
    assert "Ketenpartner" not in [t.text for t in texts(export(model, "svg"))]


def test_a_long_word_is_hyphenated_or_cut_and_stays_in_its_box() -> None:
    model = synthetic_model(3)
    service = model.variants[0].services[0]
    long = (
        "Aansprakelijkheidsverzekeringsbewijsaanvraagformulierenbeoordelingscommissievergadering"
        * 3
    )
    acts = [
        a.model_copy(update={"name": long if i == 1 else a.name + " W" * 60})
        for i, a in enumerate(service.activities)
    ]
    service = service.model_copy(update={"activities": acts})
    model = model.model_copy(
        update={"variants": [model.variants[0].model_copy(update={"services": [service]})]}
    )
    data = export(model, "svg")
    assert svg_problems(data) == []
    assert any((t.text or "").endswith("…") for t in texts(data))


def test_wrap_respects_width_and_line_count() -> None:
    for text in ["", "kort", "een heel lange naam " * 20, "W" * 300, "😀" * 50]:
        lines = wrap(text, 164, 16, 4)
        assert len(lines) <= 4
        assert all(text_width(line, 16) <= 164 for line in lines)


def test_renders_to_png_with_cairosvg(festival: ProcessModel) -> None:
    cairosvg = pytest.importorskip("cairosvg")
    png = cairosvg.svg2png(bytestring=export(festival, "svg"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.width > 1000 and image.height > 500


@pytest.mark.skipif(not (FONTS / "DejaVuSans.ttf").exists(), reason="DejaVu fonts not installed")
@pytest.mark.parametrize("n", [10, 40])
def test_estimate_is_never_narrower_than_dejavu(n: int) -> None:
    from PIL import ImageFont

    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 100)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 100)
    data = export(synthetic_model(n), "svg")
    for t in texts(data):
        size = float(t.get("font-size", "16"))
        is_bold = t.get("font-weight") == "bold"
        font = bold if is_bold else regular
        real = font.getlength(t.text or "") * size / 100
        assert real <= text_width(t.text or "", size, is_bold) + 0.01, t.text


def test_svg_is_self_contained(festival: ProcessModel) -> None:
    data = export(festival, "svg")
    assert b"<script" not in data and b"http://" not in data.replace(
        b"http://www.w3.org/2000/svg", b""
    )
    assert b"https://" not in data
