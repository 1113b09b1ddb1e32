"""Sequential calls for bench/run through the Python module (``justclick.Client``) or
python-justclick 0.1.3 (``python_justclick.justclick.JustClickConnection``).

    python calls.py CLIENT METHOD BASE_URL CA_FILE|- LOGIN ARG COUNT WARMUP

CLIENT: ``ours`` or ``pj``. METHOD and ARG:
  ``delete-subscribe`` (ours only): ARG is ``GROUP:EMAIL_FORMAT:FIRST`` (EMAIL_FORMAT
      holds one ``{}``; those addresses must be subscribed to GROUP);
  ``get-lead-group-statuses``: ARG is the e-mail address (repeatable, read only);
  ``add-lead-to-group``: ARG is ``GROUP:EMAIL_FORMAT:FIRST`` (fresh addresses).
The secret comes from JUSTCLICK_SECRET. Prints the nanoseconds of each timed call,
space-separated, on one line.

python-justclick is pointed at the sandbox by one runtime patch, documented in
docs/BENCHMARKS.md: it builds ``http://LOGIN.justclick.ru/api/`` in ``__init__`` and
keeps it in the instance attribute ``_api_url``, which is replaced by the sandbox's base
URL after construction. Everything else (its flattening, ``urlencode``, md5, one
``requests.post`` per call, ``r.json()``) runs unchanged. For HTTPS, requests verifies
against the sandbox CA through ``REQUESTS_CA_BUNDLE`` (set here from CA_FILE).
"""

import os
import sys
import time
from typing import Callable


def ours(base: str, ca: str, login: str, secret: str) -> dict[str, Callable[[int, str], object]]:
    import justclick

    client = justclick.Client(login, secret, base_url=base, ca_file=None if ca == "-" else ca)

    def delete(i: int, arg: str) -> object:
        group, fmt, first = arg.split(":", 2)
        return client.delete_subscribe(fmt.replace("{}", str(int(first) + i)), group)

    def statuses(_: int, email: str) -> object:
        return client.get_lead_group_statuses(email)

    def add(i: int, arg: str) -> object:
        group, fmt, first = arg.split(":", 2)
        return client.add_lead_to_group([group], fmt.replace("{}", str(int(first) + i)))

    return {"delete-subscribe": delete, "get-lead-group-statuses": statuses, "add-lead-to-group": add}


def pj(base: str, ca: str, login: str, secret: str) -> dict[str, Callable[[int, str], object]]:
    if ca != "-":
        os.environ["REQUESTS_CA_BUNDLE"] = ca
    from python_justclick.justclick import JustClickConnection

    conn = JustClickConnection(login, secret)
    # The one patch: its base URL (http://LOGIN.justclick.ru/api/) -> the sandbox's.
    conn._api_url = base

    def statuses(_: int, email: str) -> object:
        r = conn.get_lead_group_statuses(email)
        if r.get("error_code") != 0:
            raise RuntimeError(f"GetLeadGroupStatuses: {r.get('error_code')} {r.get('error_text')}")
        return r

    def add(i: int, arg: str) -> object:
        group, fmt, first = arg.split(":", 2)
        r = conn.add_lead_to_group([group], fmt.replace("{}", str(int(first) + i)))
        if r.get("error_code") != 0:
            raise RuntimeError(f"AddLeadToGroup: {r.get('error_code')} {r.get('error_text')}")
        return r

    return {"get-lead-group-statuses": statuses, "add-lead-to-group": add}


def main() -> None:
    who, method, base, ca, login, arg, count, warmup = sys.argv[1:9]
    secret = os.environ["JUSTCLICK_SECRET"]
    call = {"ours": ours, "pj": pj}[who](base, ca, login, secret)[method]
    n, w = int(count), int(warmup)
    out = []
    clock = time.perf_counter_ns
    for i in range(w + n):
        t = clock()
        call(i, arg)
        dt = clock() - t
        if i >= w:
            out.append(dt)
    print(" ".join(map(str, out)))


if __name__ == "__main__":
    main()
