"""justclick: a client for the JustClick e-mail marketing API.

Requests are signed over a byte-exact PHP ``http_build_query``, and every response's
signature is verified before anything in it is trusted. The work is done by a Rust
core; network calls release the GIL, and one ``Client`` can be shared by any number of
threads.

Example::

    import justclick

    with justclick.Client("mylogin", secret) as client:
        client.delete_subscribe("user@example.com", "super")

Errors are ``JustClickError`` subclasses: ``ApiError`` (with ``.code``, ``.text``,
``.method``), ``SignatureError``, ``ResponseError``, ``TransportError`` (with
``TimeoutError`` and ``TlsError``) and ``InvalidParams``. ``from justclick import *``
leaves ``TimeoutError`` out, so it never shadows the builtin (which it subclasses).

``justclick.testing.Sandbox`` runs a JustClick sandbox server in process, for your
own tests.

``AsyncClient`` has the same options and methods as coroutines, for asyncio::

    async with justclick.AsyncClient("mylogin", secret) as client:
        groups = await client.get_all_groups()
"""

from ._async import AsyncClient
from ._client import Client
# `X as X`: an explicit re-export for type checkers, although not in `__all__`.
from ._errors import TimeoutError as TimeoutError
from ._errors import (
    ApiError,
    CallCancelled,
    InvalidParams,
    JustClickError,
    ResponseError,
    SignatureError,
    TlsError,
    TransportError,
)
from ._justclick import (
    __version__,
    build_query,
    check_hash,
    get_hash,
    verify_notification,
)

__all__ = [
    "ApiError",
    "AsyncClient",
    "CallCancelled",
    "Client",
    "InvalidParams",
    "JustClickError",
    "ResponseError",
    "SignatureError",
    # Not "TimeoutError": a star import must not shadow the builtin (see _errors.py);
    # `justclick.TimeoutError` and `from justclick import TimeoutError` work.
    "TlsError",
    "TransportError",
    "__version__",
    "build_query",
    "check_hash",
    "get_hash",
    "verify_notification",
]
