"""The configuration: discovery, safe loading and validation.

`.runbook-lint.yaml`, `.runbook-lint.yml` or `pyproject.toml`'s
`[tool.runbook-lint]` table (read by config_toml.py).  Imported only when a
configuration file may exist; yaml is loaded only for a YAML file, tomllib
only for a `pyproject.toml` that mentions runbook-lint.  Every problem is a
ConfigError whose message names the file, the line where known, and the key:
the CLI prints it and exits with status 2.

Just over ~300 lines because every key's validation is here, beside the
others (cli.md's "Configuration" table, key by key); the YAML loading that
refuses alias bombs is config_yaml.py's.
"""

from __future__ import annotations

import os

from runbook_lint.catalogue import expand, unsilenceable
from runbook_lint.excerpt import excerpt
from runbook_lint.records import field, record
from runbook_lint.severity import SEVERITIES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from yaml.error import Mark
    from yaml.nodes import Node

FILENAME = ".runbook-lint.yaml"
KEYS = (
    "select",
    "ignore",
    "severity",
    "fail-on",
    "exclude",
    "per-file-ignores",
    "live",
    "aliases",
)


class ConfigError(Exception):
    pass


@record(frozen=False)
class Config:
    path: str | None = None  # None: no file
    root: str = "."  # the folder globs are relative to
    select: list[str] | None = None  # codes; None: every rule
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # code -> severity
    fail_on: str | None = None
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: list[tuple[str, list[str]]] = field(default_factory=list)
    live: list[str] = field(default_factory=list)  # [NAME=]PATH, globs relative to root
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # live.md
    # key -> where the file sets it (`path:line`, or `path` where the line is unknown)
    sources: dict[str, str] = field(default_factory=dict)

    def excluded(self, path: str) -> bool:
        return any(_matches(pattern, self._relative(path)) for pattern in self.exclude)

    def ignored_for(self, path: str) -> set[str]:
        relative = self._relative(path)
        codes: set[str] = set()
        for pattern, ignored in self.per_file_ignores:
            if _matches(pattern, relative):
                codes.update(ignored)
        return codes

    def _relative(self, path: str) -> str:
        try:
            relative = os.path.relpath(os.path.abspath(path), self.root)
        except ValueError:  # another drive on Windows
            relative = path
        return relative.replace(os.sep, "/")


NAMES = (FILENAME, ".runbook-lint.yml", "pyproject.toml")
# Where each value sits: the line of a key (a path of keys from the configuration's
# top) or of a list's item (its index).  Built from the YAML nodes or by
# config_toml's scan; a value with no line is placed at the nearest enclosing one.
Lines = dict[tuple[object, ...], int]


def discover(start: str = ".") -> str | None:
    """The nearest configuration file in ``start`` or one of its parents: a
    `.runbook-lint.yaml`, a `.runbook-lint.yml` or a `pyproject.toml` with a
    `[tool.runbook-lint]` table (one without it is not a configuration), as ruff
    finds `ruff.toml` and `pyproject.toml`.  It stops at the repository root (the
    folder holding `.git`), as ruff and yamllint stop: a configuration above the
    checkout is not the repository's.  Two in one folder is an error naming both."""
    folder = os.path.abspath(start)
    while True:
        found = [
            os.path.join(folder, name)
            for name in NAMES
            if os.path.isfile(os.path.join(folder, name))
        ]
        if found and found[-1].endswith("pyproject.toml"):
            from runbook_lint.lint.config_toml import TomlError, configures

            try:
                if not configures(found[-1]):
                    found.pop()
            except TomlError as error:  # unreadable
                raise ConfigError(str(error)) from None
        if len(found) > 1:
            named = " and ".join((", ".join(found[:-1]), found[-1]))
            many = "two" if len(found) == 2 else "three"
            raise ConfigError(f"{many} configuration files in one folder: {named}")
        if found:
            return found[0]
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return None
        folder = parent


def load(path: str) -> Config:
    """The configuration in ``path``: TOML for a `*.toml` file (`pyproject.toml`'s
    `[tool.runbook-lint]` table, another file's top level), YAML otherwise."""
    if path.endswith(".toml"):
        from runbook_lint.lint.config_toml import TomlError, read_toml

        try:
            data, lines = read_toml(path)
        except TomlError as error:
            raise ConfigError(str(error)) from None
        return validate(data, path, lines)
    return _load_yaml(path)


def _load_yaml(path: str) -> Config:
    import yaml

    from runbook_lint.lint.config_yaml import BoundedLoader

    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the configuration: {error}") from None
    root = None
    try:
        # Safe loading only: a `!!python/object` tag is an error, never code.
        # Bounded too: no alias bomb, no nesting past MAX_DEPTH, no duplicate key.
        root = yaml.compose(text, Loader=BoundedLoader)
        data = yaml.load(text, Loader=BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:  # a last resort: BoundedLoader stops nesting long before
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        key = _key_at(root, mark)
        inside = f" in '{key}'" if key is not None else ""
        raise ConfigError(f"{path}{where}: invalid YAML{inside}: {problem}") from None
    if data is not None and not isinstance(data, dict):
        raise ConfigError(
            f"{path}:1: the configuration must be a mapping of keys (select, ignore, ...)"
        )
    return validate(data or {}, path, _yaml_lines(root))


def _yaml_lines(root: Node | None) -> Lines:
    """The line of every key and list item down to the third level (the deepest a
    valid configuration goes: per-file-ignores' lists, aliases' tables)."""
    import yaml

    lines: Lines = {}
    # The data is a mapping, so its node is one; nodes of keys and values only
    # (an alias's node is shared, and its line is where it was first written).
    pending: list[tuple[tuple[object, ...], Node]] = [((), root)] if root is not None else []
    while pending:
        keys, node = pending.pop()
        if len(keys) >= 3:
            continue
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    here = (*keys, str(key_node.value))
                    lines.setdefault(here, _line(key_node))
                    pending.append((here, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*keys, index)] = _line(item)
                pending.append(((*keys, index), item))
    return lines


def place(path: str, lines: Lines, *keys: object) -> str:
    """`path:line` of a key or item, else of the nearest enclosing key; else `path`."""
    for end in range(len(keys), 0, -1):
        line = lines.get(keys[:end])
        if line is not None:
            return f"{path}:{line}"
    return path


def validate(data: dict[object, object], path: str, lines: Lines) -> Config:
    """The Config a loaded configuration (YAML's or TOML's) describes: every key
    checked as cli.md's "Configuration" says, each error naming the file, the
    line where known, and the key."""
    config = Config(path=path, root=os.path.dirname(os.path.abspath(path)))
    for key, value in data.items():
        where = place(path, lines, str(key))
        if key not in KEYS:
            raise ConfigError(
                f"{where}: unknown key {excerpt(key)} (known keys: {', '.join(KEYS)})"
            )
        assert isinstance(key, str)
        config.sources[key] = where
        if key in ("select", "ignore", "exclude"):
            items = _string_list(value, where, key)
            places = [place(path, lines, key, index) for index in range(len(items))]
            if key == "exclude":
                for item, here in zip(items, places, strict=True):
                    _check_glob(item, here, key)
                config.exclude = items
            else:
                codes = _codes(items, places, key)
                if key == "select":
                    config.select = codes
                else:
                    config.ignore = codes
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'severity' must map codes to error, warning or info")
            for selector, level in value.items():
                here = place(path, lines, key, str(selector))
                if level not in SEVERITIES:
                    raise ConfigError(
                        f"{here}: 'severity': {excerpt(selector)} must be error, warning or info, "
                        f"not {excerpt(level)}"
                    )
                for code in _codes([str(selector)], [here], "severity"):
                    config.severity[code] = level
        elif key == "fail-on":
            if value not in SEVERITIES:
                raise ConfigError(
                    f"{where}: 'fail-on' must be error, warning or info, not {excerpt(value)}"
                )
            assert isinstance(value, str)
            config.fail_on = value
        elif key == "live":
            config.live = _string_list(value, where, key)
        elif key == "aliases":
            config.aliases = _aliases(value, where)
        else:  # per-file-ignores
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'per-file-ignores' must map globs to lists of codes")
            for pattern, codes in value.items():
                here = place(path, lines, key, str(pattern))
                _check_glob(str(pattern), here, "per-file-ignores")
                label = f"per-file-ignores: {pattern}"
                items = _string_list(codes, here, label)
                item_places = [
                    place(path, lines, key, str(pattern), index) for index in range(len(items))
                ]
                config.per_file_ignores.append((str(pattern), _codes(items, item_places, label)))
    return config


def _aliases(value: object, where: str) -> dict[str, dict[str, str]]:
    """`aliases: {FOLLOWER: {ALIAS: LEADER}}`, every name a string."""
    if not isinstance(value, dict) or not all(
        isinstance(follower, str)
        and isinstance(table, dict)
        and all(isinstance(a, str) and isinstance(b, str) for a, b in table.items())
        for follower, table in value.items()
    ):
        raise ConfigError(
            f"{where}: 'aliases' must map follower clusters to {{remote alias: leader cluster}}"
        )
    return {follower: dict(table) for follower, table in value.items()}


def _line(node: Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _key_at(root: Node | None, mark: Mark | None) -> str | None:
    """The top-level key whose value holds ``mark`` (a YAML error's position), if any."""
    import yaml

    if not isinstance(root, yaml.MappingNode) or mark is None:
        return None
    for key, value in root.value:
        if key.start_mark.index <= mark.index <= value.end_mark.index:
            if not isinstance(key, yaml.ScalarNode):
                return None  # a complex key (`? [a, b]`): its nodes are no name (fuzz_config)
            return excerpt(key.value)[1:-1]
    return None


def _string_list(value: object, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value


def _refuse_unsilenceable(selector: str, label: str) -> None:
    # rules.md, "Input": naming RL001/RL002 where it would drop or lower them is
    # a configuration error (select may name them: it cannot drop them anyway).
    rule = unsilenceable(selector)
    if rule is not None:
        raise ConfigError(
            f"{label}: {rule.code} ({rule.name}) cannot be ignored or lowered: "
            "a file that cannot be read or parsed cannot be checked, so it always fails"
        )


def _codes(selectors: list[str], places: list[str], key: str) -> list[str]:
    codes: list[str] = []
    for selector, where in zip(selectors, places, strict=True):
        if key != "select":
            _refuse_unsilenceable(selector, f"{where}: '{key}'")
        try:
            codes.extend(rule.code for rule in expand(selector))
        except ValueError:
            raise ConfigError(
                f"{where}: '{key}': unknown code or rule name {excerpt(selector)}"
            ) from None
    return codes


def parse_selectors(text: str, option: str) -> list[str]:
    """A command line's comma-separated codes, prefixes or names."""
    codes: list[str] = []
    for selector in filter(None, (part.strip() for part in text.split(","))):
        if option == "--ignore":
            _refuse_unsilenceable(selector, option)
        try:
            codes.extend(rule.code for rule in expand(selector))
        except ValueError:
            raise ConfigError(f"{option}: unknown code or rule name '{selector}'") from None
    return codes


def _normalised(pattern: str) -> str:
    return pattern.strip("/") if pattern.endswith("/") else pattern.lstrip("/")


def _check_glob(pattern: str, where: str, key: str) -> None:
    """An invalid glob (`[z-a]`, an unclosed `[`) is a configuration error, not a silent no-match."""
    from runbook_lint.lint.globs import GlobError, compile_glob

    try:
        compile_glob(_normalised(pattern))
    except GlobError as error:
        # The reason quotes the pattern's characters as they are (a line break in
        # `[k-\n]`, found by fuzz_config): escaped, so the message stays one line.
        reason = repr(str(error))[1:-1]
        raise ConfigError(f"{where}: '{key}': invalid glob {excerpt(pattern)}: {reason}") from None


def _matches(pattern: str, relative: str) -> bool:
    """Whether a path (relative to the config's folder) or one of its folders matches.

    A pattern without '/' matches a file or folder name anywhere, as in
    .gitignore; a pattern with '/' matches from the config's folder.  Matched
    by runbook_lint.lint.globs in time linear in the path (no regex backtracking).
    """
    from runbook_lint.lint.globs import compile_glob

    pattern = _normalised(pattern)
    glob = compile_glob(pattern)  # checked when the configuration was loaded
    if "/" not in pattern:
        return any(glob.fullmatch(part) for part in relative.split("/"))
    return glob.prefix_matches(relative)
