"""Writes every ```python block of README.md to its own module under OUT_DIR, after a
preamble declaring the names the prose leaves to the reader (``client``, ``secret``,
...), so that type checkers can check the examples as users will paste them. A block
with top-level ``await`` (asyncio REPL style) becomes the body of a coroutine.

    python tests/readme_examples.py OUT_DIR
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PREAMBLE = '''\
# Generated from README.md by tests/readme_examples.py; do not edit.
from __future__ import annotations

from typing import Dict

import justclick
from justclick.types import ParamValue

client = justclick.Client("mylogin", "secret")
secret = "secret"
params: Dict[str, ParamValue] = {"lead_email": "a@b.c"}
response_body = '{"error_code": 0, "error_text": "", "hash": ""}'
request_body = b"id=1&email=a%40b.c&paid=1&hash=00"

'''


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("example_*.py"):
        old.unlink()
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", readme, flags=re.M | re.S)
    if not blocks:
        sys.exit("README.md has no python examples")
    for i, block in enumerate(blocks):
        if re.search(r"^\s*(await |async with )", block, flags=re.M):
            # Written for an asyncio REPL (top-level await): checked as a coroutine body.
            indented = "".join(f"    {line}" if line.strip() else line for line in block.splitlines(True))
            block = "async def example() -> None:\n" + indented
        (out / f"example_{i:02}.py").write_text(PREAMBLE + block, "utf-8")
    print(f"{len(blocks)} README examples written to {out}")


if __name__ == "__main__":
    main()
