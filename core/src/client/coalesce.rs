//! One write per request: a connector layer that holds what ureq transmits until the
//! first read, so the request head and its body leave together.
//!
//! ureq sends the head of a request, then its body, in two `transmit_output` calls;
//! with TLS that is two records and two writes too. Over loopback or a LAN the second
//! write costs the server a second wake-up (and with Nagle's algorithm off on the
//! server, a second segment), which bench/NOTES.md measured as most of the gap between
//! ureq and a raw socket on sequential calls. This layer sits on top of ureq's default
//! chain (TCP, then TLS when the scheme asks for it), so for HTTPS the plaintext of the
//! head and the body become one TLS record and one TCP write.
//!
//! Timeouts stay bounded: held bytes are written when the first read starts (every
//! request is followed by reading its answer, including a 100-continue wait), under
//! the timeout ureq passes to that read, which never exceeds the call's deadline; and
//! as soon as more than one output buffer is held, it is written under the write
//! timeout it came with, so a large body is never held whole.
//!
//! Being the last layer, this is also where request bytes become network writes: it
//! records that the call's request may have left ([`scope::mark_sent`]) just before
//! the first write of each exchange. Bytes below it (a TLS handshake, a proxy's
//! CONNECT on its own leg of the chain, see [`Coalescing::proxied`]) are not request
//! bytes.

use std::fmt;

use ureq::Error;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

use crate::client::scope;

/// The connector: wraps every transport the previous connectors produce.
#[derive(Debug, Default)]
pub(crate) struct Coalescing {
    /// The client goes through a proxy. ureq then runs this chain once for the proxy
    /// leg (with a configuration without a proxy) to carry the CONNECT request, and
    /// wraps the result again for the target: only the target's layer writes request
    /// bytes.
    pub(crate) proxied: bool,
}

impl<In: Transport> Connector<In> for Coalescing {
    type Out = Coalesced<In>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, Error> {
        let proxy_leg = self.proxied && details.config.proxy().is_none();
        Ok(chained.map(|inner| Coalesced {
            inner,
            held: Vec::new(),
            carries_request: !proxy_leg,
        }))
    }
}

/// A transport whose output is held until the next read.
pub(crate) struct Coalesced<T> {
    inner: T,
    /// Bytes ureq asked to transmit that have not been written yet.
    held: Vec<u8>,
    /// What this layer writes is a request (not a proxy's CONNECT).
    carries_request: bool,
}

impl<T: Transport> fmt::Debug for Coalesced<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coalesced")
            .field("inner", &self.inner)
            .field("held", &self.held.len())
            .finish()
    }
}

impl<T: Transport> Coalesced<T> {
    /// Writes every held byte through the inner transport's output buffer.
    fn flush_held(&mut self, timeout: NextTimeout) -> Result<(), Error> {
        self.mark_sent();
        let mut start = 0;
        while start < self.held.len() {
            let output = self.inner.buffers().output();
            let n = output.len().min(self.held.len() - start);
            if n == 0 {
                // An output buffer of size zero cannot carry anything: give up rather
                // than loop.
                self.held.clear();
                return Err(Error::ConnectionFailed);
            }
            output[..n].copy_from_slice(&self.held[start..start + n]);
            start += n;
            if let Err(e) = self.inner.transmit_output(n, timeout) {
                self.held.clear();
                return Err(e);
            }
        }
        self.held.clear();
        Ok(())
    }
}

impl<T> Coalesced<T> {
    fn mark_sent(&self) {
        if self.carries_request {
            scope::mark_sent();
        }
    }
}

impl<T: Transport> Transport for Coalesced<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        let output = self.inner.buffers().output();
        let capacity = output.len();
        if self.held.is_empty() && amount >= capacity {
            // A full buffer gains nothing from waiting.
            self.mark_sent();
            return self.inner.transmit_output(amount, timeout);
        }
        self.held.extend_from_slice(&output[..amount]);
        if self.held.len() > capacity {
            return self.flush_held(timeout);
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        if !self.held.is_empty() {
            self.flush_held(timeout)?;
        }
        self.inner.await_input(timeout)
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        // Nothing is read before what was asked is sent.
        if !self.held.is_empty() {
            self.flush_held(timeout)?;
        }
        self.inner.maybe_await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::unversioned::transport::LazyBuffers;

    /// Records every write it is asked to make.
    #[derive(Debug)]
    struct Recorder {
        buffers: LazyBuffers,
        writes: Vec<Vec<u8>>,
        reads: usize,
    }

    impl Recorder {
        fn new(output_size: usize) -> Self {
            Recorder {
                buffers: LazyBuffers::new(1024, output_size),
                writes: Vec::new(),
                reads: 0,
            }
        }
    }

    impl Transport for Recorder {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }
        fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), Error> {
            self.writes.push(self.buffers.output()[..amount].to_vec());
            Ok(())
        }
        fn await_input(&mut self, _: NextTimeout) -> Result<bool, Error> {
            self.reads += 1;
            Ok(false)
        }
        fn is_open(&mut self) -> bool {
            true
        }
    }

    fn send(t: &mut Coalesced<Recorder>, bytes: &[u8]) {
        t.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        t.transmit_output(bytes.len(), NextTimeout::default())
            .unwrap();
    }

    fn wrap(output_size: usize) -> Coalesced<Recorder> {
        Coalesced {
            inner: Recorder::new(output_size),
            held: Vec::new(),
            carries_request: true,
        }
    }

    #[test]
    fn head_and_body_leave_in_one_write_before_the_first_read() {
        let mut t = wrap(64);
        send(&mut t, b"POST /api/X HTTP/1.1\r\n\r\n");
        send(&mut t, b"a=1&b=2");
        assert!(t.inner.writes.is_empty(), "nothing written before a read");
        t.await_input(NextTimeout::default()).unwrap();
        assert_eq!(
            t.inner.writes,
            vec![b"POST /api/X HTTP/1.1\r\n\r\na=1&b=2".to_vec()]
        );
        assert_eq!(t.inner.reads, 1);
        // The next request starts from an empty hold.
        send(&mut t, b"GET");
        t.maybe_await_input(NextTimeout::default()).unwrap();
        assert_eq!(t.inner.writes.len(), 2);
        assert_eq!(t.inner.writes[1], b"GET");
    }

    #[test]
    fn more_than_a_buffer_is_not_held() {
        let mut t = wrap(8);
        send(&mut t, b"12345");
        assert!(t.inner.writes.is_empty());
        send(&mut t, b"6789");
        // 9 bytes held > the 8-byte buffer: written at once, in buffer-sized pieces.
        assert_eq!(t.inner.writes, vec![b"12345678".to_vec(), b"9".to_vec()]);
        // A full buffer with nothing held goes straight through.
        send(&mut t, b"abcdefgh");
        assert_eq!(t.inner.writes[2], b"abcdefgh");
        t.await_input(NextTimeout::default()).unwrap();
        assert_eq!(t.inner.writes.len(), 3, "nothing left to flush");
    }
}
