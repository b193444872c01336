"""`seized serve`: the workbench over HTTP (uvicorn), TLS required beyond the loopback."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from pathlib import Path

from seized.case import Case
from seized.errors import UserError
from seized.stages import run_stage


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    case_root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    echo: Callable[[str], None] = print,
) -> None:
    """Bring the search index up to date, then serve the workbench until interrupted."""
    import uvicorn

    from seized.web.app import create_app
    from seized.web.store import Store
    from seized.web.users import list_users

    if (tls_cert is None) != (tls_key is None):
        raise UserError("give both --tls-cert and --tls-key, or neither")
    if not is_loopback(host) and tls_cert is None:
        raise UserError(
            f"serving on {host} reaches beyond this machine: give --tls-cert and --tls-key "
            "(or serve on 127.0.0.1)"
        )
    case = Case.open(case_root)
    result = run_stage(case, "index")
    echo("index: " + ("up to date" if result.skipped else f"{result.counts.get('documents')} "
                      "documents indexed"))  # fmt: skip
    users = list_users(Store(case.root))
    if not users:
        raise UserError(
            f"no workbench users yet: add one with `seized users add {case.root} NAME "
            "--agency A --countries DE --password-file F`"
        )
    app = create_app(case.root, secure_cookies=tls_cert is not None)
    app.state.bench.warm(users)  # each agency's scope, while the first analysts log in
    scheme = "https" if tls_cert else "http"
    shown = f"[{host}]" if ":" in host else host
    echo(f"serving {case.name} at {scheme}://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        log_level="warning",
        server_header=False,
        timeout_graceful_shutdown=5,
    )
