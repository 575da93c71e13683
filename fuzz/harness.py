"""The fuzz harness: one input through the whole pipeline, and what must hold.

``check_one(data)`` runs ``data`` (the bytes of a runbook) through decoding,
parsing, checking, ``noqa`` suppression and every report format, twice, and
raises ``AssertionError`` (or lets any other exception escape) when one of
these fails:

* no exception escapes any stage;
* every diagnostic's span, and every related location's, lies inside the file:
  ``1 <= line <= max(1, number of lines)``, ``column >= 1``, end not before
  start, and no column past one beyond the end of its line (RL001 at the end
  of the file points just past the last character of the last line, and one
  that expects more before the end of a line covers that line's break, one
  character at ``len(line) + 1``; every other diagnostic starts on a
  character of its line, RL002 at 1:1 aside);
* a file that does not parse gets RL001 only, a file that does not decode one
  RL002 only;
* the ``json`` and ``sarif`` outputs parse with ``json.loads`` and hold one
  entry per diagnostic; the ``junit`` output parses as XML;
* the ``github`` output is one workflow command per diagnostic, whose
  message, unescaped the way the Actions runner does it, is the diagnostic's;
* the ``full`` and ``concise`` outputs without colour hold no control
  character but the line feed (no ESC, CR or form feed from a runbook);
* the ``markdown`` tables keep their column count and its Mermaid blocks hold
  only the statement shapes ``mermaid.flowchart`` writes;
* a second run gives byte-identical output.

Used by ``fuzz/fuzz_pipeline.py`` (atheris) and by ``tests/test_fuzz.py``.
"""

from __future__ import annotations

import json
import os
import random
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

from runbook_lint.diagnostics import Severity
from runbook_lint.lint.config import Config
from runbook_lint.lint.linter import lint_bytes
from runbook_lint.lint.policy import Policy
from runbook_lint.report import FORMATS, ReportOptions, render

__all__ = [
    "PATH",
    "RENDERINGS",
    "check_github",
    "check_markdown",
    "check_one",
    "check_spans",
    "generated_runbooks",
    "run_pipeline",
    "seed_inputs",
]

ROOT = Path(__file__).resolve().parent.parent
PATH = "runbooks/fuzz.rbk"
# SARIF's endTimeUtc is the clock's unless SOURCE_DATE_EPOCH fixes it (as
# tests/conftest.py does): without it, two runs a second apart differ, and the
# determinism check failed now and then in the atheris run.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")

# Every format, with options that reach its optional parts; full and concise
# also without colour, where no control character may reach the output.
RENDERINGS: tuple[tuple[str, ReportOptions], ...] = (
    ("full", ReportOptions(color=True, statistics=True)),
    ("full", ReportOptions()),
    ("concise", ReportOptions(color=True)),
    ("concise", ReportOptions(statistics=True)),
    ("json", ReportOptions()),
    ("sarif", ReportOptions()),
    ("github", ReportOptions()),
    ("junit", ReportOptions(fail_on_rank=0)),
    ("markdown", ReportOptions(statistics=True)),
)
assert {name for name, _ in RENDERINGS} == set(FORMATS)


# What `check` applies after linting: noqa, then the configuration. One of
# these per input (chosen by its checksum, so a run is reproducible): no
# configuration, `ignore`, `select`, `severity` and `per-file-ignores`.
POLICIES = (
    Policy(),
    Policy(ignore={"RL201", "RL900"}),
    Policy(select={"RL001", "RL002", "RL202", "RL203", "RL204", "RL306"}),
    Policy(severity={"RL201": Severity.WARNING, "RL900": Severity.INFO, "RL302": Severity.ERROR}),
    Policy(config=Config(root=".", per_file_ignores=[("runbooks/*.rbk", ["RL202", "RL101"])])),
)


def run_pipeline(data: bytes, path: str = PATH):
    """decode, parse, check, noqa, every report: the FileResult and the outputs."""
    result = lint_bytes(path, data)
    before = list(result.diagnostics)
    POLICIES[zlib.crc32(data) % len(POLICIES)].apply(result)  # noqa (and RL900), configuration
    outputs = tuple(render(name, [result], options) for name, options in RENDERINGS)
    return result, before, outputs


def _check_span(span, lines: list[str], code: str, where: str) -> None:
    count = max(1, len(lines))
    assert 1 <= span.line <= count, f"{where}: line {span.line} outside 1..{count}"
    assert 1 <= span.end_line <= count, f"{where}: end line {span.end_line} outside 1..{count}"
    assert span.column >= 1 and span.end_column >= 1, f"{where}: column below 1"
    assert (span.end_line, span.end_column) >= (span.line, span.column), (
        f"{where}: ends before it starts"
    )
    text = lines[span.line - 1] if lines else ""
    end_text = lines[span.end_line - 1] if lines else ""
    assert span.column <= len(text) + 1, f"{where}: column {span.column} past the end of the line"
    if code == "RL001" and span.column == len(text) + 1 and span.end_line == span.line:
        # "expected ... before the end of the line" covers the line break itself:
        # one character at len + 1, so its exclusive end is at most len + 2.
        assert span.end_column <= len(text) + 2, (
            f"{where}: end column {span.end_column} past the line break"
        )
    else:
        assert span.end_column <= len(end_text) + 1, (
            f"{where}: end column {span.end_column} past the end of the line"
        )
    if code not in ("RL001", "RL002"):
        # A checker finding points at a construct: it starts on a character.
        assert span.column <= len(text), f"{where}: starts past the line's last character"
        assert (span.end_line, span.end_column) > (span.line, span.column), f"{where}: empty span"


def check_spans(result, diagnostics) -> None:
    lines = result.source.lines
    for d in diagnostics:
        where = f"{d.code} at {d.span}"
        _check_span(d.span, lines, d.code, where)
        assert d.message, f"{where}: empty message"
        assert "\n" not in d.message and "\r" not in d.message, f"{where}: message breaks the line"
        for related in d.related:
            assert related.path == d.path, f"{where}: related location in another file"
            _check_span(related.span, lines, d.code, f"{where}, related {related.span}")


# GitHub Actions: `::error file=..,line=..,col=..,endLine=..,endColumn=..,title=..::message`.
_GITHUB = re.compile(
    r"::(?P<command>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)\Z", re.DOTALL
)
_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def unescape_data(text: str) -> str:
    """The Actions runner's unescaping of a command's message, in its order."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    """The Actions runner's unescaping of a property value, in its order."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def check_github(output: str, diagnostics) -> None:
    """One workflow command per diagnostic, each on one line, decoding to its own message."""
    from runbook_lint.report.github import visible

    assert not any(ch in output for ch in "\x1b\x07\u202e\u2028\u2029"), "a raw control character"
    assert output.endswith("\n") or not output
    lines = output.split("\n")[:-1] if output else []
    # The Actions runner reads its input line by line, a line ending at LF, CR
    # or CRLF (.NET's ReadLine): no CR may remain, and LF only ends a command.
    assert "\r" not in output, "a carriage return inside a command"
    ordered = sorted(diagnostics, key=lambda d: d.sort_key())
    assert len(lines) == len(ordered), f"{len(lines)} lines for {len(ordered)} diagnostics"
    for line, d in zip(lines, ordered, strict=True):
        match = _GITHUB.match(line)
        assert match, f"not a workflow command: {line!r}"
        assert match.group("command") == _COMMANDS[d.severity.value]
        properties = dict(item.split("=", 1) for item in match.group("properties").split(","))
        assert list(properties) == ["file", "line", "col", "endLine", "endColumn", "title"], line
        # Control characters come out as \uXXXX escapes, as in the terminal formats.
        assert unescape_property(properties["file"]) == visible(d.path)
        assert properties["line"] == str(d.span.line) and properties["col"] == str(d.span.column)
        assert properties["title"] == f"runbook-lint {d.code}"
        message = d.message if not d.help else f"{d.message}\nhelp: {d.help}"
        assert unescape_data(match.group("message")) == visible(message), line


_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")
# The statements mermaid.flowchart writes, and nothing else.
_LABEL = r'"[^"\n]*"'
_MERMAID = re.compile(
    r"flowchart (?:LR|RL|TB|TD|BT)"
    r"|    %% edges run from leader to follower; ==> marks a bi-directional relation"
    r"|    (?:    )?c\d+\[" + _LABEL + r"\]"
    r'|    subgraph g\d+ \["bi-directional group(?: \d+)?"\]'
    r"|    end"
    r"|    c\d+ (?:-->|==>)(?:\|" + _LABEL + r"\|)? c\d+"
    r"|    %% showing \d+ of \d+ clusters and \d+ of \d+ edges: Mermaid draws at most \d+ edges"
    r" and \d+ characters"
    # The highlight of what the diagnostics are about: fixed classes and styles, generated IDs.
    r"|    classDef (?:error|warning|info) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},"
    r"stroke-width:3px,color:#[0-9a-f]{6}"
    r"|    class c\d+(?:,c\d+)* (?:error|warning|info)"
    r"|    linkStyle \d+(?:,\d+)* stroke:#[0-9a-f]{6},stroke-width:3px"
    # The statements report/gantt.py writes (the timeline): sanitised text only.
    r"|gantt|    dateFormat X|    axisFormat %H:%M"
    r"|    section [A-Za-z0-9_. -]+"
    r"|    [A-Za-z0-9_. -]+ : (?:crit, )?t\d+, \d+, \d+"
)


# The report's own HTML: a fold whose summary holds numbers and fixed words only.
_FOLD = re.compile(r"<details><summary>[^<>&]*</summary>|</details>")


def _cells(row: str) -> int:
    return len(_UNESCAPED_PIPE.findall(row)) - 1


def check_markdown(output: str) -> None:
    """Tables keep their column count; Mermaid blocks keep their shape; no raw HTML."""
    lines = output.split("\n")
    columns = None
    in_mermaid = False
    for number, line in enumerate(lines, start=1):
        if in_mermaid:
            if line == "```":
                in_mermaid = False
                continue
            assert _MERMAID.fullmatch(line), (
                f"markdown line {number}: not a flowchart statement: {line!r}"
            )
            # Entity codes only: nothing that could leave the quote, the line or the block.
            assert "`" not in line and "<" not in line.replace("<br/>", ""), line
            continue
        if line == "```mermaid":
            in_mermaid = True
            columns = None
            continue
        assert "```" not in line, f"markdown line {number}: a stray code fence: {line!r}"
        if _FOLD.fullmatch(line):  # the report's own <details> around a long table or list
            columns = None
            continue
        if line.startswith("|"):
            cells = _cells(line)
            if columns is None:
                columns = cells
            assert cells == columns, (
                f"markdown line {number}: {cells} cells, not {columns}: {line!r}"
            )
        else:
            columns = None
        # Nothing from a runbook becomes HTML: '<' appears only as an entity.
        assert "<" not in line, f"markdown line {number}: raw '<': {line!r}"
    assert not in_mermaid, "an unclosed mermaid block"
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029]", output), "a control character"


def check_one(data: bytes) -> None:
    """The whole pipeline on ``data``; an AssertionError (or any exception) is a bug."""
    result, before, outputs = run_pipeline(data)
    diagnostics = result.diagnostics

    check_spans(result, before)
    check_spans(result, diagnostics)
    codes = {d.code for d in before}
    if result.source.text is None:
        assert [(d.code, d.span.line, d.span.column) for d in before] == [("RL002", 1, 1)], before
    elif result.runbook is None:
        assert before and codes == {"RL001"}, before
    else:
        assert not codes & {"RL001", "RL002"}, before

    by_format = {}
    for (name, options), output in zip(RENDERINGS, outputs, strict=True):
        assert isinstance(output, str)
        by_format.setdefault(name, output)
        if name in ("full", "concise") and not options.color:
            assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", output), (
                f"{name}: a raw control character in {output!r}"
            )
    items = json.loads(by_format["json"])
    assert len(items) == len(diagnostics)
    assert [item["message"] for item in items] == [
        d.message for d in sorted(diagnostics, key=lambda d: d.sort_key())
    ]
    log = json.loads(by_format["sarif"])
    assert len(log["runs"][0]["results"]) == len(diagnostics)
    root = ET.fromstring(by_format["junit"].encode("utf-8"))
    assert root.tag == "testsuite"
    # fail_on_rank=0: every diagnostic fails its file, and a failing file has one failure.
    assert int(root.get("failures")) == len(root.findall(".//failure")) == int(bool(diagnostics))
    check_github(by_format["github"], diagnostics)
    check_markdown(by_format["markdown"])

    # Deterministic: a second run through the same process gives the same bytes.
    again = run_pipeline(data)
    assert again[2] == outputs, "a second run gave different output"
    assert again[1] == before


def seed_files() -> list[Path]:
    """The runbooks the corpus starts from: the samples and the spec's examples."""
    found = sorted((ROOT / "samples").glob("*.rbk"))
    found += sorted((ROOT.parent / "shared" / "examples").glob("*.rbk"))
    found += sorted((ROOT / "tests" / "golden").glob("*.rbk"))
    return found


# Hand-written seeds for the corners the samples do not visit.
EXTRA_SEEDS: tuple[bytes, ...] = (
    b"",
    b"\n",
    b"\xef\xbb\xbfcluster a version 8.15.1\r\n",
    b"\x00\x00\x00",
    b"\xff\xfe",
    b"cluster a version 8.15\n",
    b"step {\nstep {\n",
    b"}\n}\n",
    b"parallel {\n    upgrade a to 9.0.0\n",
    b'runbook "x"\nrunbook "y"\n',
    b'cluster a version 8.18.2\ncluster b version 8.18.2\na follows b auto-follow "<script>|`%0A::error"\n'
    b"b follows a\nupgrade a to 9.0.3 # noqa: RL202 RL999 reason\n",
    b"cluster a version 8.15.1 nodes n1, n2\nupgrade a node n1 to 8.16.0  #noqa\n",
    b'note "\x1b[31m\xe2\x80\xa8"\n',
)


def _action(rng: random.Random, names, nodes, relations, versions) -> str:
    kind = rng.random()
    name = rng.choice(names)
    version = rng.choice(versions)
    if kind < 0.45:
        node = f" node n{rng.randint(1, 4)}" if nodes[name] and rng.random() < 0.6 else ""
        text = f"upgrade {name}{node} to {version}"
    elif kind < 0.75:
        verb = rng.choice(["pause", "resume"])
        text = f"{verb} all" if rng.random() < 0.4 else f"{verb} {rng.choice(relations)}"
    else:
        text = 'note "check health"'
    if rng.random() < 0.1:
        text += rng.choice(
            ["  # noqa", "  # noqa: RL201, RL202", "  #noqa:RL203 reason", "  # noqa: RL999"]
        )
    return text


def generated_runbooks(count: int, seed: int = 0) -> list[bytes]:
    """Grammar-aware runbooks (mostly valid) that reach the checker's corners.

    Clusters with and without nodes, relations with qualifiers and cycles
    (bi-directional groups), and actions in steps and parallel blocks:
    node-level upgrades, downgrades, pauses and resumes, `all`, notes and
    `noqa` comments; now and then one line is broken.
    """
    rng = random.Random(seed)
    versions = [
        "6.8.23",
        "7.16.3",
        "7.17.0",
        "8.14.3",
        "8.15.1",
        "8.18.2",
        "8.19.0",
        "9.0.3",
        "9.1.0",
        "9.0.0-rc1",
    ]
    out = []
    for _ in range(count):
        names = ["a", "b", "c", "d", "e"][: rng.randint(2, 5)]
        nodes = {name: rng.random() < 0.4 for name in names}
        lines = [f'runbook "generated {rng.randint(0, 999)}"'] if rng.random() < 0.5 else []
        if rng.random() < 0.5:
            lines.append(f"target {rng.choice(versions)}")
        start = rng.choice(versions)
        for name in names:
            version = start if rng.random() < 0.7 else rng.choice(versions)
            lines.append(
                f"cluster {name} version {version}" + (" nodes n1, n2, n3" if nodes[name] else "")
            )
        relations = []
        for _ in range(rng.randint(1, 6)):
            follower, leader = rng.sample(names, 2)
            qualifier = rng.choice(["", ' index "orders"', ' auto-follow "logs"'])
            relations.append(f"{follower} follows {leader}{qualifier}")
        lines += relations

        def action(names=names, nodes=nodes, relations=relations) -> str:
            return _action(rng, names, nodes, relations, versions)

        for _ in range(rng.randint(1, 8)):
            shape = rng.random()
            if shape < 0.4:
                lines.append(action())
            elif shape < 0.7:
                body = [action() for _ in range(rng.randint(0, 5))]
                lines += [
                    rng.choice(["parallel {", 'parallel "together" {']),
                    *("    " + b for b in body),
                    "}",
                ]
            else:
                body = []
                for _ in range(rng.randint(0, 4)):
                    if rng.random() < 0.3:
                        body += [
                            "parallel {",
                            *("    " + action() for _ in range(rng.randint(1, 3))),
                            "}",
                        ]
                    else:
                        body.append(action())
                lines += ['step "s" {', *("    " + b for b in body), "}"]
        if rng.random() < 0.15:
            at = rng.randrange(len(lines))
            words = lines[at].split(" ")
            del words[rng.randrange(len(words))]
            lines[at] = " ".join(words)
        out.append(("\n".join(lines) + "\n").encode())
    return out


def seed_inputs() -> list[bytes]:
    return [path.read_bytes() for path in seed_files()] + list(EXTRA_SEEDS) + generated_runbooks(60)
