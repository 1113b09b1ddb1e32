//! Every documented method against the in-process sandbox: the success path through
//! the typed API (and so through `Client::invoke`), and the documented error codes.

mod client_support;

use client_support::{client, contact, sandbox, server_variant, state};
use justclick::client::methods::find;
use justclick::client::{
    AddLead, BillFilter, CountScope, GoodSettings, GoodType, LeadV2, LegacyOrdersQuery, METHODS,
    NewOrder, OrderStatus, OrderV2, OrdersQuery, SubscriberUpdate, SubscriptionStatus,
};
use justclick::{Error, Params};
use serde_json::json;

fn code(r: Result<impl std::fmt::Debug, Error>) -> i64 {
    match r {
        Err(e) => e
            .api_code()
            .unwrap_or_else(|| panic!("expected an API error, got {e:?}")),
        Ok(v) => panic!("expected an API error, got Ok({v:?})"),
    }
}

fn invalid(r: Result<impl std::fmt::Debug, Error>, needle: &str) {
    match r {
        Err(Error::InvalidArgument { message, .. }) => {
            assert!(
                message.contains(needle),
                "{message:?} should name {needle:?}"
            );
        }
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[test]
fn contacts_and_groups() {
    let sb = sandbox();
    let c = client(&sb);

    // AddLeadToGroup, then the statuses show both groups.
    let lead = AddLead::new(["super", "mega"], "new@example.com")
        .name("Иван Петров")
        .phone("+7 999 000-00-01")
        .tag("a b~c*!'()");
    c.add_lead_to_group(&lead).unwrap();
    let statuses = c.get_lead_group_statuses("new@example.com").unwrap();
    let names: Vec<_> = statuses.iter().map(|s| s.rass_name.as_str()).collect();
    assert_eq!(names, ["super", "mega"]);
    assert!(
        statuses
            .iter()
            .all(|s| s.rass_status == SubscriptionStatus::Subscribed)
    );
    assert_eq!(contact(&sb, "new@example.com")["name"], "Иван Петров");
    // Documented codes.
    assert_eq!(code(c.add_lead_to_group(&lead)), 102);
    assert_eq!(
        code(c.add_lead_to_group(&AddLead::new(["nope"], "x@example.com"))),
        103
    );
    assert_eq!(
        code(c.add_lead_to_group(&AddLead::new(["buyers"], "x@example.com"))),
        104
    );
    assert_eq!(
        code(c.add_lead_to_group(&AddLead::new(["super"], "not-an-email"))),
        100
    );
    invalid(
        c.add_lead_to_group(&AddLead::new(Vec::<String>::new(), "x@example.com")),
        "rid",
    );
    // A single group as a string is sent as rid[0].
    let one = Params::new()
        .with("rid", "mega")
        .with("lead_email", "one@example.com");
    c.invoke("AddLeadToGroup", &one).unwrap();
    assert_eq!(
        c.get_lead_groups("one@example.com").unwrap()[0].rass_name,
        "mega"
    );

    // UpdateSubscriberData.
    let mut update = SubscriberUpdate::new("user@example.com");
    update.name = Some("Пётр".into());
    update.tags = vec!["vip".into(), "2024".into()];
    c.update_subscriber_data(&update).unwrap();
    let seeded = contact(&sb, "user@example.com");
    assert_eq!(seeded["name"], "Пётр");
    assert_eq!(seeded["tags"], json!(["vip", "2024"]));
    assert_eq!(
        code(c.update_subscriber_data(&SubscriberUpdate::new("ghost@example.com"))),
        500
    );
    invalid(
        c.update_subscriber_data(&SubscriberUpdate::new("")),
        "lead_email",
    );

    // GetAllGroups, GetLeadGroups, GetCountSubscribe.
    let groups = c.get_all_groups().unwrap();
    let names: Vec<_> = groups.iter().map(|g| g.rass_name.as_str()).collect();
    assert_eq!(names, ["super", "mega", "1608202637.2284137403"]);
    assert_eq!(
        c.get_lead_groups("user@example.com").unwrap()[0].rass_title,
        "Super newsletter"
    );
    assert_eq!(code(c.get_lead_groups("ghost@example.com")), 500);
    assert_eq!(code(c.get_lead_group_statuses("ghost@example.com")), 500);
    assert_eq!(
        c.get_count_subscribe(&CountScope::Group("super".into()))
            .unwrap(),
        2
    );
    assert_eq!(c.get_count_subscribe(&CountScope::Unique).unwrap(), 3);
    assert_eq!(c.get_count_subscribe(&CountScope::All).unwrap(), 3);
    assert_eq!(
        code(c.get_count_subscribe(&CountScope::Group("nope".into()))),
        501
    );

    // DeleteSubscribe: success, then 801; unknown group 800; empty group refused.
    c.delete_subscribe("user@example.com", "super").unwrap();
    let after = c.get_lead_group_statuses("user@example.com").unwrap();
    assert_eq!(after[0].rass_status, SubscriptionStatus::Unsubscribed);
    assert_eq!(code(c.delete_subscribe("user@example.com", "super")), 801);
    assert_eq!(code(c.delete_subscribe("user@example.com", "nope")), 800);
    invalid(c.delete_subscribe("user@example.com", ""), "rass_name");
}

#[test]
fn server_variant_answers_are_normalised() {
    let sb = server_variant();
    let c = client(&sb);
    // Code 0 with the 102/103 texts is reported as 102/103.
    let again = AddLead::new(["super"], "user@example.com");
    let e = c.add_lead_to_group(&again).unwrap_err();
    assert_eq!(e.api_code(), Some(102));
    assert!(e.to_string().contains("already registered"), "{e}");
    assert_eq!(
        code(c.add_lead_to_group(&AddLead::new(["nope"], "x@example.com"))),
        103
    );
    // `all` is `alls` on this server; the client tries both.
    assert_eq!(c.get_count_subscribe(&CountScope::All).unwrap(), 1);
    // GetAllGroups carries rass_id here.
    assert_eq!(c.get_all_groups().unwrap()[0].rass_id, Some(1));
    // DeleteOrder not found: 200 on this server, reported as 302.
    let e = c.delete_order(999_999).unwrap_err();
    assert_eq!(e.api_code(), Some(302));
    let Error::Api { result, .. } = &e else {
        unreachable!()
    };
    assert_eq!(result.as_deref(), Some(&json!({"server_code": 200})));
    // GetOrders with nothing in range: 401 here, an empty list for the caller.
    let none = LegacyOrdersQuery {
        date_s: Some(1),
        date_e: Some(2),
        ..LegacyOrdersQuery::default()
    };
    assert!(c.get_orders(&none).unwrap().is_empty());
    // Products: 301 duplicate, 300 unknown.
    let dup = GoodSettings::new("course", "Again", GoodType::Digital, 1.0);
    assert_eq!(code(c.add_good(&dup)), 301);
    assert_eq!(code(c.update_good(&GoodSettings::update("nope", 1.0))), 300);
    assert_eq!(code(c.delete_good("nope")), 302);
}

#[test]
fn products() {
    let sb = sandbox();
    let c = client(&sb);
    let seeded = c.get_all_goods().unwrap();
    assert_eq!(seeded.len(), 2);
    assert_eq!(seeded[0].good_name, "course");
    assert_eq!(seeded[0].good_sum, Some(1500.0));

    let mut good = GoodSettings::new("ebook", "E-book", GoodType::Digital, 499.5);
    good.good_publish = Some(true);
    good.good_client_rassilki = vec!["buyers".into(), "super".into()];
    c.add_good(&good).unwrap();
    let all = c.get_all_goods().unwrap();
    let ebook = all.iter().find(|g| g.good_name == "ebook").expect("added");
    assert_eq!(
        (ebook.good_title.as_str(), ebook.good_sum),
        ("E-book", Some(499.5))
    );
    assert_eq!(
        code(c.add_good(&good)),
        3,
        "documented variant: duplicate is 3"
    );
    invalid(
        c.invoke(
            "AddGood",
            &Params::new().with("good_name", "x").with("good_title", "X"),
        ),
        "good_type",
    );

    let mut change = GoodSettings::update("ebook", 599.0);
    change.good_title = Some("E-book, 2nd edition".into());
    c.update_good(&change).unwrap();
    let ebook = c
        .get_all_goods()
        .unwrap()
        .into_iter()
        .find(|g| g.good_name == "ebook")
        .unwrap();
    assert_eq!(ebook.good_sum, Some(599.0));
    assert_eq!(ebook.good_title, "E-book, 2nd edition");
    // The price can never be left out by accident (the server would write 0).
    invalid(
        c.invoke("UpdateGood", &Params::new().with("good_name", "ebook")),
        "good_sum",
    );

    c.delete_good("ebook").unwrap();
    assert!(
        c.get_all_goods()
            .unwrap()
            .iter()
            .all(|g| g.good_name != "ebook")
    );
    assert_eq!(code(c.delete_good("ebook")), 3);
    c.delete_good("course").unwrap();
    c.delete_good("book").unwrap();
    assert!(
        c.get_all_goods().unwrap().is_empty(),
        "700 no products is an empty list"
    );
}

#[test]
fn orders() {
    let sb = sandbox();
    let c = client(&sb);

    // CreateOrder, and the repeat is the same order marked existing.
    let order = NewOrder::new(["course"], "Buyer@Example.com").coupon("WELCOME10");
    let first = c.create_order(&order).unwrap();
    assert!(!first.existing);
    let again = c.create_order(&order).unwrap();
    assert_eq!((again.bill_id, again.existing), (first.bill_id, true));
    let posted = sb
        .request_log()
        .into_iter()
        .filter(|r| r.path.ends_with("CreateOrder"))
        .count();
    assert_eq!(
        posted, 2,
        "one request each: a write is never repeated behind the caller"
    );
    assert_eq!(
        code(c.create_order(&NewOrder::new(["nope"], "a@example.com"))),
        604
    );
    assert_eq!(code(c.create_order(&NewOrder::new(["course"], "bad"))), 600);
    assert_eq!(
        code(c.create_order(&NewOrder::new(["book"], "a@example.com"))),
        605
    );
    let physical = NewOrder::new(["book"], "a@example.com")
        .buyer("Ivan", "Petrov")
        .delivery("RUS", "Moscow", "Tverskaya 1");
    let shipped = c.create_order(&physical).unwrap();
    invalid(
        c.create_order(&NewOrder::new(Vec::<String>::new(), "a@example.com")),
        "goods",
    );
    // The generic form: goods as product ids, the result marked.
    let via_invoke = c
        .invoke(
            "CreateOrder",
            &Params::from_json(r#"{"goods":["course"],"bill_email":"other@example.com"}"#).unwrap(),
        )
        .unwrap();
    assert_eq!(via_invoke["existing"], false);
    assert!(via_invoke["bill_id"].is_i64());

    // getOrderDetails / GetOrderInfo (array of one → object).
    let details = c.get_order_details(first.bill_id, true).unwrap();
    assert_eq!(details.id, Some(first.bill_id));
    assert_eq!(details.email.as_deref(), Some("buyer@example.com"));
    assert_eq!(details.kupon.as_deref(), Some("WELCOME10"));
    assert_eq!(details.items[0].title.as_deref(), Some("Online course"));
    assert!(details.extra.contains_key("good_ids"));
    let info = c.get_order_info(first.bill_id).unwrap();
    assert_eq!(info.id, Some(first.bill_id));
    assert!(info.items.is_empty());
    assert!(
        c.invoke(
            "GetOrderInfo",
            &Params::new().with("bill_id", first.bill_id)
        )
        .unwrap()
        .is_object()
    );
    assert_eq!(code(c.get_order_details(999_999, false)), 400);
    assert_eq!(code(c.get_order_info(999_999)), 400);

    // UpdateOrderStatus.
    c.update_order_status(
        first.bill_id,
        &OrderStatus::Paid {
            date: 1_700_100_000,
        },
    )
    .unwrap();
    assert_eq!(
        c.get_order_details(first.bill_id, false)
            .unwrap()
            .pay_status
            .as_deref(),
        Some("paid")
    );
    c.update_order_status(
        shipped.bill_id,
        &OrderStatus::Sent {
            date: 1_700_100_000,
            rpo: "RA123".into(),
        },
    )
    .unwrap();
    assert_eq!(
        code(c.update_order_status(999_999, &OrderStatus::Cancel)),
        200
    );
    let bad = Params::new()
        .with("bill_id", first.bill_id)
        .with("status", "lost");
    assert_eq!(code(c.invoke("UpdateOrderStatus", &bad)), 201);
    let unsent = Params::new()
        .with("bill_id", first.bill_id)
        .with("status", "sent")
        .with("date", 1);
    invalid(c.invoke("UpdateOrderStatus", &unsent), "rpo");

    // GetBills.
    let bills = c.get_bills("user@example.com", None).unwrap();
    let ids: Vec<_> = bills.iter().map(|b| b.bill_id.as_str()).collect();
    assert_eq!(ids, ["1001", "1003"]);
    assert_eq!(bills[0].goods[0].good_name, "course");
    assert_eq!(
        c.get_bills("user@example.com", Some(BillFilter::Paid))
            .unwrap()
            .len(),
        1
    );
    assert!(
        c.get_bills("nobody@example.com", None).unwrap().is_empty(),
        "400 → no bills"
    );
    assert_eq!(code(c.get_bills("bad", None)), 3);

    // DeleteOrder: success, then 302.
    c.delete_order(shipped.bill_id).unwrap();
    assert_eq!(code(c.delete_order(shipped.bill_id)), 302);

    // GetOrders (deprecated): the seeded three.
    let legacy = c.get_orders(&LegacyOrdersQuery::default()).unwrap();
    assert!(legacy.iter().any(|o| o.id == Some(1001)));
    assert!(legacy.iter().all(|o| o.items.is_empty()));
    let paid = c
        .get_orders(&LegacyOrdersQuery {
            paid: Some(true),
            ..LegacyOrdersQuery::default()
        })
        .unwrap();
    assert!(paid.iter().all(|o| o.paid.as_deref() != Some("0")));
}

#[test]
fn orders_over_many_months_are_fetched_by_month_and_merged() {
    let sb = sandbox();
    let c = client(&sb);
    // One order on the first day of each month of 2023, plus the seeded November ones.
    let mut made = Vec::new();
    for month in 1..=12u32 {
        let created = days_from_civil(2023, month, 1) * 86_400 + 3600;
        let mut order = NewOrder::new(["course"], &format!("m{month}@example.com"));
        order.created = Some(created);
        made.push(c.create_order(&order).unwrap().bill_id);
    }
    let before = sb.request_log().len();
    let orders = c
        .get_orders_with_goods(&OrdersQuery::between("01.01.2023", "31.12.2023"))
        .unwrap();
    let windows = sb.request_log().len() - before;
    assert!(windows >= 12, "{windows} requests for a year");
    let ids: Vec<i64> = orders.iter().filter_map(|o| o.id).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no order twice: {ids:?}");
    for id in made.iter().chain(&[1001, 1002, 1003]) {
        assert!(ids.contains(id), "order {id} missing from {ids:?}");
    }
    assert_eq!(orders[0].items[0].title.as_deref(), Some("Online course"));
    // A range inside one month is one request, sent as given.
    let before = sb.request_log().len();
    let nov = c
        .get_orders_with_goods(&OrdersQuery::between("01.11.2023", "30.11.2023"))
        .unwrap();
    assert_eq!(sb.request_log().len() - before, 1);
    assert_eq!(nov.len(), 4);
    // ISO dates are converted to dd.mm.yyyy (and the year fetched by month)…
    let before = sb.request_log().len();
    let iso = c
        .get_orders_with_goods(&OrdersQuery::between("2023-01-01", "2023-12-31"))
        .unwrap();
    assert_eq!(iso.len(), orders.len());
    let sent = sb.request_log();
    assert!(sent.len() - before > 1, "fetched month by month");
    assert_eq!(sent[before].params["begin_date"], "01.01.2023");
    // …and dates in no known format are refused before anything is sent, naming it.
    let before = sb.request_log().len();
    let e = c
        .get_orders_with_goods(&OrdersQuery::between("2023/01/01", "31.12.2023"))
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("begin_date must be a date in the dd.mm.yyyy format"),
        "{e}"
    );
    assert_eq!(sb.request_log().len(), before);
}

#[test]
fn partners() {
    let sb = sandbox();
    let c = client(&sb);
    let stats = c
        .get_partner_stats("partner1", None, Some("2030-01-01"))
        .unwrap();
    assert_eq!(stats.earned_total, Some(450.0));
    assert_eq!(stats.clicks_total, Some(120));
    assert_eq!(stats.partners_total, Some(1));
    assert_eq!(code(c.get_partner_stats("nobody", None, None)), 1000);
    invalid(c.get_partner_stats("", None, None), "partner");
}

#[test]
fn api_v2() {
    let sb = sandbox();
    let c = client(&sb);
    let lists = c.get_all_lists().unwrap();
    assert_eq!(lists[0].rass_name, "super");
    assert_eq!(lists[0].id, lists[0].rass_id);
    let goods = c.get_goods().unwrap();
    assert_eq!(goods[0].good_name, "course");
    assert_eq!(c.get_coupons().unwrap()[0].coupon, "WELCOME10");
    assert_eq!(
        c.get_personal_managers().unwrap()[0].manager_name,
        "Anna Manager"
    );

    let mut lead = LeadV2::new("v2@example.com");
    lead.first_name = Some("Anna".into());
    lead.add_to_lists = vec!["super".into(), "mega".into()];
    lead.add_tags = vec!["vip".into(), "new".into()];
    c.add_update_lead(&lead).unwrap();
    let groups = c.get_lead_group_statuses("v2@example.com").unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(
        contact(&sb, "v2@example.com")["tags"],
        json!(["vip", "new"])
    );

    c.add_tag_to_lead("v2@example.com", &["gold"]).unwrap();
    c.remove_tag_from_lead("v2@example.com", &["new"]).unwrap();
    assert_eq!(
        contact(&sb, "v2@example.com")["tags"],
        json!(["vip", "gold"])
    );
    c.remove_lead_from_list("v2@example.com", &["mega"])
        .unwrap();
    let groups = c.get_lead_group_statuses("v2@example.com").unwrap();
    let mega = groups.iter().find(|g| g.rass_name == "mega").unwrap();
    assert_eq!(mega.rass_status, SubscriptionStatus::Unsubscribed);
    invalid(c.add_tag_to_lead("v2@example.com", &["a,b"]), "comma");
    invalid(c.add_tag_to_lead("v2@example.com", &[]), "add_tags");

    let mut order = OrderV2::new(["course", "book"], "v2@example.com");
    order.product_prices = vec![1000.0];
    let created = c.v2_create_order(&order).unwrap();
    assert!(created["bill_id"].as_i64().is_some(), "{created}");
    let orders = state(&sb)["orders"].as_array().unwrap().len();
    assert_eq!(orders, 4);
    // rpsKey is the client's to set.
    invalid(
        c.call_v2("getgoods", &Params::new().with("rpsKey", "x")),
        "rpsKey",
    );
    // A wrong key is refused by the server (code 4), verified with the key.
    let wrong = client_support::builder(&sb)
        .api_key("wrong")
        .verify_v2_responses(false)
        .build()
        .unwrap();
    assert_eq!(code(wrong.get_goods()), 4);
}

#[test]
fn generic_calls_and_the_method_table() {
    let sb = sandbox();
    let c = client(&sb);
    // call/call_v2: the raw verified result.
    let raw = c
        .call("GetOrderInfo", &Params::new().with("bill_id", 1001))
        .unwrap();
    assert!(raw.is_array(), "call leaves the server's shape: {raw}");
    assert!(c.call_v2("getcoupons", &Params::new()).unwrap().is_array());
    // Every documented method is reachable by invoke, by any case of its name and by
    // its snake_case name; a missing required field is named before anything is sent.
    let before = sb.request_log().len();
    for m in METHODS {
        for name in [
            m.name.to_owned(),
            m.name.to_uppercase(),
            m.snake_name.to_owned(),
        ] {
            // `CREATEORDER` is API 1.0's CreateOrder, not API 2.0's createorder.
            if find(&name) != Some(m) {
                continue;
            }
            if let Some(field) = m.required.first() {
                invalid(c.invoke(&name, &Params::new()), field);
            }
        }
    }
    assert_eq!(sb.request_log().len(), before, "refused locally");
    let e = c.invoke("GetLeads", &Params::new()).unwrap_err();
    assert!(e.to_string().contains("documented"), "{e}");
    // Lower-case and upper-case spellings reach the same method.
    assert_eq!(
        c.invoke("getallgroups", &Params::new()).unwrap(),
        c.invoke("GETALLGROUPS", &Params::new()).unwrap()
    );
    // Booleans go out as 1/0; strings are never rewritten.
    c.invoke("GetOrders", &Params::new().with("paid", true))
        .unwrap();
    c.invoke("GetOrders", &Params::new().with("paid", "true"))
        .unwrap();
    let log = sb.request_log();
    let bodies: Vec<_> = log.iter().rev().take(2).map(|r| r.body.clone()).collect();
    assert!(bodies[1].starts_with("paid=1&hash="), "{}", bodies[1]);
    assert!(bodies[0].starts_with("paid=true&hash="), "{}", bodies[0]);
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}
