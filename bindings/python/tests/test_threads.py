"""One client shared by many threads, and proof that network calls release the GIL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import justclick
from conftest import Sandbox


class Ticker:
    """A thread that runs pure Python in a loop, noting the longest pause between two
    of its iterations. While another thread holds the GIL, this one cannot run at all,
    so a long-held GIL shows up as a long pause."""

    def __init__(self) -> None:
        self.count = 0
        self.longest_pause = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            self.count += 1
            now = time.perf_counter()
            self.longest_pause = max(self.longest_pause, now - last)
            last = now

    def __enter__(self) -> Ticker:
        self._thread.start()
        time.sleep(0.05)  # let it get going before the measurement starts
        self.count = 0
        self.longest_pause = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def ticks_during(action: Callable[[], object]) -> tuple[int, float, float]:
    """(ticks, longest pause, seconds) of a Ticker while ``action`` runs."""
    with Ticker() as ticker:
        start = time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
        return ticker.count, ticker.longest_pause, elapsed


def test_slow_calls_release_the_gil(sandbox: Sandbox, client: justclick.Client) -> None:
    sandbox.latency(400)

    def three_slow_calls() -> None:
        for _ in range(3):
            assert client.get_all_groups()

    ticks, pause, elapsed = ticks_during(three_slow_calls)
    assert elapsed >= 1.2, "the sandbox latency did not apply"
    # Baseline: the same ticker while this thread sleeps (sleep releases the GIL).
    baseline, _, _ = ticks_during(lambda: time.sleep(elapsed))
    # Held GIL: the ticker would stall for a whole call (>= 0.4 s) and barely count.
    assert pause < 0.25, f"the ticker stalled for {pause:.3f} s during a call"
    assert ticks > baseline * 0.25, f"{ticks} ticks during calls vs {baseline} asleep"


def test_timeout_wait_releases_the_gil(sandbox: Sandbox) -> None:
    sandbox.fault("slow", count=1, delay_ms=3000)
    with sandbox.client(timeout=0.6, max_retries=0) as c:

        def timed_out() -> None:
            try:
                c.get_all_groups()
            except justclick.TimeoutError:
                return
            raise AssertionError("expected a timeout")

        _, pause, elapsed = ticks_during(timed_out)
    assert 0.5 <= elapsed < 2.5
    assert pause < 0.3, f"the ticker stalled for {pause:.3f} s while waiting"


def test_many_threads_share_one_client(sandbox: Sandbox, client: justclick.Client) -> None:
    sandbox.latency(300)
    emails = [f"t{i}@example.com" for i in range(8)]

    def work(email: str) -> list[str]:
        client.add_lead_to_group("mega", email)
        return [s["rass_name"] for s in client.get_lead_group_statuses(email)]

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, emails))
    elapsed = time.perf_counter() - start
    assert results == [["mega"]] * 8
    # 16 calls of >= 0.3 s each: run one at a time they would take 4.8 s.
    assert elapsed < 2.4, f"calls did not overlap ({elapsed:.2f} s)"
    subscribed = {s["rass_name"] for s in client.get_lead_group_statuses(emails[0])}
    assert subscribed == {"mega"}


def test_close_while_other_threads_call(sandbox: Sandbox) -> None:
    sandbox.latency(300)
    c = sandbox.client()
    outcome: list[object] = []

    def slow() -> None:
        outcome.append(c.get_all_groups())

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.1)
    c.close()  # must not wait for, or break, the call in flight
    t.join(timeout=10)
    assert outcome and isinstance(outcome[0], list)
    assert c.closed
