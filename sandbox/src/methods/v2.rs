//! API 2.0 methods (spec 7): authenticated by `rpsKey`, comma-separated lists, flat
//! `utm_*` names. Successful answers are `OK` with `result` `[]` unless they list data.

use serde_json::{Value as Json, json};

use super::time::parse_datetime;
use super::{Ctx, Event, EventKind, Reply, comma_list, text, valid_email};
use crate::state::{Order, OrderItem, STATUS_SUBSCRIBE, STATUS_UNSUBSCRIBE, Subscription};

const EMAIL_MISSING: &str = "Email is missing";
const SUBSCRIBER_NOT_FOUND: &str = "Subscriber not found";

fn empty_ok() -> Reply {
    Reply::ok(text::OK).with(json!([]))
}

/// `createorder`: `product_names` (and positional `product_prices`) required — 603
/// when missing, 604 for an unknown product, 600 for a bad `customer_email`, 201 for
/// an unknown `order_status`. `result` is `{"bill_id": N}` (the docs show only `[]`).
pub(crate) fn createorder(c: &mut Ctx<'_>) -> Reply {
    let names = comma_list(&c.s("product_names"));
    if names.is_empty() {
        return Reply::err(603, "Missing products");
    }
    let raw = c.s("customer_email");
    let email = if raw.is_empty() {
        String::new()
    } else {
        match valid_email(&raw) {
            Some(e) => e,
            None => return Reply::err(600, format!("Wrong email: '{raw}'")),
        }
    };
    let prices: Vec<String> = c
        .s("product_prices")
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();
    let mut items = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let Some(p) = c.st.product(name) else {
            return Reply::err(604, format!("Product not exist: {name}"));
        };
        let sum = prices
            .get(i)
            .filter(|s| !s.is_empty())
            .cloned()
            .unwrap_or_else(|| p.sum.clone());
        items.push(OrderItem {
            id: p.id,
            good_name: p.name.clone(),
            title: p.title.clone(),
            sum,
            price: p.sum.clone(),
        });
    }
    let status = match c.s("order_status").to_ascii_lowercase().as_str() {
        "" | "expected" => "waiting",
        "paid" => "paid",
        "cancel" => "cancel",
        "moneyback" => "moneyback",
        _ => return Reply::err(201, "Wrong status"),
    };
    let created = parse_datetime(&c.s("order_created_at")).unwrap_or(c.now);
    let paid = if status == "paid" {
        parse_datetime(&c.s("order_paid_at")).unwrap_or(c.now)
    } else {
        0
    };
    let mut utm = indexmap::IndexMap::new();
    for k in ["medium", "source", "campaign", "content", "term"] {
        let v = c.s(&format!("utm_{k}"));
        if !v.is_empty() {
            utm.insert(k.to_owned(), v);
        }
    }
    let coupon = c.s("coupon");
    let kupon =
        c.st.coupons
            .iter()
            .find(|k| k.id.to_string() == coupon)
            .map_or(coupon, |k| k.coupon.clone());
    let id = c.st.next_id.order;
    c.st.next_id.order += 1;
    let order = Order {
        id,
        email,
        first_name: c.s("customer_first_name"),
        last_name: c.s("customer_last_name"),
        middle_name: c.s("customer_middle_name"),
        phone: c.s("customer_phone"),
        country: c.s("customer_shipping_country_code"),
        region: c.s("customer_shipping_state"),
        city: c.s("customer_shipping_city"),
        address: c.s("customer_shipping"),
        postalcode: c.s("customer_shipping_zip"),
        created,
        paid,
        status: status.into(),
        comment: c.s("note"),
        tag: c.s("order_tag"),
        kupon,
        payway: c.s("payment_method"),
        utm,
        items,
        partner: comma_list(&c.s("affiliates"))
            .into_iter()
            .next()
            .unwrap_or_default(),
        ..Order::default()
    };
    c.events.push(Event {
        kind: EventKind::Created,
        order: order.clone(),
    });
    let extra = match status {
        "paid" => Some(EventKind::Paid),
        "cancel" => Some(EventKind::Cancelled),
        "moneyback" => Some(EventKind::Moneyback),
        _ => None,
    };
    if let Some(kind) = extra {
        c.events.push(Event {
            kind,
            order: order.clone(),
        });
    }
    c.st.orders.push(order);
    c.touch();
    Reply::ok(text::OK).with(json!({"bill_id": id}))
}

/// Resolves `lists` to group names; `Err` when one does not exist (103).
fn known_groups(c: &Ctx<'_>, lists: &[String]) -> Result<(), Reply> {
    if lists.iter().all(|l| c.st.group(l).is_some_and(|g| !g.auto)) {
        Ok(())
    } else {
        Err(Reply::err(103, "Has an invalid subscriptions group"))
    }
}

/// `addupdatelead`: creates or updates the contact `lead_email` (a new contact
/// without e-mail when absent), applies `add_to_lists`/`remove_from_lists` and
/// `add_tags`/`remove_tags`. 100: bad e-mail; 103: unknown list.
pub(crate) fn addupdatelead(c: &mut Ctx<'_>) -> Reply {
    let raw = c.s("lead_email");
    let email = if raw.is_empty() {
        None
    } else {
        match valid_email(&raw) {
            Some(e) => Some(e),
            None => return Reply::err(100, EMAIL_MISSING),
        }
    };
    let add = comma_list(&c.s("add_to_lists"));
    let remove = comma_list(&c.s("remove_from_lists"));
    if let Err(r) = known_groups(c, &add).and_then(|()| known_groups(c, &remove)) {
        return r;
    }
    let fields: Vec<(String, String)> =
        c.p.iter()
            .filter(|(k, _)| k.starts_with("lead_") && *k != "lead_email")
            .map(|(k, v)| (k.to_owned(), super::scalar(Some(v))))
            .collect();
    let (add_tags, remove_tags) = (
        comma_list(&c.s("add_tags")),
        comma_list(&c.s("remove_tags")),
    );
    let now = c.now;
    let contact = match email {
        Some(e) if c.st.contact(&e).is_some() => c.st.contact_mut(&e).expect("checked"),
        Some(e) => c.st.new_contact(&e),
        None => c.st.new_contact(""),
    };
    for (k, v) in fields {
        contact.fields.insert(k, v);
    }
    let first = contact
        .fields
        .get("lead_first_name")
        .cloned()
        .unwrap_or_default();
    let last = contact
        .fields
        .get("lead_last_name")
        .cloned()
        .unwrap_or_default();
    let full = format!("{first} {last}").trim().to_owned();
    if !full.is_empty() {
        contact.name = full;
    }
    if let Some(phone) = contact.fields.get("lead_phone") {
        contact.phone.clone_from(phone);
    }
    subscribe(contact, &add, now);
    unsubscribe(contact, &remove, now);
    add_remove_tags(contact, &add_tags, &remove_tags);
    c.touch();
    empty_ok()
}

fn subscribe(contact: &mut crate::state::Contact, groups: &[String], now: i64) {
    for g in groups {
        match contact.subscriptions.iter_mut().find(|s| &s.group == g) {
            Some(s) => {
                if !s.is_active() {
                    STATUS_SUBSCRIBE.clone_into(&mut s.status);
                    s.time = now;
                }
            }
            None => contact.subscriptions.push(Subscription {
                group: g.clone(),
                status: STATUS_SUBSCRIBE.into(),
                time: now,
            }),
        }
    }
}

fn unsubscribe(contact: &mut crate::state::Contact, groups: &[String], now: i64) {
    for s in &mut contact.subscriptions {
        if groups.contains(&s.group) && s.status != STATUS_UNSUBSCRIBE {
            STATUS_UNSUBSCRIBE.clone_into(&mut s.status);
            s.time = now;
        }
    }
}

fn add_remove_tags(contact: &mut crate::state::Contact, add: &[String], remove: &[String]) {
    for t in add {
        if !contact.tags.contains(t) {
            contact.tags.push(t.clone());
        }
    }
    contact.tags.retain(|t| !remove.contains(t));
}

/// Finds the existing contact `lead_email`: 100 bad e-mail, 500 unknown.
fn existing(c: &Ctx<'_>) -> Result<String, Reply> {
    let email = valid_email(&c.s("lead_email")).ok_or_else(|| Reply::err(100, EMAIL_MISSING))?;
    if c.st.contact(&email).is_none() {
        return Err(Reply::err(500, SUBSCRIBER_NOT_FOUND));
    }
    Ok(email)
}

/// `addtagtolead`: adds `add_tags` to `lead_email`. 100, 500.
pub(crate) fn addtagtolead(c: &mut Ctx<'_>) -> Reply {
    let email = match existing(c) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let tags = comma_list(&c.s("add_tags"));
    let contact = c.st.contact_mut(&email).expect("checked");
    add_remove_tags(contact, &tags, &[]);
    c.touch();
    empty_ok()
}

/// `removetagfromlead`: removes `remove_tags` (or, as the docs' example sends,
/// `add_tags` when `remove_tags` is absent). 100, 500.
pub(crate) fn removetagfromlead(c: &mut Ctx<'_>) -> Reply {
    let email = match existing(c) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let key = if c.p.get("remove_tags").is_some() {
        "remove_tags"
    } else {
        "add_tags"
    };
    let tags = comma_list(&c.s(key));
    let contact = c.st.contact_mut(&email).expect("checked");
    add_remove_tags(contact, &[], &tags);
    c.touch();
    empty_ok()
}

/// `removeleadfromlist`: unsubscribes `lead_email` from `remove_from_lists`. 100,
/// 500, 103.
pub(crate) fn removeleadfromlist(c: &mut Ctx<'_>) -> Reply {
    let email = match existing(c) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let lists = comma_list(&c.s("remove_from_lists"));
    if let Err(r) = known_groups(c, &lists) {
        return r;
    }
    let now = c.now;
    let contact = c.st.contact_mut(&email).expect("checked");
    unsubscribe(contact, &lists, now);
    c.touch();
    empty_ok()
}

/// `getalllists`: `[{id, rass_id, rass_name, rass_title}]`.
pub(crate) fn getalllists(c: &mut Ctx<'_>) -> Reply {
    let rows: Vec<Json> = c
        .st
        .groups
        .iter()
        .filter(|g| !g.auto)
        .map(|g| json!({"id": g.id, "rass_id": g.id, "rass_name": g.name, "rass_title": g.title}))
        .collect();
    Reply::ok(text::OK).with(Json::Array(rows))
}

/// `getgoods`: `[{id, good_name, good_title}]`.
pub(crate) fn getgoods(c: &mut Ctx<'_>) -> Reply {
    let rows: Vec<Json> =
        c.st.products
            .iter()
            .map(|p| json!({"id": p.id, "good_name": p.name, "good_title": p.title}))
            .collect();
    Reply::ok(text::OK).with(Json::Array(rows))
}

/// `getcoupons`: `[{id, coupon}]`.
pub(crate) fn getcoupons(c: &mut Ctx<'_>) -> Reply {
    let rows: Vec<Json> =
        c.st.coupons
            .iter()
            .map(|k| json!({"id": k.id, "coupon": k.coupon}))
            .collect();
    Reply::ok(text::OK).with(Json::Array(rows))
}

/// `getpersonalmanagers`: `[{id, manager_id, manager_name}]`.
pub(crate) fn getpersonalmanagers(c: &mut Ctx<'_>) -> Reply {
    let rows: Vec<Json> =
        c.st.managers
            .iter()
            .map(|m| json!({"id": m.id, "manager_id": m.id, "manager_name": m.name}))
            .collect();
    Reply::ok(text::OK).with(Json::Array(rows))
}
