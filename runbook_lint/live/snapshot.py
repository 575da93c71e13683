"""Reading snapshots: folders and support-diagnostics `.zip` bundles (live.md, "Snapshots").

A snapshot is never trusted: nothing outside its folder or archive is read (no
symbolic link out of the folder, no zip member leaving the archive), only the
five files runbook-lint knows are opened, and each is read up to MAX_BYTES, so a
bundle full of large unrelated files costs nothing.
"""

from __future__ import annotations

import json
import os
import stat
from operator import itemgetter

from runbook_lint.live.names import escaped, is_runbook_name, node_name
from runbook_lint.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (milliseconds of start-up)
if TYPE_CHECKING:
    from typing import Any

MAX_BYTES = 64 * 1024 * 1024
VERSION_FILE = "version.json"
NODES_FILE = "nodes.json"
REMOTE_FILE = "remote_cluster_info.json"
FOLLOWER_FILE = "commercial/ccr_follower_info.json"
PATTERNS_FILE = "commercial/ccr_autofollow_patterns.json"


class SnapshotError(Exception):
    """A snapshot that cannot be read: exit status 2 with this one-line message."""


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


class _Reader:
    """Reads the members of one snapshot, a folder or an archive."""

    def __init__(self, path: str) -> None:
        self.path = path

    def read(self, member: str) -> bytes | None:  # None: the file is absent
        raise NotImplementedError

    def close(self) -> None:
        pass


class _FolderReader(_Reader):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.resolved: str | None = None
        self.folders: dict[str, int] = {}  # descriptors of the folders opened by _read_direct

    @property
    def root(self) -> str:
        # Resolved only for the checked path: realpath costs a system call per
        # component, and the direct path does not need it.
        if self.resolved is None:
            self.resolved = os.path.realpath(self.path)
        return self.resolved

    def read(self, member: str) -> bytes | None:
        data = self._read_direct(member) if _DIRECT else None
        return data if data is not None else self._read_checked(member)

    def _read_direct(self, member: str) -> bytes | None:
        """The common case in few system calls, or None to take the checked path.

        Every component is opened with O_NOFOLLOW relative to the one before, so a
        symbolic link anywhere fails the open instead of being followed; that, a
        missing file, anything but a non-empty regular file within the limit,
        and any error leave the decision (and its message) to _read_checked.
        A large estate is a thousand of these files.
        """
        folder, _, name = member.rpartition("/")
        try:
            parent = self._folder(folder)
            fd = os.open(name, _DIRECT_FLAGS, dir_fd=parent)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            size = info.st_size
            if not stat.S_ISREG(info.st_mode) or not 0 < size <= MAX_BYTES:
                return None
            chunks: list[bytes] = []
            wanted = size + 1  # one byte more than the size shows a file that grew
            while wanted > 0:
                chunk = os.read(fd, wanted)
                if not chunk:
                    break
                chunks.append(chunk)
                wanted -= len(chunk)
            return b"".join(chunks)
        except OSError:
            return None
        finally:
            os.close(fd)

    def _folder(self, folder: str) -> int:
        fd = self.folders.get(folder)
        if fd is None:
            if folder:
                head, _, name = folder.rpartition("/")
                fd = os.open(name, _FOLDER_FLAGS, dir_fd=self._folder(head))
            else:  # the snapshot's own path may be a link, as realpath would follow it
                fd = os.open(self.path, _FOLDER_FLAGS & ~_NOFOLLOW)
            self.folders[folder] = fd
        return fd

    def close(self) -> None:
        for fd in self.folders.values():
            os.close(fd)
        self.folders.clear()

    def _read_checked(self, member: str) -> bytes | None:
        # The root is already resolved, so only the member's own components can
        # be links: one lstat each, and realpath only where one is (a large
        # estate's hundreds of snapshots made realpath the cost of reading them).
        real = self.root
        linked = False
        for part in member.split("/"):
            real = os.path.join(real, part)
            try:
                linked = linked or stat.S_ISLNK(os.lstat(real).st_mode)
            except OSError:
                return None
        if linked:
            if not os.path.exists(real):
                return None
            real = os.path.realpath(real)
            if os.path.commonpath([real, self.root]) != self.root:
                raise SnapshotError(f"{self._shown(member)}: a symbolic link out of the snapshot")
        try:
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as error:
            raise SnapshotError(f"{self._shown(member)}: {error.strerror}") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise SnapshotError(f"{self._shown(member)}: not a regular file")
            if info.st_size > MAX_BYTES:
                raise SnapshotError(f"{self._shown(member)}: larger than {MAX_BYTES >> 20} MiB")
            with os.fdopen(fd, "rb") as handle:
                fd = -1
                # Sized by the file, not by the limit: read(n) allocates n bytes first.
                return handle.read(info.st_size + 1) if info.st_size else handle.read(MAX_BYTES + 1)
        finally:
            if fd >= 0:
                os.close(fd)

    def _shown(self, member: str) -> str:
        return os.path.join(self.path, member)


_DIRECT = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECT_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_FOLDER_FLAGS = _DIRECT_FLAGS | getattr(os, "O_DIRECTORY", 0)


class _ZipReader(_Reader):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        import zipfile  # only when a snapshot is a bundle: `check` never pays for it

        try:
            self.archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile, ValueError) as error:
            raise SnapshotError(f"{path}: not a readable .zip ({error})") from None
        self.members: dict[str, Any] = {}
        for info in self.archive.infolist():
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise SnapshotError(f"{path}: member '{escaped(name)}' leaves the archive; refused")
            self.members[name.replace("\\", "/")] = info
        self.prefix = self._find_prefix()

    def _find_prefix(self) -> str:
        if VERSION_FILE in self.members:
            return ""
        tops = {name.split("/", 1)[0] for name in self.members if "/" in name}
        candidates = [top for top in sorted(tops) if f"{top}/{VERSION_FILE}" in self.members]
        if len(candidates) == 1 and len(tops) == 1:
            return candidates[0] + "/"
        raise SnapshotError(
            f"{self.path}: no {VERSION_FILE} at the top of the archive or in its one top-level folder"
        )

    def read(self, member: str) -> bytes | None:
        info = self.members.get(self.prefix + member)
        if info is None:
            return None
        shown = f"{self.path}:{self.prefix}{member}"
        kind = (info.external_attr >> 16) & 0o170000
        if kind == stat.S_IFLNK:
            raise SnapshotError(f"{shown}: a symbolic link in the archive; refused")
        if info.is_dir():
            raise SnapshotError(f"{shown}: a folder, not a file")
        if info.file_size > MAX_BYTES:
            raise SnapshotError(f"{shown}: larger than {MAX_BYTES >> 20} MiB")
        try:
            with self.archive.open(info) as handle:
                # The header's size may lie: one byte more than it says shows a longer member.
                data: bytes = handle.read(info.file_size + 1)
        except Exception as error:  # noqa: BLE001 - zipfile raises many kinds for a bad member
            raise SnapshotError(f"{shown}: cannot be read ({type(error).__name__})") from None
        return data

    def close(self) -> None:
        self.archive.close()


def _reader(path: str) -> _Reader:
    if os.path.isdir(path):
        return _FolderReader(path)
    if os.path.isfile(path):
        return _ZipReader(path)
    raise SnapshotError(f"{path}: no such snapshot (a folder or a .zip)")


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


def _load(reader: _Reader, member: str) -> _File | None:
    data = reader.read(member)
    shown = (
        f"{reader.path}/{member}"
        if isinstance(reader, _FolderReader)
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
    reader = _reader(path)
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
