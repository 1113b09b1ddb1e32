"""Concurrent calls for bench/run through ``justclick.AsyncClient`` (asyncio).

    python async_calls.py BASE_URL CA_FILE|- LOGIN GROUP EMAIL_FORMAT COUNT CONCURRENCY

Unsubscribes EMAIL_FORMAT with ``{}`` = 0..COUNT-1 (all subscribed to GROUP beforehand)
through ``AsyncClient.delete_subscribe``, at most CONCURRENCY calls in flight
(``max_concurrency=CONCURRENCY`` and a semaphore), after a warm-up of CONCURRENCY
``get_all_groups`` calls that starts the worker threads and opens the connections.
The secret comes from JUSTCLICK_SECRET. Prints one JSON object: calls, seconds,
calls_per_s, worker_threads.
"""

import asyncio
import json
import os
import sys
import time

import justclick


async def main() -> None:
    base, ca, login, group, fmt, count, conc = sys.argv[1:8]
    n, c = int(count), int(conc)
    async with justclick.AsyncClient(
        login, os.environ["JUSTCLICK_SECRET"], base_url=base,
        ca_file=None if ca == "-" else ca, max_retries=0, max_concurrency=c,
    ) as client:
        await asyncio.gather(*(client.get_all_groups() for _ in range(c)))
        sem = asyncio.Semaphore(c)

        async def one(i: int) -> None:
            async with sem:
                await client.delete_subscribe(fmt.replace("{}", str(i)), group)

        start = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        seconds = time.perf_counter() - start
        threads = client._pool.threads
    print(json.dumps({"calls": n, "seconds": seconds, "calls_per_s": n / seconds,
                      "worker_threads": threads}))


if __name__ == "__main__":
    asyncio.run(main())
