"""`check --add-noqa` (issue 16, item 13): a `# noqa: CODE` on every line with a
diagnostic, the rest of the line kept, idempotent, and a clean check afterwards."""

from __future__ import annotations

import os
import stat

import pytest
from conftest import run_cli

# RL201 at 6 (inside a block: the directive keeps the indentation), RL201 and
# RL302 at 7 (one directive, codes sorted), RL302 at 9 (a comment kept).
BEFORE = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

step "leaders first, by mistake" {
    upgrade us-east to 8.15.1
    upgrade us-east to 8.15.1
}
upgrade eu-west to 8.15.1  # the follower
upgrade eu-west to 8.15.1   # again, by habit
"""
AFTER = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

step "leaders first, by mistake" {
    upgrade us-east to 8.15.1  # noqa: RL201
    upgrade us-east to 8.15.1  # noqa: RL201, RL302
}
upgrade eu-west to 8.15.1  # the follower
upgrade eu-west to 8.15.1   # again, by habit  # noqa: RL302
"""


def add_noqa(folder, *args):
    return run_cli("check", "--isolated", "--add-noqa", *args, cwd=folder)


def test_writes_the_directives_then_changes_nothing_and_check_is_clean(tmp_path):
    path = tmp_path / "a.rbk"
    path.write_text(BEFORE, encoding="utf-8")
    assert add_noqa(tmp_path, ".") == (0, b"Added 3 noqa directives to 1 file.\n", b"")
    assert path.read_text(encoding="utf-8") == AFTER
    # Idempotent: a second run finds nothing to add and leaves the bytes alone.
    assert add_noqa(tmp_path, ".") == (0, b"Added 0 noqa directives to 0 files.\n", b"")
    assert path.read_text(encoding="utf-8") == AFTER
    assert run_cli("check", "--isolated", ".", cwd=tmp_path) == (
        0,
        b"All checks passed (1 file).\n",
        b"",
    )
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".runbook-lint-")]


# An existing list gains the missing codes (sorted by code, each once); a rule
# name stays a name, a reason stays after the list, a noqa without spaces keeps that spelling.
LISTS_BEFORE = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1  # noqa: redundant-upgrade, RL302 because the leader goes first
upgrade us-east to 8.15.1 #noqa:RL201 known
upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1  # noqa: reason without a code
"""
LISTS_AFTER = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1  # noqa: RL201, redundant-upgrade because the leader goes first
upgrade us-east to 8.15.1 #noqa:RL201, RL302 known
upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1  # noqa: RL302 reason without a code
"""


def test_existing_lists_gain_the_missing_codes(tmp_path):
    path = tmp_path / "a.rbk"
    path.write_text(LISTS_BEFORE, encoding="utf-8")
    before = run_cli("check", "--isolated", "--format", "concise", ".", cwd=tmp_path)
    assert before.stdout.decode().splitlines()[:-1] == [
        "a.rbk:5:1: error[RL201] leader 'us-east' upgraded before its follower 'eu-west'",
        "a.rbk:5:28: warning[RL900] unused suppression: no RL302 on this line to suppress",
        "a.rbk:6:1: warning[RL302] 'us-east' already runs 8.15.1: this upgrade changes nothing",
        "a.rbk:8:1: warning[RL302] 'eu-west' already runs 8.15.1: this upgrade changes nothing",
        "a.rbk:8:28: warning[RL900] '# noqa:' names no rule code, so it suppresses nothing"
        " (write '# noqa' alone to suppress every diagnostic on the line)",
    ]
    code, out, err = add_noqa(tmp_path, "a.rbk")
    assert (code, out) == (0, b"Added 3 noqa directives to 1 file.\n")
    # The RL900 on line 5 (a duplicate of the name) is the user's to remove.
    assert err == (
        b"runbook-lint: warning: 2 diagnostics cannot take a noqa (RL001, RL002: fix the file;"
        b" RL900: remove the unused suppression); run check to see them\n"
    )
    assert path.read_text(encoding="utf-8") == LISTS_AFTER
    assert add_noqa(tmp_path, "a.rbk").stdout == b"Added 0 noqa directives to 0 files.\n"
    assert path.read_text(encoding="utf-8") == LISTS_AFTER
    after = run_cli("check", "--isolated", "--format", "concise", ".", cwd=tmp_path)
    assert (after.returncode, after.stdout.decode()) == (
        0,
        "a.rbk:5:28: warning[RL900] unused suppression: no RL302 on this line to suppress\n"
        "Found 1 warning in 1 file.\n",
    )


def test_line_endings_bom_and_trailing_blanks(tmp_path):
    path = tmp_path / "a.rbk"
    text = (
        "\ufeffcluster us-east version 8.14.3\r\ncluster eu-west version 8.14.3\r\n"
        "eu-west follows us-east\r\nupgrade us-east to 8.15.1 \t\r\nupgrade eu-west to 8.15.1"
    )
    path.write_bytes(text.encode("utf-8"))
    assert add_noqa(tmp_path, "a.rbk").stdout == b"Added 1 noqa directive to 1 file.\n"
    assert path.read_bytes() == text.replace("8.15.1 \t\r\n", "8.15.1  # noqa: RL201\r\n").encode(
        "utf-8"
    )
    assert run_cli("check", "--isolated", "a.rbk", cwd=tmp_path).returncode == 0


def test_never_for_syntax_errors_or_unreadable_files(tmp_path):
    (tmp_path / "syntax.rbk").write_text("cluster a version 8.15\n", encoding="utf-8")
    (tmp_path / "binary.rbk").write_bytes(b"\x00\x01")
    code, out, err = add_noqa(tmp_path, ".")
    assert (code, out) == (0, b"Added 0 noqa directives to 0 files.\n")
    assert err.startswith(b"runbook-lint: warning: 2 diagnostics cannot take a noqa")
    assert (tmp_path / "syntax.rbk").read_text(encoding="utf-8") == "cluster a version 8.15\n"
    assert (tmp_path / "binary.rbk").read_bytes() == b"\x00\x01"
    assert run_cli("check", "--isolated", ".", cwd=tmp_path).returncode == 1


def test_only_what_the_configuration_shows(tmp_path):
    (tmp_path / ".runbook-lint.yaml").write_text("ignore: [RL302]\n", encoding="utf-8")
    path = tmp_path / "a.rbk"
    path.write_text(BEFORE, encoding="utf-8")
    code, out, err = run_cli("check", "--add-noqa", ".", cwd=tmp_path)
    assert (code, out, err) == (0, b"Added 2 noqa directives to 1 file.\n", b"")
    assert path.read_text(encoding="utf-8") == BEFORE.replace(
        "    upgrade us-east to 8.15.1\n", "    upgrade us-east to 8.15.1  # noqa: RL201\n"
    )
    assert run_cli("check", ".", cwd=tmp_path).returncode == 0


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_stays_a_link_and_the_mode_is_kept(tmp_path):
    target = tmp_path / "real" / "a.rbk"
    target.parent.mkdir()
    target.write_text(BEFORE, encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "runbooks" / "a.rbk"
    link.parent.mkdir()
    os.symlink(target, link)
    assert add_noqa(tmp_path, "runbooks").stdout == b"Added 3 noqa directives to 1 file.\n"
    assert os.path.islink(link)
    assert target.read_text(encoding="utf-8") == AFTER
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(os.listdir(target.parent)) == ["a.rbk"]


def test_standard_input_is_refused(tmp_path):
    assert add_noqa(tmp_path, "-") == (
        2,
        b"",
        b"runbook-lint: --add-noqa writes files: it cannot take standard input ('-')\n",
    )


def test_several_files_are_counted(tmp_path):
    for name in ("a.rbk", "b.rbk", "clean.rbk"):
        (tmp_path / name).write_text(BEFORE if name != "clean.rbk" else "", encoding="utf-8")
    assert add_noqa(tmp_path, ".").stdout == b"Added 6 noqa directives to 2 files.\n"
    assert (tmp_path / "clean.rbk").read_text(encoding="utf-8") == ""
