"""Safe output: nothing a runbook (or a file name) says can break the page, the
terminal or the CI log that shows a report.

The language's strings cannot hold a line break, but they can hold every
other character: control characters and ANSI escape sequences, U+2028,
quotes, backticks, HTML, '%' and '::' (GitHub workflow commands), '|'
(Markdown tables) and Mermaid syntax. File names can hold line breaks too.
Every format is checked on runbooks that put such text in the header, step and
parallel titles, notes, comments and relation labels (which the messages and
the Mermaid diagram quote), and on a syntax error that quotes a string.
"""

from __future__ import annotations

import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import jsonschema
import pytest
from conftest import ROOT, SCHEMAS, run_cli

sys.path.insert(0, str(ROOT / "fuzz"))

from harness import check_github, check_markdown, unescape_data, unescape_property  # noqa: E402

from runbook_lint.lint.linter import lint_bytes  # noqa: E402
from runbook_lint.lint.policy import Policy  # noqa: E402
from runbook_lint.report import FORMATS, ReportOptions, render  # noqa: E402
from runbook_lint.report.colors import _CODES, _RESET  # noqa: E402
from runbook_lint.report.github import visible  # noqa: E402

PAYLOADS = [
    "\x1b[31mred\x1b[0m",  # ANSI colour
    "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",  # OSC 8 hyperlink
    "\x1b[2J\x1b[H",  # clear screen
    "a\u2028b\u2029c\x85d\x0be\x0cf",  # line separators of other kinds
    "\u202egnp.exe",  # right-to-left override
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "`code` ```fence",
    "%0A::error file=x,line=1::forged%0D%25",
    "::warning ::forged",
    "a | b | c",
    '"]; click c0 call alert(1); %% x',
    "c0 --> c1\nend",  # not possible in a string (the newline is dropped below), kept for the others
    "[x](javascript:alert(1)) ![i](http://x/i.png) *b* _i_ ~s~ # h $m$",
    "&amp; &#60; #quot; #60;",
    "\\\\ \\",
    "\x00\x7f\x9b",
]
# What the strings can hold: no raw quote-ending or line break (escaped below).
HOSTILE = "".join(PAYLOADS).replace("\n", " ").replace("\r", " ").replace("\x00", "")


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


HOSTILE_RUNBOOK = f"""runbook {quoted(HOSTILE)}
target 8.15.1
cluster a version 8.14.3
cluster b version 8.14.3
b follows a index {quoted(HOSTILE)}
b follows a auto-follow {quoted("2" + HOSTILE)}  # a comment: {HOSTILE}
step {quoted(HOSTILE)} {{
    note {quoted(HOSTILE)}
    upgrade a to 8.15.1
    pause b follows a index {quoted("nope" + HOSTILE)}
}}
parallel {quoted(HOSTILE)} {{
    upgrade b to 8.15.1  # noqa: RL302 {HOSTILE}
}}
""".encode()
# A syntax error whose message quotes the string it found, and a bare CR.
HOSTILE_SYNTAX = f'cluster {quoted(HOSTILE)} version 1.2.3\nnote "x"\r# {HOSTILE}\n'.encode()

# Characters that no terminal line may carry raw: C0 but LF, DEL, C1, line and
# paragraph separators, bidirectional overrides and isolates.
TERMINAL_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def lint(data: bytes, path: str = "runbooks/hostile.rbk"):
    result = lint_bytes(path, data)
    Policy().apply(result)
    return result


@pytest.fixture(scope="module")
def results():
    checked = lint(HOSTILE_RUNBOOK)
    broken = lint(HOSTILE_SYNTAX, "runbooks/syntax.rbk")
    # The hostile text reaches the messages: the test is not vacuous.
    messages = [d.message for d in checked.diagnostics]
    assert sorted(d.code for d in checked.diagnostics) == ["RL105", "RL201", "RL201", "RL900"]
    assert any(HOSTILE in message for message in messages)
    assert checked.runbook.header.title == HOSTILE
    assert [d.code for d in broken.diagnostics] == ["RL001", "RL001"]
    assert '"\x1b[31mred' in broken.diagnostics[0].message
    return [checked, broken]


def rendered(name: str, results, **options) -> str:
    return render(name, results, ReportOptions(**options))


# ---------------------------------------------------------------------------
# Terminal formats
# ---------------------------------------------------------------------------

_PALETTE = re.compile("|".join(re.escape(code) for code in [*_CODES.values(), _RESET]))


@pytest.mark.parametrize("name", ["full", "concise"])
def test_terminal_formats_emit_no_control_characters(results, name):
    plain = rendered(name, results, statistics=True)
    assert not TERMINAL_UNSAFE.search(plain), TERMINAL_UNSAFE.search(plain)
    # The text is still there, escaped, not dropped.
    assert "\\u001b[31mred" in plain and "<script>" in plain
    # With colour, every ESC is one of the linter's own colour codes.
    colored = rendered(name, results, statistics=True, color=True)
    assert "\x1b" in colored
    assert _PALETTE.sub("", colored) == plain


def test_the_full_format_quotes_source_lines_escaped(results):
    plain = rendered("full", results)
    lines = plain.split("\n")
    # Each quoted source line stays one line, caret under it.
    quoted_lines = [line for line in lines if re.match(r"^\d+ \| ", line)]
    assert len(quoted_lines) == 6 and any("\\u001b[31mred" in line for line in quoted_lines)
    assert "\\r" in plain  # the bare CR of the syntax error, shown, not obeyed


# ---------------------------------------------------------------------------
# Machine formats
# ---------------------------------------------------------------------------


def test_json_round_trips_every_message(results):
    items = json.loads(rendered("json", results))
    expected = [
        d.message for r in results for d in sorted(r.diagnostics, key=lambda d: d.sort_key())
    ]
    assert [item["message"] for item in items] == expected
    assert any(HOSTILE in item["message"] for item in items)


def test_sarif_is_valid_and_round_trips(results):
    log = json.loads(rendered("sarif", results))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    texts = [result["message"]["text"] for result in log["runs"][0]["results"]]
    assert any(HOSTILE in text for text in texts)


def test_github_commands_cannot_be_forged(results):
    output = rendered("github", results)
    diagnostics = [d for r in results for d in r.diagnostics]
    check_github(output, diagnostics)  # one line each, decoding to its message
    assert output.count("\n") == len(diagnostics)
    assert all(
        line.startswith(("::error ", "::warning ", "::notice ")) for line in output.split("\n")[:-1]
    )
    # The message's own '%0A::error' and '::warning' are data, not commands.
    assert "%250A::error" in output
    assert any(
        "%0A::error file=x,line=1::forged" in unescape_data(line.split("::", 2)[2])
        for line in output.split("\n")[:-1]
    )


def test_junit_is_well_formed_and_keeps_the_text(results):
    import junitparser

    output = rendered("junit", results, fail_on_rank=0)
    assert "\x1b" not in output and "\x00" not in output
    root = ET.fromstring(output.encode("utf-8"))
    # One failure per failing file (both files fail); its text lists every diagnostic.
    texts = [failure.text or "" for failure in root.iter("failure")]
    assert len(texts) == 2
    assert sum(len(text.splitlines()) for text in texts) >= 6
    assert any("<script>alert(1)</script>" in text for text in texts)  # text, not markup
    suite = junitparser.JUnitXml.fromstring(output)
    assert sum(1 for _ in suite) == 1


def test_markdown_keeps_its_tables_and_diagram(results):
    output = rendered("markdown", results, statistics=True)
    check_markdown(
        output
    )  # column counts, Mermaid statement shapes, no raw '<', no control characters
    assert "&lt;script&gt;" in output and "<script>" not in output
    # The header title stays on its line, its Markdown syntax inert.
    (title,) = [line for line in output.split("\n") if line.startswith("Runbook: ")]
    assert "\\`code\\`" in title and "\\[x\\](javascript:alert(1))" in title and "\\|" in title
    # No bare URL for GitHub's autolink extension to turn into a link.
    assert (
        "https://" not in title
        and "https\\://evil.example" in title
        and "http\\://x/i.png" in title
    )
    # The diagram: one edge for b's two relations with a, labelled with their count
    # (a pair's one relation keeps its qualifier: test_every_format_on_every_payload_alone).
    block = output.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert "click" not in re.sub(r'"[^"]*"', '""', block)
    assert '    c0 -->|"2 relations"| c1\n' in block
    # The diagnostics table: one row per diagnostic, each with four cells.
    rows = [
        line
        for line in output.split("\n")
        if re.match(r"\| \d+ \| RL\d{3} \| (error|warning|info) \| ", line)
    ]
    assert len(rows) == 6


# ---------------------------------------------------------------------------
# Through the CLI: hostile file names, every format
# ---------------------------------------------------------------------------

HOSTILE_NAMES = [
    "x\n::error file=forged.rbk,line=1::forged %0A\r.rbk",
    "a,line=99::b|c`<b>\x1b[31m.rbk",
]


@pytest.fixture
def hostile_repo(tmp_path):
    for name in HOSTILE_NAMES:
        (tmp_path / name).write_bytes(HOSTILE_RUNBOOK)
    (tmp_path / "syntax.rbk").write_bytes(HOSTILE_SYNTAX)
    return tmp_path


def cli(repo, fmt, *extra):
    completed = run_cli("check", "--isolated", "--format", fmt, *extra, ".", cwd=repo)
    assert completed.returncode == 1, completed.stderr
    assert completed.stderr == b""
    return completed.stdout.decode("utf-8")


def test_the_cli_with_hostile_file_names(hostile_repo):
    items = json.loads(cli(hostile_repo, "json"))
    assert {item["path"] for item in items} == {*HOSTILE_NAMES, "syntax.rbk"}

    github = cli(hostile_repo, "github")
    lines = github.split("\n")[:-1]
    assert "\r" not in github and len(lines) == len(items)
    for line, item in zip(lines, items, strict=True):
        match = re.fullmatch(
            r"::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,title=runbook-lint (RL\d{3})::(.*)",
            line,
        )
        assert match, line
        assert unescape_property(match.group(2)) == visible(item["path"])
        assert (int(match.group(3)), int(match.group(4)), match.group(5)) == (
            item["line"],
            item["column"],
            item["code"],
        )
        message = item["message"] + (f"\nhelp: {item['help']}" if item["help"] else "")
        assert unescape_data(match.group(6)) == visible(message)

    for fmt in ("full", "concise"):
        for color in ("never", "always"):
            output = cli(hostile_repo, fmt, "--color", color)
            if color == "always":
                output = _PALETTE.sub("", output)
            assert not TERMINAL_UNSAFE.search(output), (fmt, color, TERMINAL_UNSAFE.search(output))
        assert "x\\n::error file=forged.rbk" in output  # the name, escaped, on one line

    check_markdown(cli(hostile_repo, "markdown", "--statistics"))

    junit = cli(hostile_repo, "junit")
    names = {case.get("name") for case in ET.fromstring(junit.encode("utf-8")).iter("testcase")}
    assert len(names) == 3

    sarif = json.loads(cli(hostile_repo, "sarif"))
    uris = {
        unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for result in sarif["runs"][0]["results"]
    }
    assert uris == {*HOSTILE_NAMES, "syntax.rbk"}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_on_every_payload_alone(name):
    """Each payload in its own label: every format renders, and the fuzz checks hold."""
    from harness import check_one

    for payload in PAYLOADS:
        text = payload.replace("\n", " ").replace("\r", " ").replace("\x00", "")
        data = (
            f"cluster a version 8.14.3\ncluster b version 8.14.3\n"
            f"b follows a auto-follow {quoted(text)}\nupgrade a to 8.15.1\nupgrade b to 8.15.1\n"
        ).encode()
        check_one(data)
        result = lint(data)
        assert [d.code for d in result.diagnostics] == ["RL201"]
        output = rendered(name, [result])
        if name in ("full", "concise"):
            assert not TERMINAL_UNSAFE.search(output)
        elif name == "markdown":
            check_markdown(output)
        elif name == "github":
            check_github(output, result.diagnostics)
        elif name in ("json", "sarif"):
            json.loads(output)
        else:
            ET.fromstring(output.encode("utf-8"))


# ---------------------------------------------------------------------------
# Configuration: a safe YAML loader only
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        "select: !!python/object/apply:os.system ['touch {marker}']\n",
        "!!python/object/apply:os.system ['touch {marker}']\n",
        "ignore: [!!python/object/apply:os.system ['touch {marker}']]\n",
        "select: !!python/name:os.system\n",
        "fail-on: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
    ],
)
def test_configuration_is_loaded_safely(tmp_path, document):
    marker = tmp_path / "executed"
    (tmp_path / ".runbook-lint.yaml").write_text(document.format(marker=marker), encoding="utf-8")
    (tmp_path / "good.rbk").write_bytes(b"cluster a version 8.14.3\n")
    completed = run_cli("check", "good.rbk", cwd=tmp_path)
    assert completed.returncode == 2
    message = completed.stderr.decode()
    assert message.startswith("runbook-lint: ") and ".runbook-lint.yaml" in message
    assert message.count("\n") <= 2 and "Traceback" not in message
    assert not marker.exists()
    assert not os.path.exists(str(marker))


def test_markdown_renders_to_the_same_shape_with_github_markdown(results):
    """With GitHub's own renderer (cmark-gfm, a test extra): no link, image or
    HTML from the runbook, and every table row has its table's column count."""
    import cmarkgfm

    html = cmarkgfm.github_flavored_markdown_to_html(rendered("markdown", results, statistics=True))
    assert "<a " not in html and "<img" not in html and "<script" not in html
    tables = re.findall(r"<table>(.*?)</table>", html, re.S)
    assert len(tables) == 4
    for table in tables:
        widths = {
            len(re.findall(r"<t[hd][ >]", row))
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        }
        assert len(widths) == 1, table[:500]
    assert html.count('<pre lang="mermaid">') == 1
