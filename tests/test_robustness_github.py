"""Issue 15, item 17: the `github` format escapes control characters as the terminal formats do."""

from __future__ import annotations

from conftest import run_cli

from runbook_lint.report.github import escape_data, escape_property

HOSTILE = "x\x1b]8;;http://e\x07y\u202e\u2028z"


def test_a_runbook_string_with_esc_bel_osc_and_bidi_characters(tmp_path):
    path = tmp_path / "q.rbk"
    path.write_text(
        f'cluster a version 8.0.0\ncluster b version 8.0.0\npause b follows a index "{HOSTILE}"\n'
    )
    code, out, err = run_cli("check", "--format", "github", path)
    assert (code, err) == (1, b"")
    escaped = "x\\u001b]8;;http://e\\u0007y\\u202e\\u2028z"
    assert out.decode() == (
        f"::error file={tmp_path}/q.rbk,line=3,col=1,endLine=3,endColumn=46,"
        f"title=runbook-lint RL105::'pause b follows a index \"{escaped}\"' matches no declared "
        f"relation%0Ahelp: declare 'b follows a index \"{escaped}\"' or correct the names\n"
    )
    assert all(ch not in out.decode() for ch in "\x1b\x07\u202e\u2028")


def test_a_file_name_with_control_characters(tmp_path):
    name = "n\u202e\u2028\x1b[31m.rbk"
    (tmp_path / name).write_text("cluster a version 8.0.0\nupgrade b to 9.0.0\n")
    code, out, _ = run_cli("check", "--format", "github", name, cwd=tmp_path)
    assert code == 1
    assert out.decode().startswith("::error file=n\\u202e\\u2028\\u001b[31m.rbk,line=2,")


def test_the_runners_own_escapes_stay():
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c\x1b") == "a%3Ab%2Cc\\u001b"
    assert escape_data("tab\there") == "tab    here"  # as the terminal formats show a tab
