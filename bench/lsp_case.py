"""Case 7 of bench/run.py: the language server through a real LSP client.

7a. a 1,000-line runbook opened in the editor: from sending `didOpen` to the
    `publishDiagnostics` that answers it, against linting the same text in this
    process (`lint_bytes` and the policy, what the server does per change):
    target <= 1.5.
7b. a one-character `didChange` on a 50-line runbook: the round trip to its
    diagnostics, median and max in milliseconds (the server's debounce
    included), for the report.

The client is a few lines of JSON-RPC over the server's pipes (the standard
library only, as the rest of the benchmark): it speaks LSP as an editor does,
with Content-Length framing, and it starts `runbook-lint server` as an editor
would.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from collections.abc import Callable
from typing import Any


class Client:
    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()
        return message.get("id")

    def receive(self) -> dict[str, Any]:
        stdout = self.process.stdout
        assert stdout is not None
        length = 0
        while True:
            line = stdout.readline()
            if not line:
                raise SystemExit("the language server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(stdout.read(length))
        return message

    def wait(self, test: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        while True:
            message = self.receive()
            if test(message):
                return message

    def request(self, method: str, params: Any) -> Any:
        number = self.send(method, params, request=True)
        return self.wait(lambda m: m.get("id") == number and "method" not in m).get("result")

    def diagnostics(self, uri: str, version: int) -> list[Any]:
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version") == version
            )
        )
        result: list[Any] = message["params"]["diagnostics"]
        return result

    def close(self) -> None:
        self.request("shutdown", None)
        self.send("exit", None)
        self.process.wait(timeout=10)


def case_lsp(
    server_command: list[str], big: str, small: str, runs: int, work: str
) -> tuple[float, list[float], str]:
    """The ratios of 7a and a line of detail for 7b (what bench/run.py reports)."""
    import gc

    from runbook_lint.lint import policy as policies
    from runbook_lint.lint.linter import lint_bytes

    client = Client(server_command)
    client.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    client.send("initialized", {})
    counter = iter(range(1_000_000))

    def through_the_server() -> float:
        uri = f"file://{work}/open{next(counter)}.rbk"
        start = time.perf_counter()
        client.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "rbk", "version": 1, "text": big}},
        )
        client.diagnostics(uri, 1)
        elapsed = time.perf_counter() - start
        client.send("textDocument/didClose", {"textDocument": {"uri": uri}})
        return elapsed

    data = big.encode("utf-8")
    policy = policies.build(None, None, None)

    def in_process() -> float:
        start = time.perf_counter()
        result = lint_bytes(os.path.join(work, "open.rbk"), data)
        policy.apply(result)
        return time.perf_counter() - start

    gc.collect()
    for _ in range(2):  # warm-up: the server's imports and caches, this process's too
        through_the_server()
        in_process()
    pairs = [(through_the_server(), in_process()) for _ in range(runs)]
    ratios = [a / b for a, b in pairs]

    # 7b: one character typed and deleted in a note, alternately, on a 50-line runbook.
    uri = f"file://{work}/small.rbk"
    client.send(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "rbk", "version": 1, "text": small}},
    )
    client.diagnostics(uri, 1)
    line = next(i for i, text in enumerate(small.split("\n")) if "note " in text)
    column = small.split("\n")[line].index('"') + 1
    round_trips = []
    for version in range(2, 2 + max(runs * 3, 20)):
        typed = version % 2 == 0
        change = {
            "range": {
                "start": {"line": line, "character": column},
                "end": {"line": line, "character": column if typed else column + 1},
            },
            "text": "x" if typed else "",
        }
        start = time.perf_counter()
        client.send(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        client.diagnostics(uri, version)
        round_trips.append(time.perf_counter() - start)
    client.close()
    detail = (
        f"7b. didChange round trip, 50-line runbook: median "
        f"{statistics.median(round_trips) * 1000:.1f} ms, max {max(round_trips) * 1000:.1f} ms "
        f"(n={len(round_trips)}, debounce included); 7a: server "
        f"{statistics.median(a for a, _ in pairs) * 1000:.1f} ms vs in process "
        f"{statistics.median(b for _, b in pairs) * 1000:.1f} ms"
    )
    return statistics.median(ratios), ratios, detail


def thousand_lines() -> str:
    """A correct 1,000-line runbook: 100 clusters of two nodes in 50 follower pairs."""
    lines = ['runbook "LSP benchmark"', "target 8.15.1", ""]
    lines += [f"cluster c{i} version 8.14.3 nodes c{i}-1, c{i}-2" for i in range(100)]
    lines.append("")
    lines += [f"c{2 * k + 1} follows c{2 * k}" for k in range(50)]
    lines.append("")
    for k in range(50):
        for i in (2 * k + 1, 2 * k):  # the follower first
            lines += [
                f'step "upgrade c{i}" {{',
                f'    note "check _ccr/stats on c{i}"',
                f"    upgrade c{i} node c{i}-1 to 8.15.1",
                '    note "wait for green health"',
                f"    upgrade c{i} node c{i}-2 to 8.15.1",
                '    note "done"',
                "}",
                "",
            ]
    while len(lines) < 1000:
        lines.append('note "finished"')
    return "\n".join(lines[:1000]) + "\n"


def case(work: str, runs: int, report: Callable[..., bool], command: list[str]) -> bool:
    """Case 7, reported through bench/run.py's ``report``; skipped without the server extra."""
    import importlib.util

    import generate

    if importlib.util.find_spec("pygls") is None:
        print("7. language server: skipped (pip install '.[server]' to measure it)")
        return True
    big = thousand_lines()
    small = generate.small_runbook(0)
    _, ratios, detail = case_lsp([*command, "server"], big, small, runs, work)
    return report("7a. LSP diagnostics, 1,000-line runbook", ratios, 1.5, detail)
