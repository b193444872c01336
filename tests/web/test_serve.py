"""`seized serve`: loopback only without TLS, a TLS server beyond it, the index first."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from seized.cli import cli
from seized.web.server import is_loopback
from tests.factories import new_case
from tests.web.conftest import PASSWORD


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert not is_loopback("example.org")


def _certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_serving_beyond_the_loopback_needs_tls(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    cert, _ = _certificate(tmp_path)
    refused = CliRunner().invoke(cli, ["serve", str(case.root), "--host", "0.0.0.0"])
    assert refused.exit_code == 2
    assert "give --tls-cert and --tls-key" in refused.output
    half = CliRunner().invoke(
        cli, ["serve", str(case.root), "--host", "0.0.0.0", "--tls-cert", str(cert)]
    )
    assert half.exit_code == 2 and "give both --tls-cert and --tls-key" in half.output
    no_users = CliRunner().invoke(cli, ["serve", str(case.root)])
    assert no_users.exit_code == 2 and "no workbench users yet" in no_users.output


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.mark.slow
def test_serve_over_tls(case_copy: Path, tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "seized.cli",
        "serve",
        str(case_copy),
        "--port",
        str(port),
        "--tls-cert",
        str(cert),
        "--tls-key",
        str(key),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        said = [server.stdout.readline() for _ in range(2)]
        assert said[0].startswith("index: up to date"), said
        assert f"at https://127.0.0.1:{port}/" in said[1], said
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(
                    f"https://127.0.0.1:{port}/login", context=context
                ) as page:
                    assert page.status == 200 and "Log in" in page.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), _NoRedirect()
        )
        body = f"username=anna&password={PASSWORD.replace(' ', '+')}".encode()
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(f"https://127.0.0.1:{port}/login", data=body)
        answer.value.close()
        assert answer.value.code == 303
        cookie = answer.value.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    finally:
        server.terminate()
        server.wait(timeout=30)
