"""``justclick.Client``: one snake_case method per documented API method.

Each method only gathers its keyword arguments (named exactly as the API fields, in
the documented order, ``None`` left out) and hands them to the native
``invoke(method, params)``. Everything else (the API generation, required fields,
documented quirks, signing, verification, the GIL release) happens in the Rust core,
so every language binding behaves the same.

Every named method takes a keyword-only ``timeout`` (seconds for this call, instead of
the client's). Fields the docs do not list (``aff``, ``bill_middle_name``, ...) go in
the ``extra`` mapping of the methods that take one; they are sent after the documented
ones. An unknown keyword argument raises ``InvalidParams`` naming it and the method's
fields, so a misspelt field is never sent.
"""

from __future__ import annotations

import datetime
import inspect
import sys
from collections.abc import Mapping, Sequence
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    List,
    Literal,
    NoReturn,
    Optional,
    Tuple,
    Union,
    cast,
    overload,
)

from . import _justclick
from ._errors import InvalidParams
from .types import (
    Bills,
    Coupon,
    Good,
    GoodV2,
    Group,
    GroupStatus,
    JsonValue,
    ListV2,
    Manager,
    Order,
    OrderCreated,
    OrderDetails,
    OrderInfo,
    OrderWithGoods,
    ParamValue,
    PartnerStats,
)

__all__ = ["Client"]

_Str = Optional[str]
#: A date field: ``datetime.date``, or text in the field's format or ISO ``yyyy-mm-dd``.
_Date = Optional[Union[str, datetime.date]]
_Num = Optional[Union[int, float, str]]
_Int = Optional[Union[int, str]]
_Flag = Optional[Union[bool, int]]
_Names = Union[str, Sequence[str]]
_OptNames = Optional[_Names]


def _args(args: Dict[str, Any]) -> Tuple[Dict[str, ParamValue], Optional[float]]:
    """A named method's ``locals()`` as its API fields (arguments in order, ``None``
    left out, the ``extra`` mapping last) and its ``timeout``.

    An unknown keyword argument (caught by ``**unknown``) raises ``InvalidParams``
    naming it and the method's fields: it is never sent, so a typo such as
    ``lead_nmae=`` cannot reach the server as a field the server ignores.
    """
    unknown: Dict[str, Any] = args.pop("unknown")
    timeout: Optional[float] = args.pop("timeout")
    extra: Optional[Mapping[str, ParamValue]] = args.pop("extra", None)
    args.pop("self")
    if unknown:
        raise _unknown_keywords(sys._getframe(1).f_code.co_name, unknown, args)
    out: Dict[str, ParamValue] = {k: v for k, v in args.items() if v is not None}
    if extra:
        out.update(extra)
    return out, timeout


def _unknown_keywords(
    name: str, unknown: Mapping[str, Any], fields: Mapping[str, Any]
) -> InvalidParams:
    """The ``InvalidParams`` for keyword arguments a named method does not take."""
    given = ", ".join(repr(k) for k in unknown)
    known = ", ".join(fields) or "none"
    s = "s" if len(unknown) > 1 else ""
    hint = (
        "pass other fields as extra={...}"
        if "extra" in inspect.signature(getattr(Client, name)).parameters
        else "use invoke() to send other fields"
    )
    return InvalidParams(
        f"{name}() got unknown keyword argument{s} {given}; its fields: {known} "
        f"(and timeout=); {hint}"
    )


class Client(_justclick.Client):
    """A JustClick API client; safe to share between threads.

    ``Client(login, secret, *, base_url=None, domain="justclick.ru", timeout=30.0,
    connect_timeout=10.0, max_retries=2, ca_file=None, api_key=None, user_agent=None,
    max_response_bytes=16777216, retry_base_delay=0.25, allow_insecure_http=False,
    verify_v2_responses=True, proxy=None, no_proxy=None, max_idle_connections=64)``

    Args:
        login: The account login (also its subdomain: ``https://LOGIN.justclick.ru``).
        secret: The API secret key (signs API 1.0 requests; never shown in repr or
            error messages).
        base_url: A full API URL instead of ``https://LOGIN.<domain>/api/``. Plain
            ``http://`` is accepted only for loopback hosts unless
            ``allow_insecure_http`` is true.
        domain: ``justclick.ru`` (default), ``justclick.io``, or a clone platform's.
        timeout: Seconds the whole call may take, connecting to the last byte,
            retries and redirects included (a ``TimeoutError`` after it).
        connect_timeout: Seconds to connect, TLS handshake included (within
            ``timeout``).
        max_retries: Retries for failures where repeating cannot do harm (reads, and
            requests that certainly never reached the server); within ``timeout``.
        ca_file: A PEM file of CA certificates to trust instead of the built-in roots.
        api_key: The API 2.0 key (``rpsKey``); defaults to ``secret``.
        user_agent: The ``User-Agent`` header.
        max_response_bytes: Larger responses are refused (``ResponseError``).
        retry_base_delay: First retry delay in seconds; it doubles each time.
        allow_insecure_http: Allow ``http://`` to non-loopback hosts (trusted
            networks only: requests can then be read and altered in transit).
        verify_v2_responses: Verify API 2.0 response hashes with the API key.
        proxy: Send requests through this HTTP proxy (``http://host:port``; ``""``
            for none). Default: the environment as curl reads it (``https_proxy``,
            ``HTTPS_PROXY``, lower-case ``http_proxy`` only, ``all_proxy``; never for
            loopback hosts). SOCKS is refused. Transport errors name the proxy.
        no_proxy: Hosts never proxied (comma-separated names with their subdomains,
            IPs, or ``*``); replaces ``no_proxy``/``NO_PROXY``.
        max_idle_connections: Idle keep-alive connections kept for reuse (0 to 4096;
            0 closes each after its call). At least the number of threads calling at
            once, or the calls beyond it reconnect.

    Every call releases the GIL while it waits on the network. On the main thread,
    Ctrl-C cancels a waiting call within milliseconds and raises ``KeyboardInterrupt``
    (a cancelled request is never sent again; one already sent may have been applied).
    Every method takes a keyword-only ``timeout=`` in seconds for that call alone. Use
    the client as a context manager, or call ``close()``, to drop its pooled
    connections.

    The named methods refuse a list or dict for a field that holds one value
    (``lead_name``, ``bill_email``, ...) and convert ``datetime.date`` values and ISO
    dates to the format the field takes; ``call``/``invoke`` send what they are given.

    Raises:
        InvalidParams: a bad option, naming it (wrong type or range, empty login,
            non-HTTPS URL, unreadable CA file).
    """

    __slots__ = ()
    __module__ = "justclick"

    # ----- API 1.0: contacts and groups -------------------------------------------

    def add_lead_to_group(
        self,
        rid: _Names,
        lead_email: str,
        *,
        lead_name: _Str = None,
        lead_phone: _Str = None,
        lead_city: _Str = None,
        tag: _Str = None,
        doneurl2: _Str = None,
        activation: _Flag = None,
        utm: Optional[Mapping[str, str]] = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> Dict[str, JsonValue]:
        """Add a contact to one or more groups (``AddLeadToGroup``).

        Args:
            rid: The group's API id, or a list of them.
            lead_email: The contact's e-mail.
            lead_name: Name (the server substitutes "Dear Friend" when empty).
            lead_phone: Phone.
            lead_city: City.
            tag: A label attached to the contact.
            doneurl2: Where the contact lands after confirming the subscription.
            activation: True to require double opt-in («Гуру» tariff).
            utm: ``{"utm_medium": ..., "utm_source": ..., "aff_medium": ...}``.
            extra: Undocumented fields (``{"aff": ..., "noaff": 1}``), sent last.

        Returns:
            The response's result object: ``{}``, as the method returns no data.

        Raises:
            ApiError: e.g. 102 (already in every group) or 103 (no valid group), also
                when the server reports these with code 0.
        """
        result = self._invoke_typed("AddLeadToGroup", *_args(locals()))
        return cast(Dict[str, JsonValue], result) if isinstance(result, dict) else {}

    def update_subscriber_data(
        self,
        lead_email: str,
        *,
        lead_name: _Str = None,
        lead_phone: _Str = None,
        lead_city: _Str = None,
        lead_tags: _OptNames = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Change an existing contact (``UpdateSubscriberData``); omitted fields stay.

        Args:
            lead_email: The contact's e-mail (the key).
            lead_name: New name.
            lead_phone: New phone (replaces the old one).
            lead_city: City.
            lead_tags: Tags, as a list or a comma-separated string.

        Raises:
            ApiError: e.g. 500 (contact not found).
        """
        self._invoke_typed("UpdateSubscriberData", *_args(locals()))

    def delete_subscribe(
        self,
        lead_email: str,
        rass_name: str,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Unsubscribe a contact from a group (``DeleteSubscribe``).

        Raises:
            ApiError: 800 (no such group) or 801 (no such contact).
        """
        self._invoke_typed("DeleteSubscribe", *_args(locals()))

    def get_lead_group_statuses(
        self,
        email: str,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[GroupStatus]:
        """A contact's groups with the subscription status in each
        (``GetLeadGroupStatuses``); ``[]`` when it is in none.

        Raises:
            ApiError: 500 (contact not found).
        """
        return cast(
            List[GroupStatus],
            self._invoke_typed("GetLeadGroupStatuses", *_args(locals())),
        )

    def get_lead_groups(
        self,
        email: str,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[Group]:
        """A contact's groups (``GetLeadGroups``, deprecated: use
        ``get_lead_group_statuses``); ``[]`` when it is in none."""
        return cast(List[Group], self._invoke_typed("GetLeadGroups", *_args(locals())))

    def get_all_groups(
        self,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[Group]:
        """All groups of the account (``GetAllGroups``); ``[]`` when there are none."""
        return cast(List[Group], self._invoke_typed("GetAllGroups", *_args(locals())))

    def get_count_subscribe(
        self,
        group_name: str,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> int:
        """Number of contacts in a group (``GetCountSubscribe``).

        Args:
            group_name: A group's API id, ``"unique"`` (active unique contacts) or
                ``"all"`` (all contacts; the server's spelling ``"alls"`` is tried too).
        """
        return cast(int, self._invoke_typed("GetCountSubscribe", *_args(locals())))

    # ----- API 1.0: products -------------------------------------------------------

    def add_good(
        self,
        good_name: str,
        good_type: Union[int, str],
        good_title: str,
        good_sum: Union[int, float, str],
        *,
        parent_id: _Int = None,
        good_api_url_notif: _Str = None,
        good_api_url_new_order: _Str = None,
        good_success_link: _Str = None,
        good_client_rassilki: _OptNames = None,
        good_nalozh_only: _Flag = None,
        good_quickpost_article: _Str = None,
        good_post_service: _Str = None,
        good_only_countries: _OptNames = None,
        good_download: _Str = None,
        good_mail_subject: _Str = None,
        good_mail_format: _Str = None,
        good_mail_body: _Str = None,
        good_mail_text: _Str = None,
        good_partner_fee: _Num = None,
        good_partner_fee_perc: _Num = None,
        good_partner_pfee: _Num = None,
        good_partner_pfee_perc: _Num = None,
        good_partner_show: _Flag = None,
        good_partner_SL_link: _Str = None,
        good_partner_addition_link: _Str = None,
        good_partner_text: _Str = None,
        good_pay_text: _Str = None,
        good_timer: _Flag = None,
        good_timer_unit: _Str = None,
        good_timer_duration: _Int = None,
        good_use_short: _Flag = None,
        good_rashod: _Num = None,
        good_rashod_perc: _Num = None,
        good_publish: _Flag = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Create a product (``AddGood``) in an existing category.

        Args:
            good_name: The product id, unique in the account.
            good_type: The docs say ``1`` physical / ``0`` digital; the server stores
                ``"real"`` as physical and anything else as digital, so ``"real"`` /
                ``"digital"`` is the safe choice.
            good_title: The product's name.
            good_sum: The price.
            good_client_rassilki: Groups buyers are added to (list or comma string).
            good_only_countries: Country ids (list or comma string without spaces).
            good_post_service: ``"none"`` or ``"quickpost"``.
            good_mail_format: ``"html"`` or ``"text"``.
            good_timer_unit: ``"min"``, ``"hour"`` or ``"day"``.
            The other arguments are the API fields of the same name (spec 6.2.1).

        Raises:
            ApiError: e.g. 301 (product exists).
        """
        self._invoke_typed("AddGood", *_args(locals()))

    def update_good(
        self,
        good_name: str,
        good_sum: Union[int, float, str],
        *,
        good_title: _Str = None,
        good_type: Optional[Union[int, str]] = None,
        parent_id: _Int = None,
        good_api_url_notif: _Str = None,
        good_api_url_new_order: _Str = None,
        good_success_link: _Str = None,
        good_client_rassilki: _OptNames = None,
        good_nalozh_only: _Flag = None,
        good_quickpost_article: _Str = None,
        good_post_service: _Str = None,
        good_only_countries: _OptNames = None,
        good_download: _Str = None,
        good_mail_subject: _Str = None,
        good_mail_format: _Str = None,
        good_mail_body: _Str = None,
        good_mail_text: _Str = None,
        good_partner_fee: _Num = None,
        good_partner_fee_perc: _Num = None,
        good_partner_pfee: _Num = None,
        good_partner_pfee_perc: _Num = None,
        good_partner_show: _Flag = None,
        good_partner_SL_link: _Str = None,
        good_partner_addition_link: _Str = None,
        good_partner_text: _Str = None,
        good_pay_text: _Str = None,
        good_timer: _Flag = None,
        good_timer_unit: _Str = None,
        good_timer_duration: _Int = None,
        good_use_short: _Flag = None,
        good_rashod: _Num = None,
        good_rashod_perc: _Num = None,
        good_publish: _Flag = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Change a product (``UpdateGood``); fields as for ``add_good``.

        ``good_sum`` is required because the server writes 0 when it is omitted:
        send the current price to keep it.

        Raises:
            ApiError: e.g. 300 (no such product).
        """
        self._invoke_typed("UpdateGood", *_args(locals()))

    def delete_good(
        self,
        good_name: str,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Delete a product (``DeleteGood``)."""
        self._invoke_typed("DeleteGood", *_args(locals()))

    def get_all_goods(
        self,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[Good]:
        """All products of the shop (``GetAllGoods``); ``[]`` when there are none."""
        return cast(List[Good], self._invoke_typed("GetAllGoods", *_args(locals())))

    # ----- API 1.0: orders ---------------------------------------------------------

    def create_order(
        self,
        goods: Union[str, Sequence[Union[str, Mapping[str, ParamValue]]]],
        bill_email: str,
        *,
        bill_first_name: _Str = None,
        bill_surname: _Str = None,
        bill_otchestvo: _Str = None,
        bill_phone: _Str = None,
        bill_country: _Str = None,
        bill_region: _Str = None,
        bill_city: _Str = None,
        bill_address: _Str = None,
        bill_postal_code: _Str = None,
        bill_kupon: _Str = None,
        bill_tag: _Str = None,
        bill_comment: _Str = None,
        bill_ip: _Str = None,
        bill_timer_kill: Optional[Union[bool, int]] = None,
        bill_created: Optional[int] = None,
        bill_domain: _Str = None,
        utm: Optional[Mapping[str, str]] = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> OrderCreated:
        """Create an order for one buyer (``CreateOrder``).

        Args:
            goods: Product ids, or ``[{"good_name": ..., "good_sum": ...}]`` to set a
                price for this order.
            bill_email: The buyer's e-mail.
            bill_first_name, bill_surname, bill_country, bill_city, bill_address:
                Required by the server when a product is physical (else 605).
            bill_otchestvo: Patronymic (the English docs call it
                ``bill_middle_name``; pass that as an extra keyword if you need it).
            bill_kupon: A coupon code.
            bill_timer_kill: True: cancel after the product's time limit; False: never;
                an int: cancel at that UNIX time.
            bill_created: Creation time (UNIX seconds).
            bill_domain: The domain that took the order (makes ``link`` absolute).
            utm: ``{"utm_medium": ..., "utm_source": ..., ...}``.

        Returns:
            ``{"bill_id": int, "existing": bool}``; ``existing`` is True when the same
            order already existed (JustClick's 601), so retrying is safe.

        Raises:
            ApiError: 600-606 (bad e-mail, unknown product, missing delivery data...).
        """
        return cast(OrderCreated, self._invoke_typed("CreateOrder", *_args(locals())))

    def update_order_status(
        self,
        bill_id: Union[int, str],
        status: str,
        *,
        date: Optional[int] = None,
        rpo: _Str = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Set an order's status (``UpdateOrderStatus``).

        Args:
            bill_id: The order id.
            status: ``"sent"`` (needs ``date`` and ``rpo``), ``"paid"`` (needs
                ``date``), ``"return"`` or ``"cancel"``.
            date: UNIX time of shipping or payment.
            rpo: Postal tracking number.

        Raises:
            InvalidParams: ``date``/``rpo`` missing for the status (checked locally).
            ApiError: 200 (no such order), 201 (unknown status), 202.
        """
        self._invoke_typed("UpdateOrderStatus", *_args(locals()))

    def delete_order(
        self,
        bill_id: Union[int, str],
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Delete (hide) an order (``DeleteOrder``).

        Raises:
            ApiError: 302 when the order does not exist (whether the server says
                302 or 200).
        """
        self._invoke_typed("DeleteOrder", *_args(locals()))

    def get_orders(
        self,
        *,
        date_s: _Int = None,
        date_e: _Int = None,
        paid: _Flag = None,
        goods: _OptNames = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[Order]:
        """Orders created in a period (``GetOrders``, deprecated: use
        ``get_orders_with_goods``); ``[]`` when there are none.

        Args:
            date_s: From, UNIX time.
            date_e: To, UNIX time.
            paid: True for paid orders only.
            goods: A product id or a list of them.
        """
        return cast(List[Order], self._invoke_typed("GetOrders", *_args(locals())))

    def get_orders_with_goods(
        self,
        *,
        begin_date: _Date = None,
        end_date: _Date = None,
        paid: _Flag = None,
        goods: _OptNames = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[OrderWithGoods]:
        """Orders with their items (``getOrdersWithGoods``); ``[]`` when none.

        The server answers at most one month; a longer ``dd.mm.yyyy`` range is fetched
        month by month and merged without duplicates.

        Args:
            begin_date: From, ``"dd.mm.yyyy"`` (neither date: today).
            end_date: To, ``"dd.mm.yyyy"`` (default: now).
            paid: True for invoices paid within the range.
            goods: A product id or a list of them.
        """
        return cast(
            List[OrderWithGoods],
            self._invoke_typed("getOrdersWithGoods", *_args(locals())),
        )

    def get_order_details(
        self,
        bill_id: Union[int, str],
        *,
        good_info: _Flag = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> OrderDetails:
        """One order in detail, with its items (``getOrderDetails``).

        Args:
            bill_id: The order id.
            good_info: True adds ``good_ids``, ``good_count``, ``prepayment_enabled``
                and ``prepayment_minsum``.

        Raises:
            ApiError: 400 (no such order).
        """
        return cast(
            OrderDetails, self._invoke_typed("getOrderDetails", *_args(locals()))
        )

    def get_order_info(
        self,
        bill_id: Union[int, str],
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> OrderInfo:
        """One order (``GetOrderInfo``, deprecated: use ``get_order_details``).

        Raises:
            ApiError: 400 (no such order).
        """
        return cast(OrderInfo, self._invoke_typed("GetOrderInfo", *_args(locals())))

    def get_bills(
        self,
        email: str,
        *,
        pay_status: _Str = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> Bills:
        """A customer's orders by e-mail (``GetBills``): order number -> product key
        -> ``{good_name, good_title}``; ``{}`` when there are none.

        Args:
            email: The customer's e-mail.
            pay_status: ``"paid"``, ``"waiting"`` or ``"cancel"`` (default: all).
        """
        return cast(Bills, self._invoke_typed("GetBills", *_args(locals())))

    # ----- API 1.0: partners -------------------------------------------------------

    def get_partner_stats(
        self,
        partner: str,
        *,
        date_from: _Date = None,
        date_to: _Date = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> PartnerStats:
        """One partner's statistics (``GetPartnerStats``).

        Args:
            partner: The partner's login.
            date_from: ``"YYYY-MM-DD"`` (a ``datetime.date`` or ``dd.mm.yyyy`` is converted).
            date_to: ``"YYYY-MM-DD"``.

        Raises:
            ApiError: 1000 (no such partner).
        """
        return cast(
            PartnerStats, self._invoke_typed("GetPartnerStats", *_args(locals()))
        )

    # ----- API 2.0 -----------------------------------------------------------------

    def v2_create_order(
        self,
        product_names: _Names,
        *,
        product_prices: Optional[Union[str, Sequence[Union[int, float, str]]]] = None,
        customer_email: _Str = None,
        customer_first_name: _Str = None,
        customer_last_name: _Str = None,
        customer_middle_name: _Str = None,
        customer_phone: _Str = None,
        order_ip: _Str = None,
        customer_shipping: _Str = None,
        customer_shipping_phone: _Str = None,
        customer_shipping_address_2: _Str = None,
        customer_shipping_city: _Str = None,
        customer_shipping_state: _Str = None,
        customer_shipping_zip: _Str = None,
        customer_shipping_country_code: _Str = None,
        customer_billing_address_1: _Str = None,
        customer_billing_address_2: _Str = None,
        customer_billing_city: _Str = None,
        customer_billing_state: _Str = None,
        customer_billing_zip: _Str = None,
        customer_billing_country_code: _Str = None,
        order_tag: _Str = None,
        note: _Str = None,
        order_created_at: _Str = None,
        order_paid_at: _Str = None,
        order_status: _Str = None,
        order_confirmed: _Str = None,
        order_sales_manager: _Int = None,
        payment_method: _Str = None,
        coupon: _Int = None,
        affiliates: _OptNames = None,
        utm_medium: _Str = None,
        utm_source: _Str = None,
        utm_campaign: _Str = None,
        utm_content: _Str = None,
        utm_term: _Str = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> JsonValue:
        """Create an order through API 2.0 (``createorder``).

        Args:
            product_names: Product ids (list or comma-separated string).
            product_prices: Prices by position; missing ones use the product's.
            order_status: ``"Expected"``, ``"Paid"``, ``"Cancel"`` or ``"MoneyBack"``.
            order_created_at, order_paid_at: e.g. ``"2019-07-30 04:22:16"``.
            affiliates: Partner logins, level 1 first.
            The other arguments are the API fields of the same name (spec 7.1).

        Returns:
            The result as sent: the docs do not describe it (show ``[]``), so it is
            any JSON value; narrow it before use.
        """
        return cast(JsonValue, self._invoke_typed("createorder", *_args(locals())))

    def add_update_lead(
        self,
        *,
        lead_email: _Str = None,
        add_to_lists: _OptNames = None,
        remove_from_lists: _OptNames = None,
        add_tags: _OptNames = None,
        remove_tags: _OptNames = None,
        lead_first_name: _Str = None,
        lead_middle_name: _Str = None,
        lead_last_name: _Str = None,
        lead_phone: _Str = None,
        lead_utc: _Str = None,
        lead_description: _Str = None,
        lead_personal_manager: _Int = None,
        lead_shipping_address_1: _Str = None,
        lead_shipping_address_2: _Str = None,
        lead_shipping_city: _Str = None,
        lead_shipping_zip: _Str = None,
        lead_shipping_country_code: _Str = None,
        lead_shipping_state: _Str = None,
        lead_billing_address_1: _Str = None,
        lead_billing_address_2: _Str = None,
        lead_billing_city: _Str = None,
        lead_billing_state: _Str = None,
        lead_billing_zip: _Str = None,
        lead_billing_country_code: _Str = None,
        lead_facebook: _Str = None,
        lead_instagram: _Str = None,
        lead_whatsapp: _Str = None,
        lead_telegram: _Str = None,
        lead_viber: _Str = None,
        lead_vkontakte: _Str = None,
        lead_in: _Str = None,
        extra: Optional[Mapping[str, ParamValue]] = None,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Create or update a contact, its groups and tags (API 2.0
        ``addupdatelead``).

        Args:
            lead_email: The contact's e-mail (omitted: created without one).
            add_to_lists, remove_from_lists: Group ids (list or comma string).
            add_tags, remove_tags: Tags (list or comma string).
            lead_utc: Time zone, e.g. ``"UTC+03"``.
            lead_in: LinkedIn profile.
            The other arguments are the API fields of the same name (spec 7.2).

        The method returns no data (the docs' result is ``[]``).
        """
        self._invoke_typed("addupdatelead", *_args(locals()))

    def add_tag_to_lead(
        self,
        lead_email: str,
        add_tags: _Names,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Add tags to a contact (API 2.0 ``addtagtolead``); tags as a list or a
        comma-separated string."""
        self._invoke_typed("addtagtolead", *_args(locals()))

    def remove_tag_from_lead(
        self,
        lead_email: str,
        remove_tags: _Names,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Remove tags from a contact (API 2.0 ``removetagfromlead``)."""
        self._invoke_typed("removetagfromlead", *_args(locals()))

    def remove_lead_from_list(
        self,
        lead_email: str,
        remove_from_lists: _Names,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> None:
        """Remove a contact from groups (API 2.0 ``removeleadfromlist``); group ids as
        a list or a comma-separated string."""
        self._invoke_typed("removeleadfromlist", *_args(locals()))

    def get_all_lists(
        self,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[ListV2]:
        """All groups (API 2.0 ``getalllists``)."""
        return cast(List[ListV2], self._invoke_typed("getalllists", *_args(locals())))

    def get_goods(
        self,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[GoodV2]:
        """All products (API 2.0 ``getgoods``)."""
        return cast(List[GoodV2], self._invoke_typed("getgoods", *_args(locals())))

    def get_coupons(
        self,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[Coupon]:
        """All coupons (API 2.0 ``getcoupons``)."""
        return cast(List[Coupon], self._invoke_typed("getcoupons", *_args(locals())))

    def get_personal_managers(
        self,
        *,
        timeout: Optional[float] = None,
        **unknown: NoReturn,
    ) -> List[Manager]:
        """Additional users / sales managers (API 2.0 ``getpersonalmanagers``)."""
        return cast(
            List[Manager], self._invoke_typed("getpersonalmanagers", *_args(locals()))
        )

    # ----- BEGIN invoke() overloads: GENERATED by gen_async.py, do not edit -----
    if TYPE_CHECKING:
        # invoke() by literal method name: the named method's result type.
        @overload
        def invoke(
            self,
            method: Literal["GetLeadGroupStatuses", "get_lead_group_statuses"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[GroupStatus]: ...
        @overload
        def invoke(
            self,
            method: Literal["GetLeadGroups", "get_lead_groups"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[Group]: ...
        @overload
        def invoke(
            self,
            method: Literal["GetAllGroups", "get_all_groups"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[Group]: ...
        @overload
        def invoke(
            self,
            method: Literal["GetCountSubscribe", "get_count_subscribe"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> int: ...
        @overload
        def invoke(
            self,
            method: Literal["GetAllGoods", "get_all_goods"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[Good]: ...
        @overload
        def invoke(
            self,
            method: Literal["CreateOrder", "create_order"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> OrderCreated: ...
        @overload
        def invoke(
            self,
            method: Literal["GetOrders", "get_orders"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[Order]: ...
        @overload
        def invoke(
            self,
            method: Literal["getOrdersWithGoods", "get_orders_with_goods"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[OrderWithGoods]: ...
        @overload
        def invoke(
            self,
            method: Literal["getOrderDetails", "get_order_details"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> OrderDetails: ...
        @overload
        def invoke(
            self,
            method: Literal["GetOrderInfo", "get_order_info"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> OrderInfo: ...
        @overload
        def invoke(
            self,
            method: Literal["GetBills", "get_bills"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> Bills: ...
        @overload
        def invoke(
            self,
            method: Literal["GetPartnerStats", "get_partner_stats"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> PartnerStats: ...
        @overload
        def invoke(
            self,
            method: Literal["createorder", "v2_create_order"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> JsonValue: ...
        @overload
        def invoke(
            self,
            method: Literal["getalllists", "get_all_lists"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[ListV2]: ...
        @overload
        def invoke(
            self,
            method: Literal["getgoods", "get_goods"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[GoodV2]: ...
        @overload
        def invoke(
            self,
            method: Literal["getcoupons", "get_coupons"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[Coupon]: ...
        @overload
        def invoke(
            self,
            method: Literal["getpersonalmanagers", "get_personal_managers"],
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> List[Manager]: ...
        @overload
        def invoke(
            self,
            method: str,
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> Any: ...
        def invoke(
            self,
            method: str,
            params: Mapping[str, ParamValue] | None = None,
            *,
            timeout: float | None = None,
        ) -> Any: ...
    # ----- END invoke() overloads -----
