//! The table of documented methods: spelling, API generation, required fields and
//! whether a call only reads. [`crate::Client::invoke`] and every binding dispatch
//! through it, so a method's rules live in one row.

/// Which generation of the API a method belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// API 1.0: every request signed with `md5(query::login::secret)`, every response
    /// verified (spec §3, §4).
    V1,
    /// API 2.0: authenticated by the `rpsKey` field (the client's API key); lower-case
    /// method names (spec §7).
    V2,
}

/// One documented method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodSpec {
    /// The documented spelling, used in the URL (`AddLeadToGroup`, `getOrdersWithGoods`,
    /// `addupdatelead`).
    pub name: &'static str,
    /// The snake_case name of the typed Rust method and of the binding methods
    /// (`add_lead_to_group`, `v2_create_order`).
    pub snake_name: &'static str,
    /// API 1.0 or 2.0.
    pub api: Api,
    /// Parameters that must be present and non-empty. `rpsKey` (API 2.0) is added by
    /// the client and is not listed.
    pub required: &'static [&'static str],
    /// True when the call only reads: it may be retried after any failure.
    pub read_only: bool,
    /// True when the docs mark the method out of date (a successor exists).
    pub deprecated: bool,
    /// The spec section that documents it.
    pub section: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
}

const fn v1(
    name: &'static str,
    snake_name: &'static str,
    required: &'static [&'static str],
    section: &'static str,
    summary: &'static str,
) -> MethodSpec {
    MethodSpec {
        name,
        snake_name,
        api: Api::V1,
        required,
        read_only: is_get(name),
        deprecated: false,
        section,
        summary,
    }
}

const fn v2(
    name: &'static str,
    snake_name: &'static str,
    required: &'static [&'static str],
    section: &'static str,
    summary: &'static str,
) -> MethodSpec {
    MethodSpec {
        api: Api::V2,
        ..v1(name, snake_name, required, section, summary)
    }
}

const fn deprecated(spec: MethodSpec) -> MethodSpec {
    MethodSpec {
        deprecated: true,
        ..spec
    }
}

/// Every documented method names its reads `Get…`/`get…`.
const fn is_get(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 3 && (b[0] == b'G' || b[0] == b'g') && b[1] == b'e' && b[2] == b't'
}

/// All 20 API 1.0 methods (spec §6) and all 9 API 2.0 methods (spec §7), in the
/// spec's order.
pub const METHODS: &[MethodSpec] = &[
    v1(
        "AddLeadToGroup",
        "add_lead_to_group",
        &["rid", "lead_email"],
        "6.1.1",
        "add a contact to one or more groups",
    ),
    v1(
        "UpdateSubscriberData",
        "update_subscriber_data",
        &["lead_email"],
        "6.1.2",
        "change an existing contact's name, phone, city or tags",
    ),
    v1(
        "DeleteSubscribe",
        "delete_subscribe",
        &["lead_email", "rass_name"],
        "6.1.3",
        "unsubscribe a contact from a group",
    ),
    v1(
        "GetLeadGroupStatuses",
        "get_lead_group_statuses",
        &["email"],
        "6.1.4",
        "a contact's groups with the subscription status in each",
    ),
    deprecated(v1(
        "GetLeadGroups",
        "get_lead_groups",
        &["email"],
        "6.1.5",
        "a contact's groups (use GetLeadGroupStatuses)",
    )),
    v1(
        "GetAllGroups",
        "get_all_groups",
        &[],
        "6.1.6",
        "all groups of the account",
    ),
    v1(
        "GetCountSubscribe",
        "get_count_subscribe",
        &["group_name"],
        "6.1.7",
        "number of contacts in a group, or `unique`/`all` contacts",
    ),
    v1(
        "AddGood",
        "add_good",
        &["good_name", "good_type", "good_title", "good_sum"],
        "6.2.1",
        "create a product",
    ),
    v1(
        "UpdateGood",
        "update_good",
        // The Russian docs: `good_sum` is required, otherwise the price becomes 0.
        &["good_name", "good_sum"],
        "6.2.2",
        "change a product (always send the price: an omitted good_sum is written as 0)",
    ),
    v1(
        "DeleteGood",
        "delete_good",
        &["good_name"],
        "6.2.3",
        "delete a product",
    ),
    v1(
        "GetAllGoods",
        "get_all_goods",
        &[],
        "6.2.4",
        "all products of the shop",
    ),
    v1(
        "CreateOrder",
        "create_order",
        &["goods", "bill_email"],
        "6.3.1",
        "create an order (a repeat answers 601 with the existing bill_id)",
    ),
    v1(
        "UpdateOrderStatus",
        "update_order_status",
        &["bill_id", "status"],
        "6.3.2",
        "mark an order sent, paid, returned or cancelled",
    ),
    v1(
        "DeleteOrder",
        "delete_order",
        &["bill_id"],
        "6.3.3",
        "delete (hide) an order",
    ),
    deprecated(v1(
        "GetOrders",
        "get_orders",
        &[],
        "6.3.4",
        "orders in a period (use getOrdersWithGoods)",
    )),
    v1(
        "getOrdersWithGoods",
        "get_orders_with_goods",
        &[],
        "6.3.5",
        "detailed orders in a period (longer periods are fetched month by month)",
    ),
    v1(
        "getOrderDetails",
        "get_order_details",
        &["bill_id"],
        "6.3.6",
        "one order in detail, with its items",
    ),
    deprecated(v1(
        "GetOrderInfo",
        "get_order_info",
        &["bill_id"],
        "6.3.7",
        "one order (use getOrderDetails)",
    )),
    v1(
        "GetBills",
        "get_bills",
        &["email"],
        "6.3.8",
        "a customer's orders by e-mail",
    ),
    v1(
        "GetPartnerStats",
        "get_partner_stats",
        &["partner"],
        "6.4.1",
        "one partner's statistics",
    ),
    v2(
        "createorder",
        "v2_create_order",
        &["product_names"],
        "7.1",
        "create an order (API 2.0)",
    ),
    v2(
        "addupdatelead",
        "add_update_lead",
        &[],
        "7.2",
        "create or update a contact, its groups and tags (API 2.0)",
    ),
    v2(
        "addtagtolead",
        "add_tag_to_lead",
        &["lead_email", "add_tags"],
        "7.3",
        "add tags to a contact (API 2.0)",
    ),
    v2(
        "removetagfromlead",
        "remove_tag_from_lead",
        &["lead_email", "remove_tags"],
        "7.4",
        "remove tags from a contact (API 2.0)",
    ),
    v2(
        "removeleadfromlist",
        "remove_lead_from_list",
        &["lead_email", "remove_from_lists"],
        "7.5",
        "remove a contact from groups (API 2.0)",
    ),
    v2(
        "getalllists",
        "get_all_lists",
        &[],
        "7.6",
        "all groups (API 2.0)",
    ),
    v2(
        "getgoods",
        "get_goods",
        &[],
        "7.7",
        "all products (API 2.0)",
    ),
    v2(
        "getcoupons",
        "get_coupons",
        &[],
        "7.8",
        "all coupons (API 2.0)",
    ),
    v2(
        "getpersonalmanagers",
        "get_personal_managers",
        &[],
        "7.9",
        "additional users / sales managers (API 2.0)",
    ),
];

/// The documented method called `name`, compared case-insensitively (PHP dispatches
/// method names that way); the snake_case name is accepted too.
///
/// API 1.0 `createorder` and API 2.0 `createorder` differ only in case; an exact match
/// wins, and a name matching neither exactly resolves to the API 1.0 `CreateOrder`
/// (use `createorder` or `v2_create_order` for API 2.0).
#[must_use]
pub fn find(name: &str) -> Option<&'static MethodSpec> {
    METHODS
        .iter()
        .find(|m| m.name == name || m.snake_name == name)
        .or_else(|| {
            METHODS.iter().find(|m| {
                m.name.eq_ignore_ascii_case(name) || m.snake_name.eq_ignore_ascii_case(name)
            })
        })
}

/// True when `method` only reads: the table says so, or (for undocumented methods
/// called through [`crate::Client::call`]) its name starts with `get`.
#[must_use]
pub fn is_read_only(method: &str) -> bool {
    find(method).map_or_else(|| is_get_ci(method), |m| m.read_only)
}

fn is_get_ci(name: &str) -> bool {
    name.len() > 3 && name[..3].eq_ignore_ascii_case("get")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_may_be_retried() {
        assert!(is_read_only("GetAllGroups") && is_read_only("getOrdersWithGoods"));
        assert!(is_read_only("getgoods"));
        assert!(!is_read_only("CreateOrder") && !is_read_only("get"));
    }

    #[test]
    fn twenty_v1_and_nine_v2_methods_with_unique_names() {
        assert_eq!(METHODS.iter().filter(|m| m.api == Api::V1).count(), 20);
        assert_eq!(METHODS.iter().filter(|m| m.api == Api::V2).count(), 9);
        for (i, a) in METHODS.iter().enumerate() {
            for b in &METHODS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.snake_name, b.snake_name);
            }
            assert_eq!(a.read_only, is_get_ci(a.name), "{}", a.name);
        }
    }

    #[test]
    fn lookup_is_case_insensitive_and_exact_case_wins() {
        assert_eq!(find("addleadtogroup").unwrap().name, "AddLeadToGroup");
        assert_eq!(
            find("GetOrdersWithGoods").unwrap().name,
            "getOrdersWithGoods"
        );
        assert_eq!(find("add_lead_to_group").unwrap().name, "AddLeadToGroup");
        assert_eq!(find("CreateOrder").unwrap().api, Api::V1);
        assert_eq!(find("createorder").unwrap().api, Api::V2);
        assert_eq!(find("CREATEORDER").unwrap().api, Api::V1);
        assert_eq!(find("v2_create_order").unwrap().api, Api::V2);
        assert_eq!(find("GETALLLISTS").unwrap().name, "getalllists");
        assert!(find("GetLeads").is_none());
        assert!(is_read_only("getgoods") && is_read_only("GetFreshTariffs"));
        assert!(!is_read_only("CreateOrder") && !is_read_only("addupdatelead"));
    }
}
