"""The command line: argument parsing and exit status only.

Exit status: 0 clean, 1 diagnostics at or above --fail-on, 2 usage errors, a
missing path, a bad configuration or an internal error — with a one-line
message and no traceback (RUNBOOK_LINT_DEBUG=1 shows it).

The options are parsed by the small table-driven parser below rather than
argparse: `check` runs on every commit in pre-commit, and building an argparse
parser cost more start-up time than linting a typical runbook.

Why this module is longer than ~300 lines: the table of every command and
option (cli.md's, in one place: usage, parsing and the README all read it) is
most of it; the parser and the exit-status handling are short.
"""

from __future__ import annotations

import os
import sys

from runbook_lint import __version__
from runbook_lint.errors import UsageError
from runbook_lint.report import FORMATS
from runbook_lint.severity import SEVERITIES


def _version_line() -> str:
    # The version data's date too (issue 11): what the RL303/RL204 knowledge is as of.
    from runbook_lint.model.versions import data_updated

    return f"runbook-lint {__version__} (version data updated {data_updated()})\n"


class Option:
    __slots__ = ("names", "dest", "metavar", "choices", "help", "flag")

    def __init__(
        self,
        *names: str,
        metavar: str | None = None,
        choices: tuple[str, ...] | None = None,
        help: str = "",
        flag: bool = False,
    ) -> None:
        self.names = names
        self.dest = names[-1].lstrip("-").replace("-", "_")
        self.metavar = metavar
        self.choices = choices
        self.help = help
        self.flag = flag


class Command:
    __slots__ = ("name", "summary", "positionals", "options")

    def __init__(
        self,
        name: str,
        summary: str,
        positionals: list[tuple[str, str, bool, bool, str]],
        options: list[Option],
    ) -> None:
        self.name = name
        self.summary = summary
        self.positionals = positionals  # (dest, metavar, required, many, help)
        self.options = options


COMMANDS = {
    "check": Command(
        "check",
        "lint runbooks (the default command)",
        [
            (
                "paths",
                "PATH",
                False,
                True,
                "files, directories (every *.rbk below) or - for stdin; default: .",
            )
        ],
        [
            Option(
                # --output-format is ruff's name for it; the last name gives the dest.
                "--output-format",
                "--format",
                metavar="FMT",
                choices=(*FORMATS, "auto"),
                help="output format: " + ", ".join((*FORMATS, "auto")) + " (default: full;"
                " auto: github under GitHub Actions, else full)",
            ),
            Option("-o", "--output", metavar="FILE", help="write the report to FILE"),
            Option(
                "--config",
                metavar="FILE",
                help="use this configuration file (default: the nearest .runbook-lint.yaml,"
                " .runbook-lint.yml or pyproject.toml with [tool.runbook-lint])",
            ),
            Option("--isolated", flag=True, help="use no configuration file"),
            Option(
                "--show-settings",
                flag=True,
                help="print the resolved configuration and where each value came from, then exit",
            ),
            Option(
                "--show-files", flag=True, help="list the files that would be linted, then exit"
            ),
            Option("--select", metavar="CODES", help="codes, prefixes or rule names to check"),
            Option("--ignore", metavar="CODES", help="codes, prefixes or rule names to skip"),
            Option("--extend-select", metavar="CODES", help="add to the selected rules"),
            Option("--extend-ignore", metavar="CODES", help="add to the ignored rules"),
            Option(
                "--add-noqa",
                flag=True,
                help="write '# noqa: CODE' on every line with a diagnostic, then exit 0",
            ),
            Option(
                "--fail-on",
                metavar="LEVEL",
                choices=SEVERITIES,
                help="lowest severity that fails (default: error)",
            ),
            Option("--exit-zero", flag=True, help="exit 0 even when diagnostics are found"),
            Option("--stdin-filename", metavar="NAME", help="the path to report for -"),
            Option(
                "--sarif-category",
                metavar="NAME",
                help="sarif: automationDetails.id is runbook-lint/NAME (one per upload)",
            ),
            Option(
                "--color",
                metavar="WHEN",
                choices=("auto", "always", "never"),
                help="auto (default), always or never",
            ),
            Option(
                "--statistics", flag=True, help="after the report, a count of diagnostics per rule"
            ),
            Option("-q", "--quiet", flag=True, help="print diagnostics only, no summary line"),
            Option("--live", metavar="SNAPSHOT", help="compare with this live-state snapshot"),
            Option("--alias", metavar="FOLLOWER:ALIAS=LEADER", help="a remote alias's cluster"),
        ],
    ),
    "rules": Command(
        "rules",
        "list every rule",
        [],
        [
            Option(
                "--format", metavar="FMT", choices=("text", "json"), help="text (default) or json"
            )
        ],
    ),
    "explain": Command(
        "explain",
        "a rule's full documentation",
        [("rule", "RULE", True, False, "a code (RL201) or a rule name")],
        [],
    ),
    "format": Command(
        "format",
        "rewrite runbooks in the canonical layout",
        [("paths", "PATH", False, True, "files, directories or - for stdin; default: .")],
        [
            Option("--check", flag=True, help="change nothing; list files that would change"),
            Option("--diff", flag=True, help="print a unified diff instead of writing"),
            Option("--config", metavar="FILE", help="use this configuration file"),
            Option("--isolated", flag=True, help="use no configuration file"),
            Option("--stdin-filename", metavar="NAME", help="the path to report for -"),
        ],
    ),
    "server": Command("server", "a Language Server Protocol server on stdio", [], []),
    "plan": Command(
        "plan",
        "write a correct upgrade runbook for a topology",
        [("file", "FILE", True, False, "a runbook declaring clusters and relations")],
        [
            Option("--to", metavar="VERSION", help="the target version (default: FILE's target)"),
            Option(
                "--via", metavar="VERSION[,VERSION]", help="intermediate versions to go through"
            ),
            Option("--parallel", flag=True, help="upgrade independent clusters together"),
            Option(
                "--node-upgrade",
                metavar="DURATION",
                help="how long a node upgrade takes, as `assume node-upgrade` (e.g. 40m)",
            ),
            Option(
                "--format",
                metavar="FMT",
                choices=("rbk", "markdown"),
                help="rbk (default) or markdown",
            ),
            Option("-o", "--output", metavar="FILE", help="write the plan to FILE"),
        ],
    ),
    "collect": Command(
        "collect",
        "record a live-state snapshot of one cluster (GET requests only)",
        [("url", "URL", True, False, "the cluster: http://HOST:PORT or https://HOST:PORT")],
        [
            Option("-o", "--output", metavar="DIR", help="the snapshot folder to write"),
            Option("--api-key-env", metavar="VAR", help="an API key from environment variable VAR"),
            Option("--user", metavar="NAME", help="basic authentication as NAME"),
            Option("--password-env", metavar="VAR", help="the password from variable VAR"),
            Option("--ca-certs", metavar="FILE", help="trust the CA certificates in FILE"),
            Option("--insecure", flag=True, help="do not verify TLS certificates (warns)"),
            Option("--timeout", metavar="SECONDS", help="per request (default: 30)"),
            Option("--force", flag=True, help="replace DIR if it exists"),
        ],
    ),
    "topology": Command(
        "topology",
        "write the declarations of live-state snapshots as a runbook",
        [("snapshots", "SNAPSHOT", True, True, "[NAME=]PATH: a snapshot, .zip or folder of them")],
        [
            Option(
                "--relations",
                metavar="HOW",
                choices=("pair", "each"),
                help="pair (default): one per follower/leader pair; each: one per relation",
            ),
            Option("--alias", metavar="FOLLOWER:ALIAS=LEADER", help="a remote alias's cluster"),
            Option("--config", metavar="FILE", help="use this configuration file"),
            Option("--isolated", flag=True, help="use no configuration file"),
            Option("-o", "--output", metavar="FILE", help="write the runbook to FILE"),
        ],
    ),
}
# Options that may be given again and again: their values collect in a list.
REPEATED = ("alias", "live")
DEFAULTS = {
    ("check", "format"): "full",
    ("check", "color"): "auto",
    ("rules", "format"): "text",
    ("plan", "format"): "rbk",
    ("topology", "relations"): "pair",
}


class Arguments:
    """The parsed command line: one attribute per option and positional."""

    # Set by parse_arguments from the command's table (a command has only its
    # own); declared for type checkers, with the types the table gives them.
    paths: list[str]
    format: str  # every --format has a default (DEFAULTS)
    color: str
    output: str | None
    config: str | None
    select: str | None
    ignore: str | None
    extend_select: str | None
    extend_ignore: str | None
    add_noqa: bool
    show_settings: bool  # check
    show_files: bool
    fail_on: str | None
    stdin_filename: str | None
    sarif_category: str | None
    to: str | None
    via: str | None
    node_upgrade: str | None  # plan
    rule: str
    file: str
    isolated: bool
    exit_zero: bool
    statistics: bool
    quiet: bool
    check: bool
    diff: bool
    parallel: bool
    snapshots: list[str]  # topology
    relations: str
    alias: list[str]  # topology and check
    live: list[str]  # check
    url: str  # collect
    api_key_env: str | None
    user: str | None
    password_env: str | None
    ca_certs: str | None
    insecure: bool
    timeout: str | None
    force: bool

    def __init__(self, command: str) -> None:
        self.command = command


def usage(command: Command | None = None) -> str:
    if command is None:
        lines = [
            "usage: runbook-lint [COMMAND] [OPTIONS] [PATH ...]",
            "",
            "Check Elasticsearch cross-cluster replication upgrade runbooks.",
            "",
            "commands:",
        ]
        lines += [f"  {c.name:<9} {c.summary}" for c in COMMANDS.values()]
        lines += [
            "",
            "  --version  print the version",
            "",
            "runbook-lint PATH ... is runbook-lint check PATH ...",
        ]
        return "\n".join(lines) + "\n"
    synopsis = " ".join(
        (f"{metavar} ..." if many else metavar)
        if required
        else f"[{metavar} ...]"
        if many
        else f"[{metavar}]"
        for _, metavar, required, many, _ in command.positionals
    )
    lines = [
        f"usage: runbook-lint {command.name} [OPTIONS] {synopsis}".rstrip(),
        "",
        command.summary,
        "",
    ]
    for _, metavar, _, _, text in command.positionals:
        lines.append(f"  {metavar:<26} {text}")
    for option in command.options:
        spelled = ", ".join(option.names) + ("" if option.flag else f" {option.metavar}")
        lines.append(f"  {spelled:<26} {option.help}")
    lines.append(f"  {'-h, --help':<26} show this help")
    return "\n".join(lines) + "\n"


def distance(a: str, b: str, limit: int = 2) -> int:
    """The edit distance of two words (insertions, deletions, substitutions and
    swaps of neighbours, as `chekc` for `check`), or ``limit + 1`` when above ``limit``.

    Rows are cut off once every entry exceeds the limit, and words whose lengths
    differ by more than it are not compared: a long argument costs one length test.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def closest(word: str, candidates: list[str] | tuple[str, ...], limit: int = 2) -> str | None:
    """The candidate nearest to ``word`` within ``limit`` edits (the first of equals), if any.

    A word of ``limit`` characters or fewer is never "close" to anything: any
    short word is two edits from a short name.
    """
    if len(word) <= limit:
        return None
    best, best_distance = None, limit + 1
    for candidate in candidates:
        found = distance(word.lower(), candidate, limit)
        if found < best_distance:
            best, best_distance = candidate, found
    return best


def _misspelt_command(argv: list[str]) -> None:
    """`runbook-lint chek`: the first argument, where a command is expected, is
    neither a command nor an existing path but is close to a command's name."""
    if not argv or argv[0].startswith("-") or argv[0] in COMMANDS:
        return
    if os.path.lexists(argv[0]):
        return
    suggestion = closest(argv[0], tuple(COMMANDS))
    if suggestion is not None:
        raise UsageError(f"path '{argv[0]}' does not exist; did you mean '{suggestion}'?")


def _unknown_option(spelling: str, name: str, by_name: dict[str, Option]) -> UsageError:
    if spelling.startswith("--"):
        # Compared without the dashes, so that `--ab` is not "close" to `--to`.
        long_names = tuple(known[2:] for known in by_name if known.startswith("--"))
        suggestion = closest(spelling[2:], long_names)
        if suggestion is not None:
            return UsageError(
                f"unknown option '{spelling}' for '{name}'; did you mean '--{suggestion}'?"
            )
    return UsageError(
        f"unknown option '{spelling}' for '{name}' (see 'runbook-lint {name} --help')"
    )


def parse_arguments(argv: list[str]) -> Arguments | None:
    """Parse the command line; None when help or the version was printed."""
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(usage())
        return None
    if argv and argv[0] in ("--version", "-V"):
        sys.stdout.write(_version_line())
        return None
    _misspelt_command(argv)
    name = argv[0] if argv and argv[0] in COMMANDS else "check"  # `runbook-lint PATH` is check
    rest = argv[1:] if argv and argv[0] in COMMANDS else argv
    command = COMMANDS[name]
    args = Arguments(name)
    by_name = {}
    for known in command.options:
        setattr(args, known.dest, False if known.flag else DEFAULTS.get((name, known.dest)))
        if known.dest in REPEATED:
            setattr(args, known.dest, [])
        for spelling in known.names:
            by_name[spelling] = known
    positionals: list[str] = []
    i = 0
    only_positionals = False
    while i < len(rest):
        word = rest[i]
        i += 1
        if only_positionals or word == "-" or not word.startswith("-"):
            positionals.append(word)
            continue
        if word == "--":
            only_positionals = True
            continue
        if word in ("-h", "--help"):
            sys.stdout.write(usage(command))
            return None
        if word in ("--version", "-V"):
            sys.stdout.write(_version_line())
            return None
        spelling, value = word, None
        if word.startswith("--") and "=" in word:
            spelling, value = word.split("=", 1)
        elif not word.startswith("--") and len(word) > 2 and word[:2] in by_name:
            spelling, value = word[:2], word[2:]  # -oFILE
        option = by_name.get(spelling)
        if option is None:
            raise _unknown_option(spelling, name, by_name)
        if option.flag:
            if value is not None:
                raise UsageError(f"option '{spelling}' takes no value")
            setattr(args, option.dest, True)
            continue
        if value is None:
            if i >= len(rest):
                raise UsageError(f"option '{spelling}' needs a value ({option.metavar})")
            value = rest[i]
            i += 1
        if option.choices is not None and value not in option.choices:
            suggestion = closest(value, option.choices)
            hint = f"; did you mean '{suggestion}'?" if suggestion is not None else ""
            raise UsageError(
                f"option '{spelling}': '{value}' is not one of {', '.join(option.choices)}{hint}"
            )
        if option.dest in REPEATED:
            getattr(args, option.dest).append(value)
            continue
        setattr(args, option.dest, value)
    for dest, metavar, required, many, _ in command.positionals:
        if many:
            setattr(args, dest, positionals)
            positionals = []
        elif positionals:
            setattr(args, dest, positionals.pop(0))
        elif required:
            raise UsageError(f"'{name}' needs {metavar} (see 'runbook-lint {name} --help')")
        else:
            setattr(args, dest, None)
    if positionals:
        raise UsageError(f"unexpected argument '{positionals[0]}' for '{name}'")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run a command; the standard streams made safe first and flushed last.

    A broken pipe (`runbook-lint ... | head`) exits with the status the command
    would have had (the report's), not 141: a shell pipeline with pipefail
    still tells a clean run from one with diagnostics.
    """
    from runbook_lint.commands.streams import StreamError, flush_stdout, prepare

    prepare()
    status = _main(argv)
    try:
        flush_stdout()  # here, not at exit, so that `> /dev/full` is reported
    except StreamError as error:
        _say(str(error))
        return 2
    return status


def _say(message: str) -> None:
    """One line on standard error; an argument or a path with control characters
    (ESC, BEL, U+202E, a line break) in it is shown escaped, as the reports show them."""
    if not message.isprintable():
        from runbook_lint.report.full import printable

        message = printable(message)
    print(f"runbook-lint: {message}", file=sys.stderr)


def _cwd_exists() -> bool:
    try:
        os.getcwd()
    except OSError:
        return False
    return True


def _main(argv: list[str] | None) -> int:
    from runbook_lint.commands.streams import StreamError, silence_stdout

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parse_arguments(argv)
        if args is None:
            return 0
        if args.command == "check":
            from runbook_lint.commands.check import run

            return run(args)
        if args.command == "rules":
            from runbook_lint.commands.rules import run_rules

            return run_rules(args)
        if args.command == "explain":
            from runbook_lint.commands.rules import run_explain

            return run_explain(args)
        if args.command == "format":
            from runbook_lint.commands.format import run as run_format

            return run_format(args)
        if args.command == "server":
            from runbook_lint.commands.server import run as run_server

            return run_server(args)
        if args.command == "collect":
            from runbook_lint.commands.collect import run as run_collect

            return run_collect(args)
        if args.command == "topology":
            from runbook_lint.commands.topology import run as run_topology

            return run_topology(args)
        from runbook_lint.commands.plan import run as run_plan

        return run_plan(args)
    except UsageError as error:
        _say(str(error))
        return 2
    except StreamError as error:
        _say(str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`runbook-lint rules | head`): not our failure,
        # and what was asked for ran to its end (check returns its own status).
        silence_stdout()
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback
        if os.environ.get("RUNBOOK_LINT_DEBUG") == "1":
            raise
        if isinstance(error, FileNotFoundError) and not _cwd_exists():
            print("runbook-lint: the current folder no longer exists (deleted?)", file=sys.stderr)
            return 2
        if isinstance(error, OSError) and error.filename is None:
            # No file named: a write to standard output failed (`> /dev/full`).
            silence_stdout()
            message = f"cannot write the output: {error.strerror or error}"
            _say(message)
            return 2
        _say(f"internal error: {type(error).__name__}: {error}")
        return 2
