"""The command line: argument parsing and exit status only.

Exit status: 0 clean, 1 diagnostics at or above --fail-on, 2 usage errors, a
missing path, a bad configuration or an internal error — with a one-line
message and no traceback (RUNBOOK_LINT_DEBUG=1 shows it).
"""

from __future__ import annotations

import os
import sys

from runbook_lint import __version__

COMMANDS = ("check", "rules", "explain", "plan")
CHECK_FORMATS = ("full", "concise", "json", "sarif", "github", "junit", "markdown")
SEVERITIES = ("error", "warning", "info")


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _parser():
    import argparse

    parser = argparse.ArgumentParser(
        prog="runbook-lint",
        description="Check Elasticsearch cross-cluster replication upgrade runbooks.",
    )
    parser.add_argument("--version", action="version", version=f"runbook-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="lint runbooks (the default command)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, directories or - (default: .)")
    check.add_argument("--format", choices=CHECK_FORMATS, default="full")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    check.add_argument("--config", metavar="FILE", help="use this configuration file")
    check.add_argument("--isolated", action="store_true", help="use no configuration file")
    check.add_argument("--select", metavar="CODES", help="codes, prefixes or rule names to check")
    check.add_argument("--ignore", metavar="CODES", help="codes, prefixes or rule names to skip")
    check.add_argument("--fail-on", choices=SEVERITIES, default=None)
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when diagnostics are found")
    check.add_argument("--stdin-filename", metavar="NAME", help="the path to report for -")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("--statistics", action="store_true", help="count diagnostics per rule")
    check.add_argument("-q", "--quiet", action="store_true", help="diagnostics only, no summary")

    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="a rule's full documentation")
    explain.add_argument("rule", metavar="RULE", help="a code (RL201) or a name")

    plan = commands.add_parser("plan", help="write a correct upgrade runbook for a topology")
    plan.add_argument("file", metavar="FILE")
    plan.add_argument("--to", metavar="VERSION", help="the target version (default: FILE's target)")
    plan.add_argument("--via", metavar="VERSION[,VERSION]", help="intermediate versions to go through")
    plan.add_argument("--parallel", action="store_true", help="upgrade independent clusters together")
    plan.add_argument("--format", choices=("rbk", "markdown"), default="rbk")
    plan.add_argument("-o", "--output", metavar="FILE", help="write the plan to FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version"):
        argv.insert(0, "check")  # `runbook-lint PATH ...` is `check`
    try:
        args = _parser().parse_args(argv)
        if args.command == "check":
            from runbook_lint.commands.check import run

            return run(args)
        if args.command == "rules":
            from runbook_lint.commands.rules import run_rules

            return run_rules(args)
        if args.command == "explain":
            from runbook_lint.commands.rules import run_explain

            return run_explain(args)
        from runbook_lint.commands.plan import run as run_plan

        return run_plan(args)
    except UsageError as error:
        print(f"runbook-lint: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`runbook-lint ... | head`): not our failure.
        sys.stderr.close()
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        if os.environ.get("RUNBOOK_LINT_DEBUG") == "1":
            raise
        print(f"runbook-lint: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
