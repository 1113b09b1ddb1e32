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
``TimeoutError`` and ``TlsError``) and ``InvalidParams``.

``AsyncClient`` has the same options and methods as coroutines, for asyncio::

    async with justclick.AsyncClient("mylogin", secret) as client:
        groups = await client.get_all_groups()
"""

from ._async import AsyncClient
from ._client import Client
from ._errors import (
    ApiError,
    InvalidParams,
    JustClickError,
    ResponseError,
    SignatureError,
    TimeoutError,
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
    "Client",
    "InvalidParams",
    "JustClickError",
    "ResponseError",
    "SignatureError",
    "TimeoutError",
    "TlsError",
    "TransportError",
    "__version__",
    "build_query",
    "check_hash",
    "get_hash",
    "verify_notification",
]
