"""Screenshots of every tab at 1280×800 and of projector mode, for docs/screenshots/.

Run: ``python -m tests.ui.make_screenshots`` (needs /usr/bin/chromium and playwright).
It starts ``klantreis ui`` on a free loopback port with a fresh data directory, opens the
street-festival example, answers nothing by hand, and photographs each tab.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from evals.browser import browser_page, open_tab, running_ui, say, start_session, wait_idle

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TABS = [
    ("Klantreis", "klantreis"),
    ("Blauwdruk", "blauwdruk"),
    ("Intake & levering", "intake-levering"),
    ("Samenhang", "samenhang"),
    ("Advies", "advies"),
    ("Varianten", "varianten"),
    ("Bronnen", "bronnen"),
    ("Export", "export"),
]


def scroll_top(page: Any) -> None:
    page.evaluate(
        """() => {
            for (const el of document.querySelectorAll('*')) {
                if (el.scrollTop > 0) el.scrollTop = 0;
            }
            window.scrollTo(0, 0);
        }"""
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_ui(Path(tmp) / "data") as url,
        browser_page() as page,
    ):
        page.goto(url)
        page.get_by_label("Naam van de nieuwe sessie").wait_for()
        wait_idle(page)
        page.screenshot(path=str(OUT / "00-start.png"))
        # a short conversation, so the chat shows questions with their why and sources
        start_session(page, "Gesprek straatfestival")
        for answer in (
            "Organiseren straatfestival",
            "de organisator van het festival, een ondernemer",
            "een veilig en gezellig feest in de eigen straat",
        ):
            say(page, answer)
        page.get_by_text("Waarom deze vraag").last.click()
        wait_idle(page)
        page.screenshot(path=str(OUT / "01-gesprek.png"))
        page.get_by_role("button", name="Voorbeeld: straatfestival openen").click()
        wait_idle(page)
        page.get_by_role("tab", name="Klantreis").wait_for()
        for number, (label, name) in enumerate(TABS, start=2):
            open_tab(page, label)
            scroll_top(page)
            page.wait_for_timeout(400)  # let images and tables paint
            page.screenshot(path=str(OUT / f"{number:02d}-{name}.png"))
        page.get_by_text("Projectormodus").click()
        wait_idle(page)
        scroll_top(page)
        page.wait_for_timeout(400)
        page.screenshot(path=str(OUT / "10-projector.png"))
        page.get_by_text("Projectormodus").click()
        wait_idle(page)
        page.get_by_text("Oefenen").first.click()
        wait_idle(page)
        page.get_by_role("button", name="Casus starten").click()
        wait_idle(page)
        say(page, "Organiseren straatfestival")
        page.get_by_role("button", name="Vraag feedback").click()
        wait_idle(page)
        page.wait_for_timeout(300)
        page.screenshot(path=str(OUT / "11-oefenen.png"))
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(OUT.parents[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
