"""`runbook-lint collect` against a local HTTP(S) server answering the documented responses.

There is no Elasticsearch server here: the server below answers `GET /`,
`GET /_nodes`, `GET /_remote/info`, `GET /_all/_ccr/info` and `GET /_ccr/auto_follow`
with the documented bodies in tests/data/live/fixtures (README.md there names
their origin), checks the credentials, and records what it was sent.
"""

from __future__ import annotations

import base64
import http.server
import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, run_cli

FIXTURES = DATA / "live" / "fixtures"
KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
UNLICENSED = {
    "error": {"type": "security_exception", "reason": "current license is non-compliant for [ccr]"},
    "status": 403,
}


def documented() -> dict[str, Any]:
    nodes = json.loads((FIXTURES / "nodes_info_abbreviated.json").read_text())
    for node in nodes["nodes"].values():
        node["version"] = "8.12.1"  # the documented body has the placeholder {version}
    return {
        "/": json.loads((FIXTURES / "root_info.json").read_text()),
        "/_nodes": nodes,
        "/_remote/info": json.loads((FIXTURES / "remote_info_sniff_ccr_tutorial.json").read_text()),
        "/_all/_ccr/info": json.loads((FIXTURES / "index_ccr_info_active.json").read_text()),
        "/_ccr/auto_follow": json.loads(
            (FIXTURES / "auto_follow_pattern_by_name.json").read_text()
        ),
    }


class Server:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.responses: dict[str, tuple[int, bytes]] = {
            path: (200, json.dumps(body).encode()) for path, body in documented().items()
        }
        self.expected = f"ApiKey {KEY}"
        self.seen: list[tuple[str, str, str | None]] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server spelling
                owner.seen.append(("GET", self.path, self.headers.get("Authorization")))
                if self.headers.get("Authorization") != owner.expected:
                    self._send(401, b'{"error":{"type":"security_exception"},"status":401}')
                    return
                status, body = owner.responses.get(self.path, (404, b'{"error":"x","status":404}'))
                self._send(status, body)

            def do_POST(self) -> None:  # noqa: N802
                owner.seen.append(("POST", self.path, None))
                self._send(405, b"{}")

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        scheme = "http"
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    return {"ES_API_KEY": KEY}


def collect(server: Server, out: Path, *extra: str, env: dict[str, str] | None = None) -> Any:
    return run_cli(
        "collect",
        server.url,
        "-o",
        str(out),
        "--api-key-env",
        "ES_API_KEY",
        *extra,
        env={"ES_API_KEY": KEY} if env is None else env,
    )


def test_collect_writes_the_snapshot_layout(server: Server, tmp_path: Path) -> None:
    out = tmp_path / "snap"
    code, stdout, stderr = collect(server, out)
    assert (code, stdout, stderr) == (0, b"", b"")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == [
        "commercial/ccr_autofollow_patterns.json",
        "commercial/ccr_follower_info.json",
        "nodes.json",
        "remote_cluster_info.json",
        "version.json",
    ]
    assert [(method, path) for method, path, _ in server.seen] == [
        ("GET", "/"),
        ("GET", "/_nodes"),
        ("GET", "/_remote/info"),
        ("GET", "/_all/_ccr/info"),
        ("GET", "/_ccr/auto_follow"),
    ]
    assert {auth for _, _, auth in server.seen} == {f"ApiKey {KEY}"}
    assert KEY.encode() not in b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    # What collect wrote is a snapshot that topology reads.
    code, text, err = run_cli(
        "topology", "--isolated", "--alias", "my_test_cluster:remote_cluster=leader", str(out)
    )
    assert (code, err) == (0, b"")
    assert text.decode().splitlines()[2:] == [
        "cluster my_test_cluster version 8.12.1 nodes node-0 (data, ingest, master)",
        "",
        "# my_test_cluster follows 'leader', which has no snapshot: auto-follow"
        ' "my_auto_follow_pattern", index "follower_index" (2 relations); no relation written',
    ]


def test_basic_authentication(server: Server, tmp_path: Path) -> None:
    server.expected = "Basic " + base64.b64encode(b"elastic:s3cret").decode()
    code, _, err = run_cli(
        "collect",
        server.url,
        "-o",
        str(tmp_path / "s"),
        "--user",
        "elastic",
        "--password-env",
        "ES_PASSWORD",
        env={"ES_PASSWORD": "s3cret"},
    )
    assert (code, err) == (0, b"")


def test_401_names_the_privileges_and_not_the_key(server: Server, tmp_path: Path) -> None:
    code, _, err = collect(server, tmp_path / "s", env={"ES_API_KEY": "wrong-key"})
    assert code == 2
    assert err.decode() == (
        f"runbook-lint: {server.url}/: 401 Unauthorized: the credentials were refused; needed:"
        " cluster privileges monitor and read_ccr, and index privilege monitor on the follower"
        " indices\n"
    )
    assert b"wrong-key" not in err
    assert not (tmp_path / "s").exists()


def test_403_on_nodes_is_exit_2(server: Server, tmp_path: Path) -> None:
    server.responses["/_nodes"] = (403, json.dumps(UNLICENSED).encode())
    code, _, err = collect(server, tmp_path / "s")
    assert code == 2
    assert err.decode().startswith(
        f"runbook-lint: {server.url}/_nodes: 403 Forbidden: needs the cluster privilege monitor"
    )
    assert not (tmp_path / "s").exists()


def test_refused_ccr_is_written_and_warned(server: Server, tmp_path: Path) -> None:
    server.responses["/_all/_ccr/info"] = (403, json.dumps(UNLICENSED).encode())
    server.responses["/_ccr/auto_follow"] = (403, json.dumps(UNLICENSED).encode())
    out = tmp_path / "s"
    code, _, err = collect(server, out)
    assert code == 0
    assert err.decode().splitlines() == [
        f"runbook-lint: warning: {server.url}/_all/_ccr/info: refused with status 403 (needs the"
        " cluster privilege read_ccr and index privilege monitor on the follower indices);"
        " written as the error it returned: this cluster's follower side is unknown",
        f"runbook-lint: warning: {server.url}/_ccr/auto_follow: refused with status 403 (needs the"
        " cluster privilege read_ccr); written as the error it returned: this cluster's"
        " follower side is unknown",
    ]
    assert json.loads((out / "commercial" / "ccr_follower_info.json").read_text()) == UNLICENSED


def test_not_json_is_exit_2(server: Server, tmp_path: Path) -> None:
    server.responses["/"] = (200, b"<html>proxy login</html>")
    code, _, err = collect(server, tmp_path / "s")
    assert (code, err) == (2, f"runbook-lint: {server.url}/: the response is not JSON\n".encode())


def test_existing_dir_needs_force(server: Server, tmp_path: Path) -> None:
    out = tmp_path / "s"
    out.mkdir()
    (out / "old.txt").write_text("old")
    code, _, err = collect(server, out)
    assert (code, err) == (2, f"runbook-lint: {out} exists (--force replaces it)\n".encode())
    assert collect(server, out, "--force").returncode == 0
    assert not (out / "old.txt").exists() and (out / "version.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]  # no temporary folder left


def test_missing_variable_and_credentials_in_url(server: Server, tmp_path: Path) -> None:
    code, _, err = collect(server, tmp_path / "s", env={})
    assert (code, err) == (
        2,
        b"runbook-lint: environment variable ES_API_KEY (--api-key-env) is not set\n",
    )
    code, _, err = run_cli("collect", "http://elastic:pw@127.0.0.1:1", "-o", str(tmp_path / "s"))
    assert (code, err) == (
        2,
        b"runbook-lint: the URL holds credentials: give them in environment variables\n",
    )


def test_connection_refused_is_exit_2(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = run_cli(
        "collect", f"http://127.0.0.1:{port}", "-o", str(tmp_path / "s"), "--timeout", "2"
    )
    assert code == 2
    assert err.decode().startswith(f"runbook-lint: http://127.0.0.1:{port}/: ")


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed: no self-signed certificate for HTTPS")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[Server]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    running = Server(context)
    yield running
    running.close()


def test_https_verified_with_ca_certs(
    tls_server: Server, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    code, _, err = collect(tls_server, tmp_path / "s", "--ca-certs", str(certificate[0]))
    assert (code, err) == (0, b"")


def test_https_untrusted_is_refused(tls_server: Server, tmp_path: Path) -> None:
    code, _, err = collect(tls_server, tmp_path / "s")
    assert code == 2
    assert b"CERTIFICATE_VERIFY_FAILED" in err
    assert not (tmp_path / "s").exists()


def test_https_insecure_warns(tls_server: Server, tmp_path: Path) -> None:
    code, _, err = collect(tls_server, tmp_path / "s", "--insecure")
    assert (code, err) == (
        0,
        b"runbook-lint: warning: --insecure: TLS certificates are not verified\n",
    )
