"""A FastAPI-style ASGI endpoint on ``justclick.AsyncClient``, without a framework.

    POST /subscribe   form ``email=...&group=...``  ->  {"ok": true}
    GET  /groups                                   ->  the account's groups

One ``AsyncClient`` serves every request: its calls share one connection pool and never
block the event loop, so a slow JustClick answer delays only its own request. With
FastAPI the handler bodies are the same::

    @app.post("/subscribe")
    async def subscribe(email: str, group: str) -> dict[str, bool]:
        await client.add_lead_to_group(group, email)
        return {"ok": True}

Run it with any ASGI server, e.g. ``uvicorn asgi_app:app`` (JUSTCLICK_LOGIN,
JUSTCLICK_SECRET and optionally JUSTCLICK_BASE_URL in the environment). The tests call
``App`` directly against the sandbox.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Optional

import justclick

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class App:
    """The ASGI application; ``client`` is created on first use unless given."""

    def __init__(self, client: Optional[justclick.AsyncClient] = None) -> None:
        self._client = client

    def client(self) -> justclick.AsyncClient:
        if self._client is None:
            self._client = justclick.AsyncClient(
                os.environ["JUSTCLICK_LOGIN"],
                os.environ["JUSTCLICK_SECRET"],
                base_url=os.environ.get("JUSTCLICK_BASE_URL"),
            )
        return self._client

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        route = (scope["method"], scope["path"])
        try:
            if route == ("POST", "/subscribe"):
                form = urllib.parse.parse_qs((await _body(receive)).decode())
                email, group = form["email"][0], form["group"][0]
                await self.client().add_lead_to_group(group, email)
                await _json(send, 200, {"ok": True})
            elif route == ("GET", "/groups"):
                await _json(send, 200, await self.client().get_all_groups())
            else:
                await _json(send, 404, {"error": "not found"})
        except KeyError as e:
            await _json(send, 400, {"error": f"missing field {e}"})
        except justclick.ApiError as e:
            # The server's answer, verified: safe to show (never contains the secret).
            await _json(send, 422, {"error": e.text, "code": e.code})
        except justclick.TransportError:
            await _json(send, 503, {"error": "JustClick is unreachable"})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._client is not None:
                    await self._client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _json(send: Send, status: int, data: Any) -> None:
    body = json.dumps(data, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


app = App()
