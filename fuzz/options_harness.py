"""The command-line fuzz harness: one argv through the CLI's option parser.

``check_options(data)`` splits ``data`` at NUL bytes into the words of a command
line (decoded as Python decodes ``sys.argv`` on POSIX: UTF-8 with
``surrogateescape``, so any bytes make a word), parses them with
``runbook_lint.cli.parse_arguments``, turns the rule selections into codes with
``lint.config.parse_selectors`` (as ``check`` does), and raises
``AssertionError`` (or lets any other exception escape) when one of these fails:

* ``parse_arguments`` returns ``Arguments`` or ``None`` (help or the version was
  written to standard output), or raises ``UsageError`` (exit status 2, cli.md);
  ``parse_selectors`` returns codes or raises ``ConfigError`` (exit status 2);
* ``None`` only when a word asks for help or the version (before ``--``, or as
  the value of an option: ``-o -- -h`` is help), and then standard output holds
  the usage (of the command, or the general one) or the version line;
* the result has every option of its command: flags are booleans, an option
  with choices holds one of them (or its default), a repeated option (``--alias``,
  ``--live``) is a list, the positionals are as the command's table says;
* the result, written back as a canonical command line (the command, then
  ``--name=value`` for every option set, ``--``, the positionals), parses to
  the same result;
* the codes are the catalogue's, and RL001 and RL002 stay, as errors, through
  the policy built from them (rules.md: ``--ignore RL001`` is an error, and a
  prefix such as ``RL`` does not reach them);
* a second parse gives the same result.

Used by ``fuzz/fuzz_options.py`` (atheris) and ``tests/test_fuzz_options.py``.
"""

from __future__ import annotations

import contextlib
import io

from runbook_lint.catalogue import RULES
from runbook_lint.cli import COMMANDS, DEFAULTS, REPEATED, Arguments, parse_arguments, usage
from runbook_lint.errors import UsageError
from runbook_lint.lint.config import ConfigError, parse_selectors
from runbook_lint.lint.linter import lint_bytes
from runbook_lint.lint.policy import build

__all__ = ["argv_of", "canonical", "check_options", "parse", "seed_inputs"]

HELP = ("-h", "--help", "--version", "-V")
SELECTIONS = (
    ("select", "--select"),
    ("ignore", "--ignore"),
    ("extend_select", "--extend-select"),
    ("extend_ignore", "--ignore"),  # check's _selection parses it as --ignore
)


def argv_of(data: bytes) -> list[str]:
    """The words of a command line: ``data`` split at NUL bytes, as argv is decoded."""
    if not data:
        return []
    return [word.decode("utf-8", "surrogateescape") for word in data.split(b"\0")]


def fields(args: Arguments) -> dict[str, object]:
    return {name: value for name, value in vars(args).items()}


def parse(argv: list[str]) -> tuple[str, object]:
    """("args", fields) or ("printed", stdout) or ("usage", message)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            args = parse_arguments(list(argv))
    except UsageError as error:
        return "usage", str(error)
    if args is None:
        return "printed", out.getvalue()
    assert not out.getvalue(), "output written while parsing"
    return "args", fields(args)


def canonical(values: dict[str, object]) -> list[str]:
    """A command line that says exactly ``values``: every option by its long name."""
    name = values["command"]
    assert isinstance(name, str)
    command = COMMANDS[name]
    words = [name]
    for option in command.options:
        value = values[option.dest]
        spelling = option.names[-1] if option.names[-1].startswith("--") else option.names[0]
        if option.flag:
            if value:
                words.append(spelling)
        elif option.dest in REPEATED:
            assert isinstance(value, list)
            words += [f"{spelling}={item}" for item in value]
        elif value is not None:
            words.append(f"{spelling}={value}")
    words.append("--")
    for dest, _metavar, _required, many, _help in command.positionals:
        value = values[dest]
        if many:
            assert isinstance(value, list)
            words += value
        elif value is not None:
            assert isinstance(value, str)
            words.append(value)
    return words


def _check_fields(values: dict[str, object], argv: list[str]) -> None:
    name = values["command"]
    assert name in COMMANDS, name
    command = COMMANDS[name]
    if argv and argv[0] in COMMANDS:
        assert name == argv[0]
    else:
        assert name == "check"
    expected = {"command"} | {option.dest for option in command.options}
    expected |= {dest for dest, *_ in command.positionals}
    assert set(values) == expected, sorted(set(values) ^ expected)
    for option in command.options:
        value = values[option.dest]
        if option.flag:
            assert isinstance(value, bool), (option.dest, value)
        elif option.dest in REPEATED:
            assert isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif option.choices is not None:
            default = DEFAULTS.get((name, option.dest))
            assert value in option.choices or value == default, (option.dest, value)
        else:
            assert value is None or isinstance(value, str), (option.dest, value)
    for dest, _metavar, required, many, _help in command.positionals:
        value = values[dest]
        if many:
            assert isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif required:
            assert isinstance(value, str), (dest, value)
        else:
            assert value is None or isinstance(value, str), (dest, value)


# A file that does not parse and one that does not decode.
BROKEN = (b"cluster\n", b"\xff\n")


def _check_selections(values: dict[str, object]) -> None:
    selected: dict[str, list[str]] = {}
    for dest, option in SELECTIONS:
        text = values.get(dest)
        if not isinstance(text, str):
            continue
        try:
            codes = parse_selectors(text, option)
        except ConfigError as error:
            assert str(error).startswith(option + ":"), str(error)
            continue
        assert all(code in RULES for code in codes), codes
        selected[dest] = codes
    select = selected.get("select", []) + selected.get("extend_select", []) or None
    ignore = selected.get("ignore", []) + selected.get("extend_ignore", [])
    policy = build(None, select, ignore)
    for data in BROKEN:
        result = lint_bytes("runbooks/x.rbk", data)
        before = [(d.code, d.severity.value) for d in result.diagnostics]
        policy.apply(result)
        assert [(d.code, d.severity.value) for d in result.diagnostics] == before


def check_options(data: bytes) -> None:
    """Parse ``data`` as a command line; an AssertionError (or any exception) is a bug."""
    argv = argv_of(data)
    kind, result = parse(argv)
    if kind == "printed":
        assert any(word in HELP for word in argv), argv
        general = usage()
        commands = {usage(command) for command in COMMANDS.values()}
        assert result == general or result in commands or str(result).startswith("runbook-lint ")
    elif kind == "usage":
        assert isinstance(result, str) and result, "an empty usage message"
    else:
        assert isinstance(result, dict)
        _check_fields(result, argv)
        again = parse(canonical(result))
        assert again == ("args", result), f"{canonical(result)!r} parses to {again!r}"
        _check_selections(result)
    assert parse(argv) == (kind, result), "a second parse differs"


def _words(*words: str) -> bytes:
    return "\0".join(words).encode("utf-8", "surrogateescape")


SEEDS: tuple[bytes, ...] = (
    b"",
    _words("check"),
    _words("runbooks/prod.rbk", "--format", "json", "-o", "out.json"),
    _words("check", "--output-format=sarif", "--sarif-category", "nightly", "-oreport.sarif", "."),
    _words("check", "--select", "RL2,RL301", "--ignore=RL302", "--extend-select", "RL9"),
    _words("check", "--extend-ignore", "RL001", "--fail-on", "warning", "--exit-zero"),
    _words("check", "--ignore", "syntax-error"),
    _words("check", "--color=always", "--statistics", "-q", "--stdin-filename", "x.rbk", "-"),
    _words("check", "--live", "snap", "--live=other", "--alias", "eu:us=us-east", "a.rbk"),
    _words("check", "--config", "c.yaml", "--isolated", "--add-noqa", "--", "-x.rbk", "--help"),
    _words("check", "--format", "xml"),
    _words("check", "--quiet=yes"),
    _words("check", "--output"),
    _words("check", "--bogus"),
    _words("rules", "--format", "json"),
    _words("explain", "RL201"),
    _words("explain"),
    _words("explain", "RL201", "RL202"),
    _words("format", "--check", "--diff", "a.rbk", "b.rbk"),
    _words("server"),
    _words("plan", "topology.rbk", "--to", "9.1.0", "--via", "8.19.0", "--parallel"),
    _words("plan", "--format=markdown", "-o", "plan.md", "t.rbk"),
    _words("collect", "http://localhost:9200", "-o", "snap", "--api-key-env", "KEY", "--insecure"),
    _words("collect", "https://h:9243", "--user", "u", "--password-env", "P", "--timeout", "5"),
    _words("topology", "eu=snap/eu", "snap.zip", "--relations", "each", "--alias", "a:b=c"),
    _words("--help"),
    _words("--version"),
    _words("plan", "-h"),
    _words("check", "--", "--version"),
    _words("check", "-o", "--", "-h"),  # `--` as -o's value: -h is still help
    _words("check", "--select=", "--ignore=,,", "--fail-on=error"),
    _words("check", "é😀", "\udcff", "\x1b[31m", "--format=\u202e"),
)


def seed_inputs() -> list[bytes]:
    return list(SEEDS)
