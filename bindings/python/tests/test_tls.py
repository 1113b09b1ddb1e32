"""HTTPS: the sandbox's own CA trusted through ca_file, and refused without it."""

from __future__ import annotations

import pathlib

import pytest

import justclick
from conftest import SECRET, Sandbox


def test_https_with_ca_file(tls_sandbox: Sandbox) -> None:
    assert tls_sandbox.ca_file is not None
    with justclick.Client(
        tls_sandbox.login,
        SECRET,
        base_url=tls_sandbox.base_url,
        ca_file=pathlib.Path(tls_sandbox.ca_file),  # str or os.PathLike
        max_retries=0,
    ) as c:
        assert [g["rass_name"] for g in c.get_all_groups()][:2] == ["super", "mega"]
        assert c.get_coupons()  # API 2.0 over TLS too


def test_https_without_ca_file_is_a_tls_error(tls_sandbox: Sandbox) -> None:
    # The built-in web roots do not include the sandbox's CA: the handshake fails.
    c = justclick.Client(
        tls_sandbox.login, SECRET, base_url=tls_sandbox.base_url, max_retries=0
    )
    with pytest.raises(justclick.TlsError) as info:
        c.get_all_groups()
    assert isinstance(info.value, justclick.TransportError)
    assert info.value.method == "GetAllGroups"


def test_wrong_ca_is_a_tls_error(tls_sandbox: Sandbox, tmp_path: pathlib.Path) -> None:
    assert tls_sandbox.ca_file is not None
    # A valid PEM certificate, but not the one that signed the server's.
    other = _other_ca(tmp_path)
    if other is None:
        pytest.skip("needs the system CA bundle for an unrelated certificate")
    c = justclick.Client(
        tls_sandbox.login, SECRET, base_url=tls_sandbox.base_url, ca_file=other, max_retries=0
    )
    with pytest.raises(justclick.TlsError):
        c.get_all_groups()


def _other_ca(tmp: pathlib.Path) -> pathlib.Path | None:
    bundle = pathlib.Path("/etc/ssl/certs/ca-certificates.crt")
    if not bundle.exists():
        return None
    first = bundle.read_text().split("-----END CERTIFICATE-----")[0]
    path = tmp / "other.pem"
    path.write_text(first + "-----END CERTIFICATE-----\n")
    return path
