"""`runbook-lint format`: golden files per construct, the command's modes, and properties.

Golden pairs are tests/data/format/NAME.rbk and NAME.expected.rbk (bytes compared,
so CRLF and the BOM are part of the check).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runbook_lint import format as formatter
from runbook_lint.format import format_text
from runbook_lint.lint.linter import lint_bytes

DATA = Path(__file__).parent / "data" / "format"
GOLDEN = sorted(p.name[: -len(".expected.rbk")] for p in DATA.glob("*.expected.rbk"))
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_every_construct_has_a_golden_file():
    assert set(GOLDEN) >= {
        "header", "target", "cluster", "relation", "upgrade", "pause_resume", "note",
        "step", "parallel", "comments", "crlf_bom", "no_final_newline", "empty", "blank_only",
        "node_attributes",
    }  # fmt: skip


@pytest.mark.parametrize("name", GOLDEN)
def test_golden(name):
    source = read_text(DATA / f"{name}.rbk")
    expected = read_text(DATA / f"{name}.expected.rbk")
    assert format_text(source).text == expected
    assert format_text(expected).text == expected  # a second run changes nothing


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_through_the_fallback_printer(name, monkeypatch):
    # A statement kind the formatter does not know is printed from its source,
    # whitespace normalised: for today's statements that gives the same layout.
    monkeypatch.setattr(formatter, "_known", lambda node, source: None)
    expected = read_text(DATA / f"{name}.expected.rbk")
    assert format_text(read_text(DATA / f"{name}.rbk")).text == expected


def test_whitespace_normalisation_keeps_strings_and_lists():
    assert formatter._normalise('wait   1h30m   "a   b"') == 'wait 1h30m "a   b"'
    assert (
        formatter._normalise("nodes a ( master ,data_hot ) , b") == "nodes a (master, data_hot), b"
    )


def test_node_attributes_are_kept_and_normalised():
    text = "cluster c version 8.14.3 nodes a(master,master) , b ( bogus,version 8.15.1,version 1.0.0 )\n"
    assert format_text(text).text == (
        "cluster c version 8.14.3 nodes a (master, master), b (bogus, version 8.15.1, "
        "version 1.0.0)\n"
    )


def test_a_file_that_does_not_parse_is_not_formatted():
    outcome = format_text(read_text(DATA / "unparsable.rbk"))
    assert outcome.text is None
    assert [p.span.line for p in outcome.problems] == [1]


# -- the command --------------------------------------------------------------


def copy(tmp_path: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        target = tmp_path / f"{name}.rbk"
        target.write_bytes((DATA / f"{name}.rbk").read_bytes())
        paths.append(target)
    return paths


def test_format_rewrites_in_place(run_cli, tmp_path):
    (path,) = copy(tmp_path, "comments")
    code, out, err = run_cli("format", "--isolated", path)
    assert (code, out, err) == (0, b"", b"")
    assert path.read_bytes() == (DATA / "comments.expected.rbk").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["comments.rbk"]  # no temporary left


def test_an_unchanged_file_is_not_written(run_cli, tmp_path):
    path = tmp_path / "ok.rbk"
    path.write_bytes((DATA / "step.expected.rbk").read_bytes())
    os.utime(path, (1, 1))
    assert run_cli("format", "--isolated", path).returncode == 0
    assert path.stat().st_mtime == 1


def test_check_lists_files_and_changes_nothing(run_cli, tmp_path):
    copy(tmp_path, "cluster", "note")
    (tmp_path / "clean.rbk").write_bytes((DATA / "note.expected.rbk").read_bytes())
    code, out, err = run_cli("format", "--isolated", "--check", ".", cwd=tmp_path)
    assert (code, out.decode(), err) == (
        1,
        "Would reformat: cluster.rbk\nWould reformat: note.rbk\n",
        b"",
    )
    assert (tmp_path / "cluster.rbk").read_bytes() == (DATA / "cluster.rbk").read_bytes()
    (tmp_path / "cluster.rbk").unlink()
    (tmp_path / "note.rbk").unlink()
    assert run_cli("format", "--isolated", "--check", ".", cwd=tmp_path) == (0, b"", b"")


def test_diff(run_cli, tmp_path):
    copy(tmp_path, "target")
    code, out, err = run_cli("format", "--isolated", "--diff", "target.rbk", cwd=tmp_path)
    assert (code, err) == (1, b"")
    assert out.decode() == (
        "--- target.rbk\n+++ target.rbk\n@@ -1 +1 @@\n-target\t8.15.1   \n+target 8.15.1\n"
    )
    assert (tmp_path / "target.rbk").read_bytes() == (DATA / "target.rbk").read_bytes()


def test_stdin_to_stdout(run_cli):
    code, out, err = run_cli("format", "-", input=(DATA / "crlf_bom.rbk").read_bytes())
    assert (code, out, err) == (0, (DATA / "crlf_bom.expected.rbk").read_bytes(), b"")


def test_unparsable_file_left_alone_exit_2(run_cli, tmp_path):
    (bad,) = copy(tmp_path, "unparsable")
    (good,) = copy(tmp_path, "target")
    code, out, err = run_cli("format", "--isolated", ".", cwd=tmp_path)
    assert code == 2 and out == b""
    assert err.decode().splitlines() == [
        "unparsable.rbk:1:19: error[RL001] '8.15': a version needs three parts, e.g. 8.15.0",
        "runbook-lint: unparsable.rbk: left unformatted",
    ]
    assert bad.read_bytes() == (DATA / "unparsable.rbk").read_bytes()
    assert good.read_bytes() == (DATA / "target.expected.rbk").read_bytes()  # others still done


def test_undecodable_file_exit_2(run_cli, tmp_path):
    (tmp_path / "bin.rbk").write_bytes(b"cluster \xff\n")
    code, out, err = run_cli("format", "--isolated", "bin.rbk", cwd=tmp_path)
    assert code == 2
    assert err.decode().splitlines()[0].startswith("bin.rbk:1:1: error[RL002] not valid UTF-8")
    assert (tmp_path / "bin.rbk").read_bytes() == b"cluster \xff\n"


def test_exclude_from_configuration(run_cli, tmp_path):
    copy(tmp_path, "target")
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "v.rbk").write_bytes(b"target   8.15.1\n")
    (tmp_path / ".runbook-lint.yaml").write_text('exclude: ["vendor/**"]\n')
    code, out, _ = run_cli("format", "--check", ".", cwd=tmp_path)
    assert (code, out) == (1, b"Would reformat: target.rbk\n")


def test_format_keeps_the_file_mode(run_cli, tmp_path):
    (path,) = copy(tmp_path, "target")
    path.chmod(0o640)
    run_cli("format", "--isolated", path)
    assert path.stat().st_mode & 0o777 == 0o640


# -- properties ---------------------------------------------------------------

NAMES = st.sampled_from(["a", "b", "c", "us-east", "n1", "n2"])
VERSIONS = st.sampled_from(["7.17.0", "8.15.1", "8.18.2", "9.0.3", "9.0.0-rc1"])
QUALIFIER = st.sampled_from(["", ' index "o  r"', ' auto-follow "l#s"'])
RELATION = st.builds(lambda a, b, q: f"{a} follows {b}{q}", NAMES, NAMES, QUALIFIER)
ACTION = st.one_of(
    st.builds(lambda c, v: f"upgrade {c} to {v}", NAMES, VERSIONS),
    st.builds(lambda c, n, v: f"upgrade {c} node {n} to {v}", NAMES, NAMES, VERSIONS),
    st.builds(lambda r: f"pause {r}", RELATION),
    st.builds(lambda r: f"resume {r}", RELATION),
    st.sampled_from(["pause all", "resume all", 'note "check  health"']),
    st.sampled_from(["wait 45m", 'wait 1h30m "green  health"', "wait 0s"]),
)
DECLARATION = st.one_of(
    st.builds(lambda c, v: f"cluster {c} version {v}", NAMES, VERSIONS),
    st.builds(lambda c, v: f"cluster {c} version {v} nodes n1,n2", NAMES, VERSIONS),
    st.builds(lambda v: f"target {v}", VERSIONS),
    RELATION,
    st.sampled_from(["assume node-upgrade 40m", "assume retention-lease 12h"]),
    st.builds(lambda c, v: f"cluster {c} version {v} nodes n1 node-upgrade 1d6h", NAMES, VERSIONS),
    st.builds(
        lambda c, v, w: f"cluster {c} version {v} nodes n1 (master,data_hot) ,n2( version {w} )",
        NAMES,
        VERSIONS,
        VERSIONS,
    ),
)
FILLER = st.sampled_from(["", "#c", "   ", "\t# {", "# noqa"])
TRAILING = st.sampled_from(["", "  # t", "#noqa", " # noqa: RL302", "\t"])
INDENT = st.sampled_from(["", "  ", "\t", "        "])


def block(keyword, body, title, trailing):
    return [f"{keyword}{title}{{{trailing}", *body, "}"]


PARALLEL = st.builds(
    lambda body, title, t: block("parallel", body, title, t),
    st.lists(st.tuples(INDENT, ACTION, TRAILING).map("".join), max_size=3),
    st.sampled_from(["", ' "p"  ']),
    TRAILING,
)
STEP_ITEM = st.one_of(
    st.tuples(INDENT, ACTION, TRAILING).map(lambda t: ["".join(t)]),
    PARALLEL,
    FILLER.map(lambda f: [f]),
)
STEP = st.builds(
    lambda items, title, t: block("step", [x for item in items for x in item], title, t),
    st.lists(STEP_ITEM, max_size=3),
    st.sampled_from([" ", ' "s" ']),
    TRAILING,
)
ITEM = st.one_of(
    st.tuples(INDENT, DECLARATION, TRAILING).map(lambda t: ["".join(t)]),
    st.tuples(INDENT, ACTION, TRAILING).map(lambda t: ["".join(t)]),
    STEP,
    PARALLEL,
    FILLER.map(lambda f: [f]),
)
FILES = st.builds(
    lambda header, items: [*header, *(line for item in items for line in item)],
    st.sampled_from([[], ['runbook   "r"']]),
    st.lists(ITEM, max_size=10),
)


def meaning(text: str):
    """What formatting must keep: the statements (spans aside) and the (code, statement) pairs."""
    result = lint_bytes("t.rbk", text.encode("utf-8"))
    if result.runbook is None:
        return None
    statements = formatter.statements(result.runbook)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")

    def statement_at(line: int) -> str:
        return formatter._normalise(formatter._cut_comment(lines[line - 1]))

    diagnostics = sorted((d.code, statement_at(d.span.line)) for d in result.diagnostics)
    return statements, diagnostics


def check_properties(text: str) -> None:
    outcome = format_text(text)
    if outcome.text is None:
        assert lint_bytes("t.rbk", text.encode("utf-8")).runbook is None
        return
    assert format_text(outcome.text).text == outcome.text  # idempotent
    assert meaning(outcome.text) == meaning(text)
    assert outcome.text.startswith("\ufeff") == text.startswith("\ufeff")
    body = outcome.text.lstrip("\ufeff")
    if "\r\n" in text and body:
        assert body.count("\r\n") == body.count("\n")
    for line in body.replace("\r\n", "\n").split("\n"):
        assert line == line.rstrip()


def respace(line: str, draw) -> str:
    """Each blank between tokens (outside strings) as a drawn run of spaces and tabs."""
    parts = line.split('"')
    for i in range(0, len(parts), 2):  # the even parts are outside strings
        parts[i] = "".join(
            draw(st.sampled_from([" ", "  ", "\t", " \t "])) if char == " " else char
            for char in parts[i]
        )
    return '"'.join(parts)


@SETTINGS
@given(FILES, st.sampled_from(["\n", "\r\n"]), st.booleans(), st.booleans(), st.data())
def test_random_runbooks(lines, ending, final_newline, bom, data):
    lines = [respace(line, data.draw) for line in lines]
    text = ("\ufeff" if bom else "") + ending.join(lines) + (ending if final_newline else "")
    check_properties(text)


def seeds() -> list[bytes]:
    sys.path.insert(0, str(ROOT / "fuzz"))
    from harness import seed_inputs

    return seed_inputs()


def test_the_fuzz_corpus():
    checked = 0
    for data in seeds():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        check_properties(text)
        checked += 1
    assert checked > 50


def test_the_pre_commit_hook():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[1] == {
        "id": "runbook-lint-format",
        "name": "runbook-lint format",
        "description": "Rewrite Elasticsearch CCR upgrade runbooks in the canonical layout",
        "entry": "runbook-lint format --",
        "language": "python",
        "files": r"\.rbk$",
        "require_serial": True,
    }


def test_server_without_pygls_says_how_to_get_it(run_cli, monkeypatch):
    from runbook_lint.commands import server

    monkeypatch.setattr(server, "available", lambda: False)
    assert run_cli("server") == (
        2,
        b"",
        b"runbook-lint: the language server needs pygls and lsprotocol:"
        b" pip install 'runbook-lint[server]'\n",
    )


def test_the_samples_are_formatted(run_cli):
    assert run_cli("format", "--isolated", "--check", ROOT / "samples") == (0, b"", b"")


def test_server_without_pygls_in_a_real_process(tmp_path):
    import subprocess

    code = (
        "import sys; sys.modules['pygls'] = None; from runbook_lint.cli import main; "
        "sys.exit(main(['server']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        b"",
        b"runbook-lint: the language server needs pygls and lsprotocol:"
        b" pip install 'runbook-lint[server]'\n",
    )


def test_excluded_stdin_passes_through(run_cli, tmp_path):
    (tmp_path / ".runbook-lint.yaml").write_text('exclude: ["vendor/**"]\n')
    code, out, err = run_cli(
        "format", "--stdin-filename", "vendor/x.rbk", "-", input=b"target   8.15.1\n", cwd=tmp_path
    )
    assert (code, out, err) == (0, b"target   8.15.1\n", b"")
