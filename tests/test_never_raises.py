"""Property tests: linting never raises, and a file that does not parse gets
only RL001 (or RL002 for bytes that are not UTF-8), each pointing inside the file.

Spec: rules.md (RL001 points at the unexpected token or character, at end of
file the end of the last line; RL002 at line 1, column 1).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runbook_lint.lint.linter import lint_bytes

# Example counts: the hypothesis profile (tests/conftest.py).
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYWORDS = [
    "runbook",
    "target",
    "cluster",
    "version",
    "nodes",
    "follows",
    "index",
    "auto-follow",
    "upgrade",
    "node",
    "to",
    "pause",
    "resume",
    "all",
    "note",
    "step",
    "parallel",
]
TOKENS = KEYWORDS + [
    "{",
    "}",
    ",",
    "\n",
    "\n",
    "\n",
    "\r\n",
    " ",
    "  ",
    "\t",
    "a",
    "b",
    "us-east",
    "es_1.x",
    "_n",
    "A-1",
    "upgrades",
    "8.15.1",
    "9.0.0-rc1",
    "7.17.0",
    "8.15",
    "1.2.3.4",
    "8.x.1",
    "9.0.0-",
    '"s"',
    '""',
    '"e\\"q"',
    '"b\\\\"',
    '"',
    '"bad\\x"',
    '"日本"',
    "#",
    "# c",
    "# noqa",
    "#noqa: RL201",
    "# {",
    "é",
    "😀",
    "\x00",
    "\ufeff",
    "\r",
    "\x0c",
    "\u2028",
    "\x85",
    "@",
    ";",
    "-",
    ".",
    "0",
]


def lines_of(text: str) -> list[str]:
    """The file's lines as the spec counts them: split on LF, a final LF ends the last line."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def check_result(data: bytes) -> None:
    result = lint_bytes("t.rbk", data)  # must not raise
    assert isinstance(result.diagnostics, list)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        # Not UTF-8 text: exactly one RL002, at line 1, column 1.
        assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [
            ("RL002", 1, 1)
        ]
        assert result.runbook is None
        return
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = lines_of(text)
    if result.runbook is None:
        # The file does not parse: RL001 only, at least one.
        assert result.diagnostics, repr(text)
        assert {d.code for d in result.diagnostics} == {"RL001"}, result.diagnostics
    else:
        assert all(d.code not in ("RL001", "RL002") for d in result.diagnostics)
    for d in result.diagnostics:
        span = d.span
        assert 1 <= span.line <= len(lines), (repr(text), d)
        assert span.column >= 1, (repr(text), d)
        assert span.column <= len(lines[span.line - 1]) + 1 or span.end_line > span.line, (
            repr(text),
            d,
        )
        assert (span.end_line, span.end_column) >= (span.line, span.column), (repr(text), d)
        assert span.end_line <= len(lines), (repr(text), d)
        assert d.message and "\n" not in d.message
    # Linting is deterministic (the parser's shared state is reset between files).
    again = lint_bytes("t.rbk", data)
    assert [(d.code, d.span, d.message) for d in again.diagnostics] == [
        (d.code, d.span, d.message) for d in result.diagnostics
    ]


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text(text):
    check_result(text.encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data):
    check_result(data)


@SETTINGS
@given(
    st.lists(st.sampled_from(TOKENS), max_size=60),
    st.lists(st.sampled_from(["", " "]), max_size=60),
)
def test_token_soup(tokens, separators):
    text = "".join(
        token + (separators[i] if i < len(separators) else " ") for i, token in enumerate(tokens)
    )
    check_result(text.encode("utf-8"))


# Lines that are valid on their own, to build files that get deep into the
# grammar (and through the checker), then break them.
NAMES = st.sampled_from(["a", "b", "c", "us-east", "n1", "n2"])
VERSIONS = st.sampled_from(
    ["7.17.0", "8.15.1", "8.18.2", "8.19.0", "9.0.3", "9.1.0", "9.0.0-rc1", "8.14.3"]
)
QUALIFIER = st.sampled_from(["", ' index "orders"', ' auto-follow "logs"'])
RELATION = st.builds(
    lambda follower, leader, q: f"{follower} follows {leader}{q}", NAMES, NAMES, QUALIFIER
)
ACTION = st.one_of(
    st.builds(lambda c, v: f"upgrade {c} to {v}", NAMES, VERSIONS),
    st.builds(lambda c, n, v: f"upgrade {c} node {n} to {v}", NAMES, NAMES, VERSIONS),
    st.builds(lambda r: f"pause {r}", RELATION),
    st.builds(lambda r: f"resume {r}", RELATION),
    st.just("pause all"),
    st.just("resume all"),
    st.just('note "check health"'),
)
DECLARATION = st.one_of(
    st.builds(lambda c, v: f"cluster {c} version {v}", NAMES, VERSIONS),
    st.builds(lambda c, v: f"cluster {c} version {v} nodes n1, n2", NAMES, VERSIONS),
    st.builds(lambda v: f"target {v}", VERSIONS),
    RELATION,
)
FILLER = st.sampled_from(["", "# comment", "   ", "\t# {"])


def block(keyword: str, body: list[str], title: str) -> list[str]:
    return [f"{keyword}{title} {{", *("    " + line for line in body), "}"]


PARALLEL = st.builds(
    lambda body, title: block("parallel", body, title),
    st.lists(ACTION, max_size=4),
    st.sampled_from(["", ' "p"']),
)
STEP_ITEM = st.one_of(ACTION.map(lambda a: [a]), PARALLEL, FILLER.map(lambda f: [f]))
STEP = st.builds(
    lambda items, title: block("step", [line for item in items for line in item], title),
    st.lists(STEP_ITEM, max_size=4),
    st.sampled_from(["", ' "s"']),
)
ITEM = st.one_of(
    DECLARATION.map(lambda d: [d]),
    ACTION.map(lambda a: [a]),
    STEP,
    PARALLEL,
    FILLER.map(lambda f: [f]),
)
VALID_LINES = st.lists(ITEM, max_size=12).map(
    lambda items: [line for item in items for line in item]
)


@st.composite
def valid_file(draw) -> list[str]:
    lines = draw(VALID_LINES)
    if draw(st.booleans()):
        lines.insert(0, 'runbook "r"')
    return lines


@SETTINGS
@given(valid_file(), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_valid_files_parse(lines, ending, final_newline):
    text = ending.join(lines) + (ending if final_newline else "")
    result = lint_bytes("t.rbk", text.encode("utf-8"))
    assert all(d.code != "RL001" for d in result.diagnostics), (text, result.diagnostics)
    assert result.runbook is not None
    check_result(text.encode("utf-8"))


BAD_LINES = [
    ("upgrade a 8.15.1", 11),
    ("upgrade a to 8.15", 14),
    ("upgrade a node n1 to 1.2.3.4", 22),
    ("note x", 6),
    ("upgrade a to", 13),
    ("@", 1),
    ('note "unterminated', 6),
    ("upgrade a to 8.15.1 extra", 21),
    ("pause", 6),
    ("upgrade step to 8.15.1", 9),
]


@SETTINGS
@given(valid_file(), st.data())
def test_one_bad_line_gives_one_rl001_on_that_line(lines, data):
    """Recovery: a bad line in a good file is reported, alone, where it stands."""
    first = 1 if lines and lines[0].startswith("runbook") else 0
    at = data.draw(st.integers(min_value=first, max_value=len(lines)))
    bad, column = data.draw(st.sampled_from(BAD_LINES))
    indent = data.draw(st.sampled_from(["", "  ", "\t"]))
    lines = [*lines[:at], indent + bad, *lines[at:]]
    text = "\n".join(lines) + "\n"
    result = lint_bytes("t.rbk", text.encode("utf-8"))
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("RL001", at + 1, column + len(indent))
    ], text


@SETTINGS
@given(valid_file(), st.data())
def test_mutated_valid_files(lines, data):
    """Delete, duplicate or swap tokens of a valid file: still only RL001, inside the file."""
    text = "\n".join(lines) + "\n"
    words = text.replace("\n", " \n ").split(" ")
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        if not words:
            break
        i = data.draw(st.integers(min_value=0, max_value=len(words) - 1))
        operation = data.draw(st.sampled_from(["delete", "duplicate", "replace", "insert"]))
        if operation == "delete":
            del words[i]
        elif operation == "duplicate":
            words.insert(i, words[i])
        else:
            token = data.draw(st.sampled_from(TOKENS))
            if operation == "replace":
                words[i] = token
            else:
                words.insert(i, token)
    check_result(" ".join(words).encode("utf-8"))
