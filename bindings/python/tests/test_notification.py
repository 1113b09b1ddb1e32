"""verify_notification: invoice callbacks as str, bytes or parsed mappings."""

from __future__ import annotations

import hashlib
import urllib.parse

import pytest

import justclick

SECRET = "0123456789abcdef0123456789abcdef01234567"


def signed(fields: dict[str, str], *signed_parts: str, secret: str = SECRET) -> str:
    """A form body with ``hash = md5(parts... + secret)`` appended."""
    digest = hashlib.md5("".join(signed_parts + (secret,)).encode()).hexdigest()
    return urllib.parse.urlencode({**fields, "hash": digest})


PAID = {
    "id": "123456",
    "email": "buyer@example.com",
    "paid": "1700000000",
    "items[0][title]": "Онлайн-курс",
    "items[0][sum]": "1500",
    "utm[medium]": "cpc",
}


def test_spec_vector() -> None:
    body = (
        "id=123456&email=buyer%40example.com&paid=1700000000&utm[medium]=cpc"
        "&hash=0d4e02ac8b1d849a9665300f9b2ab37f"
    )
    n = justclick.verify_notification(body, SECRET)
    assert n["kind"] == "paid"
    assert n["formula"] == "id.email.paid"
    assert n["fields"]["utm"] == {"medium": "cpc"}


def test_paid_notification_from_str_bytes_and_mapping() -> None:
    body = signed(PAID, "123456", "buyer@example.com", "1700000000")
    for given in (body, body.encode()):
        n = justclick.verify_notification(given, SECRET)
        assert n["kind"] == "paid"
        fields = n["fields"]
        assert fields["email"] == "buyer@example.com"
        assert fields["items"] == [{"title": "Онлайн-курс", "sum": "1500"}]
        assert list(fields) == ["id", "email", "paid", "items", "utm", "hash"]
    # What a web framework hands over after parsing the form.
    parsed = dict(urllib.parse.parse_qsl(body))
    parsed["items"] = [{"title": "Онлайн-курс"}]  # type: ignore[assignment]
    del parsed["items[0][title]"], parsed["items[0][sum]"]
    assert justclick.verify_notification(parsed, SECRET)["formula"] == "id.email.paid"


def test_created_notification_accepts_both_documented_formulas() -> None:
    fields = {"status": "new_order", "id": "7", "email": "a@b.c", "created": "1700"}
    exact = justclick.verify_notification(signed(fields, "7", "a@b.c", "1700"), SECRET)
    assert (exact["kind"], exact["formula"]) == ("created", "id.email.created")
    buggy = justclick.verify_notification(signed(fields, "7", "a@b.c"), SECRET)
    assert buggy["formula"] == "id.email"


def test_forgeries_raise_signature_error() -> None:
    body = signed(PAID, "123456", "buyer@example.com", "1700000000")
    with pytest.raises(justclick.SignatureError) as info:
        justclick.verify_notification(body, "another-secret")
    assert "most likely the secret is not this account's API secret" in str(info.value)
    assert SECRET not in str(info.value) and "another-secret" not in str(info.value)
    # A created-invoice hash must not prove a payment.
    created = signed({**PAID, "created": "1600"}, "123456", "buyer@example.com", "1600")
    with pytest.raises(justclick.SignatureError):
        justclick.verify_notification(created, SECRET)
    with pytest.raises(justclick.SignatureError, match="no hash"):
        justclick.verify_notification("id=1&email=x&paid=2", SECRET)
    with pytest.raises(justclick.SignatureError, match="not signed"):
        justclick.verify_notification("id_group=5&status=0&email=x&hash=abc", SECRET)


def test_bad_arguments() -> None:
    with pytest.raises(justclick.InvalidParams, match="secret is empty"):
        justclick.verify_notification("id=1", "")
    with pytest.raises(TypeError, match="str, bytes or a mapping"):
        justclick.verify_notification(123, SECRET)  # type: ignore[arg-type]
