//! Typed results of the documented methods.
//!
//! Every struct reads the documented variants leniently: numbers that arrive as
//! strings (`"1500"`), flags as `1`/`"1"`/`true`, empty PHP arrays (`[]`) where an
//! object is expected, and lists encoded as objects keyed `0..n`. Fields the docs do
//! not list are kept in `extra`, so nothing the server sends is lost.
//! [`crate::Client::invoke`] has already applied the method-level normalisations
//! (array-of-one orders, `coupon` → `kupon`, …) by the time these are filled.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value as Json};

use crate::client::de::{Field, FromJson, from_json_struct};

/// Fields present in an answer that the struct does not name.
pub type Extra = Map<String, Json>;

/// A contact's status in one group (`rass_status`, spec §6.1.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionStatus {
    /// `STATUS_WAIT`: activation (double opt-in) pending.
    Wait,
    /// `STATUS_SUBSCRIBE`: subscribed and activated.
    Subscribed,
    /// `STATUS_UNSUBSCRIBE`: the contact unsubscribed.
    Unsubscribed,
    /// `STATUS_UNSUBSCRIBE_BY_SERVICE`: unsubscribed by the service.
    UnsubscribedByService,
    /// `STATUS_INVALID_EMAIL`: the address does not exist.
    InvalidEmail,
    /// A value the docs do not list, verbatim.
    Other(String),
}

impl SubscriptionStatus {
    /// Reads the documented `STATUS_*` names; anything else is kept as [`Self::Other`].
    #[must_use]
    pub fn from_api(s: &str) -> Self {
        match s {
            "STATUS_WAIT" => Self::Wait,
            "STATUS_SUBSCRIBE" => Self::Subscribed,
            "STATUS_UNSUBSCRIBE" => Self::Unsubscribed,
            "STATUS_UNSUBSCRIBE_BY_SERVICE" => Self::UnsubscribedByService,
            "STATUS_INVALID_EMAIL" => Self::InvalidEmail,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The API's spelling (`STATUS_SUBSCRIBE`, …).
    #[must_use]
    pub fn as_api(&self) -> &str {
        match self {
            Self::Wait => "STATUS_WAIT",
            Self::Subscribed => "STATUS_SUBSCRIBE",
            Self::Unsubscribed => "STATUS_UNSUBSCRIBE",
            Self::UnsubscribedByService => "STATUS_UNSUBSCRIBE_BY_SERVICE",
            Self::InvalidEmail => "STATUS_INVALID_EMAIL",
            Self::Other(s) => s,
        }
    }
}

/// Read from a string or a number (`null` is `Other("")`, as an absent status).
impl Field for SubscriptionStatus {
    fn present(v: Json) -> Result<Self, String> {
        Ok(Self::from_api(&String::present(v)?))
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(Self::Other(String::new()))
    }
}

impl<'de> Deserialize<'de> for SubscriptionStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        SubscriptionStatus::present(Json::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// One entry of `GetLeadGroupStatuses` (spec §6.1.4).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupStatus {
    /// The group's API id (`super`, `1608202637.2284137403`).
    pub rass_name: String,
    /// The group's title.
    pub rass_title: String,
    /// The contact's status in the group.
    pub rass_status: SubscriptionStatus,
    /// When the contact subscribed, as sent (format undocumented).
    pub subscription_time: Option<String>,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(GroupStatus { rass_name, rass_title, rass_status, subscription_time } extra);

/// A group, from `GetAllGroups` or `GetLeadGroups` (spec §6.1.5, §6.1.6).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The group's API id.
    pub rass_name: String,
    /// The group's title.
    pub rass_title: String,
    /// The numeric group id, when the server sends it.
    pub rass_id: Option<i64>,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(Group { rass_name, rass_title, rass_id } extra);

/// A product from `GetAllGoods` (spec §6.2.4).
#[derive(Debug, Clone, PartialEq)]
pub struct GoodInfo {
    /// Numeric product id (older servers omit it).
    pub good_id: Option<i64>,
    /// The product's symbolic id.
    pub good_name: String,
    /// The product's title.
    pub good_title: String,
    /// The price.
    pub good_sum: Option<f64>,
    /// The product type as sent (`1`, `0`, `real`, `digital`, or empty for a floating
    /// price).
    pub good_type: Option<String>,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(GoodInfo { good_id, good_name, good_title, good_sum, good_type } extra);

/// The answer to `CreateOrder` (spec §6.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreatedOrder {
    /// The order number.
    pub bill_id: i64,
    /// True when the server answered 601: this order already existed and `bill_id`
    /// is the existing one. Nothing new was created.
    pub existing: bool,
}

from_json_struct!(CreatedOrder { bill_id, existing });

/// UTM marks of an order or contact (outputs use names without the `utm_` prefix,
/// spec §9.9).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Utm {
    /// `medium`.
    pub medium: Option<String>,
    /// `source`.
    pub source: Option<String>,
    /// `campaign`.
    pub campaign: Option<String>,
    /// `content`.
    pub content: Option<String>,
    /// `term`.
    pub term: Option<String>,
}

from_json_struct!(Utm {
    medium,
    source,
    campaign,
    content,
    term
});

/// An order, from `GetOrders`, `getOrdersWithGoods`, `getOrderDetails` or
/// `GetOrderInfo` (spec §6.3.4–§6.3.7). Which fields are filled depends on the method.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// The order number.
    pub id: Option<i64>,
    /// Buyer's first name.
    pub first_name: Option<String>,
    /// Buyer's last name.
    pub last_name: Option<String>,
    /// Buyer's patronymic.
    pub middle_name: Option<String>,
    /// Buyer's e-mail.
    pub email: Option<String>,
    /// Buyer's phone.
    pub phone: Option<String>,
    /// Delivery city.
    pub city: Option<String>,
    /// Delivery country.
    pub country: Option<String>,
    /// Delivery address.
    pub address: Option<String>,
    /// Delivery region.
    pub region: Option<String>,
    /// Postcode.
    pub postalcode: Option<String>,
    /// Creation time, as sent.
    pub created: Option<String>,
    /// Payment status, as sent.
    pub pay_status: Option<String>,
    /// Payment time, as sent (the Russian GetOrderInfo page calls it a status, §11.13).
    pub paid: Option<String>,
    /// Order type (`type`).
    pub kind: Option<String>,
    /// Payment system.
    pub payway: Option<String>,
    /// Order comment.
    pub comment: Option<String>,
    /// Domain that took the order.
    pub domain: Option<String>,
    /// Payment page link (relative unless `bill_domain` was given, §6.3.6).
    pub link: Option<String>,
    /// Number of products.
    pub good_count: Option<i64>,
    /// Order total.
    pub price: Option<f64>,
    /// Whether the order is recurring.
    pub is_recurrent: Option<bool>,
    /// Amount still to pay.
    pub bill_sum_topay: Option<f64>,
    /// Order tag.
    pub tag: Option<String>,
    /// Coupon (`kupon`; filled from `coupon` when the server uses that spelling).
    pub kupon: Option<String>,
    /// UTM marks.
    pub utm: Option<Utm>,
    /// Products of the order (not in GetOrders / GetOrderInfo).
    pub items: Vec<OrderItem>,
    /// Undocumented fields (`coupon`, `good_ids`, `prepayment_enabled`, …).
    pub extra: Extra,
}

from_json_struct!(Order { id, first_name, last_name, middle_name, email, phone, city, country, address, region, postalcode, created, pay_status, paid, kind = "type", payway, comment, domain, link, good_count, price, is_recurrent, bill_sum_topay, tag, kupon, utm, items } extra);

/// UTM marks from an object; anything else (PHP encodes an empty array as `[]`) is
/// none.
impl Field for Option<Utm> {
    fn present(v: Json) -> Result<Self, String> {
        match v {
            obj @ Json::Object(_) => Utm::from_json(obj).map(Some),
            _ => Ok(None),
        }
    }
    fn absent(_: &str) -> Result<Self, String> {
        Ok(None)
    }
}

/// One product line of an order.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderItem {
    /// Product id.
    pub id: Option<String>,
    /// Product title.
    pub title: Option<String>,
    /// Price actually charged in this order (after up-sells and discounts).
    pub sum: Option<f64>,
    /// Price from the product settings.
    pub price: Option<f64>,
    /// PIN code, for products that have one.
    pub pincode: Option<String>,
    /// Partner commissions.
    pub partners: Vec<ItemPartner>,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(OrderItem { id, title, sum, price, pincode, partners } extra);

/// A partner's commission on an order line.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPartner {
    /// Partner level (1, 2, …).
    pub partner_lvl: Option<i64>,
    /// Partner id.
    pub partner_id: Option<String>,
    /// Partner login.
    pub partner_name: Option<String>,
    /// Commission.
    pub partner_fee: Option<f64>,
}

from_json_struct!(ItemPartner {
    partner_lvl,
    partner_id,
    partner_name,
    partner_fee
});

/// One order of `GetBills` (spec §6.3.8): the answer is an object keyed by order
/// number, each holding products keyed by product key; this keeps both keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Bill {
    /// The order number (the answer's key).
    pub bill_id: String,
    /// Its products, in the order sent.
    pub goods: Vec<BillGood>,
}

/// A product in a [`Bill`].
#[derive(Debug, Clone, PartialEq)]
pub struct BillGood {
    /// The product key (the answer's inner key).
    pub key: String,
    /// The product's symbolic id.
    pub good_name: String,
    /// The product's title.
    pub good_title: String,
}

impl Bill {
    /// Reads `GetBills`' `{order: {key: {good_name, good_title}}}` (or `[]`/`{}`).
    pub(crate) fn list_from_json(v: &Json) -> Result<Vec<Bill>, String> {
        let field = |g: &Json, k: &str| g.get(k).map(json_text).unwrap_or_default();
        match v {
            Json::Object(bills) => Ok(bills
                .iter()
                .map(|(id, goods)| Bill {
                    bill_id: id.clone(),
                    goods: match goods {
                        Json::Object(m) => m
                            .iter()
                            .map(|(key, g)| BillGood {
                                key: key.clone(),
                                good_name: field(g, "good_name"),
                                good_title: field(g, "good_title"),
                            })
                            .collect(),
                        Json::Array(a) => a
                            .iter()
                            .enumerate()
                            .map(|(i, g)| BillGood {
                                key: i.to_string(),
                                good_name: field(g, "good_name"),
                                good_title: field(g, "good_title"),
                            })
                            .collect(),
                        _ => Vec::new(),
                    },
                })
                .collect()),
            Json::Array(a) if a.is_empty() => Ok(Vec::new()),
            Json::Null => Ok(Vec::new()),
            other => Err(format!("GetBills result is not an object: {other}")),
        }
    }
}

fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

/// `GetPartnerStats` (spec §6.4.1); absent numbers read as zero.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerStats {
    /// Commission accrued.
    pub earned_total: Option<f64>,
    /// Commission still to be paid out.
    pub topay_total: Option<f64>,
    /// Clicks.
    pub clicks_total: Option<i64>,
    /// Contacts (leads).
    pub leads_total: Option<i64>,
    /// Payments.
    pub bills_total: Option<i64>,
    /// Second-level partners.
    pub partners_total: Option<i64>,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(PartnerStats { earned_total, topay_total, clicks_total, leads_total, bills_total, partners_total } extra);

/// A group from API 2.0 `getalllists` (spec §7.6).
#[derive(Debug, Clone, PartialEq)]
pub struct ListInfo {
    /// Numeric group id.
    pub id: Option<i64>,
    /// Numeric group id (same as `id`).
    pub rass_id: Option<i64>,
    /// The API id other methods take.
    pub rass_name: String,
    /// Title.
    pub rass_title: String,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(ListInfo { id, rass_id, rass_name, rass_title } extra);

/// A product from API 2.0 `getgoods` (spec §7.7).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductInfo {
    /// Numeric product id.
    pub id: Option<i64>,
    /// The product's symbolic id.
    pub good_name: String,
    /// Title.
    pub good_title: String,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(ProductInfo { id, good_name, good_title } extra);

/// A coupon from API 2.0 `getcoupons` (spec §7.8).
#[derive(Debug, Clone, PartialEq)]
pub struct Coupon {
    /// Coupon id (what `createorder`'s `coupon` takes).
    pub id: Option<i64>,
    /// The code a buyer types.
    pub coupon: String,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(Coupon { id, coupon } extra);

/// An additional user from API 2.0 `getpersonalmanagers` (spec §7.9).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalManager {
    /// Manager id.
    pub id: Option<i64>,
    /// Manager id (same as `id`).
    pub manager_id: Option<i64>,
    /// Display name.
    pub manager_name: String,
    /// Undocumented fields.
    pub extra: Extra,
}

from_json_struct!(PersonalManager { id, manager_id, manager_name } extra);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn orders_tolerate_documented_variants() {
        let o: Order = serde_json::from_value(json!({
            "id": "258367", "price": "1500.50", "is_recurrent": "0", "utm": [],
            "kupon": "SALE", "coupon": "SALE", "type": "digital",
            "items": {"0": {"id": 5, "sum": "10", "partners": []}},
            "good_ids": "1,2"
        }))
        .unwrap();
        assert_eq!(o.id, Some(258_367));
        assert_eq!(o.price, Some(1500.5));
        assert_eq!(o.is_recurrent, Some(false));
        assert_eq!(o.utm, None);
        assert_eq!(o.kind.as_deref(), Some("digital"));
        assert_eq!(o.items[0].id.as_deref(), Some("5"));
        assert_eq!(o.items[0].sum, Some(10.0));
        assert_eq!(o.extra["good_ids"], "1,2");
        let with_utm: Order = serde_json::from_value(json!({"utm": {"source": "x"}})).unwrap();
        assert_eq!(with_utm.utm.unwrap().source.as_deref(), Some("x"));
    }

    #[test]
    fn statuses_bills_and_created_orders() {
        let s: GroupStatus = serde_json::from_value(json!({
            "rass_name": "super", "rass_title": "Super", "rass_status": "STATUS_SUBSCRIBE",
            "subscription_time": 1700000000
        }))
        .unwrap();
        assert_eq!(s.rass_status, SubscriptionStatus::Subscribed);
        assert_eq!(s.subscription_time.as_deref(), Some("1700000000"));
        assert_eq!(
            SubscriptionStatus::from_api("STATUS_NEW"),
            SubscriptionStatus::Other("STATUS_NEW".into())
        );
        let bills = Bill::list_from_json(&json!({
            "258367": {"12549": {"good_name": "course", "good_title": "Course"}}
        }))
        .unwrap();
        assert_eq!(bills[0].bill_id, "258367");
        assert_eq!(bills[0].goods[0].key, "12549");
        assert_eq!(bills[0].goods[0].good_name, "course");
        assert!(Bill::list_from_json(&json!([])).unwrap().is_empty());
        let c: CreatedOrder =
            serde_json::from_value(json!({"bill_id": "9", "existing": true})).unwrap();
        assert_eq!(
            c,
            CreatedOrder {
                bill_id: 9,
                existing: true
            }
        );
        assert!(serde_json::from_value::<CreatedOrder>(json!({"bill_id": "x"})).is_err());
    }

    #[test]
    fn unknown_keys_are_kept_in_extra_and_shapes_are_checked() {
        let g = GoodInfo::from_json(json!({
            "good_id": "12", "good_name": "course", "good_sum": "99.90",
            "good_type": 1, "prepayment": "50", "nested": {"a": 1}
        }))
        .unwrap();
        assert_eq!(g.good_id, Some(12));
        assert_eq!(g.good_sum, Some(99.9));
        assert_eq!(g.good_type.as_deref(), Some("1"));
        assert_eq!(g.good_title, "");
        let keys: Vec<&str> = g.extra.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["prepayment", "nested"],
            "named fields stay out of extra"
        );
        // `kind` is read from `type`; a key named `kind` is undocumented, so extra.
        let o = Order::from_json(json!({"type": "real", "kind": "x"})).unwrap();
        assert_eq!(o.kind.as_deref(), Some("real"));
        assert_eq!(o.extra["kind"], "x");
        // Structs without `extra` ignore unknown keys.
        let p = ItemPartner::from_json(json!({"partner_lvl": "2", "other": 1})).unwrap();
        assert_eq!(p.partner_lvl, Some(2));
        assert_eq!(
            Group::from_json(json!([1])).unwrap_err(),
            "invalid type: sequence, expected struct Group"
        );
        assert_eq!(
            CreatedOrder::from_json(json!({"existing": false})).unwrap_err(),
            "missing field `bill_id`"
        );
        // An element error inside a nested list is the whole value's error.
        assert_eq!(
            Order::from_json(json!({"items": [{"partners": [7]}]})).unwrap_err(),
            "invalid type: integer `7`, expected struct ItemPartner"
        );
        let s = GroupStatus::from_json(json!({"rass_status": null})).unwrap();
        assert_eq!(s.rass_status, SubscriptionStatus::Other(String::new()));
    }
}
