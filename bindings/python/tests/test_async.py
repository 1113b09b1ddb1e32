"""``justclick.AsyncClient`` against the sandbox: the loop keeps running, calls run
concurrently on one connection pool, cancellation, errors, loop shutdown, no leaks."""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import inspect
import os
import sys
import time
import urllib.parse
from collections.abc import Awaitable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

import justclick
from conftest import SECRET, Sandbox

HERE = Path(__file__).resolve().parent
BINDING = HERE.parent
T = TypeVar("T")


def aclient(sandbox: Sandbox, **options: Any) -> justclick.AsyncClient:
    """An AsyncClient for the sandbox's default account (no retries by default)."""
    options.setdefault("base_url", sandbox.base_url)
    options.setdefault("max_retries", 0)
    return justclick.AsyncClient(sandbox.login, sandbox.secret, **options)


def run(coro: Awaitable[T]) -> T:
    async def main() -> T:
        return await coro

    return asyncio.run(main())


def _load(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def os_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# ----- shape ----------------------------------------------------------------------------


def test_generated_module_is_up_to_date() -> None:
    gen = _load(BINDING / "gen_async.py", "gen_async")
    async_text, sync_text = gen.generate()
    assert gen.OUT.read_text(encoding="utf-8") == async_text, (
        "python/justclick/_async.py is stale: run python bindings/python/gen_async.py"
    )
    assert gen.SYNC.read_text(encoding="utf-8") == sync_text, (
        "the invoke overloads in _client.py are stale: run python bindings/python/gen_async.py"
    )


def public_methods(cls: type) -> set[str]:
    return {n for n, v in inspect.getmembers(cls) if callable(v) and not n.startswith("_")}


def test_every_client_method_is_a_coroutine_with_the_same_signature() -> None:
    sync_methods = public_methods(justclick.Client) - {"close"}
    async_methods = public_methods(justclick.AsyncClient) - {"aclose"}
    assert sync_methods == async_methods
    assert len(sync_methods) == 29 + 3  # the documented methods, call, call_v2, invoke
    for name in sync_methods:
        a = getattr(justclick.AsyncClient, name)
        s = getattr(justclick.Client, name)
        assert inspect.iscoroutinefunction(a), name
        assert a.__doc__ and (name in {"call", "call_v2", "invoke"} or a.__doc__ == s.__doc__)
        if name not in {"call", "call_v2", "invoke"}:
            assert inspect.signature(a) == inspect.signature(s), name
    # The constructor takes every option of Client, plus max_concurrency.
    # (`_max_concurrency` is the private option AsyncClient sets from it.)
    sync_opts = [p for p in inspect.signature(justclick.Client).parameters if p[0] != "_"]
    async_opts = dict(inspect.signature(justclick.AsyncClient).parameters)
    assert async_opts.pop("max_concurrency").default == 64
    assert list(async_opts) == sync_opts


# ----- calls ----------------------------------------------------------------------------


def test_results_equal_the_sync_client(sandbox: Sandbox) -> None:
    with sandbox.client() as sync:
        groups = sync.get_all_groups()
        coupons = sync.get_coupons()
        statuses = sync.get_lead_group_statuses("user@example.com")

    async def main() -> None:
        async with aclient(sandbox) as c:
            assert await c.get_all_groups() == groups
            assert await c.call("GetAllGroups") == groups
            assert await c.invoke("get_all_groups", {}) == groups
            assert await c.call_v2("getcoupons") == coupons
            assert await c.get_lead_group_statuses("user@example.com") == statuses
            await c.delete_subscribe("user@example.com", "super")
            after = await c.get_lead_group_statuses("user@example.com")
            assert {g["rass_name"]: g["rass_status"] for g in after}["super"] == (
                "STATUS_UNSUBSCRIBE"
            )
            assert repr(c).startswith("<AsyncClient login=")
            assert SECRET not in repr(c)
        assert c.closed
        with pytest.raises(justclick.JustClickError, match="closed"):
            await c.get_all_groups()

    run(main())


def test_the_loop_keeps_ticking_during_slow_calls(sandbox: Sandbox) -> None:
    sandbox.latency(300)

    async def main() -> tuple[int, float]:
        ticks = 0
        worst = 0.0

        async def ticker() -> None:
            nonlocal ticks, worst
            last = time.monotonic()
            while True:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                worst = max(worst, now - last)
                last = now
                ticks += 1

        async with aclient(sandbox) as c:
            task = asyncio.create_task(ticker())
            await asyncio.gather(*(c.get_all_groups() for _ in range(4)))
            task.cancel()
        return ticks, worst

    ticks, worst = run(main())
    # 300 ms of waiting at a 10 ms period: ~30 ticks; a blocked loop would give ~1.
    assert ticks >= 10, ticks
    assert worst < 0.2, worst


def test_64_concurrent_calls_overlap(sandbox: Sandbox) -> None:
    sandbox.latency(50)

    async def main() -> float:
        async with aclient(sandbox) as c:
            await c.get_all_groups()  # warm up: one connection, one thread
            start = time.perf_counter()
            results = await asyncio.gather(*(c.get_all_groups() for _ in range(64)))
            elapsed = time.perf_counter() - start
            assert all(r == results[0] and r for r in results)
        return elapsed

    elapsed = run(main())
    print(f"\n64 concurrent calls at 50 ms latency: {elapsed * 1000:.0f} ms wall")
    # In series: 64 x 50 ms = 3.2 s; concurrent, about one latency plus set-up (~0.4 s).
    # The bound is half the serial time: it proves overlap, with room for a loaded machine
    # (a 1.0 s bound once failed at 1.29 s under load).
    assert elapsed < 1.6, elapsed


def test_max_concurrency_caps_the_threads(sandbox: Sandbox) -> None:
    sandbox.latency(50)

    async def main() -> float:
        async with aclient(sandbox, max_concurrency=4) as c:
            start = time.perf_counter()
            await asyncio.gather(*(c.get_all_groups() for _ in range(16)))
            assert c._pool.threads <= 4
            return time.perf_counter() - start

    elapsed = run(main())
    assert elapsed >= 4 * 0.05 * 0.9  # 16 calls through 4 workers: at least 4 rounds
    with pytest.raises(justclick.InvalidParams, match="max_concurrency"):
        justclick.AsyncClient("demo", "s", max_concurrency=0)


# ----- cancellation and shutdown ------------------------------------------------------


def test_cancellation_returns_at_once_and_never_resends(sandbox: Sandbox) -> None:
    sandbox.latency(500)

    async def main() -> float:
        async with aclient(sandbox, max_retries=3) as c:
            task = asyncio.create_task(c.delete_subscribe("user@example.com", "super"))
            await asyncio.sleep(0.1)  # the request is on the wire
            start = time.perf_counter()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            waited = time.perf_counter() - start
            await asyncio.sleep(0.7)  # a request still on its way would be answered by now
            # The client is still usable afterwards.
            assert await c.get_all_groups()
        return waited

    waited = run(main())
    # The promise is 50 ms; 100 ms leaves room for a loaded machine, and is still a
    # fifth of the 500 ms answer the call would otherwise wait for.
    assert waited < 0.1, waited
    # The write in flight was cut (its connection closed), not left to finish in the
    # background, and never re-sent despite max_retries=3: the sandbox saw its
    # connection close before answering, so it neither logged nor applied it.
    deletes = [r for r in sandbox.log() if r.get("method") == "DeleteSubscribe"]
    assert deletes == [], deletes
    with sandbox.client() as sync:
        statuses = sync.get_lead_group_statuses("user@example.com")
    assert {g["rass_name"]: g["rass_status"] for g in statuses}["super"] != (
        "STATUS_UNSUBSCRIBE"
    )


def test_closing_the_loop_with_calls_in_flight(sandbox: Sandbox) -> None:
    sandbox.latency(300)
    c = aclient(sandbox)
    loop = asyncio.new_event_loop()
    tasks = [loop.create_task(c.get_all_groups()) for _ in range(8)]
    loop.run_until_complete(asyncio.sleep(0.05))
    assert not any(t.done() for t in tasks)
    for t in tasks:
        t.cancel()
    loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    loop.close()
    # A second loop with abandoned calls, closed without even cancelling them.
    loop2 = asyncio.new_event_loop()
    loop2.set_exception_handler(lambda _loop, _ctx: None)  # "Task was destroyed..."
    pending = [loop2.create_task(c.get_all_groups()) for _ in range(8)]
    loop2.run_until_complete(asyncio.sleep(0.05))
    loop2.close()
    del pending
    time.sleep(0.5)  # the workers deliver to closed loops: dropped, no crash
    sandbox.latency(0)
    # Still usable from a new loop.
    assert run(c.get_all_groups())
    run(c.aclose())


# ----- errors ---------------------------------------------------------------------------


def test_every_error_kind(sandbox: Sandbox) -> None:
    async def main() -> None:
        async with aclient(sandbox) as c:
            with pytest.raises(justclick.ApiError) as api:
                await c.delete_subscribe("nobody@example.com", "super")
            assert (api.value.code, api.value.method) == (801, "DeleteSubscribe")

            before = len(sandbox.log())
            with pytest.raises(justclick.InvalidParams, match="unsupported type"):
                await c.call("GetAllGroups", {"x": object()})  # type: ignore[dict-item]
            with pytest.raises(justclick.InvalidParams, match="unknown method"):
                await c.invoke("GetLeads")
            assert len(sandbox.log()) == before  # nothing was sent

            sandbox.fault("forged_hash")
            with pytest.raises(justclick.SignatureError):
                await c.get_all_groups()

            sandbox.fault("html_502")
            with pytest.raises(justclick.ResponseError) as resp:
                await c.get_all_groups()
            assert (resp.value.kind, resp.value.status) == ("not_json", 502)

            sandbox.fault("drop_connection")
            with pytest.raises(justclick.TransportError):
                await c.get_all_groups()

        async with aclient(sandbox, timeout=0.3) as slow:
            sandbox.fault("slow", count=1, delay_ms=2000)
            with pytest.raises(justclick.TimeoutError) as timeout:
                await slow.get_all_groups()
            assert isinstance(timeout.value, TimeoutError)
            assert timeout.value.method == "GetAllGroups"

        async with justclick.AsyncClient(
            "demo", "s", base_url="http://127.0.0.1:1/api/", max_retries=0
        ) as refused:
            with pytest.raises(justclick.TransportError, match="GetAllGroups"):
                await refused.get_all_groups()

    run(main())
    with pytest.raises(justclick.InvalidParams):
        justclick.AsyncClient("", "s")


# ----- resources ------------------------------------------------------------------------


def test_no_thread_or_memory_growth_over_10000_calls(sandbox: Sandbox) -> None:
    async def batch(c: justclick.AsyncClient, n: int) -> None:
        sem = asyncio.Semaphore(64)

        async def one() -> None:
            async with sem:
                await c.get_all_groups()

        await asyncio.gather(*(one() for _ in range(n)))

    async def main() -> tuple[int, int, int, int, int, float]:
        async with aclient(sandbox) as c:
            # Warm up with as many calls as are measured: threads, connections and each
            # worker thread's malloc arena reach their steady size (on 3.10 a 1,000-call
            # warm-up left the arenas still growing by ~17 MiB); a leak of 1.6 KiB per
            # call still fails the bound below.
            await batch(c, 10_000)
            gc.collect()
            threads0, rss0 = os_threads(), rss_bytes()
            start = time.perf_counter()
            await batch(c, 10_000)
            elapsed = time.perf_counter() - start
            gc.collect()
            return threads0, os_threads(), rss0, rss_bytes(), c._pool.threads, elapsed

    threads0, threads1, rss0, rss1, workers, elapsed = run(main())
    print(
        f"\n10,000 calls in {elapsed:.1f} s: OS threads {threads0} -> {threads1}, "
        f"RSS {rss0 / 2**20:.1f} -> {rss1 / 2**20:.1f} MiB, workers {workers}"
    )
    assert workers <= 64
    assert threads1 <= threads0 + 2, (threads0, threads1)
    assert rss1 - rss0 < 16 * 2**20, (rss0, rss1)


def test_idle_workers_exit(sandbox: Sandbox) -> None:
    async def main() -> justclick.AsyncClient:
        c = aclient(sandbox)
        await asyncio.gather(*(c.get_all_groups() for _ in range(8)))
        assert c._pool.threads >= 1
        return c

    c = run(main())
    deadline = time.monotonic() + 10
    while c._pool.threads and time.monotonic() < deadline:
        time.sleep(0.25)
    assert c._pool.threads == 0  # after 5 s idle
    run(c.aclose())


# ----- the example ----------------------------------------------------------------------


@pytest.fixture()
def example() -> Iterator[Any]:
    yield _load(BINDING / "examples" / "asgi_app.py", "asgi_app")
    sys.modules.pop("asgi_app", None)


async def asgi(app: Any, method: str, path: str, body: bytes = b"") -> tuple[int, Any]:
    import json

    sent: list[dict[str, Any]] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return chunks.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path}
    await app(scope, receive, send)
    assert sent[0]["type"] == "http.response.start"
    return sent[0]["status"], json.loads(sent[1]["body"])


def test_asgi_example(sandbox: Sandbox, example: Any) -> None:
    sandbox.latency(100)

    async def main() -> None:
        app = example.App(aclient(sandbox))
        form = urllib.parse.urlencode({"email": "new@example.com", "group": "super"})
        # Two requests at once: the slow JustClick answers overlap.
        start = time.perf_counter()
        (s1, b1), (s2, b2) = await asyncio.gather(
            asgi(app, "POST", "/subscribe", form.encode()),
            asgi(app, "GET", "/groups"),
        )
        assert time.perf_counter() - start < 0.19
        assert (s1, b1) == (200, {"ok": True})
        assert s2 == 200 and {g["rass_name"] for g in b2} >= {"super"}
        status, body = await asgi(app, "POST", "/subscribe", form.encode())
        assert status == 422 and body["code"] == 102  # already in the group
        assert await asgi(app, "POST", "/subscribe", b"email=x") == (
            400,
            {"error": "missing field 'group'"},
        )
        assert (await asgi(app, "GET", "/nope"))[0] == 404
        # Lifespan shutdown closes the client.
        events = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
        done: list[str] = []

        async def receive() -> dict[str, Any]:
            return events.pop(0)

        async def send(message: dict[str, Any]) -> None:
            done.append(message["type"])

        await app({"type": "lifespan"}, receive, send)
        assert done == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
        assert app.client().closed

    run(main())


EXIT_SCRIPT = """
import asyncio, sys, justclick

async def main(in_flight: bool) -> None:
    c = justclick.AsyncClient(sys.argv[1], sys.argv[2], base_url=sys.argv[3])
    sem = asyncio.Semaphore(64)

    async def one() -> None:
        async with sem:
            await c.get_all_groups()

    if in_flight:
        for _ in range(16):
            asyncio.ensure_future(c.get_all_groups())
        await asyncio.sleep(0.02)  # exit while the calls are still on the wire
    else:
        await asyncio.gather(*(one() for _ in range(300)))

loop = asyncio.new_event_loop()
loop.set_exception_handler(lambda _loop, _ctx: None)
loop.run_until_complete(main(sys.argv[4] == "1"))
print("exiting")
"""


@pytest.mark.parametrize("in_flight", [False, True])
def test_interpreter_exit_with_workers_alive(sandbox: Sandbox, in_flight: bool) -> None:
    # Worker threads delivering while the interpreter finalizes used to crash it at
    # exit, now and then (SIGSEGV, or "PyGILState_Release ... finalizing"); the atexit
    # hook waits for them and keeps them out. Several runs, as the race was rare.
    import subprocess

    if in_flight:
        sandbox.latency(200)
    args = [sandbox.login, sandbox.secret, sandbox.base_url, "1" if in_flight else "0"]
    for _ in range(4):
        p = subprocess.run(
            [sys.executable, "-c", EXIT_SCRIPT, *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (p.returncode, p.stdout.strip()) == (0, "exiting"), p.stderr[-2000:]
