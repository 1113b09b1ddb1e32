//! Notifications JustClick POSTs to your server (spec §8): parse the form body (PHP
//! bracket syntax, as PHP would fill `$_POST`) and verify its signature.
//!
//! ```
//! use justclick::notification::{verify_notification, NotificationKind, SignatureFormula};
//! let secret = "0123456789abcdef0123456789abcdef01234567";
//! let body = "id=123456&email=buyer%40example.com&paid=1700000000&items[0][title]=Course\
//!             &hash=0d4e02ac8b1d849a9665300f9b2ab37f";
//! let n = verify_notification(body, secret)?;
//! assert_eq!(n.kind, NotificationKind::Paid);
//! assert_eq!(n.formula, Some(SignatureFormula::IdEmailPaid));
//! assert_eq!(n.get("email"), Some("buyer@example.com"));
//! # Ok::<(), justclick::Error>(())
//! ```
//!
//! ## Which signature is accepted
//!
//! The hash is `md5` of fields concatenated **without separators**, then the secret:
//!
//! | kind | formulas tried, in order |
//! |---|---|
//! | paid (§8.1) | `md5(id . email . paid . secret)` |
//! | created (§8.2), cancelled (§8.3) | `md5(id . email . created . secret)`, then `md5(id . email . secret)` — what the docs' created-invoice snippet computes, since it reads a `paid` field the payload lacks |
//! | prepaid (§8.4), moneyback (§8.5) | formula unverified by the docs: `paid` (when the field is present), then `created`, then `id . email` |
//! | anything else carrying `id`, `email` and `hash` | all three in the same order |
//!
//! A paid notification is accepted only with its documented formula: the other two
//! hashes also appear in the order's created notification, and accepting them would
//! let anyone holding that one forge a payment. The matched formula is reported in
//! [`Notification::formula`].
//!
//! **What the signature does not cover.** Only `id`, `email` and the time field are
//! signed: `status`, amounts, items and UTM marks are not. A created notification's
//! hash is equally valid for a cancel notification of the same order, and for a paid
//! notification claiming `paid` = that `created` time. Before acting on a payment,
//! cancellation, prepayment or refund, confirm it with `getOrderDetails`.
//! Subscription notifications (§8.6, §8.7) carry no signature at all; use
//! [`parse_notification`] for them and treat their content as unauthenticated.

use serde_json::{Map, Value as Json};

use crate::error::Error;
use crate::params::{Params, Value};
use crate::php_parse::{parse_pairs, parse_post_body};
use crate::query::encoded_len;
use crate::signing::{hex_digest_eq, md5_hex};

/// What a notification reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotificationKind {
    /// An invoice was paid (no `status`, has `paid`; §8.1).
    Paid,
    /// An invoice was created (`status` `new_order` or `new order`; §8.2).
    Created,
    /// An invoice was cancelled (`status` `cancel_order`; §8.3).
    Cancelled,
    /// A prepayment arrived (has `prepayment_sum`; §8.4).
    Prepaid,
    /// A refund (`status` `moneyback`; §8.5).
    Moneyback,
    /// A contact subscribed (`id_group` with `status` `2`; §8.6). Unsigned.
    Subscribed,
    /// A contact confirmed the subscription (`id_group` with `status` `1`; §8.6).
    /// Unsigned.
    Activated,
    /// A contact unsubscribed (`id_group` with `status` `0`; §8.7). Unsigned.
    Unsubscribed,
    /// Something else; the `status` value (or empty).
    Unknown(String),
}

impl NotificationKind {
    /// A short lower-case name: `paid`, `created`, `cancelled`, `prepaid`,
    /// `moneyback`, `subscribed`, `activated`, `unsubscribed`, `unknown`.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Paid => "paid",
            Self::Created => "created",
            Self::Cancelled => "cancelled",
            Self::Prepaid => "prepaid",
            Self::Moneyback => "moneyback",
            Self::Subscribed => "subscribed",
            Self::Activated => "activated",
            Self::Unsubscribed => "unsubscribed",
            Self::Unknown(_) => "unknown",
        }
    }

    /// True for the subscription events, which the service does not sign.
    #[must_use]
    pub fn is_unsigned(&self) -> bool {
        matches!(
            self,
            Self::Subscribed | Self::Activated | Self::Unsubscribed
        )
    }

    fn detect(fields: &Params) -> Self {
        let status = text(fields, "status").unwrap_or("").trim();
        if fields.get("id_group").is_some() {
            match status {
                "0" => return Self::Unsubscribed,
                "1" => return Self::Activated,
                "2" => return Self::Subscribed,
                _ => {}
            }
        }
        match status {
            "new_order" | "new order" => Self::Created,
            "cancel_order" => Self::Cancelled,
            "moneyback" => Self::Moneyback,
            "" if fields.get("prepayment_sum").is_some() => Self::Prepaid,
            "" if fields.get("paid").is_some() => Self::Paid,
            other => Self::Unknown(other.to_owned()),
        }
    }

    fn formulas(&self) -> &'static [SignatureFormula] {
        use SignatureFormula::{IdEmail, IdEmailCreated, IdEmailPaid};
        match self {
            Self::Paid => &[IdEmailPaid],
            Self::Created | Self::Cancelled => &[IdEmailCreated, IdEmail],
            Self::Subscribed | Self::Activated | Self::Unsubscribed => &[],
            Self::Prepaid | Self::Moneyback | Self::Unknown(_) => {
                &[IdEmailPaid, IdEmailCreated, IdEmail]
            }
        }
    }
}

/// The signature formula a notification matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureFormula {
    /// `md5(id . email . paid . secret)` — paid invoices (§8.1).
    IdEmailPaid,
    /// `md5(id . email . created . secret)` — created and cancelled invoices (§8.2,
    /// §8.3).
    IdEmailCreated,
    /// `md5(id . email . secret)` — what the docs' created-invoice snippet computes
    /// (it reads the absent `paid` field as empty).
    IdEmail,
}

impl SignatureFormula {
    /// `id.email.paid`, `id.email.created` or `id.email`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IdEmailPaid => "id.email.paid",
            Self::IdEmailCreated => "id.email.created",
            Self::IdEmail => "id.email",
        }
    }

    /// The time field the formula signs, if any.
    fn time_field(self) -> Option<&'static str> {
        match self {
            Self::IdEmailPaid => Some("paid"),
            Self::IdEmailCreated => Some("created"),
            Self::IdEmail => None,
        }
    }
}

/// A parsed notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    /// What it reports.
    pub kind: NotificationKind,
    /// The formula its `hash` matched; `None` when it was not verified
    /// ([`parse_notification`]).
    pub formula: Option<SignatureFormula>,
    /// Every field as PHP would see it in `$_POST` (nested for `items[0][sum]`,
    /// `utm[medium]`, …), `hash` included.
    pub fields: Params,
}

impl Notification {
    /// A top-level text field (`id`, `email`, `paid`, `status`, …).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        text(&self.fields, key)
    }

    /// `{"kind": "paid", "formula": "id.email.paid" | null, "fields": {…}}`.
    #[must_use]
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert("kind".into(), Json::from(self.kind.as_str()));
        m.insert(
            "formula".into(),
            self.formula.map_or(Json::Null, |f| Json::from(f.as_str())),
        );
        m.insert("fields".into(), self.fields.to_json());
        Json::Object(m)
    }
}

/// Anything a notification can be read from: the raw form body (`str`, `String`,
/// bytes) or already parsed fields ([`Params`], e.g. a framework's `$_POST`
/// equivalent).
pub trait NotificationBody {
    /// The fields, as PHP would parse them.
    fn to_fields(&self) -> Params;

    /// The size of a raw body in bytes (`None` for already parsed fields), checked
    /// against [`crate::limits::MAX_INPUT_BYTES`] before parsing.
    fn raw_len(&self) -> Option<usize> {
        None
    }
}

impl NotificationBody for str {
    fn raw_len(&self) -> Option<usize> {
        Some(self.len())
    }
    fn to_fields(&self) -> Params {
        parse_post_body(self.as_bytes())
    }
}

impl NotificationBody for String {
    fn raw_len(&self) -> Option<usize> {
        Some(self.len())
    }
    fn to_fields(&self) -> Params {
        parse_post_body(self.as_bytes())
    }
}

impl NotificationBody for [u8] {
    fn raw_len(&self) -> Option<usize> {
        Some(self.len())
    }
    fn to_fields(&self) -> Params {
        parse_post_body(self)
    }
}

impl NotificationBody for Vec<u8> {
    fn raw_len(&self) -> Option<usize> {
        Some(self.len())
    }
    fn to_fields(&self) -> Params {
        parse_post_body(self)
    }
}

/// A form already split into decoded `(name, value)` fields, in order (what a web
/// framework's form parser gives; a name may repeat). Sized as the body PHP's
/// `urlencode` would write for it, and empty past `post_max_size`, as PHP's `$_POST`.
impl NotificationBody for [(String, String)] {
    fn raw_len(&self) -> Option<usize> {
        Some(
            self.iter()
                .map(|(k, v)| encoded_len(k.as_bytes()) + encoded_len(v.as_bytes()) + 2)
                .sum(),
        )
    }
    fn to_fields(&self) -> Params {
        if self.raw_len().unwrap_or(0) > crate::limits::MAX_INPUT_BYTES {
            return Params::new();
        }
        parse_pairs(self.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

impl NotificationBody for Params {
    fn to_fields(&self) -> Params {
        self.clone()
    }
}

/// Parses a notification **without** checking its signature (for the unsigned
/// subscription events, or for logging). Nothing in the result is authenticated.
#[must_use]
pub fn parse_notification<B: NotificationBody + ?Sized>(body: &B) -> Notification {
    let fields = body.to_fields();
    Notification {
        kind: NotificationKind::detect(&fields),
        formula: None,
        fields,
    }
}

/// Parses a notification and verifies its `hash` with the account's secret (see the
/// [module docs](self) for the formulas tried), comparing in constant time.
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty secret; [`Error::BadSignature`] when the
/// hash is missing, the notification is of an unsigned kind, `id`/`email` are
/// missing, or no allowed formula matches.
pub fn verify_notification<B: NotificationBody + ?Sized>(
    body: &B,
    secret: &str,
) -> Result<Notification, Error> {
    if secret.is_empty() {
        return Err(Error::invalid("secret is empty"));
    }
    if let Some(len) = body.raw_len() {
        crate::limits::check_len(
            "the notification body",
            len,
            crate::limits::MAX_INPUT_BYTES,
            "MAX_INPUT_BYTES, PHP's post_max_size",
        )
        .map_err(Error::invalid)?;
    }
    let mut n = parse_notification(body);
    let refuse = |reason: String| Error::BadSignature {
        method: "notification".into(),
        reason,
        stats: Default::default(),
    };
    if n.kind.is_unsigned() {
        return Err(refuse(format!(
            "{} notifications are not signed by JustClick; use parse_notification",
            n.kind.as_str()
        )));
    }
    let claimed = match n.fields.get("hash") {
        Some(Value::Str(h)) => h.trim(),
        Some(_) => return Err(refuse("the hash field is not a string".into())),
        None => return Err(refuse("the notification has no hash field".into())),
    };
    let (Some(id), Some(email)) = (text(&n.fields, "id"), text(&n.fields, "email")) else {
        return Err(refuse("the notification lacks id or email".into()));
    };
    let mut tried = Vec::new();
    for &formula in n.kind.formulas() {
        let time = match formula.time_field() {
            // `paid`/`created` absent: that formula would equal md5(id.email.secret).
            Some(field) => match text(&n.fields, field) {
                Some(t) => t,
                None => continue,
            },
            None => "",
        };
        tried.push(formula.as_str());
        let expected = md5_hex(&[
            id.as_bytes(),
            email.as_bytes(),
            time.as_bytes(),
            secret.as_bytes(),
        ]);
        if hex_digest_eq(claimed, &expected) {
            n.formula = Some(formula);
            return Ok(n);
        }
    }
    Err(refuse(format!(
        "the hash matches none of the formulas allowed for {} {} notification ({}): most likely \
         the secret is not this account's API secret, else the notification is forged",
        if n.kind.as_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        },
        n.kind.as_str(),
        if tried.is_empty() {
            "none applicable".to_owned()
        } else {
            tried.join(", ")
        }
    )))
}

fn text<'a>(fields: &'a Params, key: &str) -> Option<&'a str> {
    match fields.get(key) {
        Some(Value::Str(s)) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::hex_str;

    const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";

    fn sign(parts: &[&str]) -> String {
        let mut bytes: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
        bytes.push(SECRET.as_bytes());
        hex_str(&md5_hex(&bytes)).to_owned()
    }

    #[test]
    fn spec_vector_paid() {
        let body = "id=123456&email=buyer%40example.com&paid=1700000000&utm[medium]=cpc\
                    &hash=0d4e02ac8b1d849a9665300f9b2ab37f";
        let n = verify_notification(body, SECRET).unwrap();
        assert_eq!(n.kind, NotificationKind::Paid);
        assert_eq!(n.formula, Some(SignatureFormula::IdEmailPaid));
        let Some(Value::Map(utm)) = n.fields.get("utm") else {
            panic!("utm is nested")
        };
        assert_eq!(utm.get("medium"), Some(&Value::Str("cpc".into())));
        assert_eq!(n.to_json()["formula"], "id.email.paid");
        assert!(verify_notification(body, "wrong").is_err());
    }

    #[test]
    fn parsed_form_pairs_nest_as_the_body_would() {
        let body = "id=123456&email=buyer%40example.com&paid=1700000000&utm[medium]=cpc\
                    &items[0][id]=course&tags[]=a&tags[]=b\
                    &hash=0d4e02ac8b1d849a9665300f9b2ab37f";
        let pairs: Vec<(String, String)> = body
            .split('&')
            .map(|f| {
                let (k, v) = f.split_once('=').unwrap();
                (k.to_owned(), v.replace("%40", "@"))
            })
            .collect();
        let from_body = verify_notification(body, SECRET).unwrap();
        let from_pairs = verify_notification(pairs.as_slice(), SECRET).unwrap();
        assert_eq!(from_pairs.fields, from_body.fields);
        assert_eq!(from_pairs.formula, Some(SignatureFormula::IdEmailPaid));
        assert!(verify_notification(pairs.as_slice(), "wrong").is_err());
        // Past post_max_size: refused, as the same body would be.
        let huge = vec![("x".to_owned(), "a".repeat(crate::limits::MAX_INPUT_BYTES))];
        assert!(verify_notification(huge.as_slice(), SECRET).is_err());
        assert!(
            parse_notification(huge.as_slice())
                .fields
                .get("x")
                .is_none()
        );
    }

    #[test]
    fn created_accepts_both_documented_formulas() {
        let exact = sign(&["7", "a@b.c", "1700"]);
        let body = format!("status=new_order&id=7&email=a%40b.c&created=1700&hash={exact}");
        let n = verify_notification(body.as_str(), SECRET).unwrap();
        assert_eq!(
            (n.kind, n.formula),
            (
                NotificationKind::Created,
                Some(SignatureFormula::IdEmailCreated)
            )
        );
        let buggy = sign(&["7", "a@b.c"]);
        let body = format!("status=new+order&id=7&email=a%40b.c&created=1700&hash={buggy}");
        let n = verify_notification(body.as_str(), SECRET).unwrap();
        assert_eq!(n.formula, Some(SignatureFormula::IdEmail));
        let cancel = format!("status=cancel_order&id=7&email=a%40b.c&created=1700&hash={exact}");
        assert_eq!(
            verify_notification(cancel.as_str(), SECRET).unwrap().kind,
            NotificationKind::Cancelled
        );
    }

    #[test]
    fn a_created_hash_cannot_prove_a_payment() {
        let created = sign(&["7", "a@b.c", "1700"]);
        let forged = format!("id=7&email=a%40b.c&created=1700&paid=1800&hash={created}");
        let e = verify_notification(forged.as_str(), SECRET).unwrap_err();
        assert!(matches!(e, Error::BadSignature { .. }), "{e}");
        let weak = sign(&["7", "a@b.c"]);
        let forged = format!("id=7&email=a%40b.c&paid=1800&hash={weak}");
        assert!(verify_notification(forged.as_str(), SECRET).is_err());
    }

    #[test]
    fn bodies_over_post_max_size_are_refused() {
        let body = format!("id=1&email=x&paid=1&hash=00&a={}", "x".repeat(8 << 20));
        let e = verify_notification(&body, SECRET).unwrap_err().to_string();
        assert!(e.contains("MAX_INPUT_BYTES"), "{e}");
        // PHP gives an empty $_POST for such a body.
        assert!(parse_notification(&body).fields.is_empty());
    }

    #[test]
    fn refusals_are_explained() {
        let e = verify_notification("id=1&email=x", SECRET).unwrap_err();
        assert!(e.to_string().contains("no hash"), "{e}");
        let e = verify_notification("id_group=5&status=0&email=x&hash=abc", SECRET).unwrap_err();
        assert!(e.to_string().contains("not signed"), "{e}");
        assert_eq!(
            parse_notification("id_group=5&status=0&email=x").kind,
            NotificationKind::Unsubscribed
        );
        let e = verify_notification("paid=1&hash=x", SECRET).unwrap_err();
        assert!(e.to_string().contains("id or email"), "{e}");
        assert!(verify_notification("a=1", "").is_err());
        let params = Params::new()
            .with("id", "123456")
            .with("email", "buyer@example.com")
            .with("paid", "1700000000")
            .with("hash", "0D4E02AC8B1D849A9665300F9B2AB37F");
        assert!(verify_notification(&params, SECRET).is_ok());
        let e = verify_notification("id=1&email=x&paid=2&hash=00", SECRET).unwrap_err();
        assert!(!e.to_string().contains(SECRET));
    }
}
