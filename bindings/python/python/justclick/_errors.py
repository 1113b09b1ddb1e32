"""The exceptions raised by justclick.

Every exception's message names the API method and never contains the secret. The
native module raises these classes through one conversion function (``src/errors.rs``).

Hierarchy::

    JustClickError
    ├── ApiError            JustClick answered with a genuine non-zero error_code
    ├── SignatureError      the response's hash did not prove it came from JustClick
    ├── ResponseError       the answer was not a JustClick envelope (HTML, truncated...)
    ├── TransportError      the request could not be sent or the answer not received
    │   ├── TimeoutError    (also the builtin TimeoutError)
    │   └── TlsError        certificate or handshake failure
    ├── CallCancelled       the call was cancelled (its client closed while it was queued)
    └── InvalidParams       (also ValueError) input refused before anything was sent

``may_have_been_applied`` (on every exception) says whether the request may have
reached the server: True for a timeout or a connection lost after the request was
written, False when it certainly never left (refused arguments, connection refused,
cancelled while queued). When it is True and the call was a write, read the state
back (or rely on the method being idempotent) before repeating it.
"""

# No `from __future__ import annotations`: the classes claim `__module__ = "justclick"`,
# so typing.get_type_hints() (pydantic, dataclass-like tools) must find evaluated
# annotations, not names to look up in the package.
import builtins
from typing import Any, Optional

from .types import ResponseKind

# `TimeoutError` is deliberately not in `__all__`: `from justclick import *` must not
# shadow the builtin (an `except TimeoutError` around `asyncio.timeout` would then miss
# the builtin one). `justclick.TimeoutError` stays the public name, and it is a
# subclass of the builtin, so `except TimeoutError` catches justclick's too.
__all__ = [
    "ApiError",
    "CallCancelled",
    "InvalidParams",
    "JustClickError",
    "ResponseError",
    "SignatureError",
    "TlsError",
    "TransportError",
]


class JustClickError(Exception):
    """Base class of every justclick error.

    Attributes:
        method: The API method the error belongs to ("" when there was no call).
        may_have_been_applied: True when the request may have reached the server
            (and so, for a write, may have taken effect): a timeout, a connection
            lost after sending, an answer that could not be read or verified, a call
            cancelled in flight. False when it certainly was not sent. An API error
            is an answer to the request (the server refused it): False.
    """

    method: str
    may_have_been_applied: bool

    def __init__(
        self, message: str, *, method: str = "", may_have_been_applied: bool = False
    ) -> None:
        # Only the message goes into ``args``: str(), repr() and pickling (which
        # restores the attributes from ``__dict__``) all keep working.
        super().__init__(message)
        self.method = method
        self.may_have_been_applied = may_have_been_applied

    @property
    def message(self) -> str:
        """The human-readable message (the same as ``str(error)``)."""
        return str(self.args[0]) if self.args else ""


class ApiError(JustClickError):
    """JustClick answered with a genuine (signature-verified) non-zero error_code.

    Classify by ``code``, never by ``text``: the server's texts vary in case and carry
    dynamic suffixes.

    Attributes:
        code: JustClick's error_code, e.g. 801 "subscriber not found".
        text: The server's error_text, verbatim.
        method: The API method called, e.g. "DeleteSubscribe".
        description: What the code means, in English (None for unknown codes).
        description_ru: The same in Russian.
        result: The response's result, when the server sent one.
    """

    code: int
    text: str
    description: Optional[str]
    description_ru: Optional[str]
    result: Any

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        may_have_been_applied: bool = False,
        code: int = 0,
        text: str = "",
        description: Optional[str] = None,
        description_ru: Optional[str] = None,
        result: Any = None,
    ) -> None:
        super().__init__(
            message, method=method, may_have_been_applied=may_have_been_applied
        )
        self.code = code
        self.text = text
        self.description = description
        self.description_ru = description_ru
        self.result = result


class SignatureError(JustClickError):
    """The response's hash was missing, malformed or wrong: it may be forged (or the
    secret is wrong). Nothing in the response was trusted.

    Attributes:
        reason: Why the signature was refused.
    """

    reason: str

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        may_have_been_applied: bool = False,
        reason: str = "",
    ) -> None:
        super().__init__(
            message, method=method, may_have_been_applied=may_have_been_applied
        )
        self.reason = reason


class ResponseError(JustClickError):
    """The server's answer was not a usable JustClick envelope: empty, HTML from a
    proxy, truncated JSON, too large, or a refused redirect.

    Attributes:
        status: The HTTP status of the answer.
        kind: One of "empty", "not_json", "truncated", "too_large", "malformed",
            "redirect" (or "other"): ``ResponseKind``.
    """

    status: int
    kind: ResponseKind

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        may_have_been_applied: bool = False,
        status: int = 0,
        kind: ResponseKind = "other",
    ) -> None:
        super().__init__(
            message, method=method, may_have_been_applied=may_have_been_applied
        )
        self.status = status
        self.kind = kind


class TransportError(JustClickError, ConnectionError):
    """The request could not be sent or the answer not received (DNS, refused or
    dropped connection); the message names the host. Also a builtin
    ``ConnectionError``, so ``except ConnectionError`` (or ``OSError``) written for the
    standard library catches it too."""


class TimeoutError(TransportError, builtins.TimeoutError):
    """The connect or total timeout elapsed. Also a builtin ``TimeoutError``, so
    ``except TimeoutError`` written for the standard library catches it too."""


class TlsError(TransportError):
    """TLS failed: untrusted certificate, wrong host name or handshake failure."""


class CallCancelled(JustClickError):
    """The call was cancelled before it completed, other than by the awaiting task
    (which sees ``asyncio.CancelledError``) or Ctrl-C (``KeyboardInterrupt``): its
    ``AsyncClient`` was closed while the call was queued. ``may_have_been_applied``
    tells whether it had been sent."""


class InvalidParams(JustClickError, ValueError):
    """Input refused before anything was sent: a value of an unsupported type, a key
    PHP would rewrite, a missing required field, a bad option. Also a ``ValueError``."""


# Show (and pickle) the classes under the public path, `justclick.ApiError`.
for _cls in (
    JustClickError,
    ApiError,
    SignatureError,
    ResponseError,
    TransportError,
    TimeoutError,
    TlsError,
    CallCancelled,
    InvalidParams,
):
    _cls.__module__ = "justclick"
del _cls
