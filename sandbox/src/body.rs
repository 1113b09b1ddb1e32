//! The response body type: whole, or broken off mid-way (for `DropConnection`).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

/// A response body.
pub(crate) enum Payload {
    /// The whole body in one frame.
    Full(Option<Bytes>),
    /// Sends `head`, waits a moment (so it reaches the client), then fails, which
    /// makes hyper close the connection before the promised length was sent.
    Broken {
        head: Option<Bytes>,
        pause: Option<Pin<Box<Sleep>>>,
    },
}

impl Payload {
    pub fn full(b: impl Into<Bytes>) -> Self {
        Payload::Full(Some(b.into()))
    }

    pub fn broken(head: impl Into<Bytes>) -> Self {
        Payload::Broken {
            head: Some(head.into()),
            pause: None,
        }
    }
}

impl Body for Payload {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            Payload::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            Payload::Broken { head, pause } => {
                if let Some(h) = head.take() {
                    return Poll::Ready(Some(Ok(Frame::data(h))));
                }
                let sleep = pause
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(50))));
                match sleep.as_mut().poll(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(()) => Poll::Ready(Some(Err(io::Error::new(
                        io::ErrorKind::ConnectionAborted,
                        "sandbox fault: drop_connection",
                    )))),
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Payload::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Payload::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            Payload::Full(None) => SizeHint::with_exact(0),
            Payload::Broken { .. } => SizeHint::default(),
        }
    }
}
