"""`check --format github`: one GitHub Actions workflow command per diagnostic.

Everything that comes from a runbook (messages, labels, file names) is escaped
the way the runner unescapes it, so no text can end one command and start another.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_cli

from runbook_lint.report.github import escape_data, escape_property

LEADER_FIRST = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
"""

COMMAND = re.compile(r"::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)")


def github(*args, input=None, cwd=None):
    process = run_cli("check", "--format", "github", *args, input=input, cwd=cwd)
    assert process.returncode in (0, 1), process.stderr.decode()
    assert b"Traceback" not in process.stderr
    return process, process.stdout.decode("utf-8")


def diagnostics_json(*args, input=None, cwd=None):
    process = run_cli("check", "--format", "json", *args, input=input, cwd=cwd)
    return json.loads(process.stdout)


def properties(line: str) -> dict[str, str]:
    match = COMMAND.fullmatch(line)
    assert match, line
    return dict(item.split("=", 1) for item in match["props"].split(","))


def unescape_data(text: str) -> str:
    # What the Actions runner does (ActionCommand.cs: %0D, %0A, then %25 last).
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


# ------------------------------------------------------------------ exact lines


def test_exact_lines_for_known_diagnostics(tmp_path):
    (tmp_path / "prod.rbk").write_text(LEADER_FIRST, encoding="utf-8")
    process, out = github("prod.rbk", cwd=tmp_path)
    assert process.returncode == 1
    assert out.splitlines() == [
        "::error file=prod.rbk,line=5,col=1,endLine=5,endColumn=26,title=runbook-lint RL201::"
        "leader 'us-east' upgraded before its follower 'eu-west'"
        "%0Ahelp: upgrade 'eu-west' to 8.15.1 before this step: followers first, leaders last",
        "::warning file=prod.rbk,line=7,col=1,endLine=7,endColumn=26,title=runbook-lint RL302::"
        "'eu-west' already runs 8.15.1: this upgrade changes nothing"
        "%0Ahelp: remove it, or correct the version",
    ]
    assert out.endswith("\n")


def test_info_is_a_notice(tmp_path):
    (tmp_path / "prod.rbk").write_text(LEADER_FIRST, encoding="utf-8")
    (tmp_path / "c.yaml").write_text("severity:\n  RL302: info\n", encoding="utf-8")
    _, out = github("--config", "c.yaml", "prod.rbk", cwd=tmp_path)
    lines = out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::notice"]
    assert "title=runbook-lint RL302::" in lines[1]


def test_a_clean_file_prints_nothing(tmp_path):
    (tmp_path / "ok.rbk").write_text(
        "cluster us-east version 8.14.3\ncluster eu-west version 8.14.3\neu-west follows us-east\n\n"
        "upgrade eu-west to 8.15.1\nupgrade us-east to 8.15.1\n",
        encoding="utf-8",
    )
    process, out = github("ok.rbk", cwd=tmp_path)
    assert process.returncode == 0
    assert out == ""


def test_no_summary_and_no_statistics_lines(tmp_path):
    (tmp_path / "prod.rbk").write_text(LEADER_FIRST, encoding="utf-8")
    _, out = github("--statistics", "prod.rbk", cwd=tmp_path)
    assert len(out.splitlines()) == 2
    assert all(COMMAND.fullmatch(line) for line in out.splitlines())


# ------------------------------------------------------------------ escaping, unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("100%", "100%25"),
        ("%0A", "%250A"),
        ("a\nb", "a%0Ab"),
        ("a\rb", "a%0Db"),
        ("a\r\nb", "a%0D%0Ab"),
        ("a: b, c", "a: b, c"),  # data keeps ':' and ','
        ("x\n::error file=y::pwned", "x%0A::error file=y::pwned"),
    ],
)
def test_escape_data(text, expected):
    assert escape_data(text) == expected
    assert unescape_data(escape_data(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("runbooks/prod.rbk", "runbooks/prod.rbk"),
        ("a:b", "a%3Ab"),
        ("a,b", "a%2Cb"),
        ("100%", "100%25"),
        ("%3A", "%253A"),
        ("a\rb\nc", "a%0Db%0Ac"),
        ("x,line=1::error", "x%2Cline=1%3A%3Aerror"),
    ],
)
def test_escape_property(text, expected):
    assert escape_property(text) == expected
    assert unescape_property(escape_property(text)) == text


def test_escaped_text_holds_no_raw_specials():
    nasty = "%:,\r\n::error ::warning %25 %0A"
    data = escape_data(nasty)
    prop = escape_property(nasty)
    assert "\r" not in data and "\n" not in data
    assert not set("\r\n:,") & set(prop)


# ------------------------------------------------------------------ escaping, end to end

LABELLED = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east index "a%b:c,d"

pause eu-west follows us-east index "a%b:c,d"
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
"""


def test_a_label_with_percent_colon_and_comma_is_escaped_in_the_message(tmp_path):
    (tmp_path / "labels.rbk").write_text(LABELLED, encoding="utf-8")
    [item] = diagnostics_json("labels.rbk", cwd=tmp_path)
    assert item["code"] == "RL306"
    assert 'index "a%b:c,d"' in item["message"]
    process, out = github("labels.rbk", cwd=tmp_path)
    [line] = out.splitlines()
    match = COMMAND.fullmatch(line)
    assert match and match[1] == "error"
    assert 'index "a%25b:c,d"' in match["message"]
    expected = item["message"] + ("\nhelp: " + item["help"] if item["help"] else "")
    assert match["message"] == escape_data(expected)
    assert unescape_data(match["message"]) == expected


@pytest.mark.parametrize(
    "name",
    [
        "we,ird:name.rbk",
        "runbooks/a,b/c:d.rbk",
        "100%.rbk",
        "two\nlines.rbk",
        "car\rriage.rbk",
        "x.rbk\n::error file=evil.rbk,line=1::injected",
        "x.rbk,line=99,title=forged",
    ],
)
def test_the_file_property_is_escaped(name):
    process, out = github("--stdin-filename", name, "-", input=LEADER_FIRST.encode())
    assert process.returncode == 1
    lines = out.splitlines()
    assert len(lines) == 2
    for line in lines:
        props = properties(line)
        assert list(props) == ["file", "line", "col", "endLine", "endColumn", "title"]
        assert props["file"] == escape_property(name)
        assert unescape_property(props["file"]) == name
    assert properties(lines[0])["line"] == "5"


def test_a_newline_followed_by_a_command_cannot_start_a_second_command(tmp_path):
    # Every message carries its help after a newline; file names and labels add more.
    (tmp_path / "labels.rbk").write_text(LABELLED, encoding="utf-8")
    (tmp_path / "prod.rbk").write_text(LEADER_FIRST, encoding="utf-8")
    stdin_name = "evil.rbk\n::error file=x.rbk,line=1::injected\r\n::warning ::also"
    expected = diagnostics_json("--stdin-filename", stdin_name, "-", input=LEADER_FIRST.encode())
    expected += diagnostics_json("labels.rbk", "prod.rbk", cwd=tmp_path)
    assert len(expected) == 5
    assert any(d["help"] for d in expected)

    _, out_stdin = github("--stdin-filename", stdin_name, "-", input=LEADER_FIRST.encode())
    _, out_files = github("labels.rbk", "prod.rbk", cwd=tmp_path)
    out = out_stdin + out_files
    assert "\r" not in out
    lines = out.split("\n")
    assert lines[-1] == ""
    lines = lines[:-1]
    assert len(lines) == len(expected)
    for line in lines:
        assert line.startswith(("::error ", "::warning ", "::notice "))
        # The properties hold no ':' at all, so the first '::' after them ends
        # them; whatever follows is the message, newlines escaped.
        match = COMMAND.fullmatch(line)
        assert match, line
    messages = [unescape_data(COMMAND.fullmatch(line)["message"]) for line in lines]
    assert messages == [
        d["message"] + ("\nhelp: " + d["help"] if d["help"] else "") for d in expected
    ]
    files = [unescape_property(properties(line)["file"]) for line in lines]
    assert files == [d["path"] for d in expected]
