"""`runbook-lint collect URL -o DIR`: five GET requests, written in the snapshot layout.

Standard-library HTTP only: one major of the official Elasticsearch client
cannot talk to 7.x, 8.x and 9.x clusters alike, and five GET requests need none.
Credentials come from environment variables and never reach a file, the command
line or a message.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from typing import Any

from runbook_lint.live import snapshot as layout

MAX_BYTES = layout.MAX_BYTES
# (path, file, required, privilege named when refused)
REQUESTS = (
    ("/", layout.VERSION_FILE, True, "cluster privilege monitor"),
    ("/_nodes", layout.NODES_FILE, True, "cluster privilege monitor"),
    ("/_remote/info", layout.REMOTE_FILE, False, "cluster privilege monitor"),
    (
        "/_all/_ccr/info",
        layout.FOLLOWER_FILE,
        False,
        "cluster privilege read_ccr and index privilege monitor on the follower indices",
    ),
    ("/_ccr/auto_follow", layout.PATTERNS_FILE, False, "cluster privilege read_ccr"),
)
PRIVILEGES = (
    "cluster privileges monitor and read_ccr, and index privilege monitor on the follower indices"
)


class CollectError(Exception):
    """Exit status 2 with this one-line message (never holding a credential)."""


def _authorization(
    api_key_env: str | None, user: str | None, password_env: str | None
) -> str | None:
    import base64

    if api_key_env is not None:
        if user is not None or password_env is not None:
            raise CollectError("give --api-key-env or --user with --password-env, not both")
        key = os.environ.get(api_key_env)
        if not key:
            raise CollectError(f"environment variable {api_key_env} (--api-key-env) is not set")
        return f"ApiKey {key}"
    if user is not None or password_env is not None:
        if user is None or password_env is None:
            raise CollectError("--user and --password-env go together")
        password = os.environ.get(password_env)
        if password is None:
            raise CollectError(f"environment variable {password_env} (--password-env) is not set")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return f"Basic {token}"
    return None


def _opener(url: str, ca_certs: str | None, insecure: bool) -> Any:
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        # A redirect would carry the Authorization header to wherever it points.
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    handlers: list[Any] = [NoRedirect()]
    if url.startswith("https://"):
        import ssl

        if ca_certs is not None and not os.path.isfile(ca_certs):
            raise CollectError(f"--ca-certs {ca_certs}: no such file")
        try:
            context = ssl.create_default_context(cafile=ca_certs)
        except (OSError, ssl.SSLError) as error:
            raise CollectError(f"--ca-certs {ca_certs}: {error}") from None
        if insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        handlers.append(urllib.request.HTTPSHandler(context=context))
    return urllib.request.build_opener(*handlers)


def _get(opener: Any, url: str, authorization: str | None, timeout: float) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, method="GET", headers={"Accept": "application/json"})
    if authorization is not None:
        request.add_unredirected_header("Authorization", authorization)
    try:
        with opener.open(request, timeout=timeout) as response:
            return int(response.status), response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        return int(error.code), error.read(MAX_BYTES + 1)
    except urllib.error.URLError as error:
        raise CollectError(f"{url}: {error.reason}") from None
    except TimeoutError:
        raise CollectError(f"{url}: timed out after {timeout:g} s") from None
    except OSError as error:
        raise CollectError(f"{url}: {error.strerror or type(error).__name__}") from None


def collect(
    url: str,
    directory: str,
    *,
    api_key_env: str | None = None,
    user: str | None = None,
    password_env: str | None = None,
    ca_certs: str | None = None,
    insecure: bool = False,
    timeout: float = 30.0,
    force: bool = False,
) -> list[str]:
    """Write the snapshot of the cluster at URL into DIRECTORY; the warnings to show."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CollectError(f"'{url[:200]}' is not an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise CollectError("the URL holds credentials: give them in environment variables")
    if os.path.lexists(directory) and not force:
        raise CollectError(f"{directory} exists (--force replaces it)")
    authorization = _authorization(api_key_env, user, password_env)
    warnings: list[str] = []
    if insecure and parts.scheme == "https":
        warnings.append("--insecure: the server's certificate is not verified")
    opener = _opener(url, ca_certs, insecure)
    base = url.rstrip("/")
    bodies: dict[str, bytes] = {}
    for path, name, required, privilege in REQUESTS:
        target = base + path
        status, body = _get(opener, target, authorization, timeout)
        if len(body) > MAX_BYTES:
            raise CollectError(f"{target}: the response is larger than {MAX_BYTES >> 20} MiB")
        if status == 401:
            raise CollectError(
                f"{target}: 401 Unauthorized: the credentials were refused; needed: {PRIVILEGES}"
            )
        if status >= 500 or (required and status >= 300):
            if status == 403:
                raise CollectError(f"{target}: 403 Forbidden: needs the {privilege} ({PRIVILEGES})")
            raise CollectError(f"{target}: HTTP status {status}")
        try:
            json.loads(body)
        except (ValueError, RecursionError):
            raise CollectError(f"{target}: the response is not JSON") from None
        if status >= 300:
            warnings.append(
                f"{target}: refused with status {status} (needs the {privilege});"
                " written as the error it returned: this cluster's follower side is unknown"
            )
        bodies[name] = body
    _write(directory, bodies, force)
    return warnings


def _write(directory: str, bodies: dict[str, bytes], force: bool) -> None:
    import tempfile

    parent = os.path.dirname(os.path.abspath(directory))
    temporary = tempfile.mkdtemp(prefix=".collect-", dir=parent)
    try:
        for name, body in bodies.items():
            path = os.path.join(temporary, *name.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(body)
        if os.path.lexists(directory):
            if not force:
                raise CollectError(f"{directory} exists (--force replaces it)")
            aside = tempfile.mkdtemp(prefix=".collect-old-", dir=parent)
            os.rename(directory, os.path.join(aside, "old"))
            os.rename(temporary, directory)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(temporary, directory)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def warn(message: str) -> None:
    print(f"runbook-lint: warning: {message}", file=sys.stderr)
