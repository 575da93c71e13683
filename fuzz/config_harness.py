"""The configuration fuzz harness: one configuration file through the loader.

``check_config(data)`` writes ``data`` (the bytes of a configuration file) to a
`.runbook-lint.yaml` and to a `pyproject.toml`, loads each with
``runbook_lint.lint.config.load`` (the bounded YAML loader of ``config_yaml.py``,
or tomllib and ``config_toml.py``'s table and line scan, then every key's
validation), asks the result the questions ``check`` asks (``excluded``,
``ignored_for``) of a few paths, and raises ``AssertionError`` (or lets any
other exception escape) when one of these fails:

* ``load`` returns a ``Config`` or raises ``ConfigError``, nothing else (cli.md:
  invalid YAML, an unknown key, code or name, a wrong type is exit status 2
  with a message);
* a ``ConfigError``'s message is one line that starts with the file's path;
* a loaded ``Config`` holds what cli.md allows: known rule codes only,
  severities and ``fail-on`` among error, warning and info, lists of strings;
* matching its globs against the paths raises nothing;
* RL001 and RL002 stay, as errors, through the policy built from it (rules.md:
  naming them is an error, and a prefix such as ``RL0`` does not reach them);
* a second load gives the same result (or the same message);
* for the `pyproject.toml`, ``config_toml.configures`` (discovery's question)
  answers True or False, or raises ``TomlError`` (unreadable).

A hang is a failure too: the atheris run gives each input a timeout.
Used by ``fuzz/fuzz_config.py`` (atheris) and ``tests/test_fuzz_config.py``.
"""

from __future__ import annotations

import os
import tempfile

from runbook_lint.catalogue import RULES
from runbook_lint.lint.config import Config, ConfigError, load
from runbook_lint.lint.config_toml import TomlError, configures
from runbook_lint.lint.linter import lint_bytes
from runbook_lint.lint.policy import build
from runbook_lint.severity import SEVERITIES

__all__ = ["check_config", "load_bytes", "seed_inputs"]

# One folder per process, a YAML and a TOML file in it, rewritten for every input.
_FOLDER = tempfile.mkdtemp(prefix="rl-fuzz-config-")
PATH = os.path.join(_FOLDER, ".runbook-lint.yaml")
TOML = os.path.join(_FOLDER, "pyproject.toml")

# Paths `check` would ask about, relative to the configuration's folder and not.
PATHS = (
    "runbooks/prod.rbk",
    "legacy/old.rbk",
    "vendor/x/y/z.rbk",
    "a.rbk",
    ".hidden/b.rbk",
    "deep/" * 20 + "c.rbk",
    "../outside.rbk",
    "runbooks/é😀[a-z]*?.rbk",
)
UNSILENCEABLE = {"RL001", "RL002"}
# A file that does not parse and one that does not decode, in every path above.
BROKEN = (b"cluster\n", b"\xff\n")


def load_bytes(data: bytes, path: str = PATH) -> Config | str:
    """The loaded Config, or the ConfigError's message."""
    with open(path, "wb") as stream:
        stream.write(data)
    try:
        return load(path)
    except ConfigError as error:
        return str(error)


def _check_config(config: Config, path: str) -> None:
    assert config.path == path and config.root == _FOLDER
    if config.select is not None:
        assert all(code in RULES for code in config.select), config.select
    assert all(code in RULES for code in config.ignore), config.ignore
    for code, level in config.severity.items():
        assert code in RULES and level in SEVERITIES, (code, level)
    assert config.fail_on is None or config.fail_on in SEVERITIES, config.fail_on
    assert all(isinstance(item, str) for item in config.exclude + config.live)
    for pattern, codes in config.per_file_ignores:
        assert isinstance(pattern, str)
        assert all(code in RULES for code in codes), codes
    for follower, table in config.aliases.items():
        assert isinstance(follower, str)
        assert all(isinstance(a, str) and isinstance(b, str) for a, b in table.items())
    policy = build(config, None, None)
    for relative in PATHS:
        path = os.path.join(_FOLDER, relative)
        assert isinstance(config.excluded(path), bool)
        ignored = config.ignored_for(path)
        assert ignored <= set(RULES), ignored
        for data in BROKEN:
            result = lint_bytes(path, data)
            before = [(d.code, d.severity.value) for d in result.diagnostics]
            policy.apply(result)
            after = [(d.code, d.severity.value) for d in result.diagnostics]
            assert before == after and {code for code, _ in after} <= UNSILENCEABLE, after


def check_config(data: bytes) -> None:
    """Load ``data`` as a configuration; an AssertionError (or any exception) is a bug."""
    for path in (PATH, TOML):
        first = load_bytes(data, path)
        if isinstance(first, str):
            assert first.startswith(path + ":"), f"the message does not name the file: {first!r}"
            assert "\n" not in first and "\r" not in first, f"a message of many lines: {first!r}"
        else:
            _check_config(first, path)
        again = load_bytes(data, path)
        assert again == first, f"a second load differs: {first!r} then {again!r}"
    try:
        assert configures(TOML) in (True, False)
    except TomlError as error:
        assert str(error).startswith(TOML + ":"), str(error)


# Hand-written seeds: cli.md's example, each key's corners, the bounds of config_yaml.py.
SEEDS: tuple[bytes, ...] = (
    b"",
    b"# nothing\n",
    b"select: [RL]                 # codes, prefixes or names\n"
    b"ignore: [RL302]\n"
    b"severity:\n  RL307: error\n"
    b"fail-on: error\n"
    b'exclude: ["vendor/**"]\n'
    b'per-file-ignores:\n  "legacy/*.rbk": [RL201]\n'
    b'live: ["snapshots/*"]\n'
    b"aliases:\n  eu-west: {us: us-east}\n",
    b"select: [RL2, leader-upgraded-before-follower]\nignore: [RL9]\n",
    b"ignore: [RL001]\n",
    b"severity: {RL002: info}\n",
    b"severity: {RL2: warning, RL3: info}\n",
    b"per-file-ignores: {'**/x/*.rbk': [RL201, RL202], '[!a-c]?.rbk': [RL3]}\n",
    b"exclude: ['[z-a]']\n",
    b"exclude: ['**a**a**a**a**a**a**a**a**a**a**a**a**z', '[abc', 'a/**/b/', '/x']\n",
    b"fail-on: [1, 2]\n",
    b"unknown: 1\n",
    b"select: RL201\n",
    b"select: [RL201]\nselect: [RL202]\n",
    b"- a\n- b\n",
    b"select: !!python/object/apply:os.system ['true']\n",
    b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    b"fail-on: *f\n",
    b"fail-on: &x [*x]\n",
    # Values PyYAML's constructors refuse with ValueError (found by the campaign).
    b"\xef\xbb\xbfsel\xef\xbb\xbfselect: 1979-20-27T07:32:00Z",
    b"fail-on: " + b"1" * 5000 + b"\n",
    b'exclude: ["[k-\\n]"]\n',  # a glob whose reason quoted a line break raw
    # Aliases nesting deeper than MAX_DEPTH, each level shallow.
    b"a0: &a0 [x]\n" + b"".join(b"a%d: &a%d [*a%d]\n" % (i, i, i - 1) for i in range(1, 102)),
    b"select: " + b"[" * 120 + b"]" * 120 + b"\n",
    b"? [a, b]\n: c\n",
    b"aliases: {eu-west: {us: [us-east]}}\n",
    b"live: [1]\n",
    b"\xef\xbb\xbfselect: [RL201]\n",
    b"select: [\xff]\n",
    b"severity:\n  '\x1b[31m\xe2\x80\xa8': error\n",
    b'fail-on: "\\u202e\\x1b]8;;"\n',
    b"select: [RL201\n",
    b"\t- x\n",
    b"%YAML 1.1\n---\nselect: [RL201]\n...\n---\nignore: [RL202]\n",
    # pyproject.toml: every spelling of the table (config_toml.py), then its corners.
    b'[project]\nname = "x"\n\n[tool.runbook-lint]\nselect = ["RL"]\nignore = ["RL302"]\n'
    b'fail-on = "warning"\nexclude = ["vendor/**"]\n\n[tool.runbook-lint.severity]\n'
    b'RL307 = "error"\n\n[tool.runbook-lint.per-file-ignores]\n"legacy/*.rbk" = ["RL201"]\n'
    b'\n[tool.runbook-lint.aliases]\neu-west = { us = "us-east" }\n',
    b'[tool."runbook-lint"]\nselect = [\n  "RL2",  # comment\n  \'RL3\',\n]\n',
    b'tool.runbook-lint.ignore = ["RL001"]\n',
    b'[tool]\nrunbook-lint = { severity = { RL0 = "info" } }\n',
    b'tool = { runbook-lint = "no" }\n',
    b'[tool.runbook-lint]\nselect = "RL201"\nselect = "RL202"\n',
    b'[tool.runbook-lint]\nexclude = [[["a"]]]\nlive = [1, 2.5, 1979-05-27T07:32:00Z]\n',
    b'[tool.runbook-lint]\n"fail-on" = """\nerror"""\n\n[[tool.runbook-lint.x]]\n',
    b"[tool.runbook-lint]\nselect = [" + b"[" * 3000 + b"]" * 3000 + b"]\n",
    b'[tool.runbook-lint]\nselect = ["\\u202e\\u001b"]\n\xff\n',
    b"[project]\nname = 'runbook-lint'\n",
)


def seed_inputs() -> list[bytes]:
    return list(SEEDS)
