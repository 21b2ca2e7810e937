"""Start ``klantreis ui`` on a free loopback port and drive it in headless Debian chromium.

Shared by the end-to-end test, the screenshot script and the UI benchmark. Playwright is
pointed at /usr/bin/chromium; no browser is ever downloaded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("KLANTREIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, timeout: float = 60.0) -> float:
    """Seconds until the server answers its health check."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"de werkplek op {url} startte niet binnen {timeout:.0f} s")


@contextmanager
def running_ui(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """``klantreis ui`` in a subprocess on 127.0.0.1; yields its base URL."""
    port = free_port()
    full_env = {
        **os.environ,
        "KLANTREIS_DATA_DIR": str(data_dir),
        "KLANTREIS_EMBEDDING_BACKEND": os.environ.get("KLANTREIS_EMBEDDING_BACKEND", "hash"),
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        **(env or {}),
    }
    log = (data_dir.parent / f"ui-{port}.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ui", "--port", str(port)],
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        yield url
    finally:
        # the server runs in its own process group; stop exactly that group
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


@contextmanager
def browser_page(downloads: Path | None = None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": VIEWPORT["width"], "height": VIEWPORT["height"]},
            accept_downloads=True,
            locale="nl-NL",
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def wait_idle(page: Any, timeout: float = 30_000) -> None:
    """Until Streamlit finished its script run and no element is stale any more."""
    page.wait_for_timeout(100)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-stale="true"]');
        }""",
        timeout=timeout,
    )


def start_session(page: Any, name: str) -> None:
    page.get_by_label("Naam van de nieuwe sessie").fill(name)
    page.get_by_role("button", name="Nieuwe sessie").click()
    page.get_by_test_id("stChatMessage").first.wait_for()
    wait_idle(page)


_LAST_MESSAGE = """() => {
    const all = document.querySelectorAll('[data-testid="stChatMessage"]');
    return all.length ? all[all.length - 1].innerText : '';
}"""


def say(page: Any, text: str) -> None:
    """Send a chat message and wait until the answer is rendered."""
    before = page.evaluate(_LAST_MESSAGE)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")
    # the chat shows a window of recent lines, so wait for the last line to change
    page.wait_for_function(f"b => ({_LAST_MESSAGE})() !== b", arg=before)
    wait_idle(page)


def open_tab(page: Any, label: str) -> None:
    page.get_by_role("tab", name=label).click()
    wait_idle(page)
