"""`runbook-lint server`: the language server (runbook_lint/server.py) on standard input and output.

pygls and lsprotocol are the `server` extra: the linter itself must stay light,
so nothing but this command imports them, and without them it says how to get
them (exit status 2).
"""

from __future__ import annotations

from typing import Any

from runbook_lint.errors import UsageError

INSTALL_HINT = "the language server needs pygls and lsprotocol: pip install 'runbook-lint[server]'"


def available() -> bool:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        return False
    return True


def run(args: Any) -> int:
    if not available():
        raise UsageError(INSTALL_HINT)
    from runbook_lint.server import serve

    serve()
    return 0
