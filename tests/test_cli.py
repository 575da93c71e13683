"""The command line as users run it: ``cli.main(argv)`` in process (conftest's
run_cli), and the installed console script, ``python -m`` and a terminal in real
subprocesses.

Spec: cli.md ("check" options, exit status, output formats).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import run_cli

import runbook_lint
from runbook_lint.model.versions import data_updated

BROKEN = (
    'runbook "demo"\n'  # 1
    "cluster A version 8.16.1\n"  # 2
    "upgrade A 8.17.0\n"  # 3: 'to' missing
    "step {\n"  # 4
    '  note "x" extra\n'  # 5: a second statement on the line
    "}\n"  # 6
    "\n\n\n\n"  # 7-10
    "}\n"  # 11: closes nothing (a two-digit line number in the gutter)
)

CLEAN = "cluster A version 8.16.1\nupgrade A to 8.17.0\n"
ONE_ERROR = "cluster A version 8.16.1\nupgrade A 8.17.0\n"
ONE_WARNING = "cluster A version 8.16.1\nupgrade A to 8.16.1\n"  # RL302, a warning

FULL = """\
error[RL001]: expected 'to' before the version
 --> broken.rbk:3:11
  |
3 | upgrade A 8.17.0
  |           ^^^^^^
  |

error[RL001]: expected the end of the line, found name 'extra': one statement per line
 --> broken.rbk:5:12
  |
5 |   note "x" extra
  |            ^^^^^
  |

error[RL001]: '}' closes no block: no 'step' or 'parallel' block is open here
  --> broken.rbk:11:1
   |
11 | }
   | ^
   |

Found 3 errors in 1 file.
"""

CONCISE = """\
broken.rbk:3:11: error[RL001] expected 'to' before the version
broken.rbk:5:12: error[RL001] expected the end of the line, found name 'extra': one statement per line
broken.rbk:11:1: error[RL001] '}' closes no block: no 'step' or 'parallel' block is open here
Found 3 errors in 1 file.
"""


def rl001(line, column, end_column, message):
    return {
        "path": "broken.rbk",
        "line": line,
        "column": column,
        "end_line": line,
        "end_column": end_column,
        "code": "RL001",
        "rule": "syntax-error",
        "severity": "error",
        "message": message,
        "related": [],
        "help": None,
    }


JSON = [
    rl001(3, 11, 17, "expected 'to' before the version"),
    rl001(5, 12, 17, "expected the end of the line, found name 'extra': one statement per line"),
    rl001(11, 1, 2, "'}' closes no block: no 'step' or 'parallel' block is open here"),
]

ANSI = "\x1b["


def text(completed) -> str:
    return completed.stdout.decode("utf-8")


def assert_usage_error(completed, *words):
    assert completed.returncode == 2
    assert completed.stdout == b""
    err = completed.stderr.decode()
    assert "Traceback" not in err
    assert 1 <= len(err.strip().splitlines()) <= 2, err
    for word in words:
        assert word in err, err


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "broken.rbk").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "clean.rbk").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "one_error.rbk").write_text(ONE_ERROR, encoding="utf-8")
    (tmp_path / "one_warning.rbk").write_text(ONE_WARNING, encoding="utf-8")
    return tmp_path


# --------------------------------------------------------------------------
# Formats


def test_full_format(folder):
    completed = run_cli("check", "broken.rbk", cwd=folder)
    assert (completed.returncode, completed.stderr) == (1, b"")
    assert text(completed) == FULL
    # full is the default; --format full says the same
    assert text(run_cli("check", "--format", "full", "broken.rbk", cwd=folder)) == FULL


def test_concise_format(folder):
    completed = run_cli("check", "--format", "concise", "broken.rbk", cwd=folder)
    assert (completed.returncode, completed.stderr) == (1, b"")
    assert text(completed) == CONCISE


def test_json_format(folder):
    completed = run_cli("check", "--format", "json", "broken.rbk", cwd=folder)
    assert (completed.returncode, completed.stderr) == (1, b"")
    assert json.loads(completed.stdout) == JSON  # standard output is one JSON array, nothing else
    assert text(completed) == json.dumps(JSON, indent=2, ensure_ascii=False) + "\n"


def test_json_format_of_a_clean_run_is_an_empty_array(folder):
    completed = run_cli("check", "--format", "json", "clean.rbk", cwd=folder)
    assert completed.returncode == 0
    assert json.loads(completed.stdout) == []


def test_json_columns_count_characters(tmp_path):
    (tmp_path / "u.rbk").write_text('note "日本語😀" extra\n', encoding="utf-8")
    [item] = json.loads(run_cli("check", "--format", "json", "u.rbk", cwd=tmp_path).stdout)
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (1, 13, 1, 18)


SPEC_RUNBOOK = (
    "# prod\n"
    'runbook "prod"\n'
    "target 8.15.1\n"
    "\n"
    "cluster us-east version 8.14.3\n"
    "cluster eu-west version 8.14.3\n"
    "\n"
    "# the relation\n"
    "eu-west follows us-east\n"  # 9
    "\n"
    'step "nothing" {\n'
    '  note "x"\n'
    "}\n"
    "upgrade us-east to 8.15.1\n"  # 14
    "upgrade eu-west to 8.15.1\n"
)


def test_full_and_json_formats_of_the_spec_example(tmp_path):
    """cli.md's RL201 example, with its related location, label and help."""
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "prod.rbk").write_text(SPEC_RUNBOOK, encoding="utf-8")
    completed = run_cli("check", "runbooks/prod.rbk", cwd=tmp_path)
    assert completed.returncode == 1
    assert text(completed) == (
        "error[RL201]: leader 'us-east' upgraded before its follower 'eu-west'\n"
        "  --> runbooks/prod.rbk:14:1\n"
        "   |\n"
        "14 | upgrade us-east to 8.15.1\n"
        "   | ^^^^^^^^^^^^^^^^^^^^^^^^^ 'eu-west' still runs 8.14.3\n"
        "   |\n"
        "note: 'eu-west follows us-east' is declared here\n"
        "  --> runbooks/prod.rbk:9:1\n"
        "help: upgrade 'eu-west' to 8.15.1 before this step: followers first, leaders last\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )
    completed = run_cli("check", "--format", "json", "runbooks/prod.rbk", cwd=tmp_path)
    assert json.loads(completed.stdout) == [
        {
            "path": "runbooks/prod.rbk",
            "line": 14,
            "column": 1,
            "end_line": 14,
            "end_column": 26,
            "code": "RL201",
            "rule": "leader-upgraded-before-follower",
            "severity": "error",
            "message": "leader 'us-east' upgraded before its follower 'eu-west'",
            "related": [
                {
                    "path": "runbooks/prod.rbk",
                    "line": 9,
                    "column": 1,
                    "message": "'eu-west follows us-east' is declared here",
                }
            ],
            "help": "upgrade 'eu-west' to 8.15.1 before this step: followers first, leaders last",
        }
    ]


def test_full_format_of_an_unreadable_file_has_no_source_line(tmp_path):
    (tmp_path / "bin.rbk").write_bytes(b"\x00\x01")
    completed = run_cli("check", "bin.rbk", cwd=tmp_path)
    assert completed.returncode == 1
    assert text(completed) == (
        "error[RL002]: not a text file: NUL byte at offset 0\n"
        " --> bin.rbk:1:1\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )


def test_full_format_at_the_end_of_a_line_and_of_the_file(tmp_path):
    (tmp_path / "e.rbk").write_text('cluster A\nstep {\n\tnote "x"', encoding="utf-8")
    completed = run_cli("check", "e.rbk", cwd=tmp_path)
    assert text(completed) == (
        "error[RL001]: expected 'version' before the end of the line\n"
        " --> e.rbk:1:10\n"
        "  |\n"
        "1 | cluster A\n"
        "  |          ^\n"
        "  |\n"
        "\n"
        "error[RL001]: block opened at line 2 is never closed\n"
        " --> e.rbk:3:10\n"
        "  |\n"
        '3 |     note "x"\n'  # a tab is shown as four spaces, and the caret follows it
        "  |             ^\n"
        "  |\n"
        "\n"
        "Found 2 errors in 1 file.\n"
    )


# --------------------------------------------------------------------------
# The summary line


@pytest.mark.parametrize(
    "files, summary",
    [
        (["clean.rbk"], "All checks passed (1 file)."),
        (
            ["clean.rbk", "clean.rbk"],
            "All checks passed (1 file).",
        ),  # a file named twice is linted once
        (["clean.rbk", "one_warning.rbk"], "Found 1 warning in 2 files."),
        (["one_error.rbk"], "Found 1 error in 1 file."),
        (["one_error.rbk", "clean.rbk"], "Found 1 error in 2 files."),
        (["broken.rbk"], "Found 3 errors in 1 file."),
        (["broken.rbk", "one_error.rbk", "clean.rbk"], "Found 4 errors in 3 files."),
        (["one_error.rbk", "one_warning.rbk"], "Found 1 error and 1 warning in 2 files."),
        (["broken.rbk", "one_warning.rbk"], "Found 3 errors and 1 warning in 2 files."),
    ],
)
def test_summary_line(folder, files, summary):
    for fmt in ("full", "concise"):
        out = text(run_cli("check", "--format", fmt, *files, cwd=folder))
        assert out.endswith(summary + "\n")
        assert out.count("All checks passed") + out.count("Found ") == 1


def test_summary_plurals_for_warnings(tmp_path):
    (tmp_path / "w.rbk").write_text(ONE_WARNING + "upgrade A to 8.16.1\n", encoding="utf-8")
    assert text(run_cli("check", "--format", "concise", "w.rbk", cwd=tmp_path)).endswith(
        "Found 2 warnings in 1 file.\n"
    )
    (tmp_path / "x.rbk").write_text(
        ONE_WARNING + "upgrade A to 8.16.1\nupgrade A 1.2.4\n", encoding="utf-8"
    )
    assert text(run_cli("check", "--format", "concise", "x.rbk", cwd=tmp_path)).endswith(
        "Found 1 error in 1 file.\n"
    )


def test_all_checks_passed_plural(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.rbk").write_text(CLEAN, encoding="utf-8")
    completed = run_cli("check", cwd=tmp_path)
    assert (completed.returncode, text(completed)) == (0, "All checks passed (3 files).\n")


# --------------------------------------------------------------------------
# Options


def test_quiet(folder):
    concise = run_cli("check", "-q", "--format", "concise", "broken.rbk", cwd=folder)
    assert completed_ok(concise, 1)
    assert text(concise) == CONCISE.replace("Found 3 errors in 1 file.\n", "")
    full = run_cli("check", "--quiet", "broken.rbk", cwd=folder)
    assert "Found" not in text(full)
    assert text(full).startswith("error[RL001]: expected 'to' before the version\n")
    clean = run_cli("check", "-q", "clean.rbk", cwd=folder)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, b"", b"")


def completed_ok(completed, status):
    return completed.returncode == status and completed.stderr == b""


@pytest.mark.parametrize("fmt, expected", [("full", FULL), ("concise", CONCISE)])
def test_output_file(folder, fmt, expected):
    completed = run_cli("check", "--format", fmt, "-o", "report.txt", "broken.rbk", cwd=folder)
    assert (completed.returncode, completed.stdout, completed.stderr) == (1, b"", b"")
    assert (folder / "report.txt").read_text(encoding="utf-8") == expected


def test_output_file_json_and_long_option(folder):
    completed = run_cli(
        "check",
        "--format",
        "json",
        "--output",
        "no-such-folder/report.json",
        "broken.rbk",
        cwd=folder,
    )
    assert_usage_error(completed, "no-such-folder/report.json")  # a usage error, not a crash
    completed = run_cli(
        "check", "--format", "json", "--output", "report.json", "broken.rbk", cwd=folder
    )
    assert (completed.returncode, completed.stdout, completed.stderr) == (1, b"", b"")
    assert json.loads((folder / "report.json").read_text(encoding="utf-8")) == JSON


def test_output_file_has_no_colour_under_auto(folder):
    run_cli("check", "-o", "r.txt", "broken.rbk", cwd=folder)
    assert ANSI not in (folder / "r.txt").read_text(encoding="utf-8")


def test_color_always(folder):
    for fmt in ("full", "concise"):
        out = text(run_cli("check", "--format", fmt, "--color", "always", "broken.rbk", cwd=folder))
        assert ANSI in out
        assert "\x1b[1;31merror[RL001]\x1b[0m" in out  # errors in bold red
        stripped = out
        for code in ("\x1b[1;31m", "\x1b[1;34m", "\x1b[1m", "\x1b[0m"):
            stripped = stripped.replace(code, "")
        assert stripped == (FULL if fmt == "full" else CONCISE)


def test_color_never_and_json_have_no_colour(folder):
    assert text(run_cli("check", "--color", "never", "broken.rbk", cwd=folder)) == FULL
    out = text(run_cli("check", "--format", "json", "--color", "always", "broken.rbk", cwd=folder))
    assert ANSI not in out
    assert json.loads(out) == JSON


def test_color_auto_off_when_not_a_terminal(folder):
    # Standard output is a pipe here.
    assert text(run_cli("check", "--color", "auto", "broken.rbk", cwd=folder)) == FULL
    assert text(run_cli("check", "broken.rbk", cwd=folder)) == FULL
    assert (
        text(run_cli("check", "--color", "auto", "broken.rbk", cwd=folder, env={"NO_COLOR": "1"}))
        == FULL
    )


def run_on_terminal(args, cwd, env) -> str:
    """Run the console script with standard output on a pseudo-terminal."""
    pty = pytest.importorskip("pty")
    from conftest import entry_point

    primary, secondary = pty.openpty()
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment.update(env)
    try:
        process = subprocess.Popen(
            [*entry_point(), *args],
            stdout=secondary,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=environment,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the other side is closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    finally:
        os.close(primary)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_color_auto_on_a_terminal_and_no_color(folder):
    coloured = run_on_terminal(["check", "broken.rbk"], folder, {})
    assert ANSI in coloured
    plain = run_on_terminal(["check", "--color", "auto", "broken.rbk"], folder, {"NO_COLOR": "1"})
    assert ANSI not in plain
    assert plain == FULL
    assert ANSI not in run_on_terminal(["check", "--color", "never", "broken.rbk"], folder, {})


def test_the_installed_console_script_is_the_same_program(folder):
    from conftest import run_subprocess

    for args in (["check", "broken.rbk"], ["check", "clean.rbk"], ["--version"]):
        real = run_subprocess(*args, cwd=folder)
        in_process = run_cli(*args, cwd=folder)
        assert (real.returncode, real.stdout, real.stderr) == tuple(in_process)


def test_main_returns_its_status_and_raises_nothing(folder, monkeypatch, capsys):
    # The console script does `sys.exit(main())`: main returns the status
    # (help and usage errors included) and never raises SystemExit itself.
    from runbook_lint.cli import main

    monkeypatch.chdir(folder)
    assert main(["check", "clean.rbk"]) == 0
    assert main(["check", "broken.rbk"]) == 1
    assert main(["check", "--format", "xml", "clean.rbk"]) == 2
    assert main(["--help"]) == 0
    assert main(["--version"]) == 0
    capsys.readouterr()


def test_version():
    completed = run_cli("--version")
    assert completed.returncode == 0
    assert text(completed).strip() == (
        f"runbook-lint {runbook_lint.__version__} (version data updated {data_updated()})"
    )
    assert completed.stderr == b""


# --------------------------------------------------------------------------
# Exit status


def test_exit_status_zero_one_two(folder):
    assert run_cli("check", "clean.rbk", cwd=folder).returncode == 0
    assert run_cli("check", "one_warning.rbk", cwd=folder).returncode == 0  # below --fail-on error
    assert run_cli("check", "one_error.rbk", cwd=folder).returncode == 1
    assert run_cli("check", "clean.rbk", "one_error.rbk", cwd=folder).returncode == 1
    assert run_cli("check", "no-such.rbk", cwd=folder).returncode == 2


def test_exit_zero(folder):
    completed = run_cli("check", "--exit-zero", "--format", "concise", "broken.rbk", cwd=folder)
    assert completed.returncode == 0
    assert text(completed) == CONCISE  # still reported
    # usage errors still exit 2
    assert run_cli("check", "--exit-zero", "missing.rbk", cwd=folder).returncode == 2
    assert (
        run_cli("check", "--exit-zero", "--format", "nope", "broken.rbk", cwd=folder).returncode
        == 2
    )


def test_fail_on(folder):
    assert run_cli("check", "--fail-on", "warning", "one_warning.rbk", cwd=folder).returncode == 1
    assert run_cli("check", "--fail-on", "info", "one_warning.rbk", cwd=folder).returncode == 1
    assert run_cli("check", "--fail-on", "error", "one_warning.rbk", cwd=folder).returncode == 0
    assert run_cli("check", "--fail-on", "warning", "clean.rbk", cwd=folder).returncode == 0
    assert run_cli("check", "--fail-on", "warning", "one_error.rbk", cwd=folder).returncode == 1
    assert (
        run_cli(
            "check", "--fail-on", "warning", "--exit-zero", "one_warning.rbk", cwd=folder
        ).returncode
        == 0
    )
    assert_usage_error(run_cli("check", "--fail-on", "fatal", "clean.rbk", cwd=folder), "--fail-on")


# --------------------------------------------------------------------------
# Standard input


def test_stdin(folder):
    completed = run_cli("check", "--format", "concise", "-", input=ONE_ERROR.encode(), cwd=folder)
    assert completed.returncode == 1
    assert (
        text(completed)
        == "-:2:11: error[RL001] expected 'to' before the version\nFound 1 error in 1 file.\n"
    )


def test_stdin_filename(folder):
    completed = run_cli(
        "check",
        "--format",
        "concise",
        "--stdin-filename",
        "runbooks/prod.rbk",
        "-",
        input=BROKEN.encode(),
        cwd=folder,
    )
    assert completed.returncode == 1
    assert text(completed) == CONCISE.replace("broken.rbk", "runbooks/prod.rbk")


def test_stdin_full_format_quotes_the_line_and_reads_bytes(folder):
    data = b"\xef\xbb\xbfcluster A version 8.16.1\r\nupgrade A 8.17.0\r\n"  # a BOM and CRLF
    completed = run_cli("check", "--stdin-filename", "in.rbk", "-", input=data, cwd=folder)
    assert text(completed) == (
        "error[RL001]: expected 'to' before the version\n"
        " --> in.rbk:2:11\n"
        "  |\n"
        "2 | upgrade A 8.17.0\n"
        "  |           ^^^^^^\n"
        "  |\n"
        "\n"
        "Found 1 error in 1 file.\n"
    )
    clean = run_cli("check", "-", input=CLEAN.encode(), cwd=folder)
    assert (clean.returncode, text(clean)) == (0, "All checks passed (1 file).\n")


def test_stdin_with_files(folder):
    completed = run_cli(
        "check",
        "--format",
        "concise",
        "one_error.rbk",
        "-",
        "--stdin-filename",
        "a.rbk",
        input=ONE_ERROR.encode(),
        cwd=folder,
    )
    assert text(completed) == (
        "a.rbk:2:11: error[RL001] expected 'to' before the version\n"
        "one_error.rbk:2:11: error[RL001] expected 'to' before the version\n"
        "Found 2 errors in 2 files.\n"
    )


def test_stdin_that_is_not_utf8(folder):
    completed = run_cli("check", "--format", "concise", "-", input=b"\xff\xfe\x00", cwd=folder)
    assert completed.returncode == 1
    assert text(completed).startswith("-:1:1: error[RL002] ")


# --------------------------------------------------------------------------
# Finding files


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    files = {
        "b.rbk": ONE_ERROR,
        "A.rbk": ONE_ERROR,
        "sub/c.rbk": ONE_ERROR,
        "sub/deeper/d.rbk": ONE_ERROR,
        "sub/deeper/clean.rbk": CLEAN,
        "z-last/e.rbk": ONE_ERROR,
        ".hidden/skip.rbk": ONE_ERROR,
        "sub/.git/skip.rbk": ONE_ERROR,
        "sub/.cache/deeper/skip.rbk": ONE_ERROR,
        "notes.txt": "upgrade A 8.17.0\n",
        "sub/runbook.rbk.bak": ONE_ERROR,
        "sub/README.md": "# nothing",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return tmp_path


TREE_PATHS = ["A.rbk", "b.rbk", "sub/c.rbk", "sub/deeper/d.rbk", "z-last/e.rbk"]


def paths_reported(completed) -> list[str]:
    return [line.split(":", 1)[0] for line in text(completed).splitlines()[:-1]]


def test_directory_walk(tree):
    completed = run_cli("check", "--format", "concise", "tree", cwd=tree)
    assert completed.returncode == 1
    assert paths_reported(completed) == [f"tree/{p}" for p in TREE_PATHS]
    assert text(completed).endswith(
        "Found 5 errors in 6 files.\n"
    )  # clean.rbk counted, hidden ones not


def test_directory_walk_with_a_trailing_slash_and_nested_start(tree):
    completed = run_cli("check", "--format", "concise", "tree/", cwd=tree)
    assert paths_reported(completed) == [f"tree/{p}" for p in TREE_PATHS]
    completed = run_cli("check", "--format", "concise", "tree/sub", cwd=tree)
    assert paths_reported(completed) == ["tree/sub/c.rbk", "tree/sub/deeper/d.rbk"]


def test_no_path_means_the_current_directory(tree):
    completed = run_cli("check", "--format", "concise", cwd=tree / "tree")
    assert completed.returncode == 1
    assert paths_reported(completed) == TREE_PATHS
    json_paths = [
        d["path"]
        for d in json.loads(run_cli("check", "--format", "json", cwd=tree / "tree").stdout)
    ]
    assert json_paths == TREE_PATHS


def test_files_and_directories_together_are_sorted_and_linted_once(tree):
    completed = run_cli(
        "check", "--format", "concise", "tree/sub/c.rbk", "tree", "tree/b.rbk", cwd=tree
    )
    assert paths_reported(completed) == [f"tree/{p}" for p in TREE_PATHS]


def test_a_hidden_folder_named_explicitly_is_linted(tree):
    completed = run_cli("check", "--format", "concise", "tree/.hidden", cwd=tree)
    assert paths_reported(completed) == ["tree/.hidden/skip.rbk"]


def test_a_file_named_explicitly_is_linted_whatever_its_extension(tree):
    completed = run_cli("check", "--format", "concise", "tree/notes.txt", cwd=tree)
    assert paths_reported(completed) == ["tree/notes.txt"]


def test_an_empty_directory(tmp_path):
    completed = run_cli("check", cwd=tmp_path)
    assert completed.returncode == 0
    assert b"Traceback" not in completed.stderr
    assert json.loads(run_cli("check", "--format", "json", cwd=tmp_path).stdout) == []


# --------------------------------------------------------------------------
# Usage errors


def test_missing_path(folder):
    completed = run_cli("check", "clean.rbk", "no/such/file.rbk", cwd=folder)
    assert_usage_error(completed, "no/such/file.rbk")
    assert len(completed.stderr.decode().strip().splitlines()) == 1


def test_bad_option(folder):
    assert_usage_error(
        run_cli("check", "--no-such-option", "clean.rbk", cwd=folder), "--no-such-option"
    )
    assert_usage_error(run_cli("--no-such-option", cwd=folder), "--no-such-option")
    assert_usage_error(run_cli("check", "--format", "xml", "clean.rbk", cwd=folder), "xml")
    assert_usage_error(
        run_cli("check", "--color", "sometimes", "clean.rbk", cwd=folder), "sometimes"
    )
    assert_usage_error(run_cli("check", "-o", cwd=folder))


# --------------------------------------------------------------------------
# Shorthand and python -m


def test_path_shorthand_is_check(folder):
    for args in (["broken.rbk"], ["--format", "concise", "broken.rbk"], ["-q", "broken.rbk"]):
        shorthand = run_cli(*args, cwd=folder)
        explicit = run_cli("check", *args, cwd=folder)
        assert (shorthand.returncode, shorthand.stdout, shorthand.stderr) == (
            explicit.returncode,
            explicit.stdout,
            explicit.stderr,
        )
    assert text(run_cli("broken.rbk", cwd=folder)) == FULL
    assert text(run_cli("--format", "concise", "broken.rbk", cwd=folder)) == CONCISE


def test_a_file_named_like_a_command_is_reached_with_check(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.rbk").write_text(ONE_ERROR, encoding="utf-8")
    completed = run_cli("check", "--format", "concise", "rules", cwd=tmp_path)
    assert paths_reported(completed) == ["rules/x.rbk"]


def run_module(*args, cwd, input=None):
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "runbook_lint", *args],
        capture_output=True,
        cwd=cwd,
        env=environment,
        input=input,
        timeout=120,
    )


def test_python_dash_m_is_the_same_program(folder):
    for args in (
        ["check", "broken.rbk"],
        ["--format", "concise", "broken.rbk"],
        ["--format", "json", "broken.rbk"],
    ):
        module = run_module(*args, cwd=folder)
        script = run_cli(*args, cwd=folder)
        assert (module.returncode, module.stdout, module.stderr) == (
            script.returncode,
            script.stdout,
            script.stderr,
        )
    assert text(run_module("broken.rbk", cwd=folder)) == FULL
    version = run_module("--version", cwd=folder)
    assert (version.returncode, text(version).strip()) == (
        0,
        f"runbook-lint {runbook_lint.__version__} (version data updated {data_updated()})",
    )
    clean = run_module("clean.rbk", cwd=folder)
    assert (clean.returncode, text(clean)) == (0, "All checks passed (1 file).\n")
    missing = run_module("missing.rbk", cwd=folder)
    assert_usage_error(missing, "missing.rbk")
    stdin = run_module("--format", "concise", "-", input=ONE_ERROR.encode(), cwd=folder)
    assert (
        text(stdin)
        == "-:2:11: error[RL001] expected 'to' before the version\nFound 1 error in 1 file.\n"
    )
