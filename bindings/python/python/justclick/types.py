"""Types of justclick's parameters and results, for annotations.

Results are plain ``dict``/``list`` data with the API's own field names; these
``TypedDict`` classes describe them for type checkers (at run time they are ordinary
dicts). Field types are as loose as the documentation: JustClick's PHP backend sends
ids and sums sometimes as numbers, sometimes as strings, so those are unions. The keys
the API always sends (a group's ``rass_name``, an order's ``id``, a notification's
``id``/``email``) are required, so ``s["rass_name"]`` type-checks under mypy and
pyright alike; the others are optional (read them with ``.get()``): the docs list them
but the server may leave some out.

Example::

    from justclick.types import GroupStatus

    def active(statuses: list[GroupStatus]) -> list[str]:
        return [s["rass_name"] for s in statuses if s["rass_status"] == "STATUS_SUBSCRIBE"]
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Dict, List, Literal, TypedDict, Union

__all__ = [
    "BillGood",
    "Bills",
    "Coupon",
    "Good",
    "GoodV2",
    "Group",
    "GroupStatus",
    "JsonValue",
    "ListV2",
    "Manager",
    "Notification",
    "NotificationFields",
    "NotificationItem",
    "Order",
    "OrderCreated",
    "OrderDetails",
    "OrderInfo",
    "OrderItem",
    "OrderPartner",
    "OrderWithGoods",
    "ParamValue",
    "Params",
    "PartnerStats",
    "ResponseKind",
    "Utm",
]

#: One parameter value: what a PHP array can hold. Lists and tuples become PHP lists
#: (``key[0]=...``), mappings PHP associative arrays (``key[sub]=...``), ``True``/``False``
#: ``1``/``0``; ``None`` is left out; ``datetime.date``/``datetime`` become ISO text, which
#: date fields convert to their format. Anything else raises ``InvalidParams``.
ParamValue = Union[
    None,
    bool,
    int,
    float,
    str,
    datetime.date,
    Mapping[str, "ParamValue"],
    Sequence["ParamValue"],
]

#: A parameter set; key order is kept (it is part of the signature).
Params = Mapping[str, ParamValue]

#: Any JSON value as the API sends it, for results the docs leave undescribed: narrow
#: it (``isinstance``) before use.
JsonValue = Union[None, bool, int, float, str, List["JsonValue"], Dict[str, "JsonValue"]]

#: What was wrong with an answer that was not a usable JustClick envelope
#: (``ResponseError.kind``); "other" is for a problem a newer core may add.
ResponseKind = Literal[
    "empty", "not_json", "truncated", "too_large", "malformed", "redirect", "other"
]

#: A number that PHP may send as a JSON number or as a numeric string.
Num = Union[int, float, str]


class _GroupOptional(TypedDict, total=False):
    """The keys of ``Group`` the server may leave out."""

    rass_id: Union[int, str]
    """Numeric group id (``GetAllGroups`` on newer servers)."""


class Group(_GroupOptional):
    """A group (mailing list): ``get_all_groups()``, ``get_lead_groups()``."""

    rass_name: str
    """The group's API id (e.g. ``super`` or ``1608202637.2284137403``)."""
    rass_title: str
    """The group's title."""


class _GroupStatusOptional(TypedDict, total=False):
    """The keys of ``GroupStatus`` the server may leave out."""

    subscription_time: Union[int, str]


class GroupStatus(_GroupStatusOptional):
    """A contact's membership in one group: ``get_lead_group_statuses()``."""

    rass_name: str
    rass_title: str
    rass_status: str
    """``STATUS_WAIT``, ``STATUS_SUBSCRIBE``, ``STATUS_UNSUBSCRIBE``,
    ``STATUS_UNSUBSCRIBE_BY_SERVICE`` or ``STATUS_INVALID_EMAIL``."""


class _GoodOptional(TypedDict, total=False):
    """The keys of ``Good`` the server may leave out."""

    good_id: Union[int, str]
    good_sum: Num
    good_type: Union[int, str]


class Good(_GoodOptional):
    """A product: ``get_all_goods()``."""

    good_name: str
    """The product id used by other methods."""
    good_title: str


class OrderCreated(TypedDict):
    """The result of ``create_order()``."""

    bill_id: int
    """The order id."""
    existing: bool
    """True when JustClick answered 601: the same order already existed and this is
    its id (so retrying ``create_order`` is safe)."""


class Utm(TypedDict, total=False):
    """UTM marks as orders report them (no ``utm_`` prefix)."""

    medium: str
    source: str
    campaign: str
    content: str
    term: str


class OrderPartner(TypedDict, total=False):
    """A partner credited for an order item."""

    partner_lvl: Union[int, str]
    partner_id: Union[int, str]
    partner_name: str
    partner_fee: Num


class _OrderItemOptional(TypedDict, total=False):
    """The keys of ``OrderItem`` the server may leave out."""

    title: str
    sum: Num
    """The price actually charged in this order."""
    price: Num
    """The price from the product settings."""
    pincode: str
    partners: List[OrderPartner]


class OrderItem(_OrderItemOptional):
    """One product in an order."""

    id: Union[int, str]


class _OrderOptional(TypedDict, total=False):
    """The keys of ``Order`` the server may leave out."""

    first_name: str
    last_name: str
    middle_name: str
    email: str
    phone: str
    city: str
    country: str
    address: str
    region: str
    postalcode: str
    created: Union[int, str]
    pay_status: str
    paid: Union[int, str, None]
    type: str
    payway: str
    comment: str
    domain: str
    link: str
    utm: Utm
    price: Num


class Order(_OrderOptional):
    """An order as ``get_orders()`` reports it."""

    id: Union[int, str]


class OrderInfo(Order, total=False):
    """One order: ``get_order_info()`` (deprecated; an array-of-one is unwrapped)."""

    tag: str
    kupon: str
    """Coupon code (also filled when the server spells it ``coupon``)."""
    coupon: str
    good_count: Union[int, str]
    bill_sum_topay: Num


class OrderWithGoods(OrderInfo, total=False):
    """An order with its items: ``get_orders_with_goods()``."""

    is_recurrent: Union[bool, int, str]
    items: List[OrderItem]


class OrderDetails(OrderWithGoods, total=False):
    """One order in detail: ``get_order_details()``; the last four fields come with
    ``good_info=True``."""

    good_ids: Union[List[Union[int, str]], str]
    prepayment_enabled: Union[bool, int, str]
    prepayment_minsum: Num


class _BillGoodOptional(TypedDict, total=False):
    """The keys of ``BillGood`` the server may leave out."""


class BillGood(_BillGoodOptional):
    """A product of an order in ``get_bills()``."""

    good_name: str
    good_title: str

#: ``get_bills()``: order number -> product key -> product.
Bills = Dict[str, Dict[str, BillGood]]


class _PartnerStatsOptional(TypedDict, total=False):
    """The keys of ``PartnerStats`` the server may leave out."""


class PartnerStats(_PartnerStatsOptional):
    """``get_partner_stats()``."""

    earned_total: Num
    topay_total: Num
    clicks_total: Num
    leads_total: Num
    bills_total: Num
    partners_total: Num


class _ListV2Optional(TypedDict, total=False):
    """The keys of ``ListV2`` the server may leave out."""

    id: Union[int, str]
    rass_id: Union[int, str]


class ListV2(_ListV2Optional):
    """A group as API 2.0 ``get_all_lists()`` reports it."""

    rass_name: str
    rass_title: str


class _GoodV2Optional(TypedDict, total=False):
    """The keys of ``GoodV2`` the server may leave out."""

    id: Union[int, str]


class GoodV2(_GoodV2Optional):
    """A product as API 2.0 ``get_goods()`` reports it."""

    good_name: str
    good_title: str


class _CouponOptional(TypedDict, total=False):
    """The keys of ``Coupon`` the server may leave out."""

    id: Union[int, str]


class Coupon(_CouponOptional):
    """A coupon: ``get_coupons()``."""

    coupon: str


class _ManagerOptional(TypedDict, total=False):
    """The keys of ``Manager`` the server may leave out."""

    id: Union[int, str]
    manager_id: Union[int, str]


class Manager(_ManagerOptional):
    """An additional user (sales manager): ``get_personal_managers()``."""

    manager_name: str


class NotificationItem(TypedDict, total=False):
    """A product in an invoice notification."""

    id: str
    title: str
    sum: str
    price: str
    pincode: str
    partners: List[Dict[str, str]]


class _NotificationFieldsOptional(TypedDict, total=False):
    """The keys of ``NotificationFields`` the server may leave out."""

    status: str
    first_name: str
    last_name: str
    middle_name: str
    phone: str
    city: str
    country: str
    address: str
    region: str
    postalcode: str
    created: str
    paid: str
    last_payment_sum: str
    prepayment_sum: str
    comment: str
    tag: str
    kupon: str
    coupon: str
    type: str
    payway: str
    domain: str
    link: str
    is_recurrent: str
    utm: Dict[str, str]
    items: List[NotificationItem]


class NotificationFields(_NotificationFieldsOptional):
    """The fields of an invoice notification, as PHP would see them in ``$_POST``:
    strings, with ``utm[...]`` and ``items[n][...]`` nested."""

    id: str
    email: str
    hash: str


class Notification(TypedDict):
    """A verified invoice notification: ``verify_notification()``."""

    kind: Literal["paid", "created", "cancelled", "prepaid", "moneyback", "unknown"]
    """What it reports (from ``status``, or ``paid``/``prepayment_sum``)."""
    formula: Literal["id.email.paid", "id.email.created", "id.email"]
    """Which signature formula the ``hash`` matched."""
    fields: NotificationFields
    """Every field of the body."""
