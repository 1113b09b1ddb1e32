# Stubs for the native module (src/*.rs), written by hand and checked by
# `python -m mypy.stubtest justclick`. Import from `justclick`, not from here.

import asyncio
import os
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, final

from typing_extensions import Self, disjoint_base

from .types import Notification, ParamValue

__all__ = [
    "Client",
    "_PendingCall",
    "_Sandbox",
    "_WorkerPool",
    "_shutdown_workers",
    "build_query",
    "check_hash",
    "get_hash",
    "verify_notification",
    "__version__",
]

__version__: str

def build_query(params: Mapping[str, ParamValue], /) -> str:
    """PHP 8's ``http_build_query(params)``, byte for byte."""

def get_hash(
    params: Mapping[str, ParamValue], login: str, secret: str
) -> str:
    """The API 1.0 request hash: ``md5(build_query(params)::login::secret)``."""

def check_hash(response: str | bytes | Mapping[str, Any], secret: str) -> bool:
    """True only for a response whose ``hash`` is ``md5(code::text::secret)``."""

def verify_notification(
    body: str | bytes | Mapping[str, Any], secret: str
) -> Notification:
    """Parse and verify an invoice notification JustClick POSTed to you."""

@disjoint_base
class Client:
    """The native client; ``justclick.Client`` adds one method per API method."""

    def __new__(
        cls,
        login: str,
        secret: str,
        *,
        base_url: str | None = None,
        domain: str = "justclick.ru",
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        max_retries: int = 2,
        ca_file: str | os.PathLike[str] | None = None,
        api_key: str | None = None,
        user_agent: str | None = None,
        max_response_bytes: int = 16777216,
        retry_base_delay: float = 0.25,
        allow_insecure_http: bool = False,
        verify_v2_responses: bool = True,
        proxy: str | None = None,
        no_proxy: str | None = None,
        max_idle_connections: int = 64,
        _max_concurrency: int | None = None,
    ) -> Self: ...
    @property
    def login(self) -> str:
        """The account login."""
    @property
    def base_url(self) -> str:
        """The API base URL."""
    @property
    def closed(self) -> bool:
        """True once ``close()`` has been called."""
    def call(
        self,
        method: str,
        params: Mapping[str, ParamValue] | None = None,
        *,
        timeout: float | None = None,
    ) -> Any:
        """Call any API 1.0 method; signed request, verified response."""
    def call_v2(
        self,
        method: str,
        params: Mapping[str, ParamValue] | None = None,
        *,
        timeout: float | None = None,
    ) -> Any:
        """Call any API 2.0 method (``rpsKey`` added by the client)."""
    def invoke(
        self,
        method: str,
        params: Mapping[str, ParamValue] | None = None,
        *,
        timeout: float | None = None,
    ) -> Any:
        """Call a documented method by name with its documented semantics."""
    def _invoke_typed(
        self,
        method: str,
        params: Mapping[str, ParamValue] | None = None,
        timeout: float | None = None,
    ) -> Any:
        """``invoke`` refusing a list or mapping where the field holds one value."""
    def close(self) -> None:
        """Drop the connection pool; later calls raise ``JustClickError``."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
        /,
    ) -> None: ...

def _shutdown_workers() -> None:
    """``atexit`` hook: no worker thread calls into Python after it."""

@final
class _WorkerPool:
    """The core pool's Python side for one ``AsyncClient``; not public API."""

    def __new__(
        cls,
        client: Client,
        resolve: Callable[[asyncio.Future[Any], BaseException | None, Any], None],
    ) -> Self: ...
    @property
    def threads(self) -> int:
        """Worker threads alive now."""
    def submit(
        self,
        kind: str,
        method: str,
        params: Mapping[str, ParamValue] | None,
        timeout: float | None,
        event_loop: asyncio.AbstractEventLoop,
        future: asyncio.Future[Any],
    ) -> _PendingCall | None:
        """Queue ``client.<kind>(method, params)`` on the pool; complete ``future``.
        None (nothing queued) while the pool's queue is full."""

@final
class _PendingCall:
    """A call queued by ``_WorkerPool.submit``; not public API."""

    def cancel(self) -> None:
        """Cancel the call (queued: never sent; in flight: cut)."""

@final
class _Sandbox:
    """The in-process sandbox server behind ``justclick.testing.Sandbox`` (feature
    ``testing``); not part of the public API."""

    def __new__(
        cls,
        *,
        login: str,
        secret: str,
        api_key: str,
        tls: bool,
        seed: bool,
        codes: str,
        latency_ms: int,
        callback_url: str | None,
        subscribe_limit: int | None,
    ) -> Self: ...
    @property
    def base_url(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def ca_file(self) -> str | None: ...
    @property
    def faults_pending(self) -> bool: ...
    def inject(self, mode: str, count: int, delay_ms: int) -> None: ...
    def clear_faults(self) -> None: ...
    def set_latency(self, ms: int) -> None: ...
    def reset(self) -> None: ...
    def request_log(self) -> Any: ...
    def callback_log(self) -> Any: ...
    def state_json(self) -> Any: ...
    def stop(self) -> None: ...
