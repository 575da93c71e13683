"""The file system through the CLI: what a directory walk meets, and writing -o.

A CI gate reads whatever lands in a repository: symbolic-link loops, files it
may not read, folders named like runbooks, FIFOs. Each gets a clear RL002 (or
is walked, for a folder), never a hang or a crash, and the other files are
still linted. A report written with -o is written whole or not at all.

The tests run as root, whom file permissions do not stop; the permission cases
run the CLI as the unprivileged user 'nobody' (setpriv), in a folder of
their own under /tmp that 'nobody' can reach.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import stat
import subprocess
import tempfile

import pytest
from conftest import entry_point, run_cli

CLEAN = b"cluster a version 8.14.3\nupgrade a to 8.15.1\n"
BROKEN = b"cluster a version 8.14.3\nupgrade b to 8.15.1\n"  # RL101 at 2:9
NOT_REGULAR = "is not a regular file (a FIFO, socket or device), so it is not read"

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="symbolic links, FIFOs, sockets and setpriv are POSIX"
)


def check(*args, cwd):
    """`runbook-lint check --isolated --format json ARGS`: status, diagnostics by path, stderr."""
    completed = run_cli(
        "check", "--isolated", "--format", "json", *args, cwd=cwd
    )  # times out after 120 s: a hang fails
    items = json.loads(completed.stdout) if completed.stdout else []
    by_path: dict[str, list[tuple]] = {}
    for item in items:
        by_path.setdefault(item["path"], []).append(
            (item["code"], item["line"], item["column"], item["message"])
        )
    return completed.returncode, by_path, completed.stderr.decode()


def linted_files(*args, cwd) -> int:
    """How many files a run linted (from the summary line of the concise format)."""
    completed = run_cli("check", "--isolated", "--format", "concise", *args, cwd=cwd)
    last = completed.stdout.decode().strip().splitlines()[-1]
    return (
        int(last.rsplit(" in ", 1)[1].split()[0])
        if " in " in last
        else int(last.split("(")[1].split()[0])
    )


def test_a_walk_through_symlink_loops(tmp_path):
    root = tmp_path / "repo"
    (root / "sub").mkdir(parents=True)
    (root / "good.rbk").write_bytes(CLEAN)
    (root / "sub" / "broken.rbk").write_bytes(BROKEN)
    os.symlink("..", root / "sub" / "loop")  # a folder loop: not followed
    os.symlink(".", root / "sub" / "self.rbk")  # a folder link named like a runbook
    os.symlink("self-file.rbk", root / "self-file.rbk")  # a file link to itself
    os.symlink("b.rbk", root / "a.rbk")
    os.symlink("a.rbk", root / "b.rbk")
    os.symlink("missing.rbk", root / "dangling.rbk")
    status, found, stderr = check("repo", cwd=tmp_path)
    assert status == 1 and stderr == ""
    loop = "cannot be read: Too many levels of symbolic links"
    assert found == {
        "repo/a.rbk": [("RL002", 1, 1, loop)],
        "repo/b.rbk": [("RL002", 1, 1, loop)],
        "repo/dangling.rbk": [("RL002", 1, 1, "cannot be read: No such file or directory")],
        "repo/self-file.rbk": [("RL002", 1, 1, loop)],
        "repo/sub/broken.rbk": [
            ("RL101", 2, 9, "cluster 'b' is not declared; the statement is ignored")
        ],
    }
    # good.rbk was linted too (it is clean), and nothing below the loops twice.
    assert linted_files("repo", cwd=tmp_path) == 6
    # A loop named on the command line is the same RL002.
    status, found, _ = check("repo/a.rbk", "repo/good.rbk", cwd=tmp_path)
    assert status == 1 and found == {"repo/a.rbk": [("RL002", 1, 1, loop)]}


def test_a_folder_named_like_a_runbook_is_walked(tmp_path):
    (tmp_path / "x.rbk").mkdir()
    (tmp_path / "x.rbk" / "inner.rbk").write_bytes(BROKEN)
    (tmp_path / "empty.rbk").mkdir()
    (tmp_path / "good.rbk").write_bytes(CLEAN)
    status, found, stderr = check(".", cwd=tmp_path)
    # Walked into like any folder: its runbooks are linted; it is no file itself.
    assert status == 1 and stderr == ""
    assert list(found) == ["x.rbk/inner.rbk"]
    assert linted_files(".", cwd=tmp_path) == 2
    status, found, _ = check("x.rbk", "empty.rbk", cwd=tmp_path)
    assert status == 1 and list(found) == ["x.rbk/inner.rbk"]


def test_a_fifo_a_socket_and_a_device_are_not_read(tmp_path):
    os.mkfifo(tmp_path / "y.rbk")  # nobody writes to it: reading it would hang
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.rbk"))
        (tmp_path / "good.rbk").write_bytes(CLEAN)
        (tmp_path / "broken.rbk").write_bytes(BROKEN)
        status, found, stderr = check(".", cwd=tmp_path)
        assert status == 1 and stderr == ""
        assert found == {
            "broken.rbk": [
                ("RL101", 2, 9, "cluster 'b' is not declared; the statement is ignored")
            ],
            "s.rbk": [("RL002", 1, 1, NOT_REGULAR)],
            "y.rbk": [("RL002", 1, 1, NOT_REGULAR)],
        }
        assert linted_files(".", cwd=tmp_path) == 4
        # Named on the command line: the same, and /dev/zero is not read either.
        status, found, _ = check("y.rbk", os.devnull, "/dev/zero", "good.rbk", cwd=tmp_path)
        assert status == 1
        assert found == {
            "y.rbk": [("RL002", 1, 1, NOT_REGULAR)],
            os.devnull: [("RL002", 1, 1, NOT_REGULAR)],
            "/dev/zero": [("RL002", 1, 1, NOT_REGULAR)],
        }
    finally:
        server.close()


def test_a_file_name_that_is_not_utf8(tmp_path):
    """Its bytes are shown as escapes; every format can write it (no internal error)."""
    name = os.fsdecode(b"bad\xff.rbk")
    (tmp_path / name).write_bytes(BROKEN)
    for fmt in ("full", "concise", "json", "sarif", "github", "junit", "markdown"):
        completed = run_cli("check", "--isolated", "--format", fmt, ".", cwd=tmp_path)
        assert completed.returncode == 1, completed.stderr
        assert completed.stderr == b""
        out = completed.stdout.decode("utf-8")  # valid UTF-8, whatever the file name
        if fmt == "sarif":
            from urllib.parse import unquote

            uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
                "artifactLocation"
            ]["uri"]
            assert unquote(uri) == "bad\\xff.rbk"
        else:
            assert "bad\\xff.rbk" in out.replace("\\\\", "\\")  # markdown doubles the backslash
    completed = run_cli(
        "check", "--isolated", "--format", "json", ".", "-o", "out.json", cwd=tmp_path
    )
    assert completed.returncode == 1 and completed.stderr == b""
    assert (
        json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))[0]["path"] == "bad\\xff.rbk"
    )
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".runbook-lint-")]


# ---------------------------------------------------------------------------
# As an unprivileged user: unreadable files and folders, unwritable folders
# ---------------------------------------------------------------------------

NOBODY = 65534


@pytest.fixture
def open_tmp():
    """A folder under /tmp that 'nobody' can enter (pytest's own tmp_path is 0700)."""
    folder = tempfile.mkdtemp(prefix="runbook-lint-fs-", dir="/tmp")
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for path, folders, _files in os.walk(folder):
            for name in folders:
                os.chmod(os.path.join(path, name), 0o755)
        shutil.rmtree(folder)


def as_nobody(*args, cwd):
    """The installed CLI run as 'nobody'; skipped (with the reason) where that is impossible."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run the CLI as an unprivileged user")
    command = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *entry_point()]
    probe = subprocess.run([*command, "--version"], capture_output=True, timeout=60, cwd=cwd)
    if probe.returncode != 0:
        pytest.skip(f"the CLI cannot run as 'nobody' here: {probe.stderr.decode()[-300:]}")
    return subprocess.run([*command, *args], capture_output=True, timeout=60, cwd=cwd)


def test_an_unreadable_file_and_folder(open_tmp):
    repo = os.path.join(open_tmp, "repo")
    os.makedirs(os.path.join(repo, "locked"))
    os.makedirs(os.path.join(repo, "open"))
    for name, data in (
        ("secret.rbk", CLEAN),
        ("good.rbk", CLEAN),
        ("open/broken.rbk", BROKEN),
        ("locked/x.rbk", BROKEN),
    ):
        with open(os.path.join(repo, name), "wb") as stream:
            stream.write(data)
        os.chmod(os.path.join(repo, name), 0o644)
    os.chmod(os.path.join(repo, "secret.rbk"), 0o000)
    os.chmod(os.path.join(repo, "locked"), 0o000)
    completed = as_nobody("check", "--isolated", "--format", "json", "repo", cwd=open_tmp)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr == b""
    found = {
        (item["path"], item["code"], item["line"], item["column"], item["message"])
        for item in json.loads(completed.stdout)
    }
    assert found == {
        (
            "repo/locked",
            "RL002",
            1,
            1,
            "folder cannot be listed: Permission denied; the runbooks in it were not checked",
        ),
        (
            "repo/open/broken.rbk",
            "RL101",
            2,
            9,
            "cluster 'b' is not declared; the statement is ignored",
        ),
        ("repo/secret.rbk", "RL002", 1, 1, "cannot be read: Permission denied"),
    }
    # The unreadable folder named on the command line, and the file.
    completed = as_nobody(
        "check",
        "--isolated",
        "--format",
        "concise",
        "repo/locked",
        "repo/secret.rbk",
        "repo/good.rbk",
        cwd=open_tmp,
    )
    assert completed.returncode == 1
    assert completed.stdout.decode().splitlines() == [
        "repo/locked:1:1: error[RL002] folder cannot be listed: Permission denied; the runbooks in it were not checked",
        "repo/secret.rbk:1:1: error[RL002] cannot be read: Permission denied",
        "Found 2 errors in 3 files.",
    ]


def test_output_to_a_folder_it_cannot_write(open_tmp):
    os.chmod(open_tmp, 0o755)  # owned by root: 'nobody' may not create files in it
    with open(os.path.join(open_tmp, "good.rbk"), "wb") as stream:
        stream.write(CLEAN)
    report = os.path.join(open_tmp, "report.json")
    with open(report, "w") as stream:
        stream.write("the previous report\n")
    os.chmod(report, 0o666)  # even writable in place: the folder decides
    completed = as_nobody(
        "check", "--isolated", "--format", "json", "good.rbk", "-o", "report.json", cwd=open_tmp
    )
    assert completed.returncode == 2
    assert (
        completed.stderr.decode() == "runbook-lint: cannot write 'report.json': Permission denied\n"
    )
    assert open(report).read() == "the previous report\n"
    assert sorted(os.listdir(open_tmp)) == ["good.rbk", "report.json"]


# ---------------------------------------------------------------------------
# -o: exit status 2, one line, and never half a report
# ---------------------------------------------------------------------------


def one_line_error(completed) -> str:
    assert completed.returncode == 2
    assert completed.stdout == b""
    message = completed.stderr.decode()
    assert (
        message.startswith("runbook-lint: ") and message.endswith("\n") and message.count("\n") == 1
    )
    assert "Traceback" not in message
    return message


def no_temporary_files(folder) -> None:
    leftovers = [
        name
        for _, _, files in os.walk(folder)
        for name in files
        if name.startswith(".runbook-lint-")
    ]
    assert leftovers == []


@pytest.mark.parametrize(
    "target, reason",
    [
        ("missing/report.json", "No such file or directory"),
        ("afile/report.json", "Not a directory"),
        ("adir", "Is a directory"),
    ],
)
def test_output_that_cannot_be_written(tmp_path, target, reason):
    (tmp_path / "good.rbk").write_bytes(BROKEN)
    (tmp_path / "afile").write_text("a file, not a folder\n")
    (tmp_path / "adir").mkdir()
    (tmp_path / "adir" / "kept").write_text("untouched\n")
    completed = run_cli(
        "check", "--isolated", "--format", "json", "good.rbk", "-o", target, cwd=tmp_path
    )
    assert one_line_error(completed) == f"runbook-lint: cannot write '{target}': {reason}\n"
    assert (tmp_path / "afile").read_text() == "a file, not a folder\n"
    assert (tmp_path / "adir" / "kept").read_text() == "untouched\n"
    assert sorted(os.listdir(tmp_path)) == ["adir", "afile", "good.rbk"]
    no_temporary_files(tmp_path)


def _limit_file_size():
    # Writes past 4 KiB fail with EFBIG ("File too large") instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_write_that_fails_half_way_leaves_the_previous_report(tmp_path):
    """The report is written to a temporary file and renamed: a failed write changes nothing."""
    lines = [b"cluster a version 8.14.3"] + [b"upgrade b to 8.15.1"] * 200
    (tmp_path / "many.rbk").write_bytes(b"\n".join(lines) + b"\n")
    report = tmp_path / "report.json"
    report.write_text("the previous report\n")
    completed = subprocess.run(
        [
            *entry_point(),
            "check",
            "--isolated",
            "--format",
            "json",
            "many.rbk",
            "-o",
            "report.json",
        ],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
        preexec_fn=_limit_file_size,
    )
    assert one_line_error(completed) == "runbook-lint: cannot write 'report.json': File too large\n"
    assert report.read_text() == "the previous report\n"
    assert sorted(os.listdir(tmp_path)) == ["many.rbk", "report.json"]
    # Without the limit the same run writes the whole report, with the usual mode.
    completed = run_cli(
        "check", "--isolated", "--format", "json", "many.rbk", "-o", "report.json", cwd=tmp_path
    )
    assert completed.returncode == 1 and completed.stdout == b"" and completed.stderr == b""
    assert len(json.loads(report.read_text())) == 200
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(report.stat().st_mode) == 0o666 & ~umask
    no_temporary_files(tmp_path)
