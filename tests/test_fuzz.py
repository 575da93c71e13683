"""The fuzz harness, briefly: the seed corpus plus a few thousand generated and
mutated inputs through the whole pipeline (decode, parse, check, noqa, every
report format), each checked by ``fuzz/harness.py``'s ``check_one``.

The long, coverage-guided run is ``fuzz/fuzz_pipeline.py`` (atheris); this is
its short version for every test run. Hypothesis generates inputs two ways:
grammar-aware (valid runbooks whose strings hold hostile text, then maybe
broken), and mutations of the seed corpus (byte and line edits, dictionary
tokens, splices of two seeds).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(ROOT / "fuzz"))

from harness import (  # noqa: E402
    check_github,
    check_markdown,
    check_one,
    seed_inputs,
)

SEEDS = seed_inputs()


# The example counts come from the hypothesis profile (tests/conftest.py:
# HYPOTHESIS_PROFILE=ci for the long runs); these settings only keep the
# meaning: no deadline, inputs may be large and slow to build.
def fuzz_settings():
    return settings(
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def test_the_seed_corpus_holds_the_samples_and_the_examples():
    assert len(SEEDS) >= 20
    names = {path.name for path in (ROOT / "samples").glob("*.rbk")}
    assert names and all((ROOT / "samples" / name).read_bytes() in SEEDS for name in names)


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_seed(index):
    check_one(SEEDS[index])


# Inputs the fuzzer found, kept so that they stay fixed.
REGRESSIONS = [
    # concise printed an ESC sequence and U+2028 from a string raw to the terminal.
    b'note0"\x1b[31m\xe2\x80\xa8"\n',
    # an "expected ... before the end of the line" span covers the line break.
    b"cluster A version 8.16.1\ncluster B version 8.16.1\nA follows B\nB follows A\n\nup\n"
    b"rade A to 8.17.0\nupgrade B to 8.17.0\n",
    # a U+2028 inside a GitHub annotation (the runner breaks lines at CR and LF only).
    b"note" + b"n" * 54 + b' "\x1b[31m\xe2\x80\xa8"\n',
]


@pytest.mark.parametrize("data", REGRESSIONS)
def test_regression(data):
    check_one(data)


# ---------------------------------------------------------------------------
# Grammar-aware generation
# ---------------------------------------------------------------------------

HOSTILE = [
    "\x1b[31m",
    "\x1b]8;;http://x\x07",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\t",
    "\u202e",
    "\x7f",
    "<script>alert(1)</script>",
    '"]; click c0 call alert(1)',
    "`",
    "```",
    "%",
    "%0A::error ::x",
    "::",
    "|",
    "\\",
    "\\\\",
    "$x$",
    "[a](javascript:alert(1))",
    "& &amp; #quot;",
    "end",
    "%% comment",
    "é😀",
]
# The text of a string token: anything but a raw quote, backslash or line break
# (escaped ones are added by `quoted`).
STRING_TEXT = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(
            st.characters(blacklist_characters='"\\\r\n', blacklist_categories=["Cs"]), max_size=8
        ),
        st.sampled_from(['"', "\\"]),
    ),
    max_size=4,
).map("".join)


def quoted(text: str) -> str:
    return (
        '"'
        + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "")
        + '"'
    )


NAMES = st.sampled_from(["a", "b", "c", "us-east", "eu_west.2", "n1", "n2"])
VERSIONS = st.sampled_from(
    [
        "6.8.0",
        "7.10.2",
        "7.17.0",
        "8.14.3",
        "8.15.1",
        "8.18.2",
        "8.19.0",
        "9.0.3",
        "9.1.0",
        "9.0.0-rc1",
        "10.0.0",
    ]
)
QUALIFIER = st.one_of(
    st.just(""),
    STRING_TEXT.map(lambda s: " index " + quoted(s)),
    STRING_TEXT.map(lambda s: " auto-follow " + quoted(s)),
)
RELATION = st.builds(lambda f, leader, q: f"{f} follows {leader}{q}", NAMES, NAMES, QUALIFIER)
COMMENT = st.one_of(
    st.just(""),
    st.just("  # noqa"),
    st.sampled_from(
        ["RL201", "RL202", "RL203, RL306", "RL999", "leader-upgraded-before-follower"]
    ).map(lambda codes: f"  #noqa: {codes} because"),
    STRING_TEXT.map(lambda s: "  # " + s),
)
ACTION = st.one_of(
    st.builds(lambda c, v: f"upgrade {c} to {v}", NAMES, VERSIONS),
    st.builds(lambda c, n, v: f"upgrade {c} node {n} to {v}", NAMES, NAMES, VERSIONS),
    RELATION.map(lambda r: f"pause {r}"),
    RELATION.map(lambda r: f"resume {r}"),
    st.sampled_from(["pause all", "resume all"]),
    STRING_TEXT.map(lambda s: "note " + quoted(s)),
)
DECLARATION = st.one_of(
    st.builds(lambda c, v: f"cluster {c} version {v}", NAMES, VERSIONS),
    st.builds(lambda c, v: f"cluster {c} version {v} nodes n1, n2", NAMES, VERSIONS),
    VERSIONS.map(lambda v: f"target {v}"),
    RELATION,
)
TITLE = st.one_of(st.just(""), STRING_TEXT.map(lambda s: " " + quoted(s)))


def block(keyword: str, title: str, body: list[str]) -> list[str]:
    return [f"{keyword}{title} {{", *("    " + line for line in body), "}"]


PARALLEL = st.builds(
    lambda t, body: block("parallel", t, body), TITLE, st.lists(ACTION, max_size=4)
)
STEP = st.builds(
    lambda t, items: block("step", t, [line for item in items for line in item]),
    TITLE,
    st.lists(st.one_of(ACTION.map(lambda a: [a]), PARALLEL), max_size=4),
)


@st.composite
def runbooks(draw) -> bytes:
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("runbook " + quoted(draw(STRING_TEXT)))
    lines += draw(st.lists(DECLARATION, min_size=1, max_size=8))
    for item in draw(st.lists(st.one_of(ACTION.map(lambda a: [a]), STEP, PARALLEL), max_size=6)):
        lines += item
    lines = [line + draw(COMMENT) if not line.endswith("{") else line for line in lines]
    if draw(st.integers(0, 3)) == 0 and lines:
        # Break it: drop a token, or put a hostile fragment in the middle of a line.
        at = draw(st.integers(0, len(lines) - 1))
        words = lines[at].split(" ")
        cut = draw(st.integers(0, len(words) - 1))
        if draw(st.booleans()):
            del words[cut]
        else:
            words.insert(cut, draw(st.sampled_from(HOSTILE)))
        lines[at] = " ".join(words)
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + (ending if draw(st.booleans()) else "")
    bom = b"\xef\xbb\xbf" if draw(st.integers(0, 7)) == 0 else b""
    return bom + text.encode("utf-8")


@fuzz_settings()
@given(runbooks())
def test_generated_runbooks(data):
    check_one(data)


# ---------------------------------------------------------------------------
# Mutation of the seed corpus
# ---------------------------------------------------------------------------

TOKENS = [
    b"runbook",
    b"target",
    b"cluster",
    b"version",
    b"nodes",
    b"follows",
    b"index",
    b"auto-follow",
    b"upgrade",
    b"node",
    b"to",
    b"pause",
    b"resume",
    b"all",
    b"note",
    b"step",
    b"parallel",
    b"{",
    b"}",
    b",",
    b"\n",
    b"\r\n",
    b"\r",
    b'"',
    b'\\"',
    b"#",
    b"# noqa",
    b"#noqa: RL201",
    b"8.15.1",
    b"9.0.3",
    b"8.15",
    b"1.2.3.4",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xe2\x80\xa8",
    b"\x1b[31m",
    b"<script>",
    b"|",
    b"`",
    b"%0A::error",
    b" ",
    b"\t",
]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        size = len(data)
        at = draw(st.integers(0, size))
        operation = draw(st.sampled_from(["flip", "insert", "delete", "copy", "splice", "lines"]))
        if operation == "flip" and size:
            data[min(at, size - 1)] = draw(st.integers(0, 255))
        elif operation == "insert":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif operation == "copy" and size:
            start = draw(st.integers(0, size - 1))
            data[at:at] = data[start : start + draw(st.integers(1, 80))]
        elif operation == "splice":
            other = draw(st.sampled_from(SEEDS))
            start = draw(st.integers(0, len(other)))
            data[at:] = other[start:]
        elif operation == "lines":
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@fuzz_settings()
@given(mutated())
def test_mutated_seeds(data):
    check_one(data)


@fuzz_settings()
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    check_one(data)


# ---------------------------------------------------------------------------
# The harness catches what it claims to catch
# ---------------------------------------------------------------------------


def test_check_github_rejects_a_forged_command():
    from runbook_lint.lint.linter import lint_bytes
    from runbook_lint.report import ReportOptions, render

    result = lint_bytes("runbooks/fuzz.rbk", b"upgrade a to 8.15.1\n")
    good = render("github", [result], ReportOptions())
    assert good.startswith("::error file=runbooks/fuzz.rbk,line=1,col=9,endLine=1,endColumn=10,")
    check_github(good, result.diagnostics)
    with pytest.raises(AssertionError):
        check_github(good + "::error ::forged\n", result.diagnostics)
    with pytest.raises(AssertionError):
        check_github(good.replace("::cluster", "::x\r::error ::cluster"), result.diagnostics)


def test_check_markdown_rejects_a_broken_table_and_mermaid_block():
    check_markdown("| a | b |\n| --- | --- |\n| x \\| y | z |\n")
    with pytest.raises(AssertionError):
        check_markdown("| a | b |\n| --- | --- |\n| x | y | z |\n")
    with pytest.raises(AssertionError):
        check_markdown('```mermaid\nflowchart LR\n    c0["a"]; click c0 call alert(1)\n```\n')
    with pytest.raises(AssertionError):
        check_markdown("Runbook: <script>\n")


def test_the_long_run_replays_a_corpus(tmp_path):
    """`fuzz_pipeline.py --replay` (the coverage run) works without atheris."""
    for i, data in enumerate(SEEDS[:5]):
        (tmp_path / f"seed{i}").write_bytes(data)
    completed = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_pipeline.py"), "--replay", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "replayed 5 inputs, 0 failed"


def test_the_dictionary_is_valid_for_libfuzzer():
    """Every entry is `name="value"` with only the escapes libFuzzer knows (\\\\, \\", \\xAB)."""
    import re

    entry = re.compile(r'[A-Za-z0-9_]+="(?:[^"\\]|\\\\|\\"|\\x[0-9A-Fa-f]{2})+"')
    lines = (ROOT / "fuzz" / "runbook.dict").read_text(encoding="utf-8").splitlines()
    entries = [line for line in lines if line and not line.startswith("#")]
    assert entries and all(entry.fullmatch(line) for line in entries), [
        line for line in entries if not entry.fullmatch(line)
    ]
    keywords = {line.split("=", 1)[1].strip('"') for line in entries if line.startswith("kw_")}
    assert keywords == set(
        "runbook target cluster version nodes follows index auto-follow upgrade node to pause "
        "resume all note step parallel".split()
    )
