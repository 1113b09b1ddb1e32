"""build_query, get_hash and check_hash: every golden vector, and every input shape."""

from __future__ import annotations

import json
from collections import OrderedDict
from types import MappingProxyType
from collections.abc import ItemsView, Iterator, Mapping
from typing import Any

import pytest

import justclick
from justclick.types import ParamValue
from conftest import load_vectors

VECTORS = load_vectors()
REQUESTS = [v for v in VECTORS if v["kind"] == "request"]
RESPONSES = [v for v in VECTORS if v["kind"] == "response"]


def test_the_vector_file_has_both_kinds() -> None:
    assert len(REQUESTS) >= 13 and len(RESPONSES) >= 6


@pytest.mark.parametrize("v", REQUESTS, ids=[v["name"] for v in REQUESTS])
def test_request_vector(v: dict[str, Any]) -> None:
    # json.loads keeps key order and tells 1.0 (float) from 1 (int), as PHP does.
    params = v["params"]
    assert justclick.build_query(params) == v["query"]
    assert justclick.get_hash(params, v["login"], v["secret"]) == v["hash"]


@pytest.mark.parametrize("v", RESPONSES, ids=[v["name"] for v in RESPONSES])
def test_response_vector(v: dict[str, Any]) -> None:
    body: str = v["body"]
    valid: bool = v["valid"]
    assert justclick.check_hash(body, v["secret"]) is valid
    assert justclick.check_hash(body.encode(), v["secret"]) is valid
    assert justclick.check_hash(json.loads(body), v["secret"]) is valid
    if valid:
        assert justclick.check_hash(body, v["secret"] + "x") is False


def test_check_hash_refuses_what_php_equality_would_accept() -> None:
    assert not justclick.check_hash('{"error_code":0,"error_text":"OK","hash":true}', "s")
    assert not justclick.check_hash('{"error_code":0,"error_text":"OK"}', "s")
    assert not justclick.check_hash("<html>502</html>", "s")
    assert not justclick.check_hash(b"\xff\xfe", "s")
    assert not justclick.check_hash({"error_code": 0, "error_text": "OK", "hash": True}, "s")


def test_check_hash_rejects_other_types() -> None:
    with pytest.raises(TypeError, match="str, bytes or a mapping"):
        justclick.check_hash(42, "s")  # type: ignore[arg-type]


def test_key_order_is_the_signature() -> None:
    a = justclick.get_hash({"a": "1", "b": "2"}, "l", "s")
    b = justclick.get_hash({"b": "2", "a": "1"}, "l", "s")
    assert a != b
    assert justclick.build_query(OrderedDict([("b", "2"), ("a", "1")])) == "b=2&a=1"
    # A dict subclass is read through its own items(): OrderedDict.move_to_end changes
    # the order it iterates in, not the order of the dict underneath.
    moved: OrderedDict[str, ParamValue] = OrderedDict(
        [("a", "1"), ("b", "2"), ("c", {"x": "1", "y": "2"})]
    )
    moved.move_to_end("a")
    assert justclick.build_query(moved) == "b=2&c%5Bx%5D=1&c%5By%5D=2&a=1"
    inner = OrderedDict([("x", "1"), ("y", "2")])
    inner.move_to_end("x")
    assert justclick.build_query({"c": inner}) == "c%5By%5D=2&c%5Bx%5D=1"


def test_every_accepted_type() -> None:
    params = {
        "s": "x y",
        "i": -15,
        "f": 0.1 + 0.2,
        "t": True,
        "n": None,
        "tuple": ("a", "b"),
        "map": MappingProxyType({"k": 1}),
        7: "int key",
    }
    assert justclick.build_query(params) == (  # type: ignore[arg-type]
        "s=x+y&i=-15&f=0.3&t=1&tuple%5B0%5D=a&tuple%5B1%5D=b&map%5Bk%5D=1&7=int+key"
    )
    # A top-level list is a PHP list (keys 0..n); an empty one is no parameters. The
    # stubs ask for a mapping, the documented shape; lists work for PHP parity.
    assert justclick.build_query(["a", "b"]) == "0=a&1=b"  # type: ignore[arg-type]
    assert justclick.build_query([]) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"amount": __import__("decimal").Decimal("1.5")}, 'parameter "amount": unsupported type Decimal'),
        ({"goods": [{"good_name": "a", "good_sum": object()}]}, 'parameter "goods[0][good_sum]": unsupported type object'),
        ({"blob": b"raw"}, 'parameter "blob": unsupported type bytes'),
        ({"s": {1, 2}}, 'parameter "s": unsupported type set'),
        ({"big": 2**70}, 'parameter "big": integer 1180591620717411303424 does not fit'),
        ({"u": "\ud800"}, 'parameter "u": string is not valid Unicode'),
        ({"m": {(1, 2): "x"}}, "key (1, 2) has unsupported type tuple"),
    ],
)
def test_unsupported_values_name_the_key_and_type(params: Any, named: str) -> None:
    with pytest.raises(justclick.InvalidParams) as info:
        justclick.build_query(params)
    assert named in str(info.value)
    # InvalidParams is also a ValueError, so generic handlers catch it.
    assert isinstance(info.value, ValueError)


def test_params_must_be_a_mapping() -> None:
    with pytest.raises(justclick.InvalidParams, match="mapping such as a dict, not str"):
        justclick.build_query("a=1")  # type: ignore[arg-type]


def test_key_shapes_php_would_rewrite_are_refused() -> None:
    for bad in ({"lead.name": "x"}, {"a b": "x"}, {"a[b]": "x"}, {"": "x"}, {"hash": "x"}):
        with pytest.raises(justclick.InvalidParams):
            justclick.get_hash(bad, "l", "s")


def test_nesting_is_bounded_even_for_cycles() -> None:
    cyclic: list[Any] = []
    cyclic.append(cyclic)
    with pytest.raises(justclick.InvalidParams, match="nested more than 64 levels"):
        justclick.build_query({"c": cyclic})
    deep: Any = "leaf"
    for _ in range(64):
        deep = [deep]
    assert justclick.build_query({"d": deep}).endswith("=leaf")


def test_too_many_fields() -> None:
    assert justclick.build_query({f"k{i}": i for i in range(999)})
    with pytest.raises(justclick.InvalidParams, match="too many fields"):
        justclick.build_query({f"k{i}": i for i in range(1000)})


def test_version() -> None:
    assert isinstance(justclick.__version__, str)
    assert justclick.__version__.count(".") == 2


def test_a_mapping_that_signs_while_it_is_read() -> None:
    # Signing reuses one encoder per thread; a custom mapping whose items() signs
    # something itself gets a fresh one instead of corrupting the outer call.
    class Sneaky(Mapping[str, str]):
        def __getitem__(self, key: str) -> str:
            return "1"

        def __iter__(self) -> Iterator[str]:
            return iter(["a"])

        def __len__(self) -> int:
            return 1

        def items(self) -> ItemsView[str, str]:
            assert justclick.build_query({"x": "y"}) == "x=y"
            return super().items()

    assert justclick.build_query({"m": Sneaky(), "n": "2"}) == "m%5Ba%5D=1&n=2"
    assert justclick.get_hash({"m": Sneaky()}, "l", "s") == justclick.get_hash(
        {"m": {"a": "1"}}, "l", "s"
    )
