"""`# noqa` comments (rules.md, "Suppression comments") and RL900."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

HEAD = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

"""
# Line 5 upgrades the leader first: RL201 there; line 6 is correct.
LEADER_FIRST = HEAD + "upgrade us-east to 8.15.1{comment}\nupgrade eu-west to 8.15.1\n"

# Line 5 fires RL201 and RL303 at once (7.10.2 cannot go straight to 8.x).
OLD_HEAD = HEAD.replace("8.14.3", "7.10.2")
TWO_CODES = OLD_HEAD + "upgrade us-east to 8.15.1{comment}\nupgrade eu-west to 7.17.25\n"


def check(text, *args, path="r.rbk", folder=None):
    """(sorted (line, column, code) triples, exit status) of `check --format json`."""
    process = run_cli(
        "check",
        "--format",
        "json",
        "--stdin-filename",
        path,
        *args,
        "-",
        input=text.encode("utf-8"),
        cwd=folder,
    )
    assert process.returncode in (0, 1), process.stderr.decode()
    items = json.loads(process.stdout)
    return sorted((d["line"], d["column"], d["code"]) for d in items), process.returncode


def found(text, *args, **kw):
    triples, status = check(text, *args, **kw)
    return [(line, code) for line, _, code in triples], status


@pytest.fixture(autouse=True)
def no_configuration(tmp_path, monkeypatch):
    """Run where no .runbook-lint.yaml can be discovered."""
    monkeypatch.chdir(tmp_path)


def test_unsuppressed():
    assert found(LEADER_FIRST.format(comment="")) == ([(5, "RL201")], 1)
    assert found(TWO_CODES.format(comment="")) == ([(5, "RL201"), (5, "RL303")], 1)


@pytest.mark.parametrize(
    "comment",
    [
        "  # noqa",
        "  # NOQA",
        "  # NoQa",
        "#noqa",
        "  #noqa:RL201",
        "  # noqa:rl201",
        "  # noqa: RL201",
        "  # noqa : RL201",
        "  # noqa: leader-upgraded-before-follower",
        "  # noqa: Leader-Upgraded-Before-Follower",
        "  # noqa: RL201 resumed by the next runbook",
        "  # noqa: RL201, because the follower is decommissioned",
        "  # noqa: RL201\t",
    ],
)
def test_a_noqa_suppresses_rl201(comment):
    assert found(LEADER_FIRST.format(comment=comment)) == ([], 0)


@pytest.mark.parametrize(
    "comment",
    [
        "  # noqa",
        "  # noqa: RL201, RL303",
        "  # noqa: RL201 RL303",
        "  # noqa:RL201,RL303",
        "  # noqa: RL201,  unsupported-upgrade-path",
        "  # noqa: leader-upgraded-before-follower unsupported-upgrade-path",
        "  # noqa: RL303 RL201 go through 7.17 is done in another runbook",
    ],
)
def test_a_list_suppresses_every_code_it_names(comment):
    assert found(TWO_CODES.format(comment=comment)) == ([], 0)


@pytest.mark.parametrize(
    ("comment", "left"),
    [
        ("  # noqa: RL201", "RL303"),
        ("  # noqa: RL303", "RL201"),
        ("  # noqa: unsupported-upgrade-path", "RL201"),
        ("  # noqa: RL303 because RL201", "RL201"),  # the reason begins at 'because'
    ],
)
def test_a_list_suppresses_only_the_codes_it_names(comment, left):
    assert found(TWO_CODES.format(comment=comment)) == ([(5, left)], 1)


def test_a_reason_after_the_list():
    text = HEAD + "pause eu-west follows us-east  # noqa: RL306 resumed by the next runbook\n"
    text += "upgrade eu-west to 8.15.1\nupgrade us-east to 8.15.1\n"
    assert found(text) == ([], 0)
    assert found(text.replace("  # noqa: RL306 resumed by the next runbook", "")) == (
        [(5, "RL306")],
        1,
    )


def test_noqa_only_suppresses_its_own_line():
    text = LEADER_FIRST.format(comment="") + "# noqa: RL201\n"
    triples, status = check(text)
    assert triples == [(5, 1, "RL201"), (7, 1, "RL900")]
    assert status == 1


def test_noqa_inside_a_string_is_not_a_comment():
    text = LEADER_FIRST.format(comment="") + 'note "# noqa"\n'
    assert found(text) == ([(5, "RL201")], 1)


# ------------------------------------------------------------------ RL900


def test_a_noqa_on_a_line_with_nothing_is_rl900_at_the_comment():
    text = HEAD + "upgrade eu-west to 8.15.1   # noqa\nupgrade us-east to 8.15.1\n"
    triples, status = check(text)
    column = text.splitlines()[4].index("#") + 1
    assert triples == [(5, column, "RL900")]
    assert status == 0  # RL900 is a warning


def test_a_noqa_alone_on_its_line_is_rl900():
    text = HEAD + "    # noqa: RL201\nupgrade eu-west to 8.15.1\nupgrade us-east to 8.15.1\n"
    assert check(text) == ([(5, 5, "RL900")], 0)


def test_a_noqa_naming_a_code_that_does_not_fire_is_rl900():
    text = LEADER_FIRST.format(comment="  # noqa: RL201, RL203")
    column = text.splitlines()[4].index("#") + 1
    process = run_cli(
        "check", "--format", "json", "--stdin-filename", "r.rbk", "-", input=text.encode()
    )
    [item] = json.loads(process.stdout)
    assert (item["line"], item["column"], item["code"]) == (5, column, "RL900")
    assert "RL203" in item["message"]
    assert "RL201" not in item["message"]
    assert item["severity"] == "warning"
    assert process.returncode == 0


def test_one_rl900_per_comment():
    text = LEADER_FIRST.format(comment="  # noqa: RL201, RL203, RL204 resumed-too-early")
    assert found(text) == ([(5, "RL900")], 0)


def test_a_noqa_naming_only_codes_that_do_not_fire_leaves_the_diagnostic():
    text = LEADER_FIRST.format(comment="  # noqa: RL203")
    assert found(text) == ([(5, "RL201"), (5, "RL900")], 1)


def test_a_noqa_for_a_rule_the_configuration_ignores_is_not_unused(tmp_path):
    text = LEADER_FIRST.format(comment="  # noqa: RL201")
    (tmp_path / ".runbook-lint.yaml").write_text("ignore: [RL201]\n", encoding="utf-8")
    assert found(text) == ([], 0)
    (tmp_path / ".runbook-lint.yaml").write_text("select: [RL3, RL900]\n", encoding="utf-8")
    assert found(text) == ([], 0)
    (tmp_path / ".runbook-lint.yaml").write_text(
        'per-file-ignores:\n  "r.rbk": [leader-upgraded-before-follower]\n', encoding="utf-8"
    )
    assert found(text) == ([], 0)
    assert found(text, "--isolated", "--ignore", "RL2") == ([], 0)


def test_rl900_cannot_be_suppressed_by_noqa():
    text = HEAD + "upgrade eu-west to 8.15.1  # noqa: RL900\nupgrade us-east to 8.15.1\n"
    assert found(text) == ([(5, "RL900")], 0)
    text = (
        HEAD
        + "upgrade eu-west to 8.15.1  # noqa: RL201, unused-suppression\nupgrade us-east to 8.15.1\n"
    )
    assert found(text) == ([(5, "RL900")], 0)


@pytest.mark.parametrize(
    "how", [["--ignore", "RL900"], ["--ignore", "unused-suppression"], ["--select", "RL2"]]
)
def test_rl900_can_be_ignored_on_the_command_line(how):
    text = HEAD + "upgrade eu-west to 8.15.1  # noqa\nupgrade us-east to 8.15.1\n"
    assert found(text, *how) == ([], 0)


def test_rl900_can_be_ignored_by_the_configuration(tmp_path):
    text = HEAD + "upgrade eu-west to 8.15.1  # noqa\nupgrade us-east to 8.15.1\n"
    (tmp_path / ".runbook-lint.yaml").write_text("ignore: [unused-suppression]\n", encoding="utf-8")
    assert found(text) == ([], 0)
    (tmp_path / ".runbook-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert found(text) == ([(5, "RL900")], 1)
    (tmp_path / ".runbook-lint.yaml").write_text(
        'fail-on: warning\nper-file-ignores:\n  "*.rbk": [RL9]\n', encoding="utf-8"
    )
    assert found(text) == ([], 0)


def test_rl900_counts_at_fail_on_warning():
    text = HEAD + "upgrade eu-west to 8.15.1  # noqa\nupgrade us-east to 8.15.1\n"
    assert found(text, "--fail-on", "warning") == ([(5, "RL900")], 1)


# ------------------------------------------------------------------ counting


def test_suppressed_diagnostics_do_not_count():
    text = LEADER_FIRST.format(comment="  # noqa: RL201")
    process = run_cli("check", "--stdin-filename", "r.rbk", "-", input=text.encode())
    assert process.returncode == 0
    assert process.stdout.decode().strip().splitlines()[-1] == "All checks passed (1 file)."
    process = run_cli(
        "check", "--statistics", "--stdin-filename", "r.rbk", "-", input=text.encode()
    )
    assert "RL201" not in process.stdout.decode()


def test_suppressed_errors_do_not_fail_but_the_others_do():
    text = LEADER_FIRST.format(comment="  # noqa: RL201") + "upgrade eu-west to 8.14.0\n"
    assert found(text) == ([(7, "RL301")], 1)


def test_a_file_with_a_syntax_error_gets_only_rl001():
    # rules.md: a file with a syntax error gets only its RL001 diagnostics; the
    # checker does not run, so its `noqa` comments cannot be judged unused.
    text = LEADER_FIRST.format(comment="  # noqa: RL201") + "upgrade eu-west to 8.15\n"
    assert found(text) == ([(7, "RL001")], 1)
    text = LEADER_FIRST.format(comment="  # noqa") + "upgrade eu-west to 8.15\n"
    assert found(text) == ([(7, "RL001")], 1)


@pytest.mark.parametrize("comment", ["  # noqa: RL2O1", "  # noqa: just a reason", "  #noqa:"])
def test_a_colon_with_no_code_suppresses_nothing_and_is_rl900(comment):
    # A typo must not turn into a blanket noqa comment that hides the error.
    assert found(LEADER_FIRST.format(comment=comment)) == ([(5, "RL201"), (5, "RL900")], 1)


def test_noqa_never_suppresses_a_syntax_error():
    # rules.md, "Input" (issue 11): RL001 and RL002 cannot be suppressed. The
    # file did not parse, so it gets only its RL001 (no RL900 is judged there).
    assert found(HEAD + "upgrade eu-west 8.15.1  # noqa\n") == ([(5, "RL001")], 1)
    assert found(HEAD + "upgrade eu-west 8.15.1  # noqa: RL001\n") == ([(5, "RL001")], 1)
    assert found(HEAD + "upgrade eu-west 8.15.1  # noqa: RL201\n") == ([(5, "RL001")], 1)


@pytest.mark.parametrize(
    "args", [("--select", "RL2"), ("--select", "RL201"), ("--ignore", "RL"), ("--ignore", "RL0")]
)
def test_configuration_never_drops_syntax_errors(args):
    # A prefix does not reach them; --select leaves them in place.
    assert found(HEAD + "upgrade eu-west 8.15.1\n", *args) == ([(5, "RL001")], 1)
