//! The request log: what the sandbox received and answered.

use std::collections::VecDeque;

use serde::Serialize;

/// How many requests the log keeps by default (oldest dropped first); see
/// [`crate::Config::log_capacity`].
pub const LOG_CAPACITY: usize = 10_000;

/// One request as the sandbox saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedRequest {
    /// Sequence number, from 1.
    pub seq: u64,
    /// HTTP method (`POST`).
    pub http_method: String,
    /// Request path (`/api/DeleteSubscribe`).
    pub path: String,
    /// `Host` header.
    pub host: String,
    /// The API method as documented (`DeleteSubscribe`), when the path named one.
    pub method: Option<String>,
    /// The account the `Host` header selected.
    pub account: Option<String>,
    /// The raw body (lossy UTF-8), with an `rpsKey` value replaced by `<redacted>`.
    pub body: String,
    /// The body as PHP parsed it, as JSON (`rpsKey` redacted).
    pub params: serde_json::Value,
    /// HTTP status answered.
    pub status: u16,
    /// `error_code` answered, when a JSON envelope was produced.
    pub error_code: Option<i64>,
    /// `error_text` answered.
    pub error_text: Option<String>,
    /// The fault applied (`forged_hash`, …), if any.
    pub fault: Option<String>,
}

/// A bounded FIFO of logged requests.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<LoggedRequest>,
    capacity: usize,
    next_seq: u64,
}

impl RequestLog {
    /// A log keeping the last `capacity` requests (0: none, only sequence numbers).
    pub fn new(capacity: usize) -> Self {
        RequestLog {
            entries: VecDeque::new(),
            capacity,
            next_seq: 0,
        }
    }

    pub fn push(&mut self, mut entry: LoggedRequest) {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        if self.capacity == 0 {
            return;
        }
        if self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub fn snapshot(&self) -> Vec<LoggedRequest> {
        self.entries.iter().cloned().collect()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// Replaces the value of every `rpsKey` field of a form body.
pub(crate) fn redact_body(body: &str) -> String {
    body.split('&')
        .map(|field| {
            let name = field.split('=').next().unwrap_or_default();
            if justclick::query::urldecode(name).trim_start() == "rpsKey" {
                format!("{name}=<redacted>")
            } else {
                field.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_is_bounded_and_redacts_keys() {
        let mut log = RequestLog::new(LOG_CAPACITY);
        let e = LoggedRequest {
            seq: 0,
            http_method: "POST".into(),
            path: "/".into(),
            host: String::new(),
            method: None,
            account: None,
            body: String::new(),
            params: serde_json::Value::Null,
            status: 200,
            error_code: None,
            error_text: None,
            fault: None,
        };
        for _ in 0..LOG_CAPACITY + 5 {
            log.push(e.clone());
        }
        let snap = log.snapshot();
        assert_eq!(snap.len(), LOG_CAPACITY);
        assert_eq!(snap[0].seq, 6);
        let mut small = RequestLog::new(3);
        let mut none = RequestLog::new(0);
        for _ in 0..5 {
            small.push(e.clone());
            none.push(e.clone());
        }
        let seqs: Vec<u64> = small.snapshot().iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [3, 4, 5]);
        assert!(none.snapshot().is_empty());
        assert_eq!(
            redact_body("a=1&rpsKey=sec&b=2"),
            "a=1&rpsKey=<redacted>&b=2"
        );
    }
}
