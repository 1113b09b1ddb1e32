"""The precise result types: ``invoke`` overloads by literal method name, the API 2.0
writers, ``add_lead_to_group``. Each ``assert_type`` is checked statically by
``mypy --strict`` and pyright (strict) in ``run-tests``; at run time it returns its
argument, and the tests also check the values match the types."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any, Dict, List

from typing_extensions import assert_type

import justclick
from justclick.testing import Sandbox
from justclick.types import Group, GroupStatus, JsonValue, OrderCreated


def test_invoke_overloads_give_the_named_methods_types(client: justclick.Client) -> None:
    groups = assert_type(client.invoke("GetAllGroups"), List[Group])
    assert groups == client.get_all_groups() and groups[0]["rass_name"]
    # The snake_case name is accepted by the core, and typed the same.
    assert assert_type(client.invoke("get_all_groups"), List[Group]) == groups
    statuses = client.invoke("GetLeadGroupStatuses", {"email": "user@example.com"})
    assert_type(statuses, List[GroupStatus])
    assert {s["rass_status"] for s in statuses} <= {
        "STATUS_WAIT", "STATUS_SUBSCRIBE", "STATUS_UNSUBSCRIBE",
        "STATUS_UNSUBSCRIBE_BY_SERVICE", "STATUS_INVALID_EMAIL",
    }
    count = assert_type(client.invoke("GetCountSubscribe", {"group_name": "super"}), int)
    assert isinstance(count, int)
    order = client.invoke("CreateOrder", {"goods": ["course"], "bill_email": "t@example.com"})
    assert_type(order, OrderCreated)
    assert isinstance(order["bill_id"], int) and order["existing"] is False
    v2 = client.invoke("createorder", {"product_names": "course", "customer_email": "t@x.c"})
    assert_type(v2, JsonValue)
    assert isinstance(v2, dict)
    # Any other name (or a spelling in another case) is still accepted, as Any.
    assert_type(client.invoke("getallgroups"), Any)
    name = "".join(["Get", "AllGroups"])  # a str, not a literal, for both checkers
    assert_type(client.invoke(name), Any)


def test_async_invoke_overloads() -> None:
    async def main() -> List[Group]:
        async with Sandbox() as sb, sb.async_client() as c:
            return assert_type(await c.invoke("GetAllGroups"), List[Group])

    assert asyncio.run(main())[0]["rass_name"]


def test_writers_have_precise_types(client: justclick.Client) -> None:
    added = assert_type(client.add_lead_to_group("mega", "w@example.com"), Dict[str, JsonValue])
    assert added == {}
    created = client.v2_create_order("course", customer_email="w@example.com")
    assert_type(created, JsonValue)
    assert created is not None


def test_every_typed_named_method_has_an_overload() -> None:
    # The overloads are generated (gen_async.py) from the named methods that return
    # `cast(T, self._invoke_typed(...))`: check a few known ones made it, both names.
    source = (Path(justclick.__file__).parent / "_client.py").read_text("utf-8")
    literals = {
        ast.literal_eval(elt)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Literal"
        for elt in [ast.unparse(e) for e in getattr(node.slice, "elts", [node.slice])]
    }
    for expected in ("GetAllGroups", "get_all_groups", "getOrderDetails", "get_coupons"):
        assert expected in literals
    # Methods returning None (their invoke result is not what they return) have none.
    assert "DeleteSubscribe" not in literals and "AddLeadToGroup" not in literals
