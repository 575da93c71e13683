"""`runbook-lint topology SNAPSHOT...`: the snapshots' declarations written as a runbook."""

from __future__ import annotations

from runbook_lint.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from runbook_lint.cli import Arguments


def run(args: Arguments) -> int:
    from runbook_lint.commands.check import load_configuration
    from runbook_lint.commands.output import write_report
    from runbook_lint.lint.config import ConfigError
    from runbook_lint.live import topology
    from runbook_lint.live.snapshot import SnapshotError
    from runbook_lint.live.state import load, merge_aliases

    if not args.snapshots:
        raise UsageError("'topology' needs SNAPSHOT (see 'runbook-lint topology --help')")
    try:
        config = load_configuration(args)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    configured = config.aliases if config is not None else None
    try:
        state = load(args.snapshots, merge_aliases(configured, args.alias))
        relations = state.relations()
    except SnapshotError as error:
        raise UsageError(str(error)) from None
    text = topology.write(state.snapshots, relations, each=args.relations == "each")
    write_report(text, args.output)
    return 0
