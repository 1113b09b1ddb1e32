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

use crate::client::de;

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

impl<'de> Deserialize<'de> for SubscriptionStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::from_api(&de::string(d)?))
    }
}

/// One entry of `GetLeadGroupStatuses` (spec §6.1.4).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GroupStatus {
    /// The group's API id (`super`, `1608202637.2284137403`).
    #[serde(default, deserialize_with = "de::string")]
    pub rass_name: String,
    /// The group's title.
    #[serde(default, deserialize_with = "de::string")]
    pub rass_title: String,
    /// The contact's status in the group.
    #[serde(default = "unknown_status")]
    pub rass_status: SubscriptionStatus,
    /// When the contact subscribed, as sent (format undocumented).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub subscription_time: Option<String>,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

fn unknown_status() -> SubscriptionStatus {
    SubscriptionStatus::Other(String::new())
}

/// A group, from `GetAllGroups` or `GetLeadGroups` (spec §6.1.5, §6.1.6).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Group {
    /// The group's API id.
    #[serde(default, deserialize_with = "de::string")]
    pub rass_name: String,
    /// The group's title.
    #[serde(default, deserialize_with = "de::string")]
    pub rass_title: String,
    /// The numeric group id, when the server sends it.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub rass_id: Option<i64>,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A product from `GetAllGoods` (spec §6.2.4).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoodInfo {
    /// Numeric product id (older servers omit it).
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub good_id: Option<i64>,
    /// The product's symbolic id.
    #[serde(default, deserialize_with = "de::string")]
    pub good_name: String,
    /// The product's title.
    #[serde(default, deserialize_with = "de::string")]
    pub good_title: String,
    /// The price.
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub good_sum: Option<f64>,
    /// The product type as sent (`1`, `0`, `real`, `digital`, or empty for a floating
    /// price).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub good_type: Option<String>,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer to `CreateOrder` (spec §6.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct CreatedOrder {
    /// The order number.
    #[serde(deserialize_with = "required_i64")]
    pub bill_id: i64,
    /// True when the server answered 601: this order already existed and `bill_id`
    /// is the existing one. Nothing new was created.
    #[serde(default)]
    pub existing: bool,
}

fn required_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    de::opt_i64(d)?.ok_or_else(|| serde::de::Error::custom("not an integer"))
}

/// UTM marks of an order or contact (outputs use names without the `utm_` prefix,
/// spec §9.9).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Utm {
    /// `medium`.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub medium: Option<String>,
    /// `source`.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub source: Option<String>,
    /// `campaign`.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub campaign: Option<String>,
    /// `content`.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub content: Option<String>,
    /// `term`.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub term: Option<String>,
}

/// An order, from `GetOrders`, `getOrdersWithGoods`, `getOrderDetails` or
/// `GetOrderInfo` (spec §6.3.4–§6.3.7). Which fields are filled depends on the method.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Order {
    /// The order number.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    /// Buyer's first name.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub first_name: Option<String>,
    /// Buyer's last name.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub last_name: Option<String>,
    /// Buyer's patronymic.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub middle_name: Option<String>,
    /// Buyer's e-mail.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub email: Option<String>,
    /// Buyer's phone.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub phone: Option<String>,
    /// Delivery city.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub city: Option<String>,
    /// Delivery country.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub country: Option<String>,
    /// Delivery address.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub address: Option<String>,
    /// Delivery region.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub region: Option<String>,
    /// Postcode.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub postalcode: Option<String>,
    /// Creation time, as sent.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub created: Option<String>,
    /// Payment status, as sent.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub pay_status: Option<String>,
    /// Payment time, as sent (the Russian GetOrderInfo page calls it a status, §11.13).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub paid: Option<String>,
    /// Order type (`type`).
    #[serde(default, rename = "type", deserialize_with = "de::opt_string")]
    pub kind: Option<String>,
    /// Payment system.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub payway: Option<String>,
    /// Order comment.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub comment: Option<String>,
    /// Domain that took the order.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub domain: Option<String>,
    /// Payment page link (relative unless `bill_domain` was given, §6.3.6).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub link: Option<String>,
    /// Number of products.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub good_count: Option<i64>,
    /// Order total.
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub price: Option<f64>,
    /// Whether the order is recurring.
    #[serde(default, deserialize_with = "de::opt_bool")]
    pub is_recurrent: Option<bool>,
    /// Amount still to pay.
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub bill_sum_topay: Option<f64>,
    /// Order tag.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub tag: Option<String>,
    /// Coupon (`kupon`; filled from `coupon` when the server uses that spelling).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub kupon: Option<String>,
    /// UTM marks.
    #[serde(default, deserialize_with = "opt_utm")]
    pub utm: Option<Utm>,
    /// Products of the order (not in GetOrders / GetOrderInfo).
    #[serde(default, deserialize_with = "de::list")]
    pub items: Vec<OrderItem>,
    /// Undocumented fields (`coupon`, `good_ids`, `prepayment_enabled`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

fn opt_utm<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Utm>, D::Error> {
    match Json::deserialize(d)? {
        obj @ Json::Object(_) => serde_json::from_value(obj)
            .map(Some)
            .map_err(serde::de::Error::custom),
        // PHP encodes an empty array as `[]`.
        _ => Ok(None),
    }
}

/// One product line of an order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrderItem {
    /// Product id.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub id: Option<String>,
    /// Product title.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub title: Option<String>,
    /// Price actually charged in this order (after up-sells and discounts).
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub sum: Option<f64>,
    /// Price from the product settings.
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub price: Option<f64>,
    /// PIN code, for products that have one.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub pincode: Option<String>,
    /// Partner commissions.
    #[serde(default, deserialize_with = "de::list")]
    pub partners: Vec<ItemPartner>,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A partner's commission on an order line.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ItemPartner {
    /// Partner level (1, 2, …).
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub partner_lvl: Option<i64>,
    /// Partner id.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub partner_id: Option<String>,
    /// Partner login.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub partner_name: Option<String>,
    /// Commission.
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub partner_fee: Option<f64>,
}

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
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PartnerStats {
    /// Commission accrued.
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub earned_total: Option<f64>,
    /// Commission still to be paid out.
    #[serde(default, deserialize_with = "de::opt_f64")]
    pub topay_total: Option<f64>,
    /// Clicks.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub clicks_total: Option<i64>,
    /// Contacts (leads).
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub leads_total: Option<i64>,
    /// Payments.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub bills_total: Option<i64>,
    /// Second-level partners.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub partners_total: Option<i64>,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A group from API 2.0 `getalllists` (spec §7.6).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ListInfo {
    /// Numeric group id.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    /// Numeric group id (same as `id`).
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub rass_id: Option<i64>,
    /// The API id other methods take.
    #[serde(default, deserialize_with = "de::string")]
    pub rass_name: String,
    /// Title.
    #[serde(default, deserialize_with = "de::string")]
    pub rass_title: String,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A product from API 2.0 `getgoods` (spec §7.7).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProductInfo {
    /// Numeric product id.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    /// The product's symbolic id.
    #[serde(default, deserialize_with = "de::string")]
    pub good_name: String,
    /// Title.
    #[serde(default, deserialize_with = "de::string")]
    pub good_title: String,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A coupon from API 2.0 `getcoupons` (spec §7.8).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Coupon {
    /// Coupon id (what `createorder`'s `coupon` takes).
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    /// The code a buyer types.
    #[serde(default, deserialize_with = "de::string")]
    pub coupon: String,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An additional user from API 2.0 `getpersonalmanagers` (spec §7.9).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PersonalManager {
    /// Manager id.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub id: Option<i64>,
    /// Manager id (same as `id`).
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub manager_id: Option<i64>,
    /// Display name.
    #[serde(default, deserialize_with = "de::string")]
    pub manager_name: String,
    /// Undocumented fields.
    #[serde(flatten)]
    pub extra: Extra,
}

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
}
