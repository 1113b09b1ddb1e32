//! The data the sandbox keeps per account, and the seeded data set.
//!
//! Serialised as JSON for `state_json()`, `GET /_sandbox/state` and the state file:
//! `{"accounts": {"demo": {"groups": [...], "contacts": [...], "products": [...],
//! "orders": [...], "partners": [...], "coupons": [...], "managers": [...],
//! "next_id": {...}}}}`.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Time used by the seeded data (2023-11-14 22:13:20 UTC).
pub(crate) const SEED_TIME: i64 = 1_700_000_000;

/// Subscription statuses, as GetLeadGroupStatuses names them.
pub(crate) const STATUS_WAIT: &str = "STATUS_WAIT";
pub(crate) const STATUS_SUBSCRIBE: &str = "STATUS_SUBSCRIBE";
pub(crate) const STATUS_UNSUBSCRIBE: &str = "STATUS_UNSUBSCRIBE";

/// Every account's data.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct World {
    /// Data per account login.
    pub accounts: BTreeMap<String, AccountState>,
}

/// One account's data.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AccountState {
    /// Contact groups (mailing lists).
    pub groups: Vec<Group>,
    /// Contacts with their per-group subscriptions.
    pub contacts: Vec<Contact>,
    /// Products ("goods").
    pub products: Vec<Product>,
    /// Orders ("bills"), deleted ones included (flagged).
    pub orders: Vec<Order>,
    /// Affiliate partners.
    pub partners: Vec<Partner>,
    /// Discount coupons.
    pub coupons: Vec<Coupon>,
    /// Additional users (personal managers).
    pub managers: Vec<Manager>,
    /// The next numeric ids.
    pub next_id: NextIds,
    /// E-mail → position in `contacts`: bulk jobs look contacts up by the hundred
    /// thousand, and a linear search made the sandbox slow down as they grew.
    #[serde(skip)]
    contact_index: ContactIndex,
}

/// A cache over `contacts` (first position of each e-mail, as a linear search finds
/// it), rebuilt whenever it has seen fewer contacts than there are. Not saved, and never
/// part of equality.
#[derive(Debug, Clone, Default)]
struct ContactIndex {
    by_email: HashMap<String, usize>,
    indexed: usize,
}

impl PartialEq for ContactIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl ContactIndex {
    fn is_current(&self, contacts: &[Contact]) -> bool {
        self.indexed == contacts.len()
    }

    fn sync(&mut self, contacts: &[Contact]) {
        if self.indexed > contacts.len() {
            *self = ContactIndex::default();
        }
        for (i, c) in contacts.iter().enumerate().skip(self.indexed) {
            self.by_email.entry(c.email.clone()).or_insert(i);
        }
        self.indexed = contacts.len();
    }
}

/// Counters for new numeric ids.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NextIds {
    /// Next group id.
    pub group: u64,
    /// Next contact id.
    pub contact: u64,
    /// Next product id.
    pub product: u64,
    /// Next order id (`bill_id`).
    pub order: u64,
}

impl Default for NextIds {
    fn default() -> Self {
        NextIds {
            group: 1,
            contact: 1,
            product: 1,
            order: 1001,
        }
    }
}

/// A contact group.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Group {
    /// Numeric id (`rass_id`).
    pub id: u64,
    /// API id (`rass_name`), e.g. `super` or `1608202637.2284137403`.
    pub name: String,
    /// Display title (`rass_title`).
    pub title: String,
    /// An automatic group: not listed by GetAllGroups, cannot be subscribed to by API.
    #[serde(default)]
    pub auto: bool,
}

/// A contact and its subscriptions.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Contact {
    /// Numeric id.
    pub id: u64,
    /// E-mail (lower case; empty for contacts created by API 2.0 without one).
    pub email: String,
    /// Name (`lead_name`).
    pub name: String,
    /// Phone.
    pub phone: String,
    /// City.
    pub city: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Other fields (API 2.0 `lead_*`, `utm`, `doneurl2`), by parameter name.
    pub fields: IndexMap<String, String>,
    /// Per-group subscriptions.
    pub subscriptions: Vec<Subscription>,
}

/// A contact's membership of one group.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Subscription {
    /// Group API id.
    pub group: String,
    /// `STATUS_WAIT`, `STATUS_SUBSCRIBE`, `STATUS_UNSUBSCRIBE`, ….
    pub status: String,
    /// UNIX time of the subscription.
    pub time: i64,
}

impl Subscription {
    /// Subscribed or waiting for activation.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.status == STATUS_SUBSCRIBE || self.status == STATUS_WAIT
    }
}

/// A product.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Product {
    /// Numeric id (`good_id`).
    pub id: u64,
    /// Symbolic id (`good_name`).
    pub name: String,
    /// Title (`good_title`).
    pub title: String,
    /// Price as sent (`good_sum`).
    pub sum: String,
    /// Physical (needs delivery data to be ordered).
    pub physical: bool,
    /// Other `good_*` settings, by parameter name.
    pub fields: IndexMap<String, String>,
}

/// An order (invoice).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Order {
    /// `bill_id`.
    pub id: u64,
    /// Buyer e-mail.
    pub email: String,
    /// Buyer first name.
    pub first_name: String,
    /// Buyer surname.
    pub last_name: String,
    /// Patronymic.
    pub middle_name: String,
    /// Phone.
    pub phone: String,
    /// Delivery country.
    pub country: String,
    /// Delivery region.
    pub region: String,
    /// City.
    pub city: String,
    /// Address.
    pub address: String,
    /// Postcode.
    pub postalcode: String,
    /// Creation time (UNIX).
    pub created: i64,
    /// Payment time (UNIX), 0 when unpaid.
    pub paid: i64,
    /// `waiting`, `paid`, `sent`, `return`, `cancel` or `moneyback`.
    pub status: String,
    /// Deleted by DeleteOrder (hidden from every method).
    pub deleted: bool,
    /// Comment.
    pub comment: String,
    /// Tag.
    pub tag: String,
    /// Coupon code.
    pub kupon: String,
    /// Domain that took the order.
    pub domain: String,
    /// Payment method.
    pub payway: String,
    /// Postal tracking number (status `sent`).
    pub rpo: String,
    /// UTM marks without the `utm_` prefix (`medium`, `source`, …).
    pub utm: IndexMap<String, String>,
    /// Ordered products.
    pub items: Vec<OrderItem>,
    /// Attributed partner login.
    pub partner: String,
}

impl Order {
    /// Sum of the item prices, as a decimal string.
    #[must_use]
    pub fn total(&self) -> String {
        let total: f64 = self
            .items
            .iter()
            .map(|i| i.sum.parse::<f64>().unwrap_or(0.0))
            .sum();
        crate::methods::money(total)
    }
}

/// One product in an order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct OrderItem {
    /// Product numeric id.
    pub id: u64,
    /// Product symbolic id.
    pub good_name: String,
    /// Product title.
    pub title: String,
    /// Price in this order.
    pub sum: String,
    /// Price from the product settings.
    pub price: String,
}

/// An affiliate partner.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Partner {
    /// Numeric id.
    pub id: u64,
    /// Login.
    pub login: String,
    /// Commission earned.
    pub earned_total: String,
    /// Commission still to pay.
    pub topay_total: String,
    /// Clicks.
    pub clicks_total: u64,
    /// Contacts brought.
    pub leads_total: u64,
    /// Paid orders brought.
    pub bills_total: u64,
    /// Sub-partners.
    pub partners_total: u64,
}

/// A discount coupon.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Coupon {
    /// Numeric id.
    pub id: u64,
    /// The code buyers type.
    pub coupon: String,
}

/// An additional user of the account (personal manager).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manager {
    /// Numeric id.
    pub id: u64,
    /// Name.
    pub name: String,
}

impl AccountState {
    /// The seeded data set: groups `super`, `mega`, `1608202637.2284137403` (and the
    /// automatic group `buyers`), the contact `user@example.com` subscribed to `super`,
    /// products `course` (digital) and `book` (physical), three orders, a partner,
    /// a coupon and a manager.
    #[must_use]
    pub fn seeded() -> Self {
        let group = |id, name: &str, title: &str, auto| Group {
            id,
            name: name.into(),
            title: title.into(),
            auto,
        };
        let item = |id, name: &str, title: &str, sum: &str| OrderItem {
            id,
            good_name: name.into(),
            title: title.into(),
            sum: sum.into(),
            price: sum.into(),
        };
        let order = |id, email: &str, status: &str, paid, items| Order {
            id,
            email: String::from(email),
            first_name: "Ivan".into(),
            last_name: "Petrov".into(),
            created: SEED_TIME + 3600 * (id as i64 - 1000),
            paid,
            status: status.into(),
            items,
            ..Order::default()
        };
        AccountState {
            groups: vec![
                group(1, "super", "Super newsletter", false),
                group(2, "mega", "Mega newsletter", false),
                group(3, "1608202637.2284137403", "Webinar list", false),
                group(4, "buyers", "Buyers (automatic)", true),
            ],
            contacts: vec![Contact {
                id: 1,
                email: "user@example.com".into(),
                name: "Ivan Petrov".into(),
                phone: "+79990000000".into(),
                city: "Moscow".into(),
                subscriptions: vec![Subscription {
                    group: "super".into(),
                    status: STATUS_SUBSCRIBE.into(),
                    time: SEED_TIME,
                }],
                ..Contact::default()
            }],
            products: vec![
                Product {
                    id: 1,
                    name: "course".into(),
                    title: "Online course".into(),
                    sum: "1500".into(),
                    physical: false,
                    fields: IndexMap::new(),
                },
                Product {
                    id: 2,
                    name: "book".into(),
                    title: "Paper book".into(),
                    sum: "990".into(),
                    physical: true,
                    fields: IndexMap::new(),
                },
            ],
            orders: vec![
                order(
                    1001,
                    "user@example.com",
                    "paid",
                    SEED_TIME + 7200,
                    vec![item(1, "course", "Online course", "1500")],
                ),
                order(1002, "buyer@example.com", "waiting", 0, {
                    vec![item(2, "book", "Paper book", "990")]
                }),
                order(
                    1003,
                    "user@example.com",
                    "cancel",
                    0,
                    vec![item(1, "course", "Online course", "1200")],
                ),
            ],
            partners: vec![Partner {
                id: 1,
                login: "partner1".into(),
                earned_total: "450".into(),
                topay_total: "150".into(),
                clicks_total: 120,
                leads_total: 14,
                bills_total: 3,
                partners_total: 1,
            }],
            coupons: vec![Coupon {
                id: 1,
                coupon: "WELCOME10".into(),
            }],
            managers: vec![Manager {
                id: 1,
                name: "Anna Manager".into(),
            }],
            next_id: NextIds {
                group: 5,
                contact: 2,
                product: 3,
                order: 1004,
            },
            contact_index: ContactIndex::default(),
        }
    }

    /// The group with API id `name`.
    pub(crate) fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// The contact with this (lower-case) e-mail.
    pub(crate) fn contact_mut(&mut self, email: &str) -> Option<&mut Contact> {
        self.contact_index.sync(&self.contacts);
        let i = *self.contact_index.by_email.get(email)?;
        self.contacts.get_mut(i)
    }

    /// The contact with this (lower-case) e-mail.
    pub(crate) fn contact(&self, email: &str) -> Option<&Contact> {
        if self.contact_index.is_current(&self.contacts) {
            let i = *self.contact_index.by_email.get(email)?;
            self.contacts.get(i)
        } else {
            self.contacts.iter().find(|c| c.email == email)
        }
    }

    /// The product with symbolic id `name`.
    pub(crate) fn product(&self, name: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.name == name)
    }

    /// A visible (not deleted) order.
    pub(crate) fn order(&self, id: u64) -> Option<&Order> {
        self.orders.iter().find(|o| o.id == id && !o.deleted)
    }

    /// A visible (not deleted) order, mutable.
    pub(crate) fn order_mut(&mut self, id: u64) -> Option<&mut Order> {
        self.orders.iter_mut().find(|o| o.id == id && !o.deleted)
    }

    /// Adds a contact with a fresh id and returns it.
    pub(crate) fn new_contact(&mut self, email: &str) -> &mut Contact {
        self.contact_index.sync(&self.contacts);
        let id = self.next_id.contact;
        self.next_id.contact += 1;
        self.contacts.push(Contact {
            id,
            email: email.to_owned(),
            ..Contact::default()
        });
        self.contacts.last_mut().expect("just pushed")
    }
}
