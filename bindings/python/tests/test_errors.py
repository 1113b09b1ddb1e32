"""How failures surface: API errors, forged and broken answers, timeouts, TLS."""

from __future__ import annotations

import builtins
import pickle
import re
import time
import typing
from pathlib import Path

import pytest

import justclick
import justclick.types
from conftest import SECRET, Sandbox


def test_api_error_carries_code_text_method_and_description(client: justclick.Client) -> None:
    with pytest.raises(justclick.ApiError) as info:
        client.delete_subscribe("nobody@example.com", "super")
    e = info.value
    assert (e.code, e.method) == (801, "DeleteSubscribe")
    assert e.text == "Subscriber with such address is not found"
    assert e.description == "no contact with this e-mail"
    assert e.description_ru and "не найден" in e.description_ru
    message = str(e)
    assert message.startswith('DeleteSubscribe: JustClick error 801 "Subscriber')
    assert e.description in message
    assert isinstance(e, justclick.JustClickError)
    # Pickles (for multiprocessing) with every attribute.
    again = pickle.loads(pickle.dumps(e))
    assert (type(again), again.code, again.text, str(again)) == (
        justclick.ApiError,
        801,
        e.text,
        message,
    )
    assert repr(e).startswith("ApiError(")
    assert type(e).__module__ == "justclick"


def test_wrong_secret_is_a_signature_error(sandbox: Sandbox) -> None:
    # The server refuses the request (error 4) with a hash over the real secret, which
    # this client cannot verify: nothing from the answer is trusted.
    c = justclick.Client(sandbox.login, "wrong-secret", base_url=sandbox.base_url)
    with pytest.raises(justclick.SignatureError) as info:
        c.get_all_groups()
    assert info.value.method == "GetAllGroups"
    assert "wrong-secret" not in str(info.value) and SECRET not in str(info.value)


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("forged_hash", "does not match"),
        ("hash_true", "not a string"),
        ("missing_hash", "no hash"),
    ],
)
def test_forged_answers_raise_signature_error(
    sandbox: Sandbox, client: justclick.Client, mode: str, reason: str
) -> None:
    sandbox.fault(mode)
    with pytest.raises(justclick.SignatureError) as info:
        client.get_all_groups()
    assert reason in info.value.reason
    assert info.value.method == "GetAllGroups"
    assert client.get_all_groups()  # the fault was for one answer only


def test_forged_error_answer_is_not_trusted_either(
    sandbox: Sandbox, client: justclick.Client
) -> None:
    sandbox.fault("forged_hash")
    with pytest.raises(justclick.SignatureError):
        client.delete_subscribe("nobody@example.com", "super")


@pytest.mark.parametrize(
    ("mode", "kind", "status"),
    [
        ("html_502", "not_json", 502),
        ("truncated_json", "truncated", 200),
        ("empty_body", "empty", 200),
    ],
)
def test_broken_answers_raise_response_error(
    sandbox: Sandbox, client: justclick.Client, mode: str, kind: str, status: int
) -> None:
    sandbox.fault(mode)
    with pytest.raises(justclick.ResponseError) as info:
        client.get_all_groups()
    assert (info.value.kind, info.value.status) == (kind, status)
    assert f"HTTP {status}" in str(info.value)


def test_huge_body_is_refused(sandbox: Sandbox) -> None:
    sandbox.fault("huge_body")
    with sandbox.client(max_retries=0, max_response_bytes=64 * 1024) as c:
        with pytest.raises(justclick.ResponseError) as info:
            c.get_all_groups()
    assert info.value.kind == "too_large"


def test_redirect_re_posts_the_signed_body(sandbox: Sandbox, client: justclick.Client) -> None:
    sandbox.fault("redirect_307")
    assert client.get_all_groups()


def test_dropped_connection_is_a_transport_error(
    sandbox: Sandbox, client: justclick.Client
) -> None:
    sandbox.fault("drop_connection")
    with pytest.raises(justclick.TransportError) as info:
        client.get_all_groups()
    assert not isinstance(info.value, justclick.TimeoutError)


def test_reads_are_retried_after_a_dropped_connection(sandbox: Sandbox) -> None:
    sandbox.fault("drop_connection")
    with sandbox.client(max_retries=1, retry_base_delay=0.01) as c:
        assert c.get_all_groups()


def test_refused_connection_is_a_transport_error() -> None:
    c = justclick.Client("demo", "s", base_url="http://127.0.0.1:1/api/", max_retries=0)
    with pytest.raises(justclick.TransportError, match="GetAllGroups"):
        c.get_all_groups()


def test_timeout(sandbox: Sandbox) -> None:
    sandbox.fault("slow", count=1, delay_ms=3000)
    with sandbox.client(timeout=0.5, max_retries=0) as c:
        start = time.monotonic()
        with pytest.raises(justclick.TimeoutError) as info:
            c.get_all_groups()
        elapsed = time.monotonic() - start
    assert 0.4 <= elapsed < 2.5
    e = info.value
    # Caught by `except TimeoutError` written for the standard library, and by
    # `except justclick.TransportError`.
    assert isinstance(e, builtins.TimeoutError)
    assert isinstance(e, justclick.TransportError)
    assert e.method == "GetAllGroups"
    assert "timed out" in str(e)


def test_builtin_timeout_handler_catches_it(sandbox: Sandbox) -> None:
    sandbox.fault("slow", count=1, delay_ms=3000)
    with sandbox.client(timeout=0.3, max_retries=0) as c:
        try:
            c.get_all_groups()
        except TimeoutError:  # the builtin name, as stdlib code writes it
            return
    pytest.fail("no timeout")


def test_exception_hierarchy() -> None:
    assert issubclass(justclick.TimeoutError, justclick.TransportError)
    assert issubclass(justclick.TlsError, justclick.TransportError)
    assert issubclass(justclick.InvalidParams, ValueError)
    for cls in (
        justclick.ApiError,
        justclick.SignatureError,
        justclick.ResponseError,
        justclick.TransportError,
        justclick.InvalidParams,
    ):
        assert issubclass(cls, justclick.JustClickError)
        assert cls.__doc__


def test_proxy_options(sandbox: Sandbox) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proxy = f"http://127.0.0.1:{port}"
    with sandbox.client(proxy=proxy, max_retries=0) as c:
        with pytest.raises(justclick.TransportError, match=f"proxy {proxy}"):
            c.get_all_groups()
    with sandbox.client(proxy=proxy, no_proxy="127.0.0.1") as c:
        assert c.get_all_groups()
    with pytest.raises(justclick.InvalidParams, match="SOCKS"):
        sandbox.client(proxy="socks5://127.0.0.1:1080")


def test_star_import_shadows_no_builtin() -> None:
    assert not set(justclick.__all__) & set(dir(builtins))
    namespace: dict[str, object] = {}
    exec("from justclick import *", namespace)
    assert "TimeoutError" not in namespace
    # The scenario: `except TimeoutError` (written for the standard library: socket,
    # asyncio.timeout on 3.11+) after a star import must still catch the builtin one.
    exec(
        "import socket\n"
        "try:\n"
        "    raise socket.timeout('read timed out')\n"
        "except TimeoutError:\n"
        "    result = 'caught'\n",
        namespace,
    )
    assert namespace["result"] == "caught"
    # The contract's name stays an attribute, and the builtin is its base.
    assert issubclass(justclick.TimeoutError, builtins.TimeoutError)
    from justclick import TimeoutError as JcTimeout

    assert JcTimeout is justclick.TimeoutError


def test_response_kind_is_a_closed_literal() -> None:
    kind = typing.get_type_hints(justclick.ResponseError)["kind"]
    assert typing.get_origin(kind) is typing.Literal
    assert kind == justclick.types.ResponseKind
    # Exactly the kinds the native side sets (src/errors.rs), so neither drifts.
    native = (Path(__file__).resolve().parents[1] / "src" / "errors.rs").read_text("utf-8")
    body = native.split("fn response_kind", 1)[1].split("\n}\n", 1)[0]
    assert set(typing.get_args(kind)) == set(re.findall(r'=> "(\w+)"', body))


def test_response_error_kind_at_run_time(sandbox: Sandbox, client: justclick.Client) -> None:
    sandbox.fault("empty_body")
    with pytest.raises(justclick.ResponseError) as info:
        client.get_all_groups()
    assert info.value.kind == "empty"
    assert info.value.kind in typing.get_args(justclick.types.ResponseKind)
