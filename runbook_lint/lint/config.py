"""`.runbook-lint.yaml`: discovery, safe loading and validation.

Imported only when a configuration file exists, so that a run without one
never loads yaml.  Every problem is a ConfigError whose message names the file,
the line where known, and the key: the CLI prints it and exits with status 2.

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
    from collections.abc import Sized

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


def discover(start: str = ".") -> str | None:
    """The nearest `.runbook-lint.yaml` (or `.yml`) in ``start`` or one of its parents,
    stopping at the repository root (the folder holding `.git`), as ruff and yamllint
    stop: a configuration above the checkout is not the repository's."""
    folder = os.path.abspath(start)
    while True:
        found = [
            os.path.join(folder, name)
            for name in (FILENAME, ".runbook-lint.yml")
            if os.path.isfile(os.path.join(folder, name))
        ]
        if len(found) > 1:
            raise ConfigError(f"two configuration files in one folder: {found[0]} and {found[1]}")
        if found:
            return found[0]
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return None
        folder = parent


def load(path: str) -> Config:
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
    config = Config(path=path, root=os.path.dirname(os.path.abspath(path)))
    if data is None:
        return config
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}:1: the configuration must be a mapping of keys (select, ignore, ...)"
        )
    nodes: dict[object, tuple[Node, Node]] = {}
    # The data is a mapping, so its node is one.
    for key_node, value_node in root.value if isinstance(root, yaml.MappingNode) else ():
        nodes[key_node.value] = (key_node, value_node)
    for key, value in data.items():
        key_node, value_node = nodes.get(key, (None, None))
        where = f"{path}:{_line(key_node)}"
        if key not in KEYS:
            raise ConfigError(
                f"{where}: unknown key {excerpt(key)} (known keys: {', '.join(KEYS)})"
            )
        if key in ("select", "ignore", "exclude"):
            items = _string_list(value, where, key)
            if key == "exclude":
                for item, place in zip(
                    items, _item_places(path, value_node, items, where), strict=True
                ):
                    _check_glob(item, place, key)
                config.exclude = items
            else:
                codes = _codes(items, _item_places(path, value_node, items, where), key)
                if key == "select":
                    config.select = codes
                else:
                    config.ignore = codes
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'severity' must map codes to error, warning or info")
            places = _entry_places(path, value_node)
            for selector, level in value.items():
                here = places.get(str(selector), where)
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
            config.fail_on = value
        elif key == "live":
            config.live = _string_list(value, where, key)
        elif key == "aliases":
            config.aliases = _aliases(value, where)
        else:  # per-file-ignores
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'per-file-ignores' must map globs to lists of codes")
            places = _entry_places(path, value_node)
            entries = _entry_nodes(value_node)
            for pattern, codes in value.items():
                here = places.get(str(pattern), where)
                _check_glob(str(pattern), here, "per-file-ignores")
                items = _string_list(codes, here, f"per-file-ignores: {pattern}")
                item_places = _item_places(path, entries.get(str(pattern)), items, here)
                config.per_file_ignores.append(
                    (str(pattern), _codes(items, item_places, f"per-file-ignores: {pattern}"))
                )
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


def _entry_nodes(node: Node | None) -> dict[str, Node]:
    """A mapping node's values by key (as text)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): value for key, value in node.value}


def _key_at(root: Node | None, mark: Mark | None) -> str | None:
    """The top-level key whose value holds ``mark`` (a YAML error's position), if any."""
    import yaml

    if not isinstance(root, yaml.MappingNode) or mark is None:
        return None
    for key, value in root.value:
        if key.start_mark.index <= mark.index <= value.end_mark.index:
            return excerpt(key.value)[1:-1] if isinstance(key.value, str) else excerpt(key.value)
    return None


def _entry_places(path: str, node: Node | None) -> dict[str, str]:
    """`path:line` of each key of a mapping node, by key (as text)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): f"{path}:{_line(key)}" for key, _value in node.value}


def _item_places(path: str, node: Node | None, items: Sized, default: str) -> list[str]:
    """`path:line` of each item of a sequence node (``default`` where unknown)."""
    import yaml

    if isinstance(node, yaml.SequenceNode) and len(node.value) == len(items):
        return [f"{path}:{_line(item)}" for item in node.value]
    return [default] * len(items)


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
        raise ConfigError(f"{where}: '{key}': invalid glob {excerpt(pattern)}: {error}") from None


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
