"""`runbook-lint collect URL -o DIR`: record a snapshot of one live cluster (live.md)."""

from __future__ import annotations

from runbook_lint.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from runbook_lint.cli import Arguments


def run(args: Arguments) -> int:
    from runbook_lint.live.collect import CollectError, collect, warn

    if args.output is None:
        raise UsageError("'collect' needs -o DIR (see 'runbook-lint collect --help')")
    try:
        timeout = float(args.timeout) if args.timeout is not None else 30.0
    except ValueError:
        raise UsageError(f"--timeout '{args.timeout}' is not a number of seconds") from None
    if not timeout > 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if args.insecure:
        warn("--insecure: TLS certificates are not verified")
    try:
        warnings = collect(
            args.url,
            args.output,
            api_key_env=args.api_key_env,
            user=args.user,
            password_env=args.password_env,
            ca_certs=args.ca_certs,
            insecure=args.insecure,
            timeout=timeout,
            force=args.force,
        )
    except CollectError as error:
        raise UsageError(str(error)) from None
    for message in warnings:
        if not message.startswith("--insecure"):
            warn(message)
    return 0
