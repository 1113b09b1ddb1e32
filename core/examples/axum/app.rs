//! The web app of the axum example: its handlers `.await` the client's `*_async`
//! calls directly, with no `spawn_blocking`. Each call runs on the client's own worker
//! pool (at most `max_concurrency` threads), so the runtime's threads never block and
//! a server with two runtime threads overlaps as many calls as the pool allows.
//!
//! When a visitor goes away mid-request, axum drops the handler's future, and with it
//! the call's [`justclick::CallFuture`]: a call still queued is never sent, a call in
//! flight is cut.
//!
//! Also used by `tests/client_axum.rs`, which serves 200 concurrent requests with it.

use std::io;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use justclick::error::ErrorKind;
use justclick::{Client, Error};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpSocket};

/// Connections the listener queues before they are accepted.
const BACKLOG: u32 = 1024;

/// A listener on `addr` with a backlog of [`BACKLOG`]. (`TcpListener::bind` asks for
/// 128, as std does: a burst of more new connections overflows it, and the rest wait
/// for a SYN retry, a second later.) Call it inside the runtime.
pub fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// The app's routes, sharing one client (cheap to clone: an `Arc`).
pub fn router(client: Client) -> Router {
    Router::new()
        .route("/groups", get(groups))
        .route("/groups/{group}/contacts/{email}", delete(unsubscribe))
        .with_state(client)
}

/// `GET /groups`: the account's groups, as `[{"name": …, "title": …}]`.
async fn groups(State(client): State<Client>) -> Result<axum::Json<Value>, ApiError> {
    let groups = client.get_all_groups_async().await?;
    let list = groups
        .iter()
        .map(|g| json!({ "name": g.rass_name, "title": g.rass_title }))
        .collect();
    Ok(axum::Json(Value::Array(list)))
}

/// `DELETE /groups/{group}/contacts/{email}`: unsubscribes the contact.
async fn unsubscribe(
    State(client): State<Client>,
    Path((group, email)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    client.delete_subscribe_async(&email, &group).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A failed call as an HTTP answer.
pub struct ApiError(Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = match e.kind() {
            ErrorKind::InvalidArgument => StatusCode::BAD_REQUEST,
            // The client's queue is full: the service is overloaded, try later.
            ErrorKind::QueueFull => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Timeout => StatusCode::GATEWAY_TIMEOUT,
            _ => StatusCode::BAD_GATEWAY,
        };
        // A write that may have reached JustClick must not be blindly repeated by the
        // caller: say so (the error text never contains the secret).
        let body = json!({
            "error": e.to_string(),
            "api_code": e.api_code(),
            "may_have_been_applied": e.may_have_been_applied(),
        });
        (status, axum::Json(body)).into_response()
    }
}
