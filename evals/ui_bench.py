"""Benchmark of the workspace: time to a usable first page, and rerun time after a chat turn.

- first page: ``klantreis ui`` started cold in a subprocess, then headless chromium opens
  it; we time until the sidebar's "new session" field is usable (cold = first visitor,
  which includes importing the app; warm = a second browser tab).
- rerun after a chat turn, offline: the real page script under Streamlit's AppTest, one
  interview turn per run, timed from submitting the message to the finished render; and a
  plain rerun right after it (what a click elsewhere costs).

Run: ``klantreis eval ui`` or ``python -m evals.ui_bench``. Writes evals/results/ui.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOAD = " / ".join(f"{x:.1f}" for x in os.getloadavg())
RESULTS = ROOT / "evals" / "results" / "ui.md"
ANSWERS = [
    "Organiseren straatfestival",
    "de organisator van het festival, een ondernemer",
    "een veilig en gezellig feest in de eigen straat",
    "sponsoring regelen, artiesten boeken en de buurt informeren",
    "artiesten bevestigen en catering regelen",
    "een aanvraag van de organisator",
    "regelen evenementenvergunning",
    "online via het e-formulier",
    "naam, adres, datum en locatie van het festival",
    "KvK-uittreksel, situatietekening en verklaring van de politie",
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def bench_reruns(runs: int) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "ui" / "app.py")
    at = AppTest.from_file(app, default_timeout=60)
    at.run()
    at.text_input(key="new_session_name").input("benchmark")
    next(b for b in at.button if b.label == "Nieuwe sessie").click().run()
    turn_ms: list[float] = []
    rerun_ms: list[float] = []
    turn_cpu: list[float] = []
    rerun_cpu: list[float] = []
    for i in range(runs):
        message = ANSWERS[i] if i < len(ANSWERS) else "weet ik niet"
        # wall time is what a user waits; CPU time of this process is the work itself,
        # which stays comparable when other jobs load the shared machine
        start, cpu = time.perf_counter(), time.process_time()
        at.chat_input[0].set_value(message).run()
        turn_ms.append((time.perf_counter() - start) * 1000)
        turn_cpu.append((time.process_time() - cpu) * 1000)
        start, cpu = time.perf_counter(), time.process_time()
        at.run()
        rerun_ms.append((time.perf_counter() - start) * 1000)
        rerun_cpu.append((time.process_time() - cpu) * 1000)
        if at.exception:
            raise RuntimeError(f"de pagina gaf een fout: {at.exception[0].value}")
    return {"turn": turn_ms, "rerun": rerun_ms, "turn_cpu": turn_cpu, "rerun_cpu": rerun_cpu}


def bench_browser(turns: int = 12) -> dict[str, Any] | str:
    """First page (cold and warm) and chat turns as the designer sees them in chromium."""
    try:
        from evals.browser import CHROMIUM, browser_page, running_ui, say, start_session
    except ImportError as exc:
        return f"niet gemeten ({exc})"
    if not Path(CHROMIUM).exists():
        return f"niet gemeten: {CHROMIUM} ontbreekt"
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        # the target is for a machine where the index exists; the first build is separate
        from knowledge.base import KnowledgeBase

        backend = os.environ.get("KLANTREIS_EMBEDDING_BACKEND", "hash")
        KnowledgeBase.open(data / "index", embedding_backend=backend).ensure_ready()
        start = time.perf_counter()
        with running_ui(data) as url, browser_page() as page:
            out["server_start_s"] = time.perf_counter() - start
            for label in ("cold_s", "warm_s"):
                start = time.perf_counter()
                page.goto(url)
                page.get_by_label("Naam van de nieuwe sessie").wait_for()
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                )
                out[label] = time.perf_counter() - start
            start_session(page, "benchmark browser")
            browser_turns: list[float] = []
            for i in range(turns):
                start = time.perf_counter()
                say(page, ANSWERS[i] if i < len(ANSWERS) else "weet ik niet")
                browser_turns.append((time.perf_counter() - start) * 1000)
            out["turns_ms"] = browser_turns
    return out


def write_report(reruns: dict[str, list[float]], first: dict[str, Any] | str) -> str:
    turn, rerun = reruns["turn"], reruns["rerun"]
    lines = [
        "# Werkplek (UI): benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, load average bij de start {LOAD}, Python "
        f"{sys.version.split()[0]}; offline (geen taalmodel), embedding backend "
        f"`{os.environ.get('KLANTREIS_EMBEDDING_BACKEND', 'hash')}`, index al gebouwd. "
        "Gemeten met `klantreis eval ui`.",
        "",
        "## Herladen na een chatbeurt (AppTest, echte paginascript)",
        "",
        "| meting | n | p50 (ms) | p95 (ms) | max (ms) | doel p95 |",
        "|---|---:|---:|---:|---:|---|",
        f"| chatbeurt + render | {len(turn)} | {statistics.median(turn):.0f} | "
        f"{_pct(turn, 0.95):.0f} | {max(turn):.0f} | ≤ 300 ms |",
        f"| herladen zonder wijziging | {len(rerun)} | {statistics.median(rerun):.0f} | "
        f"{_pct(rerun, 0.95):.0f} | {max(rerun):.0f} | ≤ 300 ms |",
        f"| chatbeurt + render, CPU-tijd | {len(turn)} | "
        f"{statistics.median(reruns['turn_cpu']):.0f} | {_pct(reruns['turn_cpu'], 0.95):.0f} | "
        f"{max(reruns['turn_cpu']):.0f} | (belastingonafhankelijk) |",
        f"| herladen, CPU-tijd | {len(rerun)} | "
        f"{statistics.median(reruns['rerun_cpu']):.0f} | {_pct(reruns['rerun_cpu'], 0.95):.0f} | "
        f"{max(reruns['rerun_cpu']):.0f} | (belastingonafhankelijk) |",
        "",
        "AppTest-tijden bevatten ook het ontleden van de pagina door AppTest zelf; de "
        "server doet minder. De CPU-tijd telt alleen werk van dit proces en blijft "
        "vergelijkbaar als andere processen de machine belasten.",
        "",
        "## Eerste pagina (klantreis ui + headless chromium)",
        "",
    ]
    if isinstance(first, str):
        lines.append(first)
    else:
        lines += [
            "| meting | seconden | doel |",
            "|---|---:|---|",
            f"| server gestart (health) | {first['server_start_s']:.2f} | |",
            f"| eerste pagina bruikbaar, eerste bezoeker | {first['cold_s']:.2f} | ≤ 3 s |",
            f"| eerste pagina bruikbaar, tweede tabblad | {first['warm_s']:.2f} | ≤ 3 s |",
            "",
            "## Chatbeurt in de browser (Enter tot de pagina klaar is, incl. websocket en render)",
            "",
            "| n | p50 (ms) | p95 (ms) | max (ms) |",
            "|---:|---:|---:|---:|",
            f"| {len(first['turns_ms'])} | {statistics.median(first['turns_ms']):.0f} | "
            f"{_pct(first['turns_ms'], 0.95):.0f} | {max(first['turns_ms']):.0f} |",
        ]
    lines.append("")
    return "\n".join(lines)


def main(runs: int = 40) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KLANTREIS_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.setdefault("KLANTREIS_EMBEDDING_BACKEND", "hash")
        reruns = bench_reruns(runs)
    first = bench_browser()
    report = write_report(reruns, first)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    ok = _pct(reruns["turn"], 0.95) <= 300
    if isinstance(first, dict):
        ok = ok and first["cold_s"] <= 3.0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
