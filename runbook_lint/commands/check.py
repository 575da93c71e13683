"""`runbook-lint check`: lint, apply suppressions and configuration, report, exit status."""

from __future__ import annotations

import os
import sys
from time import perf_counter

from runbook_lint.commands.files import discover, read
from runbook_lint.commands.output import write_report
from runbook_lint.errors import UsageError
from runbook_lint.lint.linter import lint_bytes, unreadable
from runbook_lint.report import ReportOptions, render
from runbook_lint.severity import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.cli import Arguments
    from runbook_lint.commands.files import Input
    from runbook_lint.lint.config import Config
    from runbook_lint.lint.linter import FileResult
    from runbook_lint.live.state import LiveState


def use_color(choice: str, output: str | None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or output is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        # force-color.org: present and not empty, whatever its value; CI logs are no
        # terminal but show colour.  NO_COLOR (above) still wins, as the spec says.
        return True
    return sys.stdout.isatty()


def load_configuration(args: Arguments) -> Config | None:
    """The configuration file (--config, else discovered), or None; ConfigError is exit 2."""
    from runbook_lint.lint.config import discover as discover_config

    if args.isolated:
        return None
    path = args.config
    if path is not None and not os.path.isfile(path):
        raise UsageError(f"configuration file '{path}' does not exist")
    path = path or discover_config()
    if path is None:
        return None
    from runbook_lint.lint.config import load

    return load(path)


def run(args: Arguments) -> int:
    import gc

    # A lint run is short-lived and builds no reference cycles (the AST is a
    # tree of frozen records), so the cyclic collector only costs time: on a
    # 100,000-line runbook it re-scanned the growing AST again and again.
    # Restored when the run ends: in-process callers (the tests, the coming
    # language server) must not be left without a collector.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if was_enabled:
            gc.enable()


def _run(args: Arguments) -> int:
    from runbook_lint.lint import policy as policies

    if args.format == "auto":
        # yamllint's `-f auto`: annotations under GitHub Actions, the full report elsewhere.
        args.format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "full"
    from runbook_lint.lint.config import ConfigError

    try:
        config = load_configuration(args)
        select, ignore = _selection(args, config)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    policy = policies.build(config, select, ignore)
    show_settings = getattr(args, "show_settings", False)
    show_files = getattr(args, "show_files", False)
    if show_settings and show_files:
        raise UsageError("--show-settings and --show-files cannot be used together")
    if show_settings:
        # Nothing is linted and no path is looked at: the settings are the
        # configuration's and the options' (ruff's --show-settings).
        from runbook_lint.commands.settings import render as render_settings

        write_report(render_settings(args, config, policy), args.output)
        return 0
    add_noqa = getattr(args, "add_noqa", False)
    if add_noqa and "-" in args.paths:
        raise UsageError("--add-noqa writes files: it cannot take standard input ('-')")
    if show_files:
        # The paths as a report would show them, after `exclude`; no file is read.
        write_report("".join(f"{item.path}\n" for item in _inputs(args, config)), args.output)
        return 0
    live = _live_state(args, config)  # read once, before any file is linted (live.md)

    inputs = _inputs(args, config)
    results = []
    times: list[float] = []  # seconds per file, for JUnit's `time`
    texts: list[bytes | None] = []  # what each file held, for --add-noqa
    for item in inputs:
        started = perf_counter()
        data, problem = read(item)
        if data is None:
            result = unreadable(item.path, problem or "cannot be read")
        else:
            result = lint_bytes(item.path, data)
            if live is not None and result.runbook is not None:
                _add_drift(result, live)
        policy.apply(result)
        times.append(perf_counter() - started)
        results.append(result)
        if add_noqa:
            texts.append(data)
    if add_noqa:
        from runbook_lint.lint.add_noqa import write_noqa

        return write_noqa(inputs, texts, results)

    fail_on = args.fail_on or (config.fail_on if config is not None else None) or "error"
    options = ReportOptions(
        color=use_color(args.color, args.output) and args.format in ("full", "concise"),
        quiet=args.quiet,
        statistics=args.statistics,
        fail_on_rank=Severity(fail_on).rank,
        exit_zero=args.exit_zero,
        sarif_category=getattr(args, "sarif_category", None),
    )
    if args.format == "junit":
        from runbook_lint.report import junit

        write_report(junit.render(results, options, times), args.output)
    else:
        write_report(render(args.format, results, options), args.output)
    failing = any(d.severity.rank >= options.fail_on_rank for r in results for d in r.diagnostics)
    return 1 if failing and not args.exit_zero else 0


def _inputs(args: Arguments, config: Config | None) -> list[Input]:
    """The files the command line names, less the configuration's `exclude`."""
    inputs = discover(args.paths, args.stdin_filename)
    if config is not None and config.exclude:
        found = len(inputs)
        inputs = [item for item in inputs if not config.excluded(item.path)]
        if found and not inputs:
            # Silent 0-file passes hid a too-wide `exclude` (issue 15, item 11).
            print(
                f"runbook-lint: warning: every one of the {found} file(s) found is excluded"
                f" by {config.path}",
                file=sys.stderr,
            )
    return inputs


def _selection(args: Arguments, config: Config | None) -> tuple[list[str] | None, list[str] | None]:
    """The select and ignore lists that policy.build takes (None: the configuration's).

    --select/--ignore replace the configuration's lists; --extend-select and
    --extend-ignore add to whichever list is in force (ruff's options).
    Selecting more when every rule is already selected changes nothing.
    """
    from runbook_lint.lint.config import ConfigError, parse_selectors

    select = parse_selectors(args.select, "--select") if args.select is not None else None
    ignore = parse_selectors(args.ignore, "--ignore") if args.ignore is not None else None
    extend_select = getattr(args, "extend_select", None)
    if extend_select is not None:
        more = parse_selectors(extend_select, "--extend-select")
        base = select if select is not None else (config.select if config is not None else None)
        select = None if base is None else [*base, *more]
    extend_ignore = getattr(args, "extend_ignore", None)
    if extend_ignore is not None:
        try:
            # As --ignore: naming RL001/RL002 is an error (they cannot be dropped).
            more = parse_selectors(extend_ignore, "--ignore")
        except ConfigError as error:
            raise ConfigError(str(error).replace("--ignore", "--extend-ignore", 1)) from None
        base = ignore if ignore is not None else (config.ignore if config is not None else [])
        ignore = [*base, *more]
    return select, ignore


def _live_state(args: Arguments, config: Config | None) -> LiveState | None:
    """The snapshots of --live (else the configuration's `live`), or None for no live check."""
    entries = list(getattr(args, "live", []))
    if not entries and config is not None and config.live:
        from runbook_lint.live.state import configured_entries

        entries = configured_entries(config.live, config.root)
        if not entries:
            raise UsageError(f"{config.path}: 'live' names no snapshot")
    if not entries:
        return None
    from runbook_lint.live.snapshot import SnapshotError
    from runbook_lint.live.state import load, merge_aliases

    try:
        aliases = merge_aliases(config.aliases if config else None, getattr(args, "alias", []))
        return load(entries, aliases)
    except SnapshotError as error:
        raise UsageError(str(error)) from None


def _add_drift(result: FileResult, live: LiveState) -> None:
    from runbook_lint.live.drift import LiveCheckError, check

    assert result.runbook is not None
    try:
        result.diagnostics.extend(check(result.path, result.runbook, live))
    except LiveCheckError as error:
        raise UsageError(str(error)) from None
