"""Snapshots: what a cluster's files say (live.md, "Snapshots").

The five files runbook-lint knows are parsed into records here; how they are
read, and that nothing outside the snapshot ever is, is readers.py's. A field
of the wrong type or a file that is not JSON is a SnapshotError naming the
file and the field.

Over ~300 lines on purpose: one reader per file of the layout, each with the
exact message for each of its fields.
"""

from __future__ import annotations

import json
import os
from operator import itemgetter

from runbook_lint.live.names import escaped, is_runbook_name, node_name

# Re-exported (``X as X``): the snapshot's layout and its error are this module's API.
from runbook_lint.live.readers import MAX_BYTES as MAX_BYTES
from runbook_lint.live.readers import VERSION_FILE as VERSION_FILE
from runbook_lint.live.readers import FolderReader, Reader, open_snapshot
from runbook_lint.live.readers import SnapshotError as SnapshotError
from runbook_lint.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (milliseconds of start-up)
if TYPE_CHECKING:
    from typing import Any

NODES_FILE = "nodes.json"
REMOTE_FILE = "remote_cluster_info.json"
FOLLOWER_FILE = "commercial/ccr_follower_info.json"
PATTERNS_FILE = "commercial/ccr_autofollow_patterns.json"


@record
class Node:
    name: str  # as the runbook spells it (names.node_name)
    version: str
    roles: tuple[str, ...] | None
    transport_address: str | None
    host: str | None
    ip: str | None


@record
class Follower:
    index: str
    alias: str
    active: bool


@record
class Pattern:
    name: str
    alias: str
    active: bool


@record
class Remote:
    addresses: tuple[str, ...]  # seeds (sniff) or the proxy address (proxy)


@record(frozen=False)
class Snapshot:
    name: str
    source: str  # the PATH as given, for messages
    nodes: list[Node]
    remotes: dict[str, Remote] | None  # None: unknown
    followers: list[Follower] | None
    patterns: list[Pattern] | None
    renamed: bool = False
    unknown_reason: str = ""

    @property
    def follower_side_known(self) -> bool:
        return self.followers is not None and self.patterns is not None and self.remotes is not None


def is_snapshot(path: str) -> bool:
    """Whether PATH is one snapshot (else, if a folder, a folder of snapshots)."""
    if not os.path.isdir(path):
        return True
    # nodes.json alone is still one snapshot: its missing version.json is the error to report.
    return any(os.path.lexists(os.path.join(path, name)) for name in (VERSION_FILE, NODES_FILE))


def expand(entries: list[str]) -> list[tuple[str | None, str]]:
    """`[NAME=]PATH` entries to (NAME, PATH) snapshots; a folder of snapshots gives each."""
    found: list[tuple[str | None, str]] = []
    for entry in entries:
        name: str | None = None
        path = entry
        head, sep, tail = entry.partition("=")
        if sep and head and is_runbook_name(head) and not os.path.exists(entry):
            name, path = head, tail
        if not os.path.exists(path):
            raise SnapshotError(f"{path}: no such snapshot (a folder or a .zip)")
        if is_snapshot(path):
            found.append((name, path))
            continue
        if name is not None:
            raise SnapshotError(f"{entry}: NAME=PATH names one snapshot, and {path} holds several")
        children = sorted(os.listdir(path))
        for child in children:
            full = os.path.join(path, child)
            if child.startswith("."):
                continue
            if os.path.isdir(full) and not os.path.islink(full) or child.endswith(".zip"):
                found.append((None, full))
    return found


class _File:
    """One JSON file of a snapshot, with its name for messages."""

    def __init__(self, shown: str, data: Any) -> None:
        self.shown = shown
        self.data = data

    def fail(self, where: str, what: str) -> SnapshotError:
        return SnapshotError(f"{self.shown}: {where}: {what}")


def _load(reader: Reader, member: str) -> _File | None:
    data = reader.read(member)
    shown = (
        f"{reader.path}/{member}"
        if isinstance(reader, FolderReader)
        else (f"{reader.path}:{member}")
    )
    if data is None:
        return None
    if len(data) > MAX_BYTES:
        raise SnapshotError(f"{shown}: larger than {MAX_BYTES >> 20} MiB")
    try:
        value = json.loads(data)
    except RecursionError:
        raise SnapshotError(f"{shown}: not JSON (nested too deeply)") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise SnapshotError(f"{shown}: not JSON ({str(error).splitlines()[0][:120]})") from None
    return _File(shown, value)


_VERSIONS: set[str] = set()  # texts already parsed: an estate's nodes share a few versions


def _is_version(text: str) -> bool:
    if text in _VERSIONS:
        return True
    from runbook_lint.model.versions import Version

    try:
        Version.parse(text)
    except ValueError:
        return False
    _VERSIONS.add(text)
    return True


def _is_error(value: Any) -> bool:
    return isinstance(value, dict) and "error" in value and "status" in value


def _get(file: _File, obj: Any, key: str, kind: type, where: str, required: bool = True) -> Any:
    if not isinstance(obj, dict):
        raise file.fail(where, "not an object")
    if key not in obj:
        if required:
            raise file.fail(f"{where}.{key}" if where else key, "missing")
        return None
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise file.fail(f"{where}.{key}" if where else key, f"not a {kind.__name__}")
    return value


def read(path: str, name: str | None = None) -> Snapshot:
    """Read the snapshot at PATH (named NAME when given)."""
    reader = open_snapshot(path)
    try:
        version = _load(reader, VERSION_FILE)
        if version is None:
            raise SnapshotError(f"{path}: no {VERSION_FILE} (a snapshot needs it)")
        cluster = _get(version, version.data, "cluster_name", str, "")
        if name is None:
            if not is_runbook_name(cluster):
                raise SnapshotError(
                    f"{version.shown}: cluster name '{escaped(cluster)}' is not a runbook name;"
                    f" give it one with NAME={path}"
                )
            name = cluster
        nodes_file = _load(reader, NODES_FILE)
        if nodes_file is None:
            raise SnapshotError(f"{path}: no {NODES_FILE} (a snapshot needs it)")
        raw_nodes = _get(nodes_file, nodes_file.data, "nodes", dict, "")
        nodes: list[Node] = []
        for node_id, raw in raw_nodes.items():
            where = f"nodes.{escaped(node_id)}"
            node_version = _get(nodes_file, raw, "version", str, where)
            if not _is_version(node_version):
                raise nodes_file.fail(
                    f"{where}.version", f"'{escaped(node_version[:40])}' is not a version"
                )
            roles = _get(nodes_file, raw, "roles", list, where, required=False)
            if roles is not None and not all(isinstance(role, str) for role in roles):
                raise nodes_file.fail(f"{where}.roles", "not a list of strings")
            nodes.append(
                Node(
                    node_name(_get(nodes_file, raw, "name", str, where)),
                    node_version,
                    tuple(sorted(set(roles))) if roles is not None else None,
                    _get(nodes_file, raw, "transport_address", str, where, required=False),
                    _get(nodes_file, raw, "host", str, where, required=False),
                    _get(nodes_file, raw, "ip", str, where, required=False),
                )
            )
        if not nodes:
            raise nodes_file.fail("nodes", "no node")
        nodes.sort(key=lambda node: (node.name, node.version))
        for first, second in zip(nodes, nodes[1:], strict=False):
            if first.name == second.name:
                raise nodes_file.fail(
                    "nodes", f"two nodes named '{first.name}' (as the runbook spells them)"
                )
        snapshot = Snapshot(name, path, nodes, None, None, None, renamed=name != cluster)
        reasons: list[str] = []
        snapshot.remotes = _remotes(_load(reader, REMOTE_FILE), reasons, REMOTE_FILE)
        snapshot.followers = _followers(_load(reader, FOLLOWER_FILE), reasons, FOLLOWER_FILE)
        snapshot.patterns = _patterns(_load(reader, PATTERNS_FILE), reasons, PATTERNS_FILE)
        snapshot.unknown_reason = "; ".join(reasons)
        return snapshot
    finally:
        reader.close()


def _optional(file: _File | None, reasons: list[str], member: str) -> bool:
    if file is None:
        reasons.append(f"no {member}")
        return False
    if _is_error(file.data):
        reasons.append(f"{member} holds an error response")
        return False
    return True


def _remotes(file: _File | None, reasons: list[str], member: str) -> dict[str, Remote] | None:
    if not _optional(file, reasons, member):
        return None
    assert file is not None
    if not isinstance(file.data, dict):
        raise file.fail("(top)", "not an object")
    remotes: dict[str, Remote] = {}
    for alias, raw in file.data.items():
        where = escaped(alias)
        seeds = _get(file, raw, "seeds", list, where, required=False)
        proxy = _get(file, raw, "proxy_address", str, where, required=False)
        addresses: list[str] = []
        if seeds is not None:
            if not all(isinstance(seed, str) for seed in seeds):
                raise file.fail(f"{where}.seeds", "not a list of strings")
            addresses.extend(seeds)
        if proxy:
            addresses.append(proxy)
        remotes[alias] = Remote(tuple(addresses))
    return remotes


_FOLLOWER_FIELDS = itemgetter("follower_index", "remote_cluster", "leader_index", "status")


def _followers(file: _File | None, reasons: list[str], member: str) -> list[Follower] | None:
    if not _optional(file, reasons, member):
        return None
    assert file is not None
    items = _get(file, file.data, "follower_indices", list, "")
    followers: list[Follower] = []
    for number, raw in enumerate(items):
        # The common case in one C call and without building a field path for
        # messages: a large estate's snapshots hold tens of thousands of them.
        try:
            index, alias, leader, status = _FOLLOWER_FIELDS(raw)
        except (KeyError, TypeError):
            pass  # not an object, or a field missing: the checked path names it
        else:
            if (
                type(index) is str
                and type(alias) is str
                and type(leader) is str
                and (status == "active" or status == "paused")
            ):
                followers.append(Follower(index, alias, status == "active"))
                continue
        where = f"follower_indices[{number}]"
        status = _get(file, raw, "status", str, where)
        if status not in ("active", "paused"):
            raise file.fail(f"{where}.status", f"'{escaped(status[:40])}' is not active or paused")
        _get(file, raw, "leader_index", str, where)
        followers.append(
            Follower(
                _get(file, raw, "follower_index", str, where),
                _get(file, raw, "remote_cluster", str, where),
                status == "active",
            )
        )
    return followers


def _patterns(file: _File | None, reasons: list[str], member: str) -> list[Pattern] | None:
    if not _optional(file, reasons, member):
        return None
    assert file is not None
    items = _get(file, file.data, "patterns", list, "")
    patterns: list[Pattern] = []
    for number, raw in enumerate(items):
        where = f"patterns[{number}]"
        body = _get(file, raw, "pattern", dict, where)
        # `active` exists since 7.5 (pause/resume of patterns); before, every pattern ran.
        active = _get(file, body, "active", bool, f"{where}.pattern", required=False)
        patterns.append(
            Pattern(
                _get(file, raw, "name", str, where),
                _get(file, body, "remote_cluster", str, f"{where}.pattern"),
                True if active is None else active,
            )
        )
    return patterns


def read_all(entries: list[str]) -> list[Snapshot]:
    """Every snapshot that ENTRIES name, in cluster-name order; two of one name is an error."""
    snapshots = [read(path, name) for name, path in expand(entries)]
    snapshots.sort(key=lambda snapshot: snapshot.name)
    for first, second in zip(snapshots, snapshots[1:], strict=False):
        if first.name == second.name:
            raise SnapshotError(
                f"two snapshots of cluster '{first.name}': {first.source} and {second.source};"
                f" name one with NAME=PATH"
            )
    return snapshots
