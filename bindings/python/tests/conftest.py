"""Fixtures: the golden vectors, and the sandbox server run as a process.

The sandbox binary is ``target/debug/justclick`` at the repository root (built by
``cargo build -p justclick-cli``; ``run-tests`` does that), or ``$JUSTCLICK_BIN``.
One sandbox per session (plus one with TLS); its state is reset before every test.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest

import justclick

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "tests" / "vectors" / "php-golden.jsonl"
#: The sandbox's default account (justclick_sandbox::DEFAULT_SECRET).
SECRET = "demo-secret-0123456789abcdef0123456789ab"


def load_vectors() -> list[dict[str, Any]]:
    """Every line of the PHP-generated golden vectors."""
    lines = VECTORS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def sandbox_binary() -> Path:
    """The CLI that serves ``justclick sandbox``."""
    return Path(os.environ.get("JUSTCLICK_BIN", REPO / "target" / "debug" / "justclick"))


class Sandbox:
    """A running ``justclick sandbox`` process and its control endpoints."""

    def __init__(self, tmp: Path, *, tls: bool = False) -> None:
        binary = sandbox_binary()
        if not binary.exists():
            pytest.fail(f"{binary} is missing: run `cargo build -p justclick-cli`")
        ready = tmp / "ready.json"
        args = [str(binary), "sandbox", "--port", "0", "--ready-file", str(ready)]
        if tls:
            args.append("--tls")
        self.proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 30
        while not ready.exists():
            if self.proc.poll() is not None:
                _, err = self.proc.communicate()
                pytest.fail(f"sandbox exited with {self.proc.returncode}: {err}")
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail("sandbox did not become ready in 30 s")
            time.sleep(0.02)
        info = json.loads(ready.read_text(encoding="utf-8"))
        self.base_url: str = info["base_url"]
        self.origin: str = info["origin"]
        self.login: str = info["login"]
        self.ca_file: Optional[str] = info["ca_file"]
        self.secret = SECRET

    def client(self, **options: Any) -> justclick.Client:
        """A client for the default account; ``options`` go to ``Client``."""
        options.setdefault("base_url", self.base_url)
        if self.ca_file is not None:
            options.setdefault("ca_file", self.ca_file)
        return justclick.Client(self.login, self.secret, **options)

    def _control(self, path: str, form: Optional[dict[str, str]] = None) -> Any:
        # Control endpoints are plain HTTP on the sandbox's own origin (loopback).
        data = None if form is None else urllib.parse.urlencode(form).encode()
        url = self.origin + path
        context = None
        if url.startswith("https:"):
            import ssl

            context = ssl.create_default_context(cafile=self.ca_file)
        with urllib.request.urlopen(url, data=data, timeout=10, context=context) as r:
            body = r.read().decode()
        return json.loads(body) if body.strip() else None

    def fault(self, mode: str, count: int = 1, delay_ms: Optional[int] = None) -> None:
        """Make the next ``count`` API answers misbehave (``POST /_sandbox/fault``)."""
        form = {"mode": mode, "count": str(count)}
        if delay_ms is not None:
            form["delay_ms"] = str(delay_ms)
        self._control("/_sandbox/fault", form)

    def latency(self, ms: int) -> None:
        """Delay every API answer by ``ms`` milliseconds."""
        self._control("/_sandbox/latency", {"ms": str(ms)})

    def reset(self) -> None:
        """Back to the seeded data, no faults, no latency."""
        self._control("/_sandbox/reset", {})

    def log(self) -> list[dict[str, Any]]:
        """Every API request received so far."""
        result: list[dict[str, Any]] = self._control("/_sandbox/log")
        return result

    def state(self) -> dict[str, Any]:
        """The server's data as JSON."""
        result: dict[str, Any] = self._control("/_sandbox/state")
        return result

    def stop(self) -> None:
        """Terminate the process and reap it."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        # Close the pipes so no ResourceWarning escapes (warnings are errors).
        self.proc.communicate()


@pytest.fixture(scope="session")
def sandbox_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """One plain-HTTP sandbox for the whole session."""
    sb = Sandbox(tmp_path_factory.mktemp("sandbox"))
    yield sb
    sb.stop()


@pytest.fixture()
def sandbox(sandbox_process: Sandbox) -> Sandbox:
    """The session's sandbox, reset to its seeded state."""
    sandbox_process.reset()
    return sandbox_process


@pytest.fixture()
def client(sandbox: Sandbox) -> Iterator[justclick.Client]:
    """A client for the sandbox's default account (no retries: faults stay visible)."""
    with sandbox.client(max_retries=0) as c:
        yield c


@pytest.fixture(scope="session")
def tls_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """A sandbox serving HTTPS with its own freshly generated CA."""
    sb = Sandbox(tmp_path_factory.mktemp("tls-sandbox"), tls=True)
    assert sb.ca_file is not None and sb.base_url.startswith("https://")
    yield sb
    sb.stop()
