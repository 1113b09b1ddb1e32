//! Products (spec 6.2). The documented variant answers product errors with the
//! generic 2/3 (the help centre lists no product codes); the server variant with
//! 300–303.

use serde_json::{Value as Json, json};

use super::{Ctx, Reply, scalar, text};
use crate::state::Product;

/// `good_*` fields stored as given (everything but the four core ones).
fn extra_fields(c: &Ctx<'_>) -> Vec<(String, String)> {
    c.p.iter()
        .filter(|(k, _)| {
            k.starts_with("good_")
                && !matches!(*k, "good_name" | "good_title" | "good_sum" | "good_type")
                || *k == "parent_id"
        })
        .map(|(k, v)| (k.to_owned(), scalar(Some(v))))
        .collect()
}

/// Reads `good_type`: documented `1`/`0`, the example's `real`/`digital`. The server
/// variant stores `good_type == 'real'` after rejecting empty values, like the code.
fn physical(c: &Ctx<'_>) -> Result<bool, Reply> {
    let t = c.s("good_type");
    if c.server() {
        return Ok(t == "real");
    }
    match t.as_str() {
        "1" | "real" | "physical" => Ok(true),
        "0" | "digital" => Ok(false),
        _ => Err(Reply::err(3, text::WRONG_DATA)),
    }
}

/// `AddGood`: 2 when `good_name`, `good_title`, `good_type` or `good_sum` is missing;
/// a duplicate `good_name` is 301 (server) or 3 (documented).
pub(crate) fn add_good(c: &mut Ctx<'_>) -> Reply {
    let missing = |k: &str| {
        if c.server() {
            c.empty(k)
        } else {
            c.s(k).is_empty()
        }
    };
    if ["good_name", "good_title", "good_type", "good_sum"]
        .iter()
        .any(|k| missing(k))
    {
        return Reply::err(2, text::NO_DATA);
    }
    let name = c.s("good_name");
    if c.st.product(&name).is_some() {
        return if c.server() {
            Reply::err(301, "Product already exist")
        } else {
            Reply::err(3, text::WRONG_DATA)
        };
    }
    let physical = match physical(c) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let id = c.st.next_id.product;
    c.st.next_id.product += 1;
    let product = Product {
        id,
        name,
        title: c.s("good_title"),
        sum: c.s("good_sum"),
        physical,
        fields: extra_fields(c).into_iter().collect(),
    };
    c.st.products.push(product);
    c.touch();
    Reply::ok(text::OK)
}

/// `UpdateGood`: `good_name` picks the product; an omitted `good_sum` writes 0, as
/// the Russian docs warn. 300 (server) or 3 (documented) for an unknown product.
pub(crate) fn update_good(c: &mut Ctx<'_>) -> Reply {
    if c.empty("good_name") {
        return Reply::err(2, text::NO_DATA);
    }
    let name = c.s("good_name");
    let kind = if c.p.get("good_type").is_some() {
        match physical(c) {
            Ok(p) => Some(p),
            Err(r) => return r,
        }
    } else {
        None
    };
    let (title, sum, extra) = (c.s("good_title"), c.s("good_sum"), extra_fields(c));
    let server = c.server();
    let Some(product) = c.st.products.iter_mut().find(|p| p.name == name) else {
        return if server {
            Reply::err(300, "Product not found")
        } else {
            Reply::err(3, text::WRONG_DATA)
        };
    };
    if !title.is_empty() {
        product.title = title;
    }
    product.sum = if sum.is_empty() { "0".to_owned() } else { sum };
    if let Some(physical) = kind {
        product.physical = physical;
    }
    for (k, v) in extra {
        product.fields.insert(k, v);
    }
    c.touch();
    Reply::ok(text::OK)
}

/// `DeleteGood`: 302 (server) or 3 (documented) when there is no such product.
pub(crate) fn delete_good(c: &mut Ctx<'_>) -> Reply {
    if c.empty("good_name") {
        return Reply::err(2, text::NO_DATA);
    }
    let name = c.s("good_name");
    let before = c.st.products.len();
    c.st.products.retain(|p| p.name != name);
    if c.st.products.len() == before {
        return if c.server() {
            Reply::err(302, "Failed to remove product")
        } else {
            Reply::err(3, text::WRONG_DATA)
        };
    }
    c.touch();
    Reply::ok(text::OK)
}

/// `GetAllGoods`: `[{good_id, good_name, good_title, good_sum, good_type}]` with
/// `good_type` `1` (physical) or `0`; 700 when there are none.
pub(crate) fn get_all_goods(c: &mut Ctx<'_>) -> Reply {
    if c.st.products.is_empty() {
        return Reply::err(700, "No products");
    }
    let rows: Vec<Json> =
        c.st.products
            .iter()
            .map(|p| {
                json!({"good_id": p.id, "good_name": p.name, "good_title": p.title,
                   "good_sum": p.sum, "good_type": if p.physical { "1" } else { "0" }})
            })
            .collect();
    Reply::ok(text::OK).with(Json::Array(rows))
}
