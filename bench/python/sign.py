"""Signing through the Python module for bench/run: ``justclick.get_hash`` on a
parameter set (a dict, as users pass it), timed in rounds like the other languages.

    python sign.py PARAMS_JSON_FILE ITERATIONS ROUNDS

Prints the nanoseconds per call of each round, space-separated, on one line.
"""

import json
import sys
import time

import justclick

LOGIN = "username"
SECRET = "0123456789abcdef0123456789abcdef01234567"


def main() -> None:
    path, iters, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path, encoding="utf-8") as f:
        params = json.load(f)
    get_hash = justclick.get_hash
    get_hash(params, LOGIN, SECRET)
    out = []
    loop = range(iters)
    for _ in range(rounds):
        t = time.perf_counter_ns()
        for _ in loop:
            get_hash(params, LOGIN, SECRET)
        out.append(f"{(time.perf_counter_ns() - t) / iters:.1f}")
    print(" ".join(out))


if __name__ == "__main__":
    main()
