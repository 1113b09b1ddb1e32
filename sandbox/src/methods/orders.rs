//! Orders (spec 6.3). Times are UNIX seconds; dates are read as UTC days.

use justclick::Value;
use justclick::signing::{hex_str, md5_hex};
use serde_json::{Map, Value as Json, json};

use super::time::{day_start, month_before, parse_dmy};
use super::{Ctx, Event, EventKind, Reply, scalar, strings, text, valid_email};
use crate::state::{AccountState, Order, OrderItem};

const ORDER_NOT_FOUND: &str = "Order not found";
const NONEXISTENT: &str = "Nonexistent order";
const WRONG_STATUS: &str = "Wrong status";
const EMPTY_NUMBER: &str = "Order number is empty";

/// The payment-page link: absolute with `bill_domain`, else relative (spec 6.3.6).
pub(crate) fn link(order: &Order) -> String {
    let crc = md5_hex(&[order.id.to_string().as_bytes(), b"::bill"]);
    let path = format!("/bill/?id={}&crc={}", order.id, &hex_str(&crc)[..10]);
    if order.domain.is_empty() {
        path
    } else {
        format!("http://{}{path}", order.domain)
    }
}

/// How much of an order to show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// GetOrders: no items.
    List,
    /// GetOrderInfo: no items, with tag and kupon.
    Info,
    /// getOrdersWithGoods / getOrderDetails: items with partners.
    Full,
}

fn order_json(st: &AccountState, o: &Order, detail: Detail) -> Json {
    let physical = o.items.iter().any(|i| {
        st.products
            .iter()
            .any(|p| p.name == i.good_name && p.physical)
    });
    let mut m = Map::new();
    for (k, v) in [
        ("id", json!(o.id)),
        ("first_name", json!(o.first_name)),
        ("last_name", json!(o.last_name)),
        ("middle_name", json!(o.middle_name)),
        ("email", json!(o.email)),
        ("phone", json!(o.phone)),
        ("city", json!(o.city)),
        ("country", json!(o.country)),
        ("address", json!(o.address)),
        ("region", json!(o.region)),
        ("postalcode", json!(o.postalcode)),
        ("created", json!(o.created)),
        ("pay_status", json!(o.status)),
        ("paid", json!(o.paid)),
        ("type", json!(if physical { "physical" } else { "digital" })),
        ("payway", json!(o.payway)),
        ("comment", json!(o.comment)),
        ("domain", json!(o.domain)),
        ("link", json!(link(o))),
    ] {
        m.insert(k.into(), v);
    }
    if detail == Detail::Full {
        m.insert("good_count".into(), json!(o.items.len()));
    }
    m.insert("price".into(), json!(o.total()));
    if detail == Detail::Full {
        m.insert("is_recurrent".into(), json!(false));
        let topay = if o.status == "paid" {
            "0".to_owned()
        } else {
            o.total()
        };
        m.insert("bill_sum_topay".into(), json!(topay));
    }
    if detail != Detail::List {
        m.insert("tag".into(), json!(o.tag));
        m.insert("kupon".into(), json!(o.kupon));
    }
    let utm: Map<String, Json> = ["medium", "source", "campaign", "content", "term"]
        .iter()
        .map(|k| {
            (
                (*k).to_owned(),
                json!(o.utm.get(*k).cloned().unwrap_or_default()),
            )
        })
        .collect();
    m.insert("utm".into(), Json::Object(utm));
    if detail == Detail::Full {
        let items: Vec<Json> = o
            .items
            .iter()
            .map(|i| {
                let partners: Vec<Json> = st
                    .partners
                    .iter()
                    .filter(|p| p.login == o.partner)
                    .map(|p| {
                        json!({"partner_lvl": 1, "partner_id": p.id, "partner_name": p.login,
                               "partner_fee": "0"})
                    })
                    .collect();
                json!({"id": i.id, "title": i.title, "sum": i.sum, "price": i.price,
                       "pincode": "", "partners": partners})
            })
            .collect();
        m.insert("items".into(), Json::Array(items));
    }
    Json::Object(m)
}

fn bill_id(c: &Ctx<'_>) -> Option<u64> {
    c.s("bill_id").trim().parse().ok()
}

/// Items of `goods[i][good_name]`/`goods[i][good_sum]`, or `None` when `goods` is not
/// a non-empty array of arrays with names.
fn goods_param(c: &Ctx<'_>) -> Option<Vec<(String, String)>> {
    let items: Vec<&Value> = match c.p.get("goods")? {
        Value::List(l) => l.iter().collect(),
        Value::Map(m) => m.iter().map(|(_, v)| v).collect(),
        _ => return None,
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Map(m) = item else { return None };
        let name = scalar(m.get("good_name"));
        if name.is_empty() {
            return None;
        }
        out.push((name, scalar(m.get("good_sum"))));
    }
    (!out.is_empty()).then_some(out)
}

/// `CreateOrder`. Checks in this order: 600 bad `bill_email`, 603 no goods, 604
/// unknown product, 605 physical product without `bill_first_name`, `bill_surname`,
/// `bill_country`, `bill_city`, `bill_address`, 601 an unpaid order with the same
/// e-mail and products exists (`result.bill_id` = that order). Success: `Order
/// created`, `result.bill_id`, and a "created" notification.
pub(crate) fn create_order(c: &mut Ctx<'_>) -> Reply {
    let raw_email = c.s("bill_email");
    let Some(email) = valid_email(&raw_email) else {
        return Reply::err(600, format!("Wrong email: '{raw_email}'"));
    };
    let Some(goods) = goods_param(c) else {
        return Reply::err(603, "Missing products");
    };
    let mut items = Vec::new();
    let mut physical = false;
    for (name, sum) in &goods {
        let Some(p) = c.st.product(name) else {
            return Reply::err(604, format!("Product not exist: {name}"));
        };
        physical |= p.physical;
        items.push(OrderItem {
            id: p.id,
            good_name: p.name.clone(),
            title: p.title.clone(),
            sum: if sum.is_empty() {
                p.sum.clone()
            } else {
                sum.clone()
            },
            price: p.sum.clone(),
        });
    }
    let delivery = [
        "bill_first_name",
        "bill_surname",
        "bill_country",
        "bill_city",
        "bill_address",
    ];
    if physical && delivery.iter().any(|k| c.s(k).is_empty()) {
        return Reply::err(605, "Not having any data for delivery products");
    }
    let mut names: Vec<&str> = items.iter().map(|i| i.good_name.as_str()).collect();
    names.sort_unstable();
    let duplicate = c.st.orders.iter().find(|o| {
        !o.deleted && o.status == "waiting" && o.email == email && {
            let mut n: Vec<&str> = o.items.iter().map(|i| i.good_name.as_str()).collect();
            n.sort_unstable();
            n == names
        }
    });
    if let Some(o) = duplicate {
        return Reply::err(601, "Order already exist. His number send in result array.")
            .with(json!({"bill_id": o.id}));
    }
    let mut utm = indexmap::IndexMap::new();
    if let Some(Value::Map(m)) = c.p.get("utm") {
        for (k, v) in m.iter() {
            let k = k.strip_prefix("utm_").unwrap_or(k);
            utm.insert(k.to_owned(), scalar(Some(v)));
        }
    }
    let partner = if utm.get("medium").is_some_and(|m| m == "affiliate") {
        utm.get("source").cloned().unwrap_or_default()
    } else {
        c.s("bill_aff_name")
    };
    let pick = |a: &str, b: &str| {
        let v = c.s(a);
        if v.is_empty() { c.s(b) } else { v }
    };
    let domain = c.s("bill_domain");
    let domain = domain
        .strip_prefix("https://")
        .or_else(|| domain.strip_prefix("http://"))
        .unwrap_or(&domain)
        .trim_end_matches('/')
        .to_owned();
    let id = c.st.next_id.order;
    let order = Order {
        id,
        email,
        first_name: c.s("bill_first_name"),
        last_name: c.s("bill_surname"),
        middle_name: pick("bill_otchestvo", "bill_middle_name"),
        phone: c.s("bill_phone"),
        country: c.s("bill_country"),
        region: c.s("bill_region"),
        city: c.s("bill_city"),
        address: c.s("bill_address"),
        postalcode: c.s("bill_postal_code"),
        created: c.s("bill_created").parse().unwrap_or(c.now),
        paid: 0,
        status: "waiting".into(),
        deleted: false,
        comment: c.s("bill_comment"),
        tag: c.s("bill_tag"),
        kupon: pick("bill_kupon", "bill_coupon"),
        domain,
        payway: String::new(),
        rpo: String::new(),
        utm,
        items,
        partner,
    };
    c.st.next_id.order += 1;
    c.events.push(Event {
        kind: EventKind::Created,
        order: order.clone(),
    });
    c.st.orders.push(order);
    c.touch();
    Reply::ok("Order created").with(json!({"bill_id": id}))
}

/// `UpdateOrderStatus`: `status` is `sent` (needs `date` and `rpo`), `paid` (needs
/// `date`), `return` or `cancel`. Missing `bill_id`/`status`: 203/201 documented, 3
/// server; missing `date`/`rpo`: 3; unknown status 201; unknown order 200; paying a
/// cancelled order 202. Success `Order status changed` (server: `OK`); paying and
/// cancelling send notifications.
pub(crate) fn update_order_status(c: &mut Ctx<'_>) -> Reply {
    let server = c.server();
    let Some(id) = bill_id(c).filter(|_| !c.empty("bill_id")) else {
        return if server {
            Reply::err(3, text::WRONG_DATA)
        } else {
            Reply::err(203, EMPTY_NUMBER)
        };
    };
    let status = c.s("status");
    if status.is_empty() {
        return if server {
            Reply::err(3, text::WRONG_DATA)
        } else {
            Reply::err(201, WRONG_STATUS)
        };
    }
    if !matches!(status.as_str(), "sent" | "paid" | "return" | "cancel") {
        return Reply::err(201, WRONG_STATUS);
    }
    let date: i64 = c.s("date").trim().parse().unwrap_or(0);
    let rpo = c.s("rpo");
    if (status == "sent" && (date <= 0 || rpo.is_empty())) || (status == "paid" && date <= 0) {
        return Reply::err(3, text::WRONG_DATA);
    }
    let Some(order) = c.st.order_mut(id) else {
        return Reply::err(200, NONEXISTENT);
    };
    if status == "paid" && order.status == "cancel" {
        return Reply::err(202, "Order not paid");
    }
    let previous = std::mem::replace(&mut order.status, status.clone());
    let kind = match status.as_str() {
        "paid" => {
            order.paid = date;
            Some(EventKind::Paid)
        }
        "sent" => {
            order.rpo = rpo;
            None
        }
        "cancel" => Some(EventKind::Cancelled),
        _ => None,
    };
    let snapshot = order.clone();
    if let Some(kind) = kind.filter(|_| previous != status) {
        c.events.push(Event {
            kind,
            order: snapshot,
        });
    }
    c.touch();
    Reply::ok(if server {
        text::OK
    } else {
        "Order status changed"
    })
}

/// `DeleteOrder`: hides the order. Documented: `Order deleted`, 302 when missing;
/// server: `OK`, 200 when missing, 203 when `bill_id` is empty.
pub(crate) fn delete_order(c: &mut Ctx<'_>) -> Reply {
    let server = c.server();
    if c.empty("bill_id") && server {
        return Reply::err(203, EMPTY_NUMBER);
    }
    let missing = Reply::err(if server { 200 } else { 302 }, NONEXISTENT);
    let Some(order) = bill_id(c).and_then(|id| c.st.order_mut(id)) else {
        return missing;
    };
    order.deleted = true;
    c.touch();
    Reply::ok(if server { text::OK } else { "Order deleted" })
}

/// Does the order contain one of `goods` (names or numeric ids)? Empty = any.
fn has_goods(o: &Order, goods: &[String]) -> bool {
    goods.is_empty()
        || o.items.iter().any(|i| {
            goods
                .iter()
                .any(|g| *g == i.good_name || *g == i.id.to_string())
        })
}

fn goods_filter(c: &Ctx<'_>) -> Vec<String> {
    strings(c.p.get("goods"))
        .into_iter()
        .filter(|g| !g.is_empty())
        .collect()
}

/// `GetOrders` (deprecated): orders created in `[date_s, date_e]` (UNIX), optionally
/// only `paid`, optionally with `goods`. None: `[]` documented, 401 server.
pub(crate) fn get_orders(c: &mut Ctx<'_>) -> Reply {
    let from: i64 = c.s("date_s").trim().parse().unwrap_or(0);
    let to: i64 = c.s("date_e").trim().parse().unwrap_or(i64::MAX);
    let only_paid = !c.empty("paid");
    let goods = goods_filter(c);
    let rows: Vec<Json> =
        c.st.orders
            .iter()
            .filter(|o| !o.deleted && o.created >= from && o.created <= to)
            .filter(|o| !only_paid || o.paid > 0)
            .filter(|o| has_goods(o, &goods))
            .map(|o| order_json(c.st, o, Detail::List))
            .collect();
    if rows.is_empty() && c.server() {
        return Reply::err(401, "Orders not found");
    }
    Reply::ok(text::OK).with(Json::Array(rows))
}

/// `getOrdersWithGoods`: orders created (or with `paid`, paid) between `begin_date`
/// and `end_date` (`dd.mm.yyyy`, whole days). No dates: today; no end: now; more than
/// a month: the start moves to one calendar month before the end. Bad dates: 3.
pub(crate) fn get_orders_with_goods(c: &mut Ctx<'_>) -> Reply {
    let (begin, end) = (c.s("begin_date"), c.s("end_date"));
    let parse = |s: &str| -> Result<Option<i64>, ()> {
        if s.is_empty() {
            Ok(None)
        } else {
            parse_dmy(s).map(Some).ok_or(())
        }
    };
    let (Ok(begin), Ok(end)) = (parse(&begin), parse(&end)) else {
        return Reply::err(3, text::WRONG_DATA);
    };
    let (mut from, to) = match (begin, end) {
        (None, None) => (day_start(c.now), c.now),
        (Some(b), None) => (b, c.now),
        (b, Some(e)) => (b.unwrap_or(day_start(e)), e + 86_399),
    };
    if from < month_before(to) {
        from = month_before(to);
    }
    let only_paid = !c.empty("paid");
    let goods = goods_filter(c);
    let rows: Vec<Json> =
        c.st.orders
            .iter()
            .filter(|o| !o.deleted)
            .filter(|o| {
                let t = if only_paid { o.paid } else { o.created };
                (!only_paid || o.paid > 0) && t >= from && t <= to
            })
            .filter(|o| has_goods(o, &goods))
            .map(|o| order_json(c.st, o, Detail::Full))
            .collect();
    Reply::ok(text::OK).with(Json::Array(rows))
}

/// `getOrderDetails`: one order with items; `good_info` adds `good_ids`,
/// `good_count`, `prepayment_enabled`, `prepayment_minsum`. 400 when missing.
pub(crate) fn get_order_details(c: &mut Ctx<'_>) -> Reply {
    let Some(order) = bill_id(c).and_then(|id| c.st.order(id)) else {
        return Reply::err(400, ORDER_NOT_FOUND);
    };
    let mut row = order_json(c.st, order, Detail::Full);
    if !c.empty("good_info") {
        if let Json::Object(m) = &mut row {
            let ids: Vec<u64> = order.items.iter().map(|i| i.id).collect();
            m.insert("good_ids".into(), json!(ids));
            m.insert("good_count".into(), json!(order.items.len()));
            m.insert("prepayment_enabled".into(), json!(0));
            m.insert("prepayment_minsum".into(), json!("0"));
        }
    }
    Reply::ok(text::OK).with(row)
}

/// `GetOrderInfo` (deprecated): one order without items, as an array of one (the
/// Russian docs and the server code agree). 400 when missing.
pub(crate) fn get_order_info(c: &mut Ctx<'_>) -> Reply {
    let Some(order) = bill_id(c).and_then(|id| c.st.order(id)) else {
        return Reply::err(400, ORDER_NOT_FOUND);
    };
    Reply::ok(text::OK).with(json!([order_json(c.st, order, Detail::Info)]))
}

/// `GetBills`: a customer's orders keyed by order number, each keyed by product id
/// with `{good_name, good_title}`; `pay_status` = `paid`, `waiting` or `cancel`
/// filters. 3: bad e-mail; 400: none.
pub(crate) fn get_bills(c: &mut Ctx<'_>) -> Reply {
    let Some(email) = valid_email(&c.s("email")) else {
        return Reply::err(3, text::WRONG_DATA);
    };
    let status = c.s("pay_status");
    let mut result = Map::new();
    for o in
        c.st.orders
            .iter()
            .filter(|o| !o.deleted && o.email == email)
    {
        if !status.is_empty() && o.status != status {
            continue;
        }
        let goods: Map<String, Json> = o
            .items
            .iter()
            .map(|i| {
                (
                    i.id.to_string(),
                    json!({"good_name": i.good_name, "good_title": i.title}),
                )
            })
            .collect();
        result.insert(o.id.to_string(), Json::Object(goods));
    }
    if result.is_empty() {
        return Reply::err(400, ORDER_NOT_FOUND);
    }
    Reply::ok(text::OK).with(Json::Object(result))
}
