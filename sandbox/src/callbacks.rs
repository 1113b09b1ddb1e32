//! Invoice notifications (spec 8): built as PHP-bracket form bodies, signed, and
//! POSTed from a background thread so API answers never wait for them.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use justclick::signing::{hex_str, md5_hex};
use justclick::{Params, Value, build_query};
use serde::Serialize;

use crate::methods::orders_link;
use crate::methods::{Event, EventKind};
use crate::state::Order;

/// One notification the sandbox sent (or tried to).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallbackRecord {
    /// `created`, `paid`, `cancelled` or `moneyback`.
    pub event: String,
    /// Order number.
    pub bill_id: u64,
    /// Target URL.
    pub url: String,
    /// The form body sent.
    pub body: String,
    /// HTTP status of the answer, when one came.
    pub status: Option<u16>,
    /// Why delivery failed, when it did.
    pub error: Option<String>,
}

struct Job {
    url: String,
    event: &'static str,
    bill_id: u64,
    body: String,
}

/// The delivery thread and its record.
pub(crate) struct Notifier {
    tx: Mutex<Option<Sender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    pub records: Arc<Mutex<Vec<CallbackRecord>>>,
}

impl Notifier {
    pub fn start() -> Self {
        let (tx, rx) = channel::<Job>();
        let records = Arc::new(Mutex::new(Vec::new()));
        let rec = Arc::clone(&records);
        let thread = std::thread::Builder::new()
            .name("sandbox-callbacks".into())
            .spawn(move || deliver_all(&rx, &rec))
            .ok();
        Notifier {
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(thread),
            records,
        }
    }

    /// Queues the notification for `event` to `url`, signed with `secret`.
    pub fn send(&self, url: &str, event: &Event, secret: &str) {
        let (name, mut params) = notification(event, secret);
        // `hash` is a reserved name for build_query (it refuses it), so it is
        // appended after the signed fields, as PHP's `$_POST['hash']` last.
        let hash = params.remove("hash");
        let Ok(mut body) = build_query(&params) else {
            return;
        };
        if let Some(Value::Str(hash)) = hash {
            body.push_str("&hash=");
            body.push_str(&hash);
        }
        let job = Job {
            url: url.to_owned(),
            event: name,
            bill_id: event.order.id,
            body,
        };
        if let Some(tx) = self.tx.lock().expect("notifier lock").as_ref() {
            let _ = tx.send(job);
        }
    }

    /// Delivers what is queued, then stops the thread.
    pub fn stop(&self) {
        self.tx.lock().expect("notifier lock").take();
        if let Some(t) = self.thread.lock().expect("notifier lock").take() {
            let _ = t.join();
        }
    }
}

fn deliver_all(rx: &Receiver<Job>, records: &Mutex<Vec<CallbackRecord>>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    while let Ok(job) = rx.recv() {
        let result = agent
            .post(&job.url)
            .content_type("application/x-www-form-urlencoded")
            .send(job.body.as_bytes());
        let (status, error) = match result {
            Ok(resp) => (Some(resp.status().as_u16()), None),
            Err(e) => (None, Some(e.to_string())),
        };
        records.lock().expect("records lock").push(CallbackRecord {
            event: job.event.to_owned(),
            bill_id: job.bill_id,
            url: job.url,
            body: job.body,
            status,
            error,
        });
    }
}

/// The signature of an invoice notification: `md5(id . email . time . secret)`,
/// plain concatenation; `time` is `paid` for the paid notification, `created`
/// otherwise (spec 8.1–8.3; for moneyback, whose formula the docs leave open, the
/// sandbox uses `created` too).
#[must_use]
pub fn notification_hash(id: u64, email: &str, time: i64, secret: &str) -> String {
    let (id, time) = (id.to_string(), time.to_string());
    hex_str(&md5_hex(&[
        id.as_bytes(),
        email.as_bytes(),
        time.as_bytes(),
        secret.as_bytes(),
    ]))
    .to_owned()
}

/// Builds the fields of a notification (spec 8) in the documented order.
pub(crate) fn notification(event: &Event, secret: &str) -> (&'static str, Params) {
    let o = &event.order;
    let mut p = Params::new();
    let name = match event.kind {
        EventKind::Created => {
            p.insert("status", "new_order");
            "created"
        }
        EventKind::Paid => "paid",
        EventKind::Cancelled => {
            p.insert("status", "cancel_order");
            "cancelled"
        }
        EventKind::Moneyback => {
            p.insert("status", "moneyback");
            "moneyback"
        }
    };
    // Cancelled and moneyback notifications carry fewer fields (spec 8.3, 8.5).
    let short = matches!(event.kind, EventKind::Cancelled | EventKind::Moneyback);
    p.insert("id", o.id.to_string());
    for (k, v) in [
        ("first_name", &o.first_name),
        ("last_name", &o.last_name),
        ("middle_name", &o.middle_name),
        ("email", &o.email),
        ("phone", &o.phone),
        ("city", &o.city),
        ("country", &o.country),
    ] {
        p.insert(k, v.as_str());
    }
    if !short {
        p.insert("address", o.address.as_str());
    }
    p.insert("region", o.region.as_str());
    p.insert("postalcode", o.postalcode.as_str());
    p.insert("created", o.created.to_string());
    if event.kind == EventKind::Paid {
        p.insert("paid", o.paid.to_string());
        p.insert("last_payment_sum", o.total());
    }
    p.insert("comment", o.comment.as_str());
    if !short {
        p.insert("tag", o.tag.as_str());
        p.insert("kupon", o.kupon.as_str());
    }
    if event.kind == EventKind::Paid {
        p.insert("type", "");
        p.insert("payway", o.payway.as_str());
    }
    if !short {
        p.insert("domain", o.domain.as_str());
    }
    match event.kind {
        EventKind::Created => p.insert("link", orders_link(o)),
        EventKind::Paid | EventKind::Moneyback => p.insert("is_recurrent", "0"),
        EventKind::Cancelled => {}
    }
    let utm: Params = ["medium", "source", "campaign", "content", "term"]
        .iter()
        .map(|k| (*k, o.utm.get(*k).cloned().unwrap_or_default()))
        .collect();
    p.insert("utm", utm);
    p.insert(
        "items",
        Value::List(items(o, event.kind == EventKind::Paid)),
    );
    let time = if event.kind == EventKind::Paid {
        o.paid
    } else {
        o.created
    };
    p.insert("hash", notification_hash(o.id, &o.email, time, secret));
    (name, p)
}

fn items(o: &Order, paid: bool) -> Vec<Value> {
    o.items
        .iter()
        .map(|i| {
            let mut m = Params::new()
                .with("id", i.id.to_string())
                .with("title", i.title.as_str())
                .with("sum", i.sum.as_str())
                .with("price", i.price.as_str());
            if paid {
                m.insert("pincode", "");
            }
            Value::Map(m)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_notification_vector() {
        let secret = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(
            notification_hash(123_456, "buyer@example.com", 1_700_000_000, secret),
            "0d4e02ac8b1d849a9665300f9b2ab37f"
        );
    }
}
