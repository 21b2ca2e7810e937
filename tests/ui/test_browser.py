"""One end-to-end run of ``klantreis ui`` in a real headless chromium (Debian package).

Not skipped in CI: .ci/run installs chromium with apt. Locally, install it with
``apt-get install -y chromium``; without it this test fails and says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from assistant.export import all_exporters
from evals.browser import CHROMIUM, browser_page, open_tab, running_ui, say, start_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_three_answers_blueprint_and_bpmn_download_in_chromium(tmp_path: Path) -> None:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} ontbreekt: apt-get install -y chromium"
    with running_ui(tmp_path / "data") as url, browser_page() as page:
        page.goto(url)
        page.get_by_label("Naam van de nieuwe sessie").wait_for()
        start_session(page, "e2e straatfestival")
        say(page, "Organiseren straatfestival")
        say(page, "de organisator, een ondernemer")
        say(page, "een veilig feest in de eigen straat")
        texts = page.get_by_test_id("stChatMessage").all_inner_texts()
        assert sum("Vastgelegd" in t for t in texts) == 3, texts
        assert "vóórdat" in texts[-1]  # the fourth question: steps before

        open_tab(page, "Blauwdruk")
        page.get_by_role("tab", name="Blauwdruk", selected=True).wait_for()
        shot = tmp_path / "blauwdruk.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        assert not page.get_by_text("Traceback").count()

        open_tab(page, "Export")
        if "bpmn" not in {e.name for e in all_exporters()}:
            # the exporter belongs to issue 6; until it is registered there is no button
            pytest.xfail("BPMN-export (issue 6) is in deze build niet geregistreerd")
        # keyed widgets carry their key as a CSS class (st-key-…); labels may change
        button = page.locator(".st-key-dl_bpmn button")
        with page.expect_download() as info:
            button.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        assert target.suffix == ".bpmn"
        root = SafeET.fromstring(target.read_bytes())
        assert root.tag.endswith("definitions")
