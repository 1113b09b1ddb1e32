"""Writes every ```python block of README.md to its own module under OUT_DIR, after a
preamble declaring the names the prose leaves to the reader (``client``, ``secret``,
...), so that type checkers can check the examples as users will paste them. A block
with top-level ``await`` (asyncio REPL style) becomes the body of a coroutine. A block
whose first line is ``# NAME.py...`` is a whole file: written as OUT_DIR/NAME.py,
without the preamble.

    python tests/readme_examples.py OUT_DIR
    python tests/readme_examples.py --file NAME.py OUT_DIR   only that file (to run it)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PREAMBLE = '''\
# Generated from README.md by tests/readme_examples.py; do not edit.
from __future__ import annotations

from typing import Dict

import justclick  # only when the example uses it without importing it (pyright strict)
from justclick import Client as _Client
from justclick.types import ParamValue

client = _Client("mylogin", "secret")
secret = "secret"
params: Dict[str, ParamValue] = {"lead_email": "a@b.c"}
response_body = '{"error_code": 0, "error_text": "", "hash": ""}'
request_body = b"id=1&email=a%40b.c&paid=1&hash=00"

'''


def main() -> None:
    args = sys.argv[1:]
    only = None
    if args[:1] == ["--file"]:
        only, args = args[1], args[2:]
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("example_*.py"):
        old.unlink()
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", readme, flags=re.M | re.S)
    if not blocks:
        sys.exit("README.md has no python examples")
    files = {}
    for block in blocks:
        named = re.match(r"# (\w+\.py)\b", block)
        if named:
            files[named.group(1)] = block
    if only is not None:
        if only not in files:
            sys.exit(f"README.md has no block starting with '# {only}'")
        (out / only).write_text(files[only], "utf-8")
        print(f"README's {only} written to {out}")
        return
    for name, block in files.items():
        (out / name).write_text(block, "utf-8")
    blocks = [b for b in blocks if b not in files.values()]
    for i, block in enumerate(blocks):
        if re.search(r"^(await |async with )", block, flags=re.M):
            # Written for an asyncio REPL (top-level await): checked as a coroutine body.
            indented = "".join(f"    {line}" if line.strip() else line for line in block.splitlines(True))
            block = "async def example() -> None:\n" + indented
        preamble = PREAMBLE
        imports = re.search(r"^\s*import justclick$", block, flags=re.M)
        uses = re.search(r"(?<!from )(?<![\w.])justclick\.", block)
        if imports or not uses:
            preamble = preamble.replace("import justclick  #", "#", 1)
        (out / f"example_{i:02}.py").write_text(preamble + block, "utf-8")
    print(f"{len(blocks) + len(files)} README examples written to {out}")


if __name__ == "__main__":
    main()
