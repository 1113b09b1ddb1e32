"""``justclick.testing``: a JustClick sandbox server for your own tests, in process.

The server is the project's sandbox (the one behind ``justclick sandbox``), linked
into the installed module: no Rust toolchain, no CLI, no network. It verifies every
request as JustClick does (PHP-exact signature, ``rpsKey``), keeps state (groups,
contacts, products, orders...), signs its answers, and can misbehave on demand::

    import justclick
    from justclick.testing import Sandbox

    with Sandbox() as sb:
        with justclick.Client(sb.login, sb.secret, base_url=sb.url) as client:
            client.delete_subscribe("user@example.com", "super")
        assert sb.requests()[-1]["method"] == "DeleteSubscribe"

``async with Sandbox() as sb:`` works the same in asyncio code. The server runs on its
own native threads, so a sync client in the same thread, threads, and the event loop
all work against it; the control methods below never block.
"""

from __future__ import annotations

import math
from types import TracebackType
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Optional, Type, TypedDict, get_args

from . import _justclick
from ._async import AsyncClient
from ._client import Client
from ._errors import InvalidParams, JustClickError
from .types import JsonValue

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["DEFAULT_LOGIN", "DEFAULT_SECRET", "FaultKind", "Notification", "Request", "Sandbox"]

#: The default account's login.
DEFAULT_LOGIN = "demo"
#: The default account's API secret (and API key).
DEFAULT_SECRET = "demo-secret-0123456789abcdef0123456789ab"

#: How the next answers misbehave (``Sandbox.fault``):
#:
#: - ``forged_hash``: a well-formed answer with a wrong ``hash`` (``SignatureError``)
#: - ``hash_true``: ``"hash": true``, which PHP's loose ``==`` would accept
#: - ``missing_hash``: no ``hash`` field
#: - ``html_502``: HTTP 502 with an HTML page; the request is not processed
#: - ``truncated_json``: the first half of the JSON answer (``ResponseError``)
#: - ``empty_body``: HTTP 200 with no body
#: - ``slow``: waits ``delay`` seconds, then answers normally (client timeouts)
#: - ``huge_body``: a genuine answer of about 20 MB (over the default size cap)
#: - ``redirect_307``: a redirect to the same URL; the first request is not processed
#: - ``drop_connection``: part of the answer, then the connection closes
FaultKind = Literal[
    "forged_hash",
    "hash_true",
    "missing_hash",
    "html_502",
    "truncated_json",
    "empty_body",
    "slow",
    "huge_body",
    "redirect_307",
    "drop_connection",
]


class Request(TypedDict):
    """One request the sandbox received (``Sandbox.requests()``)."""

    seq: int
    """Sequence number, from 1."""
    http_method: str
    path: str
    """``/api/DeleteSubscribe``."""
    host: str
    method: Optional[str]
    """The API method as documented (``DeleteSubscribe``), when the path names one."""
    account: Optional[str]
    body: str
    """The raw form body (an ``rpsKey`` value shown as ``<redacted>``)."""
    params: Dict[str, JsonValue]
    """The body as PHP parsed it (``hash`` included, ``rpsKey`` redacted)."""
    status: int
    """The HTTP status answered."""
    error_code: Optional[int]
    error_text: Optional[str]
    fault: Optional[str]
    """The fault applied to the answer, if any."""


class Notification(TypedDict):
    """An invoice notification the sandbox POSTed to ``callback_url``."""

    event: str
    """``created``, ``paid``, ``cancelled`` or ``moneyback``."""
    bill_id: int
    url: str
    body: str
    """The signed form body (``justclick.verify_notification`` accepts it)."""
    status: Optional[int]
    """Your server's HTTP status, when it answered."""
    error: Optional[str]
    """Why delivery failed, when it did."""


def _seconds_to_ms(name: str, value: float) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidParams(f"{name} must be a number of seconds >= 0, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise InvalidParams(f"{name} must be a number of seconds >= 0, got {value!r}")
    return round(value * 1000)


def _text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParams(f"{name} must be a non-empty str, got {value!r}")
    return value


class Sandbox:
    """A local JustClick API server for tests, running in this process.

    ``Sandbox(*, login="demo", secret=DEFAULT_SECRET, api_key=None, tls=False,
    seed=True, codes="documented", latency=0.0, callback_url=None,
    subscribe_limit=None)``

    Args:
        login: The account's login.
        secret: Its API secret (requests are verified with it, answers signed).
        api_key: Its API 2.0 key (``rpsKey``); defaults to ``secret``.
        tls: Serve HTTPS with a fresh CA (``ca_file``; ``client()`` trusts it).
        seed: Start with the seeded data (groups ``super`` and ``mega``, a contact,
            products, orders...); False starts empty.
        codes: ``"documented"`` (the help centre's error codes) or ``"server"`` (the
            codes JustClick's server really sends where the two differ).
        latency: Seconds every answer is delayed.
        callback_url: Where to POST invoice notifications (orders created, paid...).
        subscribe_limit: ``AddLeadToGroup`` calls allowed per client IP before error 8.

    Start it with ``with``/``async with`` (or ``start()``); it stops at the end of the
    block (or ``stop()``), releasing its port. As a pytest fixture::

        @pytest.fixture
        def sandbox() -> Iterator[Sandbox]:
            with Sandbox() as sb:
                yield sb

    Raises:
        InvalidParams: a bad option, naming it.
        JustClickError: the server could not start (no free port, ...).
    """

    __slots__ = ("_api_key", "_native", "_options", "_secret", "login")

    def __init__(
        self,
        *,
        login: str = DEFAULT_LOGIN,
        secret: str = DEFAULT_SECRET,
        api_key: Optional[str] = None,
        tls: bool = False,
        seed: bool = True,
        codes: Literal["documented", "server"] = "documented",
        latency: float = 0.0,
        callback_url: Optional[str] = None,
        subscribe_limit: Optional[int] = None,
    ) -> None:
        self.login: str = _text("login", login)
        self._secret = _text("secret", secret)
        self._api_key = self._secret if api_key is None else _text("api_key", api_key)
        for name, flag in (("tls", tls), ("seed", seed)):
            if not isinstance(flag, bool):
                raise InvalidParams(f"{name} must be True or False, got {flag!r}")
        if codes not in ("documented", "server"):
            raise InvalidParams(f"codes must be 'documented' or 'server', got {codes!r}")
        if callback_url is not None:
            _text("callback_url", callback_url)
        if subscribe_limit is not None and (
            isinstance(subscribe_limit, bool)
            or not isinstance(subscribe_limit, int)
            or not 0 <= subscribe_limit < 2**32
        ):
            raise InvalidParams(
                f"subscribe_limit must be a whole number >= 0 or None, got {subscribe_limit!r}"
            )
        self._options: Dict[str, Any] = {
            "login": self.login,
            "secret": self._secret,
            "api_key": self._api_key,
            "tls": tls,
            "seed": seed,
            "codes": codes,
            "latency_ms": _seconds_to_ms("latency", latency),
            "callback_url": callback_url,
            "subscribe_limit": subscribe_limit,
        }
        self._native: Optional[_justclick._Sandbox] = None

    # ----- lifecycle ----------------------------------------------------------------

    def start(self) -> Self:
        """Start serving (if not already); returns the sandbox."""
        if self._native is None:
            self._native = _justclick._Sandbox(**self._options)
        return self

    def stop(self) -> None:
        """Stop serving and release the port; stopping twice is fine. A stopped
        sandbox can be started again, with fresh state."""
        native, self._native = self._native, None
        if native is not None:
            native.stop()

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self._native is not None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        return self.start()

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self._native.base_url if self._native is not None else "stopped"
        return f"<Sandbox login={self.login!r} {where}>"

    def _server(self) -> _justclick._Sandbox:
        if self._native is None:
            raise JustClickError("the sandbox is not running: use `with Sandbox() as sb:`")
        return self._native

    # ----- where it is --------------------------------------------------------------

    @property
    def url(self) -> str:
        """The API base URL (``http://127.0.0.1:PORT/api/``; ``https://localhost:PORT
        /api/`` with TLS): pass it as ``base_url``."""
        return self._server().base_url

    @property
    def origin(self) -> str:
        """Scheme, host and port, without the ``/api/`` path."""
        return self._server().origin

    @property
    def port(self) -> int:
        """The TCP port on 127.0.0.1 (a free one, chosen at start)."""
        return self._server().port

    @property
    def secret(self) -> str:
        """The account's API secret."""
        return self._secret

    @property
    def api_key(self) -> str:
        """The account's API 2.0 key (``rpsKey``)."""
        return self._api_key

    @property
    def ca_file(self) -> Optional[str]:
        """With ``tls=True``: the PEM file of the CA to trust (``ca_file=``)."""
        return self._server().ca_file

    def client(self, **options: Any) -> Client:
        """A ``justclick.Client`` for this sandbox's account; ``options`` are
        ``Client``'s (``base_url``, ``api_key`` and, with TLS, ``ca_file`` are set)."""
        return Client(self.login, self._secret, **self._client_options(options))

    def async_client(self, **options: Any) -> AsyncClient:
        """A ``justclick.AsyncClient`` for this sandbox's account (see ``client``)."""
        return AsyncClient(self.login, self._secret, **self._client_options(options))

    def _client_options(self, options: Dict[str, Any]) -> Dict[str, Any]:
        options.setdefault("base_url", self.url)
        options.setdefault("api_key", self._api_key)
        if self.ca_file is not None:
            options.setdefault("ca_file", self.ca_file)
        return options

    # ----- faults and latency -------------------------------------------------------

    def fault(self, kind: FaultKind, count: int = 1, *, delay: float = 1.0) -> None:
        """Make the next ``count`` API answers misbehave as ``kind`` (after faults
        already queued); ``delay`` is the wait, in seconds, of ``"slow"``."""
        if kind not in get_args(FaultKind):
            raise InvalidParams(
                f"fault kind must be one of {', '.join(get_args(FaultKind))}; got {kind!r}"
            )
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InvalidParams(f"count must be a whole number >= 1, got {count!r}")
        self._server().inject(kind, count, _seconds_to_ms("delay", delay))

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        self._server().clear_faults()

    @property
    def faults_pending(self) -> bool:
        """True while an injected fault has not been used by an answer yet."""
        return self._server().faults_pending

    def set_latency(self, seconds: float) -> None:
        """Delay every API answer by ``seconds`` (0 for none)."""
        self._server().set_latency(_seconds_to_ms("seconds", seconds))

    # ----- state and logs -----------------------------------------------------------

    def reset(self) -> None:
        """Back to the initial data, no faults, an empty request log, the initial
        latency (for a sandbox shared by several tests)."""
        self._server().reset()

    def requests(self) -> List[Request]:
        """The API requests received so far (the last 10,000), oldest first."""
        log: List[Request] = self._server().request_log()
        return log

    def notifications(self) -> List[Notification]:
        """The invoice notifications POSTed (or attempted) to ``callback_url``."""
        records: List[Notification] = self._server().callback_log()
        return records

    def state(self) -> Dict[str, JsonValue]:
        """The account's data: ``{"groups": [...], "contacts": [...], "products":
        [...], "orders": [...], "partners": [...], "coupons": [...], "managers":
        [...], ...}`` (a copy; changing it changes nothing)."""
        world: Dict[str, Any] = self._server().state_json()
        account: Dict[str, JsonValue] = world["accounts"][self.login]
        return account
