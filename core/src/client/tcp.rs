//! TCP connections a cancel can interrupt: a socket registered with the current call's
//! cancel handle before it connects, and a transport that does what ureq's own TCP
//! transport does (which ureq does not export) over it.
//!
//! ureq's `TcpConnector` connects with a blocking `connect_timeout` and registers its
//! socket only with the agent (for `Agent::shutdown`), so a call could not be woken
//! while connecting. This connector creates the socket itself (socket2), binds a
//! duplicate handle of it to the call ([`scope::bind_socket`]) and then connects: a
//! cancel shuts the socket down, which aborts a connect in progress and wakes any
//! blocked read or write, the TLS handshake's included (TLS runs over this transport).
//! Every later read and write binds the socket to the call then running, so a pooled
//! keep-alive connection is interruptible by whichever call reuses it.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, SockAddr, Socket, Type};
use ureq::Error;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, Transport,
};

use crate::client::scope::{self, Interruptible};

/// The smallest share of the connect budget an address gets.
const MIN_PER_ADDRESS: Duration = Duration::from_millis(10);

/// Opens TCP connections (unless an earlier connector, a proxy's, already made one).
#[derive(Debug, Default)]
pub(crate) struct CancellableTcp;

impl<In: Transport> Connector<In> for CancellableTcp {
    type Out = Either<In, TcpConn>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, Error> {
        if let Some(chained) = chained {
            return Ok(Some(Either::A(chained)));
        }
        let (stream, interruptible, bound_to) = connect_any(details)?;
        if details.config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(Some(Either::B(TcpConn {
            stream,
            buffers,
            timeout_read: None,
            timeout_write: None,
            interruptible,
            bound_to,
        })))
    }
}

/// Tries each resolved address in turn within the connect budget; the first half of
/// what is left goes to each address but the last (as ureq shares it).
fn connect_any(details: &ConnectionDetails) -> Result<(TcpStream, Arc<Interruptible>, u64), Error> {
    let started = Instant::now();
    let budget = details.timeout.not_zero().map(|d| *d);
    let addrs: Vec<SocketAddr> = details.addrs.iter().copied().collect();
    let mut last = Error::ConnectionFailed;
    for (i, addr) in addrs.iter().enumerate() {
        let per_addr = budget.map(|total| {
            let left = total.saturating_sub(started.elapsed());
            let share = if i + 1 == addrs.len() { left } else { left / 2 };
            share.max(MIN_PER_ADDRESS)
        });
        match connect_one(*addr, per_addr) {
            Ok(conn) => return Ok(conn),
            Err(e) => {
                let timed_out =
                    matches!(&e, Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut);
                last = if timed_out {
                    Error::Timeout(details.timeout.reason)
                } else {
                    e
                };
                if scope::current_cancel().is_some_and(|c| c.is_cancelled()) {
                    break;
                }
            }
        }
    }
    Err(last)
}

fn connect_one(
    addr: SocketAddr,
    timeout: Option<Duration>,
) -> Result<(TcpStream, Arc<Interruptible>, u64), Error> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    let interruptible = Interruptible::new(socket.try_clone()?);
    let mut bound_to = 0;
    scope::bind_socket(&interruptible, &mut bound_to)?;
    let target = SockAddr::from(addr);
    match timeout {
        Some(t) => socket.connect_timeout(&target, t)?,
        None => socket.connect(&target)?,
    }
    if interruptible.is_dead() {
        return Err(scope::cancelled_io().into());
    }
    Ok((TcpStream::from(socket), interruptible, bound_to))
}

/// A TCP connection whose socket a cancel can shut down.
pub(crate) struct TcpConn {
    stream: TcpStream,
    buffers: LazyBuffers,
    /// The socket timeouts set now (a syscall only when they change).
    timeout_read: Option<Duration>,
    timeout_write: Option<Duration>,
    interruptible: Arc<Interruptible>,
    /// The call this connection's socket is bound to now.
    bound_to: u64,
}

impl fmt::Debug for TcpConn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpConn")
            .field("peer", &self.stream.peer_addr().ok())
            .field("cancelled", &self.interruptible.is_dead())
            .finish()
    }
}

/// The timeout to set for the next read or write, or a timeout error when none is
/// left.
fn remaining(timeout: NextTimeout) -> Result<Option<Duration>, Error> {
    if timeout.after.is_zero() {
        return Err(Error::Timeout(timeout.reason));
    }
    Ok(timeout.not_zero().map(|d| *d))
}

/// Maps an I/O error, a socket timeout (`WouldBlock` or `TimedOut`) to ureq's.
fn io_error(e: io::Error, timeout: NextTimeout) -> Error {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Error::Timeout(timeout.reason),
        _ => Error::Io(e),
    }
}

impl TcpConn {
    fn bind(&mut self) -> Result<(), Error> {
        scope::bind_socket(&self.interruptible, &mut self.bound_to)?;
        Ok(())
    }

    /// After a failed read or write: a socket shut down by a cancel reports that.
    fn cancelled_or(&self, e: Error) -> Error {
        if self.interruptible.is_dead() {
            Error::Io(scope::cancelled_io())
        } else {
            e
        }
    }
}

impl Transport for TcpConn {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        self.bind()?;
        let timeout = timeout.for_write();
        let limit = remaining(timeout)?;
        if limit != self.timeout_write {
            self.stream.set_write_timeout(limit)?;
            self.timeout_write = limit;
        }
        let output = &self.buffers.output()[..amount];
        (&self.stream)
            .write_all(output)
            .map_err(|e| self.cancelled_or(io_error(e, timeout)))
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        self.bind()?;
        let timeout = timeout.for_read();
        let limit = remaining(timeout)?;
        if limit != self.timeout_read {
            self.stream.set_read_timeout(limit)?;
            self.timeout_read = limit;
        }
        let started = Instant::now();
        let input = self.buffers.input_append_buf();
        let amount = loop {
            match (&self.stream).read(input) {
                // A signal: go on with what is left of the timeout (Linux does not
                // restart socket reads that have a timeout).
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                    if let Some(limit) = limit {
                        let left = limit.saturating_sub(started.elapsed());
                        if left.is_zero() {
                            return Err(Error::Timeout(timeout.reason));
                        }
                        self.stream.set_read_timeout(Some(left))?;
                        self.timeout_read = Some(left);
                    }
                }
                Err(e) => {
                    let e = io_error(e, timeout);
                    return Err(self.cancelled_or(e));
                }
                Ok(n) => break n,
            }
        };
        self.buffers.input_appended(amount);
        if amount == 0 && self.interruptible.is_dead() {
            // A shutdown reads as end of stream: say it was the cancel.
            return Err(Error::Io(scope::cancelled_io()));
        }
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        // A connection whose socket a cancel shut down never goes back into use.
        !self.interruptible.is_dead() && probe(&self.stream)
    }
}

/// True when nothing is waiting to be read and the peer has not closed: the
/// connection can carry a new request.
fn probe(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut buf = [0];
    let idle = matches!((&*stream).read(&mut buf), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_ok() && idle
}
