//! Typed parameters for the methods with long field lists. Each converts to
//! [`Params`] in the documented field names and goes through
//! [`crate::Client::invoke`], so every rule of the method table applies to them too.
//!
//! Fields the structs do not name can be added with `extra` (inserted last; an
//! `extra` key that repeats a named field replaces it in place).

use crate::params::{Params, Value};

fn put(p: &mut Params, key: &str, v: Option<&String>) {
    if let Some(v) = v {
        p.insert(key, v.as_str());
    }
}

fn put_list(p: &mut Params, key: &str, v: &[String]) {
    if !v.is_empty() {
        p.insert(key, v.to_vec());
    }
}

fn put_extra(p: &mut Params, extra: &Params) {
    for (k, v) in extra {
        p.insert(k.as_str(), v.clone());
    }
}

/// UTM marks for an input. API 1.0 sends them as `utm[utm_medium]` (or, for the
/// partner's own marks, `utm[aff_medium]`); API 2.0 `createorder` as flat
/// `utm_medium` (spec §9.9).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UtmMarks {
    /// Channel; `affiliate` together with `source` = a partner login attributes a
    /// partner.
    pub medium: Option<String>,
    /// Source.
    pub source: Option<String>,
    /// Campaign.
    pub campaign: Option<String>,
    /// Ad content.
    pub content: Option<String>,
    /// Keyword.
    pub term: Option<String>,
}

impl UtmMarks {
    fn pairs(&self) -> [(&'static str, Option<&String>); 5] {
        [
            ("medium", self.medium.as_ref()),
            ("source", self.source.as_ref()),
            ("campaign", self.campaign.as_ref()),
            ("content", self.content.as_ref()),
            ("term", self.term.as_ref()),
        ]
    }

    fn write(&self, into: &mut Params, prefix: &str) {
        for (name, v) in self.pairs() {
            put(into, &format!("{prefix}{name}"), v);
        }
    }

    /// API 1.0's `utm` map: `utm_*` marks then the partner's `aff_*` marks.
    fn v1_map(utm: &UtmMarks, aff: &UtmMarks) -> Option<Value> {
        let mut m = Params::new();
        utm.write(&mut m, "utm_");
        aff.write(&mut m, "aff_");
        (!m.is_empty()).then_some(Value::Map(m))
    }
}

/// `AddLeadToGroup` (spec §6.1.1): add a contact to one or more groups.
///
/// ```
/// let lead = justclick::client::AddLead::new(["super"], "a@b.c")
///     .name("Иван")
///     .activation(true);
/// assert_eq!(
///     justclick::build_query(&lead.to_params())?,
///     "rid%5B0%5D=super&lead_email=a%40b.c&lead_name=%D0%98%D0%B2%D0%B0%D0%BD&activation=1"
/// );
/// # Ok::<(), justclick::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AddLead {
    /// Group API ids (`rid[0]`, `rid[1]`, …); at least one.
    pub groups: Vec<String>,
    /// The contact's e-mail.
    pub email: String,
    /// Name (the server uses «Дорогой друг» when empty).
    pub name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// City.
    pub city: Option<String>,
    /// A label attached to the contact.
    pub tag: Option<String>,
    /// Where the contact lands after confirming (`doneurl2`).
    pub done_url: Option<String>,
    /// Require double opt-in (`activation`, sent as `1`/`0`; «Гуру» tariff).
    pub activation: Option<bool>,
    /// UTM marks (`utm[utm_*]`).
    pub utm: UtmMarks,
    /// The partner's own marks (`utm[aff_*]`).
    pub aff_utm: UtmMarks,
    /// Anything else, sent as given.
    pub extra: Params,
}

impl AddLead {
    /// A contact `email` for `groups`.
    #[must_use]
    pub fn new<G: Into<String>>(groups: impl IntoIterator<Item = G>, email: &str) -> Self {
        AddLead {
            groups: groups.into_iter().map(Into::into).collect(),
            email: email.to_owned(),
            ..Self::default()
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// Sets the phone.
    #[must_use]
    pub fn phone(mut self, phone: &str) -> Self {
        self.phone = Some(phone.to_owned());
        self
    }

    /// Sets the city.
    #[must_use]
    pub fn city(mut self, city: &str) -> Self {
        self.city = Some(city.to_owned());
        self
    }

    /// Sets the tag.
    #[must_use]
    pub fn tag(mut self, tag: &str) -> Self {
        self.tag = Some(tag.to_owned());
        self
    }

    /// Sets the post-confirmation redirect (`doneurl2`).
    #[must_use]
    pub fn done_url(mut self, url: &str) -> Self {
        self.done_url = Some(url.to_owned());
        self
    }

    /// Requires (or not) double opt-in.
    #[must_use]
    pub fn activation(mut self, on: bool) -> Self {
        self.activation = Some(on);
        self
    }

    /// Sets the UTM marks.
    #[must_use]
    pub fn utm(mut self, utm: UtmMarks) -> Self {
        self.utm = utm;
        self
    }

    /// The documented request fields, in the documented order.
    #[must_use]
    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.insert("rid", self.groups.clone());
        p.insert("lead_email", self.email.as_str());
        put(&mut p, "lead_name", self.name.as_ref());
        put(&mut p, "lead_phone", self.phone.as_ref());
        put(&mut p, "lead_city", self.city.as_ref());
        put(&mut p, "tag", self.tag.as_ref());
        put(&mut p, "doneurl2", self.done_url.as_ref());
        p.insert_opt("activation", self.activation);
        p.insert_opt("utm", UtmMarks::v1_map(&self.utm, &self.aff_utm));
        put_extra(&mut p, &self.extra);
        p
    }
}

/// `UpdateSubscriberData` (spec §6.1.2): omitted fields stay unchanged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubscriberUpdate {
    /// The existing contact's e-mail (the key).
    pub email: String,
    /// New name.
    pub name: Option<String>,
    /// New phone (replaces the old one).
    pub phone: Option<String>,
    /// New city.
    pub city: Option<String>,
    /// Contact tags (`lead_tags`, sent comma-separated).
    pub tags: Vec<String>,
    /// Anything else, sent as given.
    pub extra: Params,
}

impl SubscriberUpdate {
    /// An update for the contact `email`.
    #[must_use]
    pub fn new(email: &str) -> Self {
        SubscriberUpdate {
            email: email.to_owned(),
            ..Self::default()
        }
    }

    /// The documented request fields.
    #[must_use]
    pub fn to_params(&self) -> Params {
        let mut p = Params::new().with("lead_email", self.email.as_str());
        put(&mut p, "lead_name", self.name.as_ref());
        put(&mut p, "lead_phone", self.phone.as_ref());
        put(&mut p, "lead_city", self.city.as_ref());
        put_list(&mut p, "lead_tags", &self.tags);
        put_extra(&mut p, &self.extra);
        p
    }
}

/// Which contacts `GetCountSubscribe` counts (spec §6.1.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountScope {
    /// Contacts of one group (its API id).
    Group(String),
    /// Active unique contacts (`unique`).
    Unique,
    /// All contacts (`all`; the client also tries the server's `alls`).
    All,
}

impl CountScope {
    /// The `group_name` value.
    #[must_use]
    pub fn as_param(&self) -> &str {
        match self {
            CountScope::Group(g) => g,
            CountScope::Unique => "unique",
            CountScope::All => "all",
        }
    }
}

/// A product's type for `AddGood`/`UpdateGood`.
///
/// The parameter list says `1`/`0`, but the docs' own example and the server code use
/// `real`/`digital` and would store `1` as digital (spec §6.2.1), so these are sent as
/// `real` / `digital`. For the numeric reading put `good_type` in `extra`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoodType {
    /// A physical product (`real`): orders need delivery data.
    Physical,
    /// A digital product (`digital`).
    Digital,
}

impl GoodType {
    /// The value sent.
    #[must_use]
    pub fn as_param(self) -> &'static str {
        match self {
            GoodType::Physical => "real",
            GoodType::Digital => "digital",
        }
    }
}

/// `AddGood` / `UpdateGood` settings (spec §6.2.1, §6.2.2).
///
/// **`UpdateGood` writes a price of 0 when `good_sum` is omitted** (Russian docs), so
/// both constructors take the price; to keep a product's price, pass its current one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoodSettings {
    /// The product's symbolic id (identifies it for UpdateGood).
    pub good_name: String,
    /// Price.
    pub good_sum: f64,
    /// Title (required for AddGood).
    pub good_title: Option<String>,
    /// Type (required for AddGood).
    pub good_type: Option<GoodType>,
    /// Category id (must exist).
    pub parent_id: Option<i64>,
    /// "Paid invoice" notification URL (§8.1).
    pub good_api_url_notif: Option<String>,
    /// "Created invoice" notification URL (§8.2).
    pub good_api_url_new_order: Option<String>,
    /// Page after successful payment.
    pub good_success_link: Option<String>,
    /// Groups buyers are added to (sent comma-separated; missing ones are created).
    pub good_client_rassilki: Vec<String>,
    /// Physical goods: ship cash-on-delivery right after ordering.
    pub good_nalozh_only: Option<bool>,
    /// Article id in QuickPost.
    pub good_quickpost_article: Option<String>,
    /// `none` or `quickpost`.
    pub good_post_service: Option<String>,
    /// Allowed country ids (sent comma-separated, no spaces; spec §12).
    pub good_only_countries: Vec<String>,
    /// Download link.
    pub good_download: Option<String>,
    /// Subject of the post-payment e-mail.
    pub good_mail_subject: Option<String>,
    /// `html` or `text`.
    pub good_mail_format: Option<String>,
    /// HTML body.
    pub good_mail_body: Option<String>,
    /// Text body.
    pub good_mail_text: Option<String>,
    /// First-level partner commission (money).
    pub good_partner_fee: Option<f64>,
    /// First-level partner commission (%).
    pub good_partner_fee_perc: Option<f64>,
    /// Second-level partner commission (money).
    pub good_partner_pfee: Option<f64>,
    /// Second-level partner commission (%).
    pub good_partner_pfee_perc: Option<f64>,
    /// Show in partner materials.
    pub good_partner_show: Option<bool>,
    /// Sales-letter page (`good_partner_SL_link`).
    pub good_partner_sl_link: Option<String>,
    /// Extra promo materials.
    pub good_partner_addition_link: Option<String>,
    /// Note for partners.
    pub good_partner_text: Option<String>,
    /// HTML of the payment page.
    pub good_pay_text: Option<String>,
    /// Payment time limit on/off.
    pub good_timer: Option<bool>,
    /// `min`, `hour` or `day`.
    pub good_timer_unit: Option<String>,
    /// Limit length.
    pub good_timer_duration: Option<i64>,
    /// Short link for the order page.
    pub good_use_short: Option<bool>,
    /// Cost of production/shipping.
    pub good_rashod: Option<f64>,
    /// Costs as % of price.
    pub good_rashod_perc: Option<f64>,
    /// Show in catalogue.
    pub good_publish: Option<bool>,
    /// Anything else, sent as given.
    pub extra: Params,
}

impl GoodSettings {
    /// A new product for `AddGood`: id, title, type and price are required.
    #[must_use]
    pub fn new(good_name: &str, good_title: &str, good_type: GoodType, good_sum: f64) -> Self {
        GoodSettings {
            good_name: good_name.to_owned(),
            good_title: Some(good_title.to_owned()),
            good_type: Some(good_type),
            good_sum,
            ..Self::default()
        }
    }

    /// Changes to an existing product for `UpdateGood`. The price is required because
    /// the server writes 0 when it is omitted.
    #[must_use]
    pub fn update(good_name: &str, good_sum: f64) -> Self {
        GoodSettings {
            good_name: good_name.to_owned(),
            good_sum,
            ..Self::default()
        }
    }

    /// The documented request fields, in the documented order.
    #[must_use]
    pub fn to_params(&self) -> Params {
        let mut p = Params::new().with("good_name", self.good_name.as_str());
        p.insert_opt("good_type", self.good_type.map(GoodType::as_param));
        put(&mut p, "good_title", self.good_title.as_ref());
        p.insert_opt("parent_id", self.parent_id);
        p.insert("good_sum", self.good_sum);
        let strings = [
            ("good_api_url_notif", &self.good_api_url_notif),
            ("good_api_url_new_order", &self.good_api_url_new_order),
            ("good_success_link", &self.good_success_link),
        ];
        for (k, v) in strings {
            put(&mut p, k, v.as_ref());
        }
        put_list(&mut p, "good_client_rassilki", &self.good_client_rassilki);
        p.insert_opt("good_nalozh_only", self.good_nalozh_only);
        put(
            &mut p,
            "good_quickpost_article",
            self.good_quickpost_article.as_ref(),
        );
        put(&mut p, "good_post_service", self.good_post_service.as_ref());
        put_list(&mut p, "good_only_countries", &self.good_only_countries);
        let strings = [
            ("good_download", &self.good_download),
            ("good_mail_subject", &self.good_mail_subject),
            ("good_mail_format", &self.good_mail_format),
            ("good_mail_body", &self.good_mail_body),
            ("good_mail_text", &self.good_mail_text),
        ];
        for (k, v) in strings {
            put(&mut p, k, v.as_ref());
        }
        p.insert_opt("good_partner_fee", self.good_partner_fee);
        p.insert_opt("good_partner_fee_perc", self.good_partner_fee_perc);
        p.insert_opt("good_partner_pfee", self.good_partner_pfee);
        p.insert_opt("good_partner_pfee_perc", self.good_partner_pfee_perc);
        p.insert_opt("good_partner_show", self.good_partner_show);
        put(
            &mut p,
            "good_partner_SL_link",
            self.good_partner_sl_link.as_ref(),
        );
        let strings = [
            (
                "good_partner_addition_link",
                &self.good_partner_addition_link,
            ),
            ("good_partner_text", &self.good_partner_text),
            ("good_pay_text", &self.good_pay_text),
        ];
        for (k, v) in strings {
            put(&mut p, k, v.as_ref());
        }
        p.insert_opt("good_timer", self.good_timer);
        put(&mut p, "good_timer_unit", self.good_timer_unit.as_ref());
        p.insert_opt("good_timer_duration", self.good_timer_duration);
        p.insert_opt("good_use_short", self.good_use_short);
        p.insert_opt("good_rashod", self.good_rashod);
        p.insert_opt("good_rashod_perc", self.good_rashod_perc);
        p.insert_opt("good_publish", self.good_publish);
        put_extra(&mut p, &self.extra);
        p
    }
}

/// One product line of a [`NewOrder`].
#[derive(Debug, Clone, PartialEq)]
pub struct OrderGood {
    /// The product's symbolic id.
    pub good_name: String,
    /// Price for this order; `None` = the product's price.
    pub good_sum: Option<f64>,
}

/// When an unpaid order is cancelled automatically (`bill_timer_kill`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerKill {
    /// Use the product's setting (`1`).
    FromProduct,
    /// Never (`0`).
    Never,
    /// At this UNIX time.
    At(i64),
}

/// `CreateOrder` (spec §6.3.1). A repeated order answers 601 with the existing
/// number, which [`crate::Client::create_order`] reports as
/// [`super::CreatedOrder`]`{ existing: true, .. }`; retrying an order whose outcome is
/// unknown is therefore safe.
///
/// Where the docs disagree on a field name the struct sends both spellings: the
/// patronymic as `bill_otchestvo` ([JC-RU]) and `bill_middle_name` ([JC-EN]), the
/// coupon as `bill_kupon` and `bill_coupon` (spec §11.9); the server ignores the one
/// it does not know.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewOrder {
    /// Products (at least one).
    pub goods: Vec<OrderGood>,
    /// Buyer's e-mail.
    pub email: String,
    /// First name (required for physical goods).
    pub first_name: Option<String>,
    /// Surname (required for physical goods).
    pub surname: Option<String>,
    /// Patronymic.
    pub middle_name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Delivery country (required for physical goods).
    pub country: Option<String>,
    /// Delivery region.
    pub region: Option<String>,
    /// City (required for physical goods).
    pub city: Option<String>,
    /// Address (required for physical goods).
    pub address: Option<String>,
    /// Postcode.
    pub postal_code: Option<String>,
    /// Discount coupon.
    pub coupon: Option<String>,
    /// Order tag.
    pub tag: Option<String>,
    /// Order comment.
    pub comment: Option<String>,
    /// Buyer's IP.
    pub ip: Option<String>,
    /// Auto-cancel rule.
    pub timer_kill: Option<TimerKill>,
    /// Creation time (UNIX).
    pub created: Option<i64>,
    /// Domain that took the order (makes the payment link absolute).
    pub domain: Option<String>,
    /// UTM marks (`utm[utm_*]`).
    pub utm: UtmMarks,
    /// Partner's own marks (`utm[aff_*]`).
    pub aff_utm: UtmMarks,
    /// Anything else, sent as given.
    pub extra: Params,
}

impl NewOrder {
    /// An order of `goods` (product ids, at the shop's prices) for `email`.
    #[must_use]
    pub fn new<G: Into<String>>(goods: impl IntoIterator<Item = G>, email: &str) -> Self {
        NewOrder {
            goods: goods
                .into_iter()
                .map(|g| OrderGood {
                    good_name: g.into(),
                    good_sum: None,
                })
                .collect(),
            email: email.to_owned(),
            ..Self::default()
        }
    }

    /// Adds a product at a given price.
    #[must_use]
    pub fn good_at(mut self, good_name: &str, good_sum: f64) -> Self {
        self.goods.push(OrderGood {
            good_name: good_name.to_owned(),
            good_sum: Some(good_sum),
        });
        self
    }

    /// Sets first name and surname.
    #[must_use]
    pub fn buyer(mut self, first_name: &str, surname: &str) -> Self {
        self.first_name = Some(first_name.to_owned());
        self.surname = Some(surname.to_owned());
        self
    }

    /// Sets the delivery address (needed for physical goods).
    #[must_use]
    pub fn delivery(mut self, country: &str, city: &str, address: &str) -> Self {
        self.country = Some(country.to_owned());
        self.city = Some(city.to_owned());
        self.address = Some(address.to_owned());
        self
    }

    /// Sets the phone.
    #[must_use]
    pub fn phone(mut self, phone: &str) -> Self {
        self.phone = Some(phone.to_owned());
        self
    }

    /// Sets the coupon.
    #[must_use]
    pub fn coupon(mut self, coupon: &str) -> Self {
        self.coupon = Some(coupon.to_owned());
        self
    }

    /// The documented request fields, in the documented order.
    #[must_use]
    pub fn to_params(&self) -> Params {
        let goods: Vec<Value> = self
            .goods
            .iter()
            .map(|g| {
                let mut item = Params::new().with("good_name", g.good_name.as_str());
                item.insert_opt("good_sum", g.good_sum);
                Value::Map(item)
            })
            .collect();
        let mut p = Params::new().with("goods", goods);
        put(&mut p, "bill_first_name", self.first_name.as_ref());
        put(&mut p, "bill_surname", self.surname.as_ref());
        put(&mut p, "bill_otchestvo", self.middle_name.as_ref());
        put(&mut p, "bill_middle_name", self.middle_name.as_ref());
        p.insert("bill_email", self.email.as_str());
        let strings = [
            ("bill_phone", &self.phone),
            ("bill_country", &self.country),
            ("bill_region", &self.region),
            ("bill_city", &self.city),
            ("bill_address", &self.address),
            ("bill_postal_code", &self.postal_code),
            ("bill_kupon", &self.coupon),
            ("bill_coupon", &self.coupon),
            ("bill_tag", &self.tag),
            ("bill_comment", &self.comment),
            ("bill_ip", &self.ip),
        ];
        for (k, v) in strings {
            put(&mut p, k, v.as_ref());
        }
        match self.timer_kill {
            Some(TimerKill::FromProduct) => p.insert("bill_timer_kill", true),
            Some(TimerKill::Never) => p.insert("bill_timer_kill", false),
            Some(TimerKill::At(t)) => p.insert("bill_timer_kill", t),
            None => {}
        }
        p.insert_opt("bill_created", self.created);
        put(&mut p, "bill_domain", self.domain.as_ref());
        p.insert_opt("utm", UtmMarks::v1_map(&self.utm, &self.aff_utm));
        put_extra(&mut p, &self.extra);
        p
    }
}

/// The new status for `UpdateOrderStatus` (spec §6.3.2), with the fields each needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderStatus {
    /// Shipped by post: UNIX time of shipping and the tracking number.
    Sent {
        /// UNIX time of shipping.
        date: i64,
        /// Postal tracking number (`rpo`).
        rpo: String,
    },
    /// Payment received at this UNIX time.
    Paid {
        /// UNIX time of payment.
        date: i64,
    },
    /// Returned by the buyer.
    Return,
    /// Cancelled.
    Cancel,
}

impl OrderStatus {
    pub(crate) fn write(&self, p: &mut Params) {
        match self {
            OrderStatus::Sent { date, rpo } => {
                p.insert("status", "sent");
                p.insert("date", *date);
                p.insert("rpo", rpo.as_str());
            }
            OrderStatus::Paid { date } => {
                p.insert("status", "paid");
                p.insert("date", *date);
            }
            OrderStatus::Return => p.insert("status", "return"),
            OrderStatus::Cancel => p.insert("status", "cancel"),
        }
    }
}

/// Filters for `getOrdersWithGoods` (spec §6.3.5). Dates are `dd.mm.yyyy`; a range
/// longer than a month is fetched month by month and merged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrdersQuery {
    /// Created from (`dd.mm.yyyy`); `None` with `end_date` `None` = today.
    pub begin_date: Option<String>,
    /// Created up to (`dd.mm.yyyy`); `None` = now.
    pub end_date: Option<String>,
    /// Only orders paid within the period.
    pub paid: Option<bool>,
    /// Only orders of these products.
    pub goods: Vec<String>,
}

impl OrdersQuery {
    /// Orders created between two `dd.mm.yyyy` dates.
    #[must_use]
    pub fn between(begin_date: &str, end_date: &str) -> Self {
        OrdersQuery {
            begin_date: Some(begin_date.to_owned()),
            end_date: Some(end_date.to_owned()),
            ..Self::default()
        }
    }

    /// The request fields.
    #[must_use]
    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        put(&mut p, "begin_date", self.begin_date.as_ref());
        put(&mut p, "end_date", self.end_date.as_ref());
        p.insert_opt("paid", self.paid);
        put_list(&mut p, "goods", &self.goods);
        p
    }
}

/// Filters for the deprecated `GetOrders` (spec §6.3.4); times are UNIX seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegacyOrdersQuery {
    /// From (`date_s`).
    pub date_s: Option<i64>,
    /// To (`date_e`).
    pub date_e: Option<i64>,
    /// Only paid orders.
    pub paid: Option<bool>,
    /// Only orders of these products.
    pub goods: Vec<String>,
}

impl LegacyOrdersQuery {
    /// The request fields.
    #[must_use]
    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        p.insert_opt("date_s", self.date_s);
        p.insert_opt("date_e", self.date_e);
        p.insert_opt("paid", self.paid);
        put_list(&mut p, "goods", &self.goods);
        p
    }
}

/// `GetBills`' `pay_status` filter (spec §6.3.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillFilter {
    /// Paid orders.
    Paid,
    /// Orders awaiting payment (`waiting`).
    Waiting,
    /// Cancelled orders.
    Cancel,
}

impl BillFilter {
    /// The value sent.
    #[must_use]
    pub fn as_param(self) -> &'static str {
        match self {
            BillFilter::Paid => "paid",
            BillFilter::Waiting => "waiting",
            BillFilter::Cancel => "cancel",
        }
    }
}

/// An address for API 2.0 (`…_address_1`, `…_city`, …; 2-letter country codes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// First address line.
    pub address_1: Option<String>,
    /// Second address line.
    pub address_2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State / region.
    pub state: Option<String>,
    /// Postcode.
    pub zip: Option<String>,
    /// ISO 3166 alpha-2 country code.
    pub country_code: Option<String>,
}

impl Address {
    fn write(&self, p: &mut Params, prefix: &str, first_line_key: &str) {
        put(p, first_line_key, self.address_1.as_ref());
        for (name, v) in [
            ("address_2", &self.address_2),
            ("city", &self.city),
            ("state", &self.state),
            ("zip", &self.zip),
            ("country_code", &self.country_code),
        ] {
            put(p, &format!("{prefix}{name}"), v.as_ref());
        }
    }
}

/// API 2.0 `addupdatelead` (spec §7.2): create or update a contact. Lists are sent
/// comma-separated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadV2 {
    /// E-mail (without it a contact is created without e-mail).
    pub email: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Time zone (`UTC+03`, `+03`, `-1`, …).
    pub utc: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Personal manager id.
    pub personal_manager: Option<String>,
    /// Groups to add the contact to (API ids).
    pub add_to_lists: Vec<String>,
    /// Groups to remove the contact from.
    pub remove_from_lists: Vec<String>,
    /// Tags to add.
    pub add_tags: Vec<String>,
    /// Tags to remove.
    pub remove_tags: Vec<String>,
    /// Shipping address (`lead_shipping_*`).
    pub shipping: Address,
    /// Billing address (`lead_billing_*`).
    pub billing: Address,
    /// Facebook profile (`lead_facebook`).
    pub facebook: Option<String>,
    /// Instagram profile (`lead_instagram`).
    pub instagram: Option<String>,
    /// WhatsApp (`lead_whatsapp`).
    pub whatsapp: Option<String>,
    /// Telegram (`lead_telegram`).
    pub telegram: Option<String>,
    /// Viber (`lead_viber`).
    pub viber: Option<String>,
    /// VKontakte profile (`lead_vkontakte`).
    pub vkontakte: Option<String>,
    /// LinkedIn (`lead_in`).
    pub linkedin: Option<String>,
    /// Anything else, sent as given.
    pub extra: Params,
}

impl LeadV2 {
    /// A contact identified by `email`.
    #[must_use]
    pub fn new(email: &str) -> Self {
        LeadV2 {
            email: Some(email.to_owned()),
            ..Self::default()
        }
    }

    /// The request fields (without `rpsKey`, which the client adds).
    #[must_use]
    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        put_list(&mut p, "add_to_lists", &self.add_to_lists);
        put_list(&mut p, "remove_from_lists", &self.remove_from_lists);
        put_list(&mut p, "add_tags", &self.add_tags);
        put_list(&mut p, "remove_tags", &self.remove_tags);
        for (k, v) in [
            ("lead_email", &self.email),
            ("lead_first_name", &self.first_name),
            ("lead_middle_name", &self.middle_name),
            ("lead_last_name", &self.last_name),
            ("lead_phone", &self.phone),
            ("lead_utc", &self.utc),
            ("lead_description", &self.description),
            ("lead_personal_manager", &self.personal_manager),
        ] {
            put(&mut p, k, v.as_ref());
        }
        self.shipping
            .write(&mut p, "lead_shipping_", "lead_shipping_address_1");
        self.billing
            .write(&mut p, "lead_billing_", "lead_billing_address_1");
        for (k, v) in [
            ("lead_facebook", &self.facebook),
            ("lead_instagram", &self.instagram),
            ("lead_whatsapp", &self.whatsapp),
            ("lead_telegram", &self.telegram),
            ("lead_viber", &self.viber),
            ("lead_vkontakte", &self.vkontakte),
            ("lead_in", &self.linkedin),
        ] {
            put(&mut p, k, v.as_ref());
        }
        put_extra(&mut p, &self.extra);
        p
    }
}

/// API 2.0 `createorder` (spec §7.1). Product names and prices are sent
/// comma-separated and positional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderV2 {
    /// Product ids (at least one).
    pub product_names: Vec<String>,
    /// Prices by position; missing trailing prices use the product settings.
    pub product_prices: Vec<f64>,
    /// Buyer e-mail.
    pub customer_email: Option<String>,
    /// Buyer first name.
    pub customer_first_name: Option<String>,
    /// Buyer last name.
    pub customer_last_name: Option<String>,
    /// Buyer middle name.
    pub customer_middle_name: Option<String>,
    /// Buyer phone.
    pub customer_phone: Option<String>,
    /// IP of the order.
    pub order_ip: Option<String>,
    /// Shipping address; its first line is sent as `customer_shipping` (the only
    /// first-line name the docs list).
    pub shipping: Address,
    /// Consignee phone.
    pub customer_shipping_phone: Option<String>,
    /// Billing address (`customer_billing_*`).
    pub billing: Address,
    /// One order tag.
    pub order_tag: Option<String>,
    /// Note on the order card.
    pub note: Option<String>,
    /// `30.01.2020 04:22:16` or `2019-07-30 04:22:16`.
    pub order_created_at: Option<String>,
    /// `01/30/2020 04:22:16` or `2019-07-30 04:22:16`.
    pub order_paid_at: Option<String>,
    /// `Expected`, `Paid`, `Cancel` or `MoneyBack`.
    pub order_status: Option<String>,
    /// `Yes`/`No`/`True`/`False`/`Confirmed`.
    pub order_confirmed: Option<String>,
    /// Sales manager id.
    pub order_sales_manager: Option<String>,
    /// Payment method name.
    pub payment_method: Option<String>,
    /// Coupon id (from `getcoupons`).
    pub coupon: Option<String>,
    /// Partner logins, level 1 first.
    pub affiliates: Vec<String>,
    /// UTM marks (flat `utm_*`).
    pub utm: UtmMarks,
    /// Anything else, sent as given.
    pub extra: Params,
}

impl OrderV2 {
    /// An order of `products` for `email`.
    #[must_use]
    pub fn new<G: Into<String>>(products: impl IntoIterator<Item = G>, email: &str) -> Self {
        OrderV2 {
            product_names: products.into_iter().map(Into::into).collect(),
            customer_email: Some(email.to_owned()),
            ..Self::default()
        }
    }

    /// The request fields (without `rpsKey`).
    #[must_use]
    pub fn to_params(&self) -> Params {
        let mut p = Params::new();
        put_list(&mut p, "product_names", &self.product_names);
        if !self.product_prices.is_empty() {
            p.insert("product_prices", self.product_prices.clone());
        }
        for (k, v) in [
            ("customer_email", &self.customer_email),
            ("customer_first_name", &self.customer_first_name),
            ("customer_last_name", &self.customer_last_name),
            ("customer_middle_name", &self.customer_middle_name),
            ("customer_phone", &self.customer_phone),
            ("order_ip", &self.order_ip),
        ] {
            put(&mut p, k, v.as_ref());
        }
        self.shipping
            .write(&mut p, "customer_shipping_", "customer_shipping");
        put(
            &mut p,
            "customer_shipping_phone",
            self.customer_shipping_phone.as_ref(),
        );
        self.billing
            .write(&mut p, "customer_billing_", "customer_billing_address_1");
        for (k, v) in [
            ("order_tag", &self.order_tag),
            ("note", &self.note),
            ("order_created_at", &self.order_created_at),
            ("order_paid_at", &self.order_paid_at),
            ("order_status", &self.order_status),
            ("order_confirmed", &self.order_confirmed),
            ("order_sales_manager", &self.order_sales_manager),
            ("payment_method", &self.payment_method),
            ("coupon", &self.coupon),
        ] {
            put(&mut p, k, v.as_ref());
        }
        put_list(&mut p, "affiliates", &self.affiliates);
        self.utm.write(&mut p, "utm_");
        put_extra(&mut p, &self.extra);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_query;

    #[test]
    fn order_sends_both_spellings_and_nested_goods() {
        let mut order = NewOrder::new(["course"], "a@b.c")
            .good_at("book", 99.9)
            .coupon("SALE");
        order.middle_name = Some("Petrovich".into());
        order.timer_kill = Some(TimerKill::Never);
        order.utm.source = Some("direct".into());
        let q = build_query(&order.to_params()).unwrap();
        assert_eq!(
            q,
            "goods%5B0%5D%5Bgood_name%5D=course&goods%5B1%5D%5Bgood_name%5D=book&goods%5B1%5D%5Bgood_sum%5D=99.9\
             &bill_otchestvo=Petrovich&bill_middle_name=Petrovich&bill_email=a%40b.c\
             &bill_kupon=SALE&bill_coupon=SALE&bill_timer_kill=0&utm%5Butm_source%5D=direct"
        );
    }

    #[test]
    fn goods_lead_and_v2_shapes() {
        let mut g = GoodSettings::new("course", "Course", GoodType::Physical, 1500.0);
        g.good_publish = Some(true);
        g.good_only_countries = vec!["RUS".into(), "KAZ".into()];
        let q = build_query(&g.to_params()).unwrap();
        assert!(
            q.starts_with("good_name=course&good_type=real&good_title=Course&good_sum=1500"),
            "{q}"
        );
        assert!(
            q.contains("good_only_countries%5B0%5D=RUS"),
            "lists are joined by invoke: {q}"
        );
        assert!(q.ends_with("good_publish=1"), "{q}");
        let u = build_query(&GoodSettings::update("course", 0.0).to_params()).unwrap();
        assert_eq!(u, "good_name=course&good_sum=0", "the price is always sent");
        let mut lead = LeadV2::new("a@b.c");
        lead.add_tags = vec!["vip".into()];
        lead.shipping.city = Some("Moscow".into());
        let q = build_query(&lead.to_params()).unwrap();
        assert_eq!(
            q,
            "add_tags%5B0%5D=vip&lead_email=a%40b.c&lead_shipping_city=Moscow"
        );
        let mut status = Params::new().with("bill_id", 5);
        OrderStatus::Sent {
            date: 7,
            rpo: "RA1".into(),
        }
        .write(&mut status);
        assert_eq!(
            build_query(&status).unwrap(),
            "bill_id=5&status=sent&date=7&rpo=RA1"
        );
    }
}
