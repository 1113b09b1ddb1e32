//! One typed method per documented method. Each builds the documented parameters and
//! goes through [`Client::invoke`], so the semantics (601, code-0 failures, empty
//! lists, month windows, …) are the same as for the generic call; this layer only
//! converts types.

use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use crate::client::Client;
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
    }
}

impl Client {
    fn typed<T: DeserializeOwned>(&self, method: &str, params: &Params) -> Result<T, Error> {
        let json = self.invoke(method, params)?;
        serde_json::from_value(json).map_err(|e| shape_error(method, e.to_string()))
    }

    fn unit(&self, method: &str, params: &Params) -> Result<(), Error> {
        self.invoke(method, params).map(drop)
    }

    // ---- API 1.0: contacts and groups (spec §6.1) ----

    /// `AddLeadToGroup`: adds a contact to groups.
    ///
    /// # Errors
    /// [`Error::Api`] 100 (bad e-mail), 101 (subscription failed), **102** (already in
    /// every group), **103** (no valid group), 104 (group closed to subscription), 8
    /// (rate limit). 102 and 103 are also what the server's code-0 answers with those
    /// texts are reported as (spec §6.1.1).
    pub fn add_lead_to_group(&self, lead: &AddLead) -> Result<(), Error> {
        self.unit("AddLeadToGroup", &lead.to_params())
    }

    /// `UpdateSubscriberData`: changes a contact; omitted fields stay unchanged.
    ///
    /// # Errors
    /// [`Error::Api`] 100 (bad e-mail) or 500 (no such contact), and transport errors.
    pub fn update_subscriber_data(&self, update: &SubscriberUpdate) -> Result<(), Error> {
        self.unit("UpdateSubscriberData", &update.to_params())
    }

    /// `DeleteSubscribe`: unsubscribes `lead_email` from the group `rass_name`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty e-mail or group; [`Error::Api`] 800 (no
    /// such group) or 801 (no such contact); and the transport and verification
    /// errors of [`Client::call`].
    pub fn delete_subscribe(&self, lead_email: &str, rass_name: &str) -> Result<(), Error> {
        let params = Params::new()
            .with("lead_email", lead_email)
            .with("rass_name", rass_name);
        self.unit("DeleteSubscribe", &params)
    }

    /// `GetLeadGroupStatuses`: the contact's groups with its status in each. A contact
    /// in no group gives an empty list (the server's 501).
    ///
    /// # Errors
    /// [`Error::Api`] 500 (no such contact).
    pub fn get_lead_group_statuses(&self, email: &str) -> Result<Vec<GroupStatus>, Error> {
        self.typed("GetLeadGroupStatuses", &Params::new().with("email", email))
    }

    /// `GetLeadGroups` (deprecated; use [`Client::get_lead_group_statuses`]).
    ///
    /// # Errors
    /// [`Error::Api`] 500 (no such contact) or 3 (bad e-mail).
    pub fn get_lead_groups(&self, email: &str) -> Result<Vec<Group>, Error> {
        self.typed("GetLeadGroups", &Params::new().with("email", email))
    }

    /// `GetAllGroups`: every group of the account (auto-groups excluded).
    ///
    /// # Errors
    /// Transport and verification errors; "no groups" is an empty list.
    pub fn get_all_groups(&self) -> Result<Vec<Group>, Error> {
        self.typed("GetAllGroups", &Params::new())
    }

    /// `GetCountSubscribe`: number of contacts in a group, or unique/all contacts.
    ///
    /// # Errors
    /// [`Error::Api`] 501 (unknown group).
    pub fn get_count_subscribe(&self, scope: &CountScope) -> Result<u64, Error> {
        self.typed(
            "GetCountSubscribe",
            &Params::new().with("group_name", scope.as_param()),
        )
    }

    // ---- API 1.0: products (spec §6.2) ----

    /// `AddGood`: creates a product (the category, if given, must exist).
    ///
    /// # Errors
    /// [`Error::Api`] 2 (missing field, or AddGood not enabled for the account), 301
    /// (duplicate id), 303 (not saved).
    pub fn add_good(&self, good: &GoodSettings) -> Result<(), Error> {
        self.unit("AddGood", &good.to_params())
    }

    /// `UpdateGood`: changes a product.
    ///
    /// **The price is always sent**: the server writes 0 when `good_sum` is omitted,
    /// so pass the current price to keep it (see [`GoodSettings::update`]).
    ///
    /// # Errors
    /// [`Error::Api`] 300 (no such product), 302 (not saved).
    pub fn update_good(&self, good: &GoodSettings) -> Result<(), Error> {
        self.unit("UpdateGood", &good.to_params())
    }

    /// `DeleteGood`: deletes a product.
    ///
    /// # Errors
    /// [`Error::Api`] 302 (not deleted / unknown).
    pub fn delete_good(&self, good_name: &str) -> Result<(), Error> {
        self.unit("DeleteGood", &Params::new().with("good_name", good_name))
    }

    /// `GetAllGoods`: every product; "no products" (700) is an empty list.
    ///
    /// # Errors
    /// Transport and verification errors.
    pub fn get_all_goods(&self) -> Result<Vec<GoodInfo>, Error> {
        self.typed("GetAllGoods", &Params::new())
    }

    // ---- API 1.0: orders (spec §6.3) ----

    /// `CreateOrder`. When the server recognises a repeat (601) the existing order is
    /// returned with `existing: true`; nothing is created twice, so after a transport
    /// error with unknown outcome it is safe to call again with the same order.
    ///
    /// # Errors
    /// [`Error::Api`] 600 (bad e-mail), 602 (not created), 603 (no products), 604
    /// (unknown product), 605 (no delivery data for a physical product), 606 (order
    /// API disabled for the account).
    pub fn create_order(&self, order: &NewOrder) -> Result<CreatedOrder, Error> {
        self.typed("CreateOrder", &order.to_params())
    }

    /// `UpdateOrderStatus`: marks an order sent, paid, returned or cancelled.
    ///
    /// # Errors
    /// [`Error::Api`] 200 (no such order), 201 (bad status), 202 (payment failed), 203
    /// (no order number).
    pub fn update_order_status(&self, bill_id: i64, status: &OrderStatus) -> Result<(), Error> {
        let mut p = Params::new().with("bill_id", bill_id);
        status.write(&mut p);
        self.unit("UpdateOrderStatus", &p)
    }

    /// `DeleteOrder`: deletes (hides) an order.
    ///
    /// # Errors
    /// [`Error::Api`] **302** when the order does not exist — whether the server says
    /// 302 (docs) or 200 (server code; kept as `server_code` in the error's result).
    pub fn delete_order(&self, bill_id: i64) -> Result<(), Error> {
        self.unit("DeleteOrder", &Params::new().with("bill_id", bill_id))
    }

    /// `GetOrders` (deprecated; use [`Client::get_orders_with_goods`]). No orders is an
    /// empty list.
    ///
    /// # Errors
    /// Transport and verification errors.
    pub fn get_orders(&self, query: &LegacyOrdersQuery) -> Result<Vec<Order>, Error> {
        self.typed("GetOrders", &query.to_params())
    }

    /// `getOrdersWithGoods`: detailed orders. Ranges longer than the server's one-month
    /// cap are fetched month by month and merged (no order twice).
    ///
    /// # Errors
    /// Transport and verification errors of any window.
    pub fn get_orders_with_goods(&self, query: &OrdersQuery) -> Result<Vec<Order>, Error> {
        self.typed("getOrdersWithGoods", &query.to_params())
    }

    /// `getOrderDetails`: one order with its items; `good_info` adds product ids and
    /// prepayment settings.
    ///
    /// # Errors
    /// [`Error::Api`] 400 (no such order).
    pub fn get_order_details(&self, bill_id: i64, good_info: bool) -> Result<Order, Error> {
        let mut p = Params::new().with("bill_id", bill_id);
        if good_info {
            p.insert("good_info", true);
        }
        self.typed("getOrderDetails", &p)
    }

    /// `GetOrderInfo` (deprecated; use [`Client::get_order_details`]). The docs'
    /// array-of-one and object shapes both give one [`Order`].
    ///
    /// # Errors
    /// [`Error::Api`] 400 (no such order).
    pub fn get_order_info(&self, bill_id: i64) -> Result<Order, Error> {
        self.typed("GetOrderInfo", &Params::new().with("bill_id", bill_id))
    }

    /// `GetBills`: a customer's orders with their products; none is an empty list.
    ///
    /// # Errors
    /// [`Error::Api`] 3 (bad e-mail).
    pub fn get_bills(&self, email: &str, filter: Option<BillFilter>) -> Result<Vec<Bill>, Error> {
        let mut p = Params::new().with("email", email);
        p.insert_opt("pay_status", filter.map(BillFilter::as_param));
        let json = self.invoke("GetBills", &p)?;
        Bill::list_from_json(&json).map_err(|e| shape_error("GetBills", e))
    }

    // ---- API 1.0: partners (spec §6.4) ----

    /// `GetPartnerStats`: a partner's statistics, optionally between two
    /// `YYYY-MM-DD` dates.
    ///
    /// # Errors
    /// [`Error::Api`] 1000 (no such partner).
    pub fn get_partner_stats(
        &self,
        partner: &str,
        date_from: Option<&str>,
        date_to: Option<&str>,
    ) -> Result<PartnerStats, Error> {
        let mut p = Params::new().with("partner", partner);
        p.insert_opt("date_from", date_from);
        p.insert_opt("date_to", date_to);
        self.typed("GetPartnerStats", &p)
    }

    // ---- API 2.0 (spec §7) ----

    /// API 2.0 `createorder`. Its result is not documented, so it is returned as sent.
    ///
    /// # Errors
    /// [`Error::Api`] with the standard codes.
    pub fn v2_create_order(&self, order: &OrderV2) -> Result<Json, Error> {
        self.invoke("createorder", &order.to_params())
    }

    /// API 2.0 `addupdatelead`: creates or updates a contact, its groups and tags.
    ///
    /// # Errors
    /// [`Error::Api`] with the standard codes.
    pub fn add_update_lead(&self, lead: &LeadV2) -> Result<(), Error> {
        self.unit("addupdatelead", &lead.to_params())
    }

    /// API 2.0 `addtagtolead`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for no tags or a tag containing a comma.
    pub fn add_tag_to_lead(&self, lead_email: &str, tags: &[&str]) -> Result<(), Error> {
        let p = Params::new()
            .with("lead_email", lead_email)
            .with("add_tags", tags.to_vec());
        self.unit("addtagtolead", &p)
    }

    /// API 2.0 `removetagfromlead`.
    ///
    /// # Errors
    /// As [`Client::add_tag_to_lead`].
    pub fn remove_tag_from_lead(&self, lead_email: &str, tags: &[&str]) -> Result<(), Error> {
        let p = Params::new()
            .with("lead_email", lead_email)
            .with("remove_tags", tags.to_vec());
        self.unit("removetagfromlead", &p)
    }

    /// API 2.0 `removeleadfromlist`: removes a contact from groups (API ids).
    ///
    /// # Errors
    /// As [`Client::add_tag_to_lead`].
    pub fn remove_lead_from_list(&self, lead_email: &str, lists: &[&str]) -> Result<(), Error> {
        let p = Params::new()
            .with("lead_email", lead_email)
            .with("remove_from_lists", lists.to_vec());
        self.unit("removeleadfromlist", &p)
    }

    /// API 2.0 `getalllists`: every group.
    ///
    /// # Errors
    /// Transport and verification errors.
    pub fn get_all_lists(&self) -> Result<Vec<ListInfo>, Error> {
        self.typed("getalllists", &Params::new())
    }

    /// API 2.0 `getgoods`: every product.
    ///
    /// # Errors
    /// Transport and verification errors.
    pub fn get_goods(&self) -> Result<Vec<ProductInfo>, Error> {
        self.typed("getgoods", &Params::new())
    }

    /// API 2.0 `getcoupons`: every coupon.
    ///
    /// # Errors
    /// Transport and verification errors.
    pub fn get_coupons(&self) -> Result<Vec<Coupon>, Error> {
        self.typed("getcoupons", &Params::new())
    }

    /// API 2.0 `getpersonalmanagers`: the account's additional users.
    ///
    /// # Errors
    /// Transport and verification errors.
    pub fn get_personal_managers(&self) -> Result<Vec<PersonalManager>, Error> {
        self.typed("getpersonalmanagers", &Params::new())
    }
}
