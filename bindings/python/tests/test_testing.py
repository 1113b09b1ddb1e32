"""``justclick.testing.Sandbox``: the in-process sandbox users' tests start, sync and
async, with its controls (faults, latency, state, request log, reset, TLS,
notifications). These tests use no CLI: only the installed module."""

from __future__ import annotations

import asyncio
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any, List

import pytest

import justclick
from justclick.testing import DEFAULT_LOGIN, DEFAULT_SECRET, Sandbox


@pytest.fixture()
def sb() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        yield sandbox


def test_url_login_secret_work_with_a_plain_client(sb: Sandbox) -> None:
    assert sb.url == f"http://127.0.0.1:{sb.port}/api/"
    assert (sb.login, sb.secret) == (DEFAULT_LOGIN, DEFAULT_SECRET)
    with justclick.Client(sb.login, sb.secret, base_url=sb.url, max_retries=0) as client:
        names = {g["rass_name"] for g in client.get_all_groups()}
        assert {"super", "mega"} <= names
        client.delete_subscribe("user@example.com", "super")
    log = sb.requests()
    assert [r["method"] for r in log] == ["GetAllGroups", "DeleteSubscribe"]
    assert log[-1]["params"]["lead_email"] == "user@example.com"
    assert log[-1]["error_code"] == 0 and log[-1]["status"] == 200


def test_the_sandbox_verifies_signatures(sb: Sandbox) -> None:
    # A wrong secret is refused as the real server refuses it (error 4, bad hash).
    with justclick.Client(sb.login, "wrong-secret", base_url=sb.url, max_retries=0) as c:
        with pytest.raises(justclick.JustClickError):
            c.get_all_groups()
    assert sb.requests()[-1]["error_code"] == 4


def test_state_follows_calls_and_reset_restores_it(sb: Sandbox) -> None:
    def emails() -> List[Any]:
        contacts = sb.state()["contacts"]
        assert isinstance(contacts, list)
        return [c["email"] for c in contacts if isinstance(c, dict)]

    assert "new@example.com" not in emails()
    with sb.client() as client:
        client.add_lead_to_group("super", "new@example.com", lead_name="New")
    assert "new@example.com" in emails()
    sb.reset()
    assert "new@example.com" not in emails()
    assert sb.requests() == []


def test_faults_make_the_next_answers_misbehave(sb: Sandbox) -> None:
    with sb.client(max_retries=0) as client:
        sb.fault("forged_hash")
        assert sb.faults_pending
        with pytest.raises(justclick.SignatureError):
            client.get_all_groups()
        assert not sb.faults_pending
        client.get_all_groups()  # only the next answer was affected
        sb.fault("truncated_json", count=2)
        for _ in range(2):
            with pytest.raises(justclick.ResponseError) as info:
                client.get_all_groups()
            assert info.value.kind == "truncated"
        sb.fault("html_502")
        sb.clear_faults()
        client.get_all_groups()
    assert [r["fault"] for r in sb.requests()] == [
        "forged_hash", None, "truncated_json", "truncated_json", None
    ]


def test_slow_fault_and_latency_trigger_client_timeouts(sb: Sandbox) -> None:
    with sb.client(timeout=0.3, max_retries=0) as client:
        sb.fault("slow", delay=2.0)
        with pytest.raises(justclick.TimeoutError):
            client.get_all_groups()
        sb.set_latency(2.0)
        with pytest.raises(justclick.TimeoutError):
            client.get_all_groups()
        sb.set_latency(0)
        client.get_all_groups()


def test_async_with_and_async_client() -> None:
    async def main() -> List[str]:
        async with Sandbox() as sb:
            async with sb.async_client() as client:
                groups = await asyncio.gather(*(client.get_all_groups() for _ in range(8)))
                sb.fault("missing_hash")
                with pytest.raises(justclick.SignatureError):
                    await client.get_all_groups()
            assert len(sb.requests()) == 9
            return [g["rass_name"] for g in groups[0]]

    assert "super" in asyncio.run(main())


def test_stop_releases_the_port_and_controls_then_refuse() -> None:
    sb = Sandbox().start()
    port = sb.port
    assert sb.running
    sb.stop()
    sb.stop()  # idempotent
    assert not sb.running
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # the port is free again
    with pytest.raises(justclick.JustClickError, match="not running"):
        sb.requests()
    # Started again: a fresh server, with fresh state.
    with sb:
        assert sb.requests() == []


def test_accounts_tls_and_codes() -> None:
    with Sandbox(login="shop", secret="s3cret", api_key="k3y", tls=True, seed=False) as sb:
        assert sb.url.startswith("https://localhost:") and sb.ca_file is not None
        with sb.client() as client:  # trusts the sandbox's CA, sends its API key
            assert client.get_all_groups() == []
            assert client.get_all_lists() == []
        assert sb.requests()[-1]["body"].endswith("rpsKey=<redacted>")
        with justclick.Client("shop", "s3cret", base_url=sb.url) as untrusting:
            with pytest.raises(justclick.TlsError):
                untrusting.get_all_groups()
    with Sandbox(codes="server") as sb, sb.client() as client:
        # The server's code variant answers 0 + a text for an unknown group, which the
        # client reports as the documented 103.
        with pytest.raises(justclick.ApiError) as info:
            client.add_lead_to_group("no-such-group", "a@example.com")
        assert info.value.code == 103
        assert sb.requests()[-1]["error_code"] == 0


def test_notifications_reach_a_local_server() -> None:
    received: List[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        with Sandbox(callback_url=url) as sb, sb.client() as client:
            order = client.create_order(["course"], "buyer@example.com")
            # Delivery is asynchronous: wait for it (a generous bound, not a timing claim).
            deadline = time.monotonic() + 10
            while not sb.notifications() and time.monotonic() < deadline:
                time.sleep(0.02)
            notes = sb.notifications()
            assert [(n["event"], n["bill_id"], n["status"]) for n in notes] == [
                ("created", order["bill_id"], 200)
            ]
            n = justclick.verify_notification(notes[0]["body"], sb.secret)
            assert n["fields"]["email"] == "buyer@example.com"
        assert received and received[0].decode() == notes[0]["body"]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"login": ""}, "login"),
        ({"secret": 5}, "secret"),
        ({"tls": "yes"}, "tls"),
        ({"codes": "other"}, "codes"),
        ({"latency": -1}, "latency"),
        ({"subscribe_limit": -1}, "subscribe_limit"),
    ],
)
def test_bad_options_are_named(options: dict[str, Any], named: str) -> None:
    with pytest.raises(justclick.InvalidParams, match=named):
        Sandbox(**options)


def test_bad_fault_arguments_are_named(sb: Sandbox) -> None:
    with pytest.raises(justclick.InvalidParams, match="forged_hash"):
        sb.fault("no_such_fault")  # type: ignore[arg-type]
    with pytest.raises(justclick.InvalidParams, match="count"):
        sb.fault("slow", count=0)
    with pytest.raises(justclick.InvalidParams, match="delay"):
        sb.fault("slow", delay=float("nan"))
    assert not sb.faults_pending


def test_repr_shows_no_secret(sb: Sandbox) -> None:
    assert sb.url in repr(sb) and DEFAULT_SECRET not in repr(sb)


def test_every_fault_kind_is_one_the_server_knows(sb: Sandbox) -> None:
    from typing import get_args

    from justclick.testing import FaultKind

    kinds = get_args(FaultKind)
    assert len(kinds) == 10
    for kind in kinds:
        sb.fault(kind)  # the native side refuses a name it does not know
    sb.clear_faults()
    assert not sb.faults_pending
