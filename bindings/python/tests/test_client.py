"""Every public method of justclick.Client against the sandbox."""

from __future__ import annotations

import inspect
import os
from typing import Any

import pytest

import justclick
from conftest import SECRET, Sandbox

# The 20 API 1.0 and 9 API 2.0 methods (spec sections 6 and 7).
API_METHODS = {
    "add_lead_to_group": "AddLeadToGroup",
    "update_subscriber_data": "UpdateSubscriberData",
    "delete_subscribe": "DeleteSubscribe",
    "get_lead_group_statuses": "GetLeadGroupStatuses",
    "get_lead_groups": "GetLeadGroups",
    "get_all_groups": "GetAllGroups",
    "get_count_subscribe": "GetCountSubscribe",
    "add_good": "AddGood",
    "update_good": "UpdateGood",
    "delete_good": "DeleteGood",
    "get_all_goods": "GetAllGoods",
    "create_order": "CreateOrder",
    "update_order_status": "UpdateOrderStatus",
    "delete_order": "DeleteOrder",
    "get_orders": "GetOrders",
    "get_orders_with_goods": "getOrdersWithGoods",
    "get_order_details": "getOrderDetails",
    "get_order_info": "GetOrderInfo",
    "get_bills": "GetBills",
    "get_partner_stats": "GetPartnerStats",
    "v2_create_order": "createorder",
    "add_update_lead": "addupdatelead",
    "add_tag_to_lead": "addtagtolead",
    "remove_tag_from_lead": "removetagfromlead",
    "remove_lead_from_list": "removeleadfromlist",
    "get_all_lists": "getalllists",
    "get_goods": "getgoods",
    "get_coupons": "getcoupons",
    "get_personal_managers": "getpersonalmanagers",
}


def last_request(sandbox: Sandbox) -> dict[str, object]:
    log = sandbox.log()
    assert log, "the sandbox saw no request"
    return log[-1]


def group_names(client: justclick.Client, email: str) -> dict[str, str]:
    return {s["rass_name"]: s["rass_status"] for s in client.get_lead_group_statuses(email)}


def test_one_documented_method_per_api_method() -> None:
    assert len(API_METHODS) == 29
    for name in API_METHODS:
        method = getattr(justclick.Client, name)
        assert method.__doc__, f"{name} has no docstring"
    # Keyword arguments are the API's own field names.
    params = inspect.signature(justclick.Client.add_lead_to_group).parameters
    assert list(params)[:4] == ["self", "rid", "lead_email", "lead_name"]


# ----- contacts and groups ------------------------------------------------------------


def test_add_lead_to_group(sandbox: Sandbox, client: justclick.Client) -> None:
    result = client.add_lead_to_group(
        ["super", "mega"], "ann@example.com", lead_name="Ann", utm={"utm_source": "mail"}
    )
    assert result == {}
    body = str(last_request(sandbox)["body"])
    assert body.startswith(
        "rid%5B0%5D=super&rid%5B1%5D=mega&lead_email=ann%40example.com&lead_name=Ann"
        "&utm%5Butm_source%5D=mail&hash="
    )
    assert set(group_names(client, "ann@example.com")) == {"super", "mega"}
    # One group as a plain string is sent as rid[0].
    client.add_lead_to_group("1608202637.2284137403", "bob@example.com")
    assert "rid%5B0%5D=1608202637.2284137403" in str(last_request(sandbox)["body"])


def test_add_lead_already_everywhere_is_api_error_102(client: justclick.Client) -> None:
    with pytest.raises(justclick.ApiError) as info:
        client.add_lead_to_group("super", "user@example.com")
    assert info.value.code == 102
    assert info.value.method == "AddLeadToGroup"


def test_update_subscriber_data(sandbox: Sandbox, client: justclick.Client) -> None:
    client.update_subscriber_data(
        "user@example.com", lead_name="Ivan P.", lead_tags=["a", "b"]
    )
    body = str(last_request(sandbox)["body"])
    assert body.startswith("lead_email=user%40example.com&lead_name=Ivan+P.&lead_tags=a%2Cb&hash=")
    with pytest.raises(justclick.ApiError) as info:
        client.update_subscriber_data("nobody@example.com", lead_name="X")
    assert info.value.code == 500


def test_delete_subscribe(client: justclick.Client) -> None:
    client.delete_subscribe("user@example.com", "super")
    assert group_names(client, "user@example.com") == {"super": "STATUS_UNSUBSCRIBE"}
    with pytest.raises(justclick.ApiError) as info:
        client.delete_subscribe("user@example.com", "super")
    assert info.value.code == 801
    with pytest.raises(justclick.ApiError) as info:
        client.delete_subscribe("user@example.com", "no-such-group")
    assert info.value.code == 800


def test_get_lead_group_statuses(client: justclick.Client) -> None:
    assert client.get_lead_group_statuses("user@example.com") == [
        {
            "rass_name": "super",
            "rass_title": "Super newsletter",
            "rass_status": "STATUS_SUBSCRIBE",
            "subscription_time": 1_700_000_000,
        }
    ]
    with pytest.raises(justclick.ApiError) as info:
        client.get_lead_group_statuses("nobody@example.com")
    assert info.value.code == 500


def test_get_lead_groups(client: justclick.Client) -> None:
    assert client.get_lead_groups("user@example.com") == [
        {"rass_name": "super", "rass_title": "Super newsletter"}
    ]


def test_get_all_groups(client: justclick.Client) -> None:
    groups = client.get_all_groups()
    assert [g["rass_name"] for g in groups] == ["super", "mega", "1608202637.2284137403"]
    assert all(isinstance(g["rass_title"], str) for g in groups)


def test_get_count_subscribe(client: justclick.Client) -> None:
    assert client.get_count_subscribe("super") == 1
    assert client.get_count_subscribe("mega") == 0
    assert client.get_count_subscribe("unique") == 1
    assert client.get_count_subscribe("all") == 1
    with pytest.raises(justclick.ApiError) as info:
        client.get_count_subscribe("no-such-group")
    assert info.value.code == 501


# ----- products -----------------------------------------------------------------------


def test_get_all_goods(client: justclick.Client) -> None:
    goods = client.get_all_goods()
    assert [g["good_name"] for g in goods] == ["course", "book"]
    assert goods[0]["good_title"] == "Online course"


def test_add_update_delete_good(sandbox: Sandbox, client: justclick.Client) -> None:
    client.add_good(
        "ebook", "digital", "E-book", 300, good_client_rassilki=["super", "mega"]
    )
    assert "good_client_rassilki=super%2Cmega" in str(last_request(sandbox)["body"])
    titles = {g["good_name"]: g["good_title"] for g in client.get_all_goods()}
    assert titles["ebook"] == "E-book"
    with pytest.raises(justclick.ApiError) as info:
        client.add_good("ebook", "digital", "E-book", 300)
    assert info.value.code in (3, 301)  # documented: 3; the server code: 301

    client.update_good("ebook", 350, good_title="E-book, 2nd ed.")
    titles = {g["good_name"]: g["good_title"] for g in client.get_all_goods()}
    assert titles["ebook"] == "E-book, 2nd ed."
    with pytest.raises(justclick.InvalidParams, match="good_sum"):
        client.invoke("UpdateGood", {"good_name": "ebook"})

    client.delete_good("ebook")
    assert "ebook" not in {g["good_name"] for g in client.get_all_goods()}


# ----- orders -------------------------------------------------------------------------


def test_create_order_and_its_repeat(client: justclick.Client) -> None:
    first = client.create_order(["course"], "ann@example.com", bill_first_name="Ann")
    assert isinstance(first["bill_id"], int) and first["existing"] is False
    again = client.create_order("course", "ann@example.com")
    assert again == {"bill_id": first["bill_id"], "existing": True}
    priced = client.create_order(
        [{"good_name": "course", "good_sum": 1000}], "bob@example.com", utm={"utm_medium": "cpc"}
    )
    assert priced["bill_id"] != first["bill_id"]
    assert client.get_order_details(priced["bill_id"])["items"][0]["sum"] in (1000, "1000")


def test_create_order_errors(client: justclick.Client) -> None:
    with pytest.raises(justclick.ApiError) as info:
        client.create_order(["book"], "ann@example.com")  # physical, no delivery data
    assert info.value.code == 605
    with pytest.raises(justclick.ApiError) as info:
        client.create_order(["no-such-product"], "ann@example.com")
    assert info.value.code == 604
    with pytest.raises(justclick.InvalidParams, match="good_name"):
        client.create_order([{"good_sum": 5}], "ann@example.com")


def test_update_order_status(client: justclick.Client) -> None:
    client.update_order_status(1002, "paid", date=1_700_100_000)
    assert client.get_order_details(1002)["pay_status"] == "paid"
    with pytest.raises(justclick.InvalidParams, match="rpo"):
        client.update_order_status(1002, "sent", date=1_700_100_000)
    with pytest.raises(justclick.ApiError) as info:
        client.update_order_status(999_999, "cancel")
    assert info.value.code == 200


def test_delete_order(client: justclick.Client) -> None:
    client.delete_order(1003)
    with pytest.raises(justclick.ApiError) as info:
        client.delete_order(1003)
    assert info.value.code == 302


def test_get_orders(client: justclick.Client) -> None:
    orders = client.get_orders(date_s=0, date_e=2_000_000_000)
    assert [o["id"] for o in orders] == [1001, 1002, 1003]
    assert [o["id"] for o in client.get_orders(date_s=0, paid=True)] == [1001]
    assert client.get_orders(date_s=1_900_000_000) == []


def test_get_orders_with_goods(client: justclick.Client) -> None:
    # The seeded orders were created on 14-15 November 2023.
    orders = client.get_orders_with_goods(begin_date="14.11.2023", end_date="15.11.2023")
    assert [o["id"] for o in orders] == [1001, 1002, 1003]
    assert orders[0]["items"][0]["title"] == "Online course"
    # Three months: fetched month by month, merged without duplicates.
    long = client.get_orders_with_goods(begin_date="01.09.2023", end_date="30.11.2023")
    assert [o["id"] for o in long] == [1001, 1002, 1003]
    assert client.get_orders_with_goods(begin_date="01.01.2020", end_date="02.01.2020") == []
    with_course = client.get_orders_with_goods(
        begin_date="14.11.2023", end_date="15.11.2023", goods=["book"]
    )
    assert [o["id"] for o in with_course] == [1002]


def test_get_order_details(client: justclick.Client) -> None:
    order = client.get_order_details(1001)
    assert order["id"] == 1001 and order["email"] == "user@example.com"
    assert "good_ids" not in order
    detailed = client.get_order_details(1001, good_info=True)
    assert detailed["good_ids"] == [1]
    with pytest.raises(justclick.ApiError) as info:
        client.get_order_details(999_999)
    assert info.value.code == 400


def test_get_order_info_unwraps_the_array_of_one(client: justclick.Client) -> None:
    info = client.get_order_info(1001)
    assert isinstance(info, dict) and info["id"] == 1001
    assert "items" not in info


def test_get_bills(client: justclick.Client) -> None:
    bills = client.get_bills("user@example.com")
    assert sorted(bills) == ["1001", "1003"]
    assert next(iter(bills["1001"].values()))["good_name"] == "course"
    assert sorted(client.get_bills("user@example.com", pay_status="paid")) == ["1001"]
    assert client.get_bills("nobody@example.com") == {}


def test_get_partner_stats(client: justclick.Client) -> None:
    stats = client.get_partner_stats("partner1", date_from="2023-01-01", date_to="2030-01-01")
    assert stats["clicks_total"] == 120
    assert str(stats["earned_total"]) == "450"
    with pytest.raises(justclick.ApiError) as info:
        client.get_partner_stats("nobody")
    assert info.value.code == 1000


# ----- API 2.0 ------------------------------------------------------------------------


def test_v2_create_order(sandbox: Sandbox, client: justclick.Client) -> None:
    result = client.v2_create_order(["course"], customer_email="v2@example.com", utm_source="x")
    assert isinstance(result, dict) and isinstance(result["bill_id"], int)
    request = last_request(sandbox)
    assert request["path"] == "/api/createorder"
    assert str(request["body"]).endswith("&rpsKey=<redacted>")  # sent (the log hides it)


def test_add_update_lead_and_tags(sandbox: Sandbox, client: justclick.Client) -> None:
    # The writers return nothing (the documented result is `[]`), as the API 1.0 ones.
    assert client.add_update_lead(  # type: ignore[func-returns-value]
        lead_email="v2@example.com", add_to_lists=["mega", "super"], add_tags=["vip", "new"]
    ) is None
    assert "add_to_lists=mega%2Csuper" in str(last_request(sandbox)["body"])
    assert set(group_names(client, "v2@example.com")) == {"mega", "super"}
    assert client.add_tag_to_lead("v2@example.com", ["gold"]) is None  # type: ignore[func-returns-value]
    assert client.remove_tag_from_lead("v2@example.com", "new") is None  # type: ignore[func-returns-value]
    assert "remove_tags=new" in str(last_request(sandbox)["body"])
    assert client.remove_lead_from_list("v2@example.com", ["mega"]) is None  # type: ignore[func-returns-value]
    assert group_names(client, "v2@example.com")["mega"] == "STATUS_UNSUBSCRIBE"
    with pytest.raises(justclick.ApiError) as info:
        client.add_tag_to_lead("nobody@example.com", "x")
    assert info.value.code == 500


def test_v2_lists(client: justclick.Client) -> None:
    lists = client.get_all_lists()
    assert [(g["rass_id"], g["rass_name"]) for g in lists] == [
        (1, "super"),
        (2, "mega"),
        (3, "1608202637.2284137403"),
    ]
    assert [(g["id"], g["good_name"]) for g in client.get_goods()] == [(1, "course"), (2, "book")]
    assert client.get_coupons() == [{"id": 1, "coupon": "WELCOME10"}]
    assert client.get_personal_managers() == [
        {"id": 1, "manager_id": 1, "manager_name": "Anna Manager"}
    ]


# ----- generic calls ------------------------------------------------------------------


def test_call_signs_exactly_what_build_query_builds(
    sandbox: Sandbox, client: justclick.Client
) -> None:
    params = {"lead_email": "user@example.com", "rass_name": "super"}
    assert client.call("DeleteSubscribe", params) is None
    query = justclick.build_query(params)
    expected = query + "&hash=" + justclick.get_hash(params, sandbox.login, SECRET)
    assert last_request(sandbox)["body"] == expected


def test_call_call_v2_and_invoke(client: justclick.Client) -> None:
    groups = client.get_all_groups()
    assert client.call("GetAllGroups") == groups
    assert client.call("GetAllGroups", {}) == groups
    assert client.invoke("get_all_groups") == groups  # snake_case names work too
    assert client.invoke("GETALLGROUPS", None) == groups
    assert client.call_v2("getcoupons") == client.get_coupons()
    # call() is the raw API: GetOrderInfo's array-of-one is left alone.
    assert isinstance(client.call("GetOrderInfo", {"bill_id": 1001}), list)
    with pytest.raises(justclick.InvalidParams, match="unknown method"):
        client.invoke("GetLeads")
    with pytest.raises(justclick.InvalidParams, match="method name"):
        client.call("Get/../x")


def test_params_are_checked_before_sending(sandbox: Sandbox, client: justclick.Client) -> None:
    before = len(sandbox.log())
    with pytest.raises(justclick.InvalidParams, match='"utm\\[when\\]"'):
        client.add_lead_to_group("super", "a@b.c", utm={"when": object()})  # type: ignore[dict-item]
    with pytest.raises(justclick.InvalidParams, match="missing required field"):
        client.invoke("DeleteSubscribe", {"lead_email": "a@b.c"})
    assert len(sandbox.log()) == before


def test_extra_fields_are_sent_after_the_documented_ones(
    sandbox: Sandbox, client: justclick.Client
) -> None:
    client.create_order(
        ["course"], "ann@example.com", bill_kupon="K", extra={"bill_middle_name": "M"}
    )
    body = str(last_request(sandbox)["body"])
    assert body.index("bill_kupon=K") < body.index("bill_middle_name=M") < body.index("&hash=")


def test_unknown_keyword_arguments_are_refused_not_sent(
    sandbox: Sandbox, client: justclick.Client
) -> None:
    before = len(sandbox.log())
    with pytest.raises(justclick.InvalidParams) as info:
        client.add_lead_to_group("super", "ann@example.com", lead_nmae="Ann")  # type: ignore[arg-type]
    message = str(info.value)
    assert "add_lead_to_group() got unknown keyword argument 'lead_nmae'" in message
    assert "rid, lead_email, lead_name, lead_phone" in message, message
    assert "extra={...}" in message, message
    # A method without free-form fields points at invoke().
    with pytest.raises(justclick.InvalidParams, match=r"'x', 'y'.*use invoke\(\)"):
        client.delete_subscribe("ann@example.com", "super", x=1, y=2)  # type: ignore[arg-type]
    with pytest.raises(justclick.InvalidParams, match="its fields: none"):
        client.get_all_groups(group="super")  # type: ignore[arg-type]
    # `timeout` is the call's own option, never a field.
    assert client.get_all_groups(timeout=5) == client.get_all_groups()
    assert "timeout" not in str(last_request(sandbox)["body"])
    assert len(sandbox.log()) == before + 2


# ----- the client object --------------------------------------------------------------


def test_context_manager_and_close(sandbox: Sandbox) -> None:
    with sandbox.client() as c:
        assert not c.closed
        assert c.get_all_groups()
    assert c.closed
    with pytest.raises(justclick.JustClickError, match="closed"):
        c.get_all_groups()
    c.close()  # twice is fine


def test_repr_never_shows_the_secret(sandbox: Sandbox) -> None:
    c = sandbox.client(api_key="another-key-value")
    text = repr(c)
    assert sandbox.login in text and sandbox.base_url in text
    assert SECRET not in text and "another-key-value" not in text
    assert c.login == sandbox.login and c.base_url == sandbox.base_url


@pytest.mark.parametrize("cls", [justclick.Client, justclick.AsyncClient])
def test_repr_hides_a_password_in_the_url(cls: type[Any]) -> None:
    c = cls("demo", "s", base_url="http://user:pw123@127.0.0.1:1/api/")
    text = repr(c)
    assert "pw123" not in text and "user" not in text, text
    assert text == f"<{cls.__name__} login='demo' base_url='http://127.0.0.1:1/api/'>"
    # Without credentials the URL is shown unchanged ('@' in the path is kept).
    plain = cls("demo", "s", base_url="http://127.0.0.1:1/a@b/api/")
    assert "base_url='http://127.0.0.1:1/a@b/api/'" in repr(plain)


def test_default_base_url_and_domain() -> None:
    assert justclick.Client("shop", "s").base_url == "https://shop.justclick.ru/api/"
    assert justclick.Client("shop", "s", domain="justclick.io").base_url == (
        "https://shop.justclick.io/api/"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"connect_timeout": -1.0}, "connect_timeout must be a positive number"),
        ({"timeout": float("nan")}, "timeout must be a positive number"),
        ({"base_url": "http://example.com/api/"}, "non-loopback"),
        ({"base_url": "ftp://x/"}, "https"),
        ({"ca_file": os.devnull}, "no certificate"),
        ({"ca_file": "/nonexistent/ca.pem"}, "CA file"),
        ({"domain": "bad domain"}, "not a host name"),
        ({"max_idle_connections": 4097}, "max_idle_connections"),
        ({"max_idle_connections": -1}, "max_idle_connections"),
        ({"max_idle_connections": "8"}, "max_idle_connections"),
    ],
)
def test_bad_options_raise_invalid_params(options: dict[str, object], message: str) -> None:
    with pytest.raises(justclick.InvalidParams, match=message):
        justclick.Client("shop", "s", **options)  # type: ignore[arg-type]


def test_max_idle_connections_is_accepted(sandbox: Sandbox) -> None:
    for n in (0, 1, 4096):
        assert isinstance(sandbox.client(max_idle_connections=n).get_all_groups(), list)
    assert justclick.AsyncClient("shop", "s", max_idle_connections=2) is not None


def test_empty_credentials_are_refused() -> None:
    with pytest.raises(justclick.InvalidParams, match="secret is empty"):
        justclick.Client("shop", "")
    with pytest.raises(justclick.InvalidParams, match="login is empty"):
        justclick.Client("", "s")
