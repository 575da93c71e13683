"""`check --show-settings`: the resolved configuration, and where each value came from.

One line per configuration key, in cli.md's order, as TOML with a comment:
`KEY = VALUE  # ORIGIN`, after a first comment line naming the configuration
file.  The lines are valid TOML, so they paste into a `[tool.runbook-lint]`
table.  ORIGIN is the file and line that set the value (`FILE:LINE`), the
options that set or extended it (`--select`, `FILE:LINE, --extend-ignore`),
or `default`.  Lists of codes are the codes in force, sorted (a prefix or a
name is shown expanded; `select`'s default is every rule).
"""

from __future__ import annotations

import os

from runbook_lint.catalogue import RULES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.cli import Arguments
    from runbook_lint.lint.config import Config
    from runbook_lint.lint.policy import Policy


def shown_path(path: str) -> str:
    """A path as the settings show it: relative to the current folder, `/` separators."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = path
    return relative.replace(os.sep, "/")


def render(args: Arguments, config: Config | None, policy: Policy) -> str:
    from runbook_lint.errors import UsageError
    from runbook_lint.live.snapshot import SnapshotError
    from runbook_lint.live.state import merge_aliases

    if args.isolated:
        lines = ["# configuration: none (--isolated)"]
    elif config is None or config.path is None:
        lines = ["# configuration: none found (the defaults)"]
    else:
        lines = [f"# configuration: {shown_path(config.path)}"]

    def origin(key: str, replaced_by: str | None = None, *extended_by: str) -> str:
        """The option that replaced the file's value, else the file's place (or
        `default`); then the options that extended it."""
        source = config.sources.get(key) if config is not None else None
        if replaced_by is not None:
            first = replaced_by
        elif source is not None and config is not None and config.path is not None:
            first = shown_path(config.path) + source[len(config.path) :]
        else:
            first = "default"
        return ", ".join([first, *extended_by])

    def given(option: str, value: object) -> str | None:
        return option if value else None

    live_options = list(getattr(args, "live", []))
    alias_options = list(getattr(args, "alias", []))
    try:
        aliases = merge_aliases(config.aliases if config else None, alias_options)
    except SnapshotError as error:
        raise UsageError(str(error)) from None
    extend_select = ["--extend-select"] if args.extend_select is not None else []
    extend_ignore = ["--extend-ignore"] if args.extend_ignore is not None else []
    values: list[tuple[str, object, str]] = [
        (
            "select",
            sorted(RULES) if policy.select is None else sorted(policy.select),
            origin("select", given("--select", args.select is not None), *extend_select),
        ),
        (
            "ignore",
            sorted(policy.ignore),
            origin("ignore", given("--ignore", args.ignore is not None), *extend_ignore),
        ),
        (
            "severity",
            {code: level.value for code, level in sorted(policy.severity.items())},
            origin("severity"),
        ),
        (
            "fail-on",
            args.fail_on or (config.fail_on if config else None) or "error",
            origin("fail-on", given("--fail-on", args.fail_on)),
        ),
        ("exclude", config.exclude if config else [], origin("exclude")),
        (
            "per-file-ignores",
            dict(config.per_file_ignores) if config else {},
            origin("per-file-ignores"),
        ),
        (
            "live",
            live_options or (config.live if config else []),
            origin("live", given("--live", live_options)),
        ),
        ("aliases", aliases, origin("aliases", None, *(["--alias"] if alias_options else []))),
    ]
    lines += [f"{key} = {toml(value)}  # {where}" for key, value, where in values]
    return "\n".join(lines) + "\n"


def toml(value: object) -> str:
    """A value as inline TOML: strings, lists and tables of them."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {toml(v)}" for k, v in value.items()) + " }"
    return str(value)


_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _key(key: object) -> str:
    text = str(key)
    return text if text and all(char in _BARE for char in text) else _string(text)


def _string(text: str) -> str:
    """A TOML basic string; what a terminal should not be handed raw is escaped
    (control, bidi and line-separator characters: whatever is not printable)."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(f"\\U{ord(char):08X}")
    out.append('"')
    return "".join(out)
