//! One typed method per documented method, each with its async form. Each builds the
//! documented parameters and goes through [`Client::invoke`], so the semantics (601,
//! code-0 failures, empty lists, month windows, …) are the same as for the generic
//! call; this layer only converts types.
//!
//! Both forms of a method come from one entry of [`typed_methods!`]: the parameters
//! are built on the caller's thread (so the async form owns them), then the blocking
//! form invokes at once and the async form on the client's pool.

use serde_json::Value as Json;

use crate::client::Client;
use crate::client::background::CallFuture;
use crate::client::de::FromJson;
use crate::client::options::{
    AddLead, BillFilter, CountScope, GoodSettings, LeadV2, LegacyOrdersQuery, NewOrder,
    OrderStatus, OrderV2, OrdersQuery, SubscriberUpdate,
};
use crate::client::types::{
    Bill, Coupon, CreatedOrder, GoodInfo, Group, GroupStatus, ListInfo, Order, PartnerStats,
    PersonalManager, ProductInfo,
};
use crate::error::{Error, ResponseProblem};
use crate::params::Params;

/// A verified result that does not have the documented shape.
fn shape_error(method: &str, detail: String) -> Error {
    Error::BadResponse {
        method: method.to_owned(),
        status: 200,
        kind: ResponseProblem::Malformed,
        detail: format!("result does not have the documented shape: {detail}"),
        stats: Default::default(),
    }
}

/// The result as the documented type.
fn decode_typed<T: FromJson>(method: &str, json: Json) -> Result<T, Error> {
    T::from_json(json).map_err(|e| shape_error(method, e))
}

/// No result to keep.
fn decode_unit(_method: &str, _json: Json) -> Result<(), Error> {
    Ok(())
}

/// The result as sent (undocumented shape).
fn decode_json(_method: &str, json: Json) -> Result<Json, Error> {
    Ok(json)
}

/// `GetBills`' result: a list keyed by order, each with its products.
fn decode_bills(method: &str, json: Json) -> Result<Vec<Bill>, Error> {
    Bill::list_from_json(&json).map_err(|e| shape_error(method, e))
}

/// Defines, for each entry, the blocking method and its `*_async` form: `fn name /
/// name_async(args) -> Output = "Method", decode, params;`.
macro_rules! typed_methods {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident / $async_name:ident ($($arg:ident : $ty:ty),*) -> $out:ty
            = $method:literal, $decode:ident, $params:expr;
    )*) => {
        impl Client {
            $(
                $(#[doc = $doc])*
                ///
                /// Blocks the calling thread until the call ends.
                #[doc = concat!("The async form is [`Client::", stringify!($async_name), "`].")]
                pub fn $name(&self, $($arg: $ty),*) -> Result<$out, Error> {
                    let params = $params;
                    $decode($method, self.invoke($method, &params)?)
                }

                #[doc = concat!("The async form of [`Client::", stringify!($name), "`]: the same call")]
                /// on the client's pool, as a [`CallFuture`] (dropping it cancels the call).
                pub fn $async_name(&self, $($arg: $ty),*) -> CallFuture<$out> {
                    let params = $params;
                    self.spawn_call($method, move |c| $decode($method, c.invoke($method, &params)?))
                }
            )*
        }
    };
}

typed_methods! {
    // ---- API 1.0: contacts and groups (spec §6.1) ----
    /// `AddLeadToGroup`: adds a contact to groups.
    ///
    /// # Errors
    /// [`Error::Api`] 100 (bad e-mail), 101 (subscription failed), **102** (already in
    /// every group), **103** (no valid group), 104 (group closed to subscription), 8
    /// (rate limit). 102 and 103 are also what the server's code-0 answers with those
    /// texts are reported as (spec §6.1.1).
    fn add_lead_to_group / add_lead_to_group_async(lead: &AddLead) -> ()
        = "AddLeadToGroup", decode_unit, lead.to_params();

    /// `UpdateSubscriberData`: changes a contact; omitted fields stay unchanged.
    ///
    /// # Errors
    /// [`Error::Api`] 100 (bad e-mail) or 500 (no such contact), and transport errors.
    fn update_subscriber_data / update_subscriber_data_async(update: &SubscriberUpdate) -> ()
        = "UpdateSubscriberData", decode_unit, update.to_params();

    /// `DeleteSubscribe`: unsubscribes `lead_email` from the group `rass_name`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty e-mail or group; [`Error::Api`] 800 (no
    /// such group) or 801 (no such contact); and the transport and verification
    /// errors of [`Client::call`].
    fn delete_subscribe / delete_subscribe_async(lead_email: &str, rass_name: &str) -> ()
        = "DeleteSubscribe", decode_unit, Params::new()
            .with("lead_email", lead_email)
            .with("rass_name", rass_name);

    /// `GetLeadGroupStatuses`: the contact's groups with its status in each. A contact
    /// in no group gives an empty list (the server's 501).
    ///
    /// # Errors
    /// [`Error::Api`] 500 (no such contact).
    fn get_lead_group_statuses / get_lead_group_statuses_async(email: &str) -> Vec<GroupStatus>
        = "GetLeadGroupStatuses", decode_typed, Params::new().with("email", email);

    /// `GetLeadGroups` (deprecated; use [`Client::get_lead_group_statuses`]).
    ///
    /// # Errors
    /// [`Error::Api`] 500 (no such contact) or 3 (bad e-mail).
    fn get_lead_groups / get_lead_groups_async(email: &str) -> Vec<Group>
        = "GetLeadGroups", decode_typed, Params::new().with("email", email);

    /// `GetAllGroups`: every group of the account (auto-groups excluded).
    ///
    /// # Errors
    /// Transport and verification errors; "no groups" is an empty list.
    fn get_all_groups / get_all_groups_async() -> Vec<Group>
        = "GetAllGroups", decode_typed, Params::new();

    /// `GetCountSubscribe`: number of contacts in a group, or unique/all contacts.
    ///
    /// # Errors
    /// [`Error::Api`] 501 (unknown group).
    fn get_count_subscribe / get_count_subscribe_async(scope: &CountScope) -> u64
        = "GetCountSubscribe", decode_typed, Params::new().with("group_name", scope.as_param());

    // ---- API 1.0: products (spec §6.2) ----
    /// `AddGood`: creates a product (the category, if given, must exist).
    ///
    /// # Errors
    /// [`Error::Api`] 2 (missing field, or AddGood not enabled for the account), 301
    /// (duplicate id), 303 (not saved).
    fn add_good / add_good_async(good: &GoodSettings) -> ()
        = "AddGood", decode_unit, good.to_params();

    /// `UpdateGood`: changes a product.
    ///
    /// **The price is always sent**: the server writes 0 when `good_sum` is omitted,
    /// so pass the current price to keep it (see [`GoodSettings::update`]).
    ///
    /// # Errors
    /// [`Error::Api`] 300 (no such product), 302 (not saved).
    fn update_good / update_good_async(good: &GoodSettings) -> ()
        = "UpdateGood", decode_unit, good.to_params();

    /// `DeleteGood`: deletes a product.
    ///
    /// # Errors
    /// [`Error::Api`] 302 (not deleted / unknown).
    fn delete_good / delete_good_async(good_name: &str) -> ()
        = "DeleteGood", decode_unit, Params::new().with("good_name", good_name);

    /// `GetAllGoods`: every product; "no products" (700) is an empty list.
    ///
    /// # Errors
    /// Transport and verification errors.
    fn get_all_goods / get_all_goods_async() -> Vec<GoodInfo>
        = "GetAllGoods", decode_typed, Params::new();

    // ---- API 1.0: orders (spec §6.3) ----
    /// `CreateOrder`. When the server recognises a repeat (601) the existing order is
    /// returned with `existing: true`; nothing is created twice, so after a transport
    /// error with unknown outcome it is safe to call again with the same order.
    ///
    /// # Errors
    /// [`Error::Api`] 600 (bad e-mail), 602 (not created), 603 (no products), 604
    /// (unknown product), 605 (no delivery data for a physical product), 606 (order
    /// API disabled for the account).
    fn create_order / create_order_async(order: &NewOrder) -> CreatedOrder
        = "CreateOrder", decode_typed, order.to_params();

    /// `UpdateOrderStatus`: marks an order sent, paid, returned or cancelled.
    ///
    /// # Errors
    /// [`Error::Api`] 200 (no such order), 201 (bad status), 202 (payment failed), 203
    /// (no order number).
    fn update_order_status / update_order_status_async(bill_id: i64, status: &OrderStatus) -> ()
        = "UpdateOrderStatus", decode_unit, {
            let mut p = Params::new().with("bill_id", bill_id);
            status.write(&mut p);
            p
        };

    /// `DeleteOrder`: deletes (hides) an order.
    ///
    /// # Errors
    /// [`Error::Api`] **302** when the order does not exist — whether the server says
    /// 302 (docs) or 200 (server code; kept as `server_code` in the error's result).
    fn delete_order / delete_order_async(bill_id: i64) -> ()
        = "DeleteOrder", decode_unit, Params::new().with("bill_id", bill_id);

    /// `GetOrders` (deprecated; use [`Client::get_orders_with_goods`]). No orders is an
    /// empty list.
    ///
    /// # Errors
    /// Transport and verification errors.
    fn get_orders / get_orders_async(query: &LegacyOrdersQuery) -> Vec<Order>
        = "GetOrders", decode_typed, query.to_params();

    /// `getOrdersWithGoods`: detailed orders. Ranges longer than the server's one-month
    /// cap are fetched month by month and merged (no order twice).
    ///
    /// # Errors
    /// Transport and verification errors of any window.
    fn get_orders_with_goods / get_orders_with_goods_async(query: &OrdersQuery) -> Vec<Order>
        = "getOrdersWithGoods", decode_typed, query.to_params();

    /// `getOrderDetails`: one order with its items; `good_info` adds product ids and
    /// prepayment settings.
    ///
    /// # Errors
    /// [`Error::Api`] 400 (no such order).
    fn get_order_details / get_order_details_async(bill_id: i64, good_info: bool) -> Order
        = "getOrderDetails", decode_typed, {
            let mut p = Params::new().with("bill_id", bill_id);
            if good_info {
            p.insert("good_info", true);
            }
            p
        };

    /// `GetOrderInfo` (deprecated; use [`Client::get_order_details`]). The docs'
    /// array-of-one and object shapes both give one [`Order`].
    ///
    /// # Errors
    /// [`Error::Api`] 400 (no such order).
    fn get_order_info / get_order_info_async(bill_id: i64) -> Order
        = "GetOrderInfo", decode_typed, Params::new().with("bill_id", bill_id);

    /// `GetBills`: a customer's orders with their products; none is an empty list.
    ///
    /// # Errors
    /// [`Error::Api`] 3 (bad e-mail).
    fn get_bills / get_bills_async(email: &str, filter: Option<BillFilter>) -> Vec<Bill>
        = "GetBills", decode_bills, { let mut p = Params::new().with("email", email); p.insert_opt("pay_status", filter.map(BillFilter::as_param)); p };

    // ---- API 1.0: partners (spec §6.4) ----
    /// `GetPartnerStats`: a partner's statistics, optionally between two
    /// `YYYY-MM-DD` dates.
    ///
    /// # Errors
    /// [`Error::Api`] 1000 (no such partner).
    fn get_partner_stats / get_partner_stats_async(partner: &str, date_from: Option<&str>, date_to: Option<&str>) -> PartnerStats
        = "GetPartnerStats", decode_typed, {
            let mut p = Params::new().with("partner", partner);
            p.insert_opt("date_from", date_from);
            p.insert_opt("date_to", date_to);
            p
        };

    // ---- API 2.0 (spec §7) ----
    /// API 2.0 `createorder`. Its result is not documented, so it is returned as sent.
    ///
    /// # Errors
    /// [`Error::Api`] with the standard codes.
    fn v2_create_order / v2_create_order_async(order: &OrderV2) -> Json
        = "createorder", decode_json, order.to_params();

    /// API 2.0 `addupdatelead`: creates or updates a contact, its groups and tags.
    ///
    /// # Errors
    /// [`Error::Api`] with the standard codes.
    fn add_update_lead / add_update_lead_async(lead: &LeadV2) -> ()
        = "addupdatelead", decode_unit, lead.to_params();

    /// API 2.0 `addtagtolead`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for no tags or a tag containing a comma.
    fn add_tag_to_lead / add_tag_to_lead_async(lead_email: &str, tags: &[&str]) -> ()
        = "addtagtolead", decode_unit, Params::new()
            .with("lead_email", lead_email)
            .with("add_tags", tags.to_vec());

    /// API 2.0 `removetagfromlead`.
    ///
    /// # Errors
    /// As [`Client::add_tag_to_lead`].
    fn remove_tag_from_lead / remove_tag_from_lead_async(lead_email: &str, tags: &[&str]) -> ()
        = "removetagfromlead", decode_unit, Params::new()
            .with("lead_email", lead_email)
            .with("remove_tags", tags.to_vec());

    /// API 2.0 `removeleadfromlist`: removes a contact from groups (API ids).
    ///
    /// # Errors
    /// As [`Client::add_tag_to_lead`].
    fn remove_lead_from_list / remove_lead_from_list_async(lead_email: &str, lists: &[&str]) -> ()
        = "removeleadfromlist", decode_unit, Params::new()
            .with("lead_email", lead_email)
            .with("remove_from_lists", lists.to_vec());

    /// API 2.0 `getalllists`: every group.
    ///
    /// # Errors
    /// Transport and verification errors.
    fn get_all_lists / get_all_lists_async() -> Vec<ListInfo>
        = "getalllists", decode_typed, Params::new();

    /// API 2.0 `getgoods`: every product.
    ///
    /// # Errors
    /// Transport and verification errors.
    fn get_goods / get_goods_async() -> Vec<ProductInfo>
        = "getgoods", decode_typed, Params::new();

    /// API 2.0 `getcoupons`: every coupon.
    ///
    /// # Errors
    /// Transport and verification errors.
    fn get_coupons / get_coupons_async() -> Vec<Coupon>
        = "getcoupons", decode_typed, Params::new();

    /// API 2.0 `getpersonalmanagers`: the account's additional users.
    ///
    /// # Errors
    /// Transport and verification errors.
    fn get_personal_managers / get_personal_managers_async() -> Vec<PersonalManager>
        = "getpersonalmanagers", decode_typed, Params::new();
}
