//! Deliberate misbehaviour: the next N API answers go wrong in a chosen way.

use std::collections::VecDeque;
use std::time::Duration;

/// One way an API answer can go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A well-formed answer whose `hash` is 32 hex digits that do not match.
    ForgedHash,
    /// `"hash": true` — passes PHP's loose `==`, must fail a real check.
    HashTrue,
    /// The answer has no `hash` field.
    MissingHash,
    /// HTTP 502 with an HTML page, as a proxy in front of a dead backend sends. The
    /// request is **not** processed.
    Html502,
    /// HTTP 200 whose body is the first half of the JSON answer.
    TruncatedJson,
    /// HTTP 200 with an empty body.
    EmptyBody,
    /// Waits this long, then answers normally.
    Slow(Duration),
    /// A genuine, signed answer of about 20 MB (a long `result` string).
    HugeBody,
    /// HTTP 307 to the same URL; the repeated request is answered normally. The first
    /// request is **not** processed.
    Redirect307,
    /// Sends the headers and part of the body, then closes the connection.
    DropConnection,
}

impl Fault {
    /// The name used by the HTTP control interface (`mode=`).
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Fault::ForgedHash => "forged_hash",
            Fault::HashTrue => "hash_true",
            Fault::MissingHash => "missing_hash",
            Fault::Html502 => "html_502",
            Fault::TruncatedJson => "truncated_json",
            Fault::EmptyBody => "empty_body",
            Fault::Slow(_) => "slow",
            Fault::HugeBody => "huge_body",
            Fault::Redirect307 => "redirect_307",
            Fault::DropConnection => "drop_connection",
        }
    }

    /// Parses a control-interface name; `delay` is used for `slow`.
    #[must_use]
    pub fn from_name(name: &str, delay: Duration) -> Option<Fault> {
        Some(match name {
            "forged_hash" => Fault::ForgedHash,
            "hash_true" => Fault::HashTrue,
            "missing_hash" => Fault::MissingHash,
            "html_502" => Fault::Html502,
            "truncated_json" => Fault::TruncatedJson,
            "empty_body" => Fault::EmptyBody,
            "slow" => Fault::Slow(delay),
            "huge_body" => Fault::HugeBody,
            "redirect_307" => Fault::Redirect307,
            "drop_connection" => Fault::DropConnection,
            _ => return None,
        })
    }
}

/// Faults waiting to be applied, in injection order, one per API answer.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    queue: VecDeque<(Fault, usize)>,
}

impl FaultQueue {
    pub fn push(&mut self, fault: Fault, count: usize) {
        if count > 0 {
            self.queue.push_back((fault, count));
        }
    }

    pub fn next(&mut self) -> Option<Fault> {
        let (fault, left) = self.queue.front_mut()?;
        let fault = *fault;
        *left -= 1;
        if *left == 0 {
            self.queue.pop_front();
        }
        Some(fault)
    }

    pub fn clear(&mut self) {
        self.queue.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}

/// The body of [`Fault::Html502`].
pub(crate) const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// Size of the `result` string of [`Fault::HugeBody`].
pub(crate) const HUGE_BODY_BYTES: usize = 20 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_applies_in_order_and_names_round_trip() {
        let mut q = FaultQueue::default();
        q.push(Fault::ForgedHash, 2);
        q.push(Fault::EmptyBody, 1);
        q.push(Fault::HugeBody, 0);
        assert_eq!(q.next(), Some(Fault::ForgedHash));
        assert_eq!(q.next(), Some(Fault::ForgedHash));
        assert_eq!(q.next(), Some(Fault::EmptyBody));
        assert_eq!(q.next(), None);
        let d = Duration::from_millis(5);
        for f in [
            Fault::ForgedHash,
            Fault::HashTrue,
            Fault::MissingHash,
            Fault::Html502,
            Fault::TruncatedJson,
            Fault::EmptyBody,
            Fault::Slow(d),
            Fault::HugeBody,
            Fault::Redirect307,
            Fault::DropConnection,
        ] {
            assert_eq!(Fault::from_name(f.name(), d), Some(f));
        }
        assert_eq!(Fault::from_name("nope", d), None);
    }
}
