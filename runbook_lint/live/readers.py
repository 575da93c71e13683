"""How a snapshot's files are read: a folder or a support-diagnostics `.zip`.

Nothing outside the snapshot is read: no symbolic link out of the folder, no
zip member leaving the archive, and each file at most MAX_BYTES (a bundle full
of large unrelated files costs nothing). The JSON inside is snapshot.py's.
"""

from __future__ import annotations

import os
import stat

from runbook_lint.live.names import escaped

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (milliseconds of start-up)
if TYPE_CHECKING:
    from typing import Any

MAX_BYTES = 64 * 1024 * 1024
VERSION_FILE = "version.json"


class SnapshotError(Exception):
    """A snapshot that cannot be read: exit status 2 with this one-line message."""


class Reader:
    """Reads the members of one snapshot, a folder or an archive."""

    def __init__(self, path: str) -> None:
        self.path = path

    def read(self, member: str) -> bytes | None:  # None: the file is absent
        raise NotImplementedError

    def close(self) -> None:
        pass


class FolderReader(Reader):
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


class ZipReader(Reader):
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


def open_snapshot(path: str) -> Reader:
    if os.path.isdir(path):
        return FolderReader(path)
    if os.path.isfile(path):
        return ZipReader(path)
    raise SnapshotError(f"{path}: no such snapshot (a folder or a .zip)")
