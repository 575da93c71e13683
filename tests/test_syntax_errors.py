"""RL001 and RL002: where they point and what they say.

RL001 points at the unexpected token or character (at end of file: the end of
the last line), names what was found and what was expected in a runbook
author's words, and parsing recovers at the next line so that one run reports
every bad line.  RL002 points at line 1, column 1.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import EXAMPLES, lint_text, run_cli

from runbook_lint.lint.linter import lint_bytes


def errors(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of each diagnostic, all of which must be RL001."""
    result = lint_text(text)
    assert result.runbook is None
    assert [d.code for d in result.diagnostics] == ["RL001"] * len(result.diagnostics)
    return [(d.span.line, d.span.column, d.message) for d in result.diagnostics]


def error(text: str) -> tuple[int, int, str]:
    found = errors(text)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------
# One run reports every bad line


def test_several_bad_lines_are_all_reported_in_one_run():
    text = (
        "cluster A version 8.16.1\n"  # 1 fine
        "cluster B version 8.15\n"  # 2 two-part version
        "A follows\n"  # 3 leader missing
        "upgrade A 8.17.0\n"  # 4 'to' missing
        "upgrade B to 8.17.0 now\n"  # 5 trailing word
        'note "fine"\n'  # 6 fine
        "}\n"  # 7 stray brace
    )
    assert errors(text) == [
        (2, 19, "'8.15': a version needs three parts, e.g. 8.15.0"),
        (3, 10, "expected a name before the end of the line"),
        (4, 11, "expected 'to' before the version"),
        (5, 21, "expected the end of the line, found name 'now': one statement per line"),
        (7, 1, "'}' closes no block: no 'step' or 'parallel' block is open here"),
    ]


def test_bad_lines_inside_a_block_do_not_cascade():
    text = (
        'step "s" {\n'  # 1
        "  upgrade A 1.1.1\n"  # 2
        "  upgrade A to\n"  # 3
        '  note "ok"\n'  # 4
        "}\n"  # 5: closes the step: no 'closes no block', no 'never closed'
        "also bad\n"  # 6
    )
    assert errors(text) == [
        (2, 13, "expected 'to' before the version"),
        (3, 15, "expected a version such as 8.15.0 before the end of the line"),
        (6, 6, "expected 'follows', found name 'bad'"),
    ]


def test_a_bad_block_line_still_opens_its_block():
    # The bad opening line is reported once; its '}' closes it quietly.
    assert errors('step x {\n  note "a"\n}\nnote "b"\n') == [
        (1, 6, "expected a quoted string or '{', found name 'x'")
    ]
    assert errors('step "x {\n  note "a"\n}\n') == [(1, 6, "this string is not closed on its line")]
    assert errors('step "x" { extra\n  note "a"\n}\n') == [
        (1, 12, "expected the end of the line, found name 'extra': one statement per line")
    ]


def test_a_nested_block_that_cannot_stand_there_is_reported_once():
    text = 'step {\n  step {\n  }\n  note "x"\n}\n'
    assert errors(text) == [
        (
            2,
            3,
            "'step' cannot stand here: a 'step' holds actions and 'parallel' blocks, a 'parallel' holds actions only",
        )
    ]
    text = 'parallel {\n  parallel "p" {\n    note "x"\n  }\n}\n'
    assert errors(text) == [
        (
            2,
            3,
            "'parallel' cannot stand here: a 'step' holds actions and 'parallel' blocks, a 'parallel' holds actions only",
        )
    ]


def test_a_bad_block_line_without_a_brace_opens_no_block():
    # Nothing was opened, so nothing is 'never closed'.
    assert errors("step\n") == [
        (1, 5, "expected a quoted string or '{' before the end of the line")
    ]
    assert errors('cluster A version 1.1.1\nparallel "p"\nupgrade A to 1.1.2\n') == [
        (2, 13, "expected '{' before the end of the line")
    ]
    # Inside a step: the step's own '}' still closes the step.
    assert errors('step {\n  step\n  note "a"\n}\n') == [
        (
            2,
            3,
            "'step' cannot stand here: a 'step' holds actions and 'parallel' blocks, a 'parallel' holds actions only",
        )
    ]
    # A forgotten '{': the '}' that was meant to close it is not a second error.
    assert errors('step "x"\n  note "a"\n}\n') == [
        (1, 9, "expected '{' before the end of the line")
    ]


def test_a_block_opened_and_closed_on_one_line_is_one_error():
    assert errors("step { }\n") == [
        (1, 8, "expected the end of the line, found '}': one statement per line")
    ]
    assert errors('step {\n  parallel { }\n  note "a"\n}\n') == [
        (2, 14, "expected the end of the line, found '}': one statement per line")
    ]


# --------------------------------------------------------------------------
# Versions


@pytest.mark.parametrize(
    "text, column, shown",
    [
        ("cluster A version 8.15\n", 19, "8.15"),
        ("target 8.15\n", 8, "8.15"),
        ("upgrade A to 9.1\n", 14, "9.1"),
        ("upgrade A node n to 9\n", 21, "9"),
        ("cluster A version 8.15 nodes a, b\n", 19, "8.15"),
    ],
)
def test_a_two_part_version_asks_for_three_parts(text, column, shown):
    line, col, message = error(text)
    assert (line, col) == (1, column)
    assert message == f"'{shown}': a version needs three parts, e.g. 8.15.0"
    assert "three parts" in message and "8.15.0" in message


def test_a_four_part_version():
    assert error("target 8.15.0.1\n") == (
        1,
        8,
        "'8.15.0.1': a version has exactly three parts, e.g. 8.15.0",
    )


def test_a_malformed_version():
    assert error("upgrade A to 8.15.x\n") == (
        1,
        14,
        "'8.15.x' is not a valid version (e.g. 8.15.0 or 9.0.0-rc1)",
    )
    assert error("target 8.15.1-\n") == (
        1,
        8,
        "'8.15.1-' is not a valid version (e.g. 8.15.0 or 9.0.0-rc1)",
    )


# --------------------------------------------------------------------------
# The spec's example, and 'to'


def test_spec_example_syntax_error():
    text = (EXAMPLES / "syntax_error.rbk").read_text(encoding="utf-8")
    assert text == "cluster A version 8.16.1\nupgrade A 8.17.0\n"
    assert errors(text) == [(2, 11, "expected 'to' before the version")]


def test_expected_to_before_the_version_for_a_node_upgrade():
    assert error("upgrade A node n 8.17.0\n") == (1, 18, "expected 'to' before the version")
    assert error("upgrade A node n\n") == (1, 17, "expected 'to' before the end of the line")


# --------------------------------------------------------------------------
# Blocks


def test_an_unclosed_block_points_at_the_end_of_the_last_line():
    text = 'cluster A version 1.1.1\nstep "s" {\n    upgrade A to 1.2.0\n'
    assert errors(text) == [(3, 23, "block opened at line 2 is never closed")]
    result = lint_text(text)
    span = result.diagnostics[0].span
    assert (span.end_line, span.end_column) == (3, 23)


@pytest.mark.parametrize(
    "text, where",
    [
        ('step {\n  note "x"', (2, 11)),  # no final newline
        ('step {\n  note "x"\n\n', (3, 1)),  # a blank last line
        ('step {\n  note "x"\n# trailing\n', (3, 11)),  # a comment last
        ('step {\r\n  note "x"\r\n', (2, 11)),  # CRLF: the CR is not part of the line
        ("step {\n", (1, 7)),
        ("step {", (1, 7)),
        ("step {\r\n", (1, 7)),
    ],
)
def test_an_unclosed_block_at_various_file_ends(text, where):
    assert errors(text) == [(*where, "block opened at line 1 is never closed")]


def test_an_unclosed_block_names_the_innermost_open_block():
    assert errors('step {\n  parallel {\n    note "x"\n') == [
        (3, 13, "block opened at line 2 is never closed")
    ]
    assert errors('step {\n  parallel {\n  }\n  note "x"\n') == [
        (4, 11, "block opened at line 1 is never closed")
    ]


def test_a_stray_closing_brace():
    assert error("cluster A version 1.1.1\n}\n") == (
        2,
        1,
        "'}' closes no block: no 'step' or 'parallel' block is open here",
    )
    assert errors("step {\n}\n  }  # again\n") == [
        (3, 3, "'}' closes no block: no 'step' or 'parallel' block is open here")
    ]


def test_a_brace_after_a_statement():
    assert error("upgrade A to 1.2.3 {\n") == (
        1,
        20,
        "expected the end of the line, found '{': one statement per line",
    )


# --------------------------------------------------------------------------
# Keywords, declarations in blocks, the header


@pytest.mark.parametrize(
    "text, column, keyword",
    [
        ("cluster upgrade version 1.1.1\n", 9, "upgrade"),
        ("cluster A version 1.1.1 nodes x, step\n", 34, "step"),
        ("upgrade step to 1.1.1\n", 9, "step"),
        ("upgrade A node to to 1.1.1\n", 16, "to"),
        ("all follows B\n", 1, "all"),
        ("A follows index\n", 11, "index"),
        ("pause A follows version\n", 17, "version"),
        ("cluster nodes version 1.1.1\n", 9, "nodes"),
    ],
)
def test_a_keyword_where_a_name_belongs(text, column, keyword):
    assert error(text) == (1, column, f"'{keyword}' is a keyword and cannot be used as a name")


@pytest.mark.parametrize("block", ["step", 'step "s"', "parallel", 'parallel "p"'])
@pytest.mark.parametrize(
    "declaration, column",
    [
        ("cluster B version 1.1.1", 5),
        ("target 1.1.1", 5),
        ("B follows A", 5),
        ('B follows A index "i"', 5),
    ],
)
def test_a_declaration_inside_a_block(block, declaration, column):
    text = f"cluster A version 1.1.1\n{block} {{\n    {declaration}\n}}\n"
    assert errors(text) == [
        (
            3,
            column,
            "a declaration cannot stand inside a block: declare clusters, relations "
            "and the target before the first action",
        )
    ]


def test_a_declaration_inside_a_parallel_inside_a_step():
    text = "step {\n  parallel {\n    cluster B version 1.1.1\n  }\n}\n"
    assert errors(text) == [
        (
            3,
            5,
            "a declaration cannot stand inside a block: declare clusters, relations "
            "and the target before the first action",
        )
    ]


def test_a_header_that_is_not_first():
    message = "the 'runbook' header may appear only once, as the first statement"
    assert errors('cluster A version 1.1.1\nrunbook "x"\n') == [(2, 1, message)]
    assert errors('runbook "a"\nrunbook "b"\n') == [(2, 1, message)]
    assert errors('upgrade A to 1.1.1\n  runbook "late"\n') == [(2, 3, message)]
    assert errors('step {\n  runbook "x"\n}\n') == [(2, 3, message)]
    # Reported together with the file's other bad lines.
    assert errors('note "a"\nrunbook "x"\nupgrade A 1.1.1\n') == [
        (2, 1, message),
        (3, 11, "expected 'to' before the version"),
    ]


def test_a_header_after_comments_and_blank_lines_is_first():
    assert lint_text('# c\n\n  \nrunbook "x"\n').diagnostics == []


# --------------------------------------------------------------------------
# Strings and characters


@pytest.mark.parametrize(
    "text, column",
    [
        ('note "abc\n', 6),
        ('runbook "abc\n', 9),
        ('A follows B index "abc\n', 19),
        ('step "abc {\n}\n', 6),
        ('note "ends with an escaped quote\\"\n', 6),
        ('"\n', 1),
    ],
)
def test_an_unterminated_string(text, column):
    assert error(text) == (1, column, "this string is not closed on its line")


def test_an_unterminated_string_does_not_hide_the_next_line():
    assert errors('note "abc\nupgrade A 1.1.1\n') == [
        (1, 6, "this string is not closed on its line"),
        (2, 11, "expected 'to' before the version"),
    ]


def test_an_unknown_escape():
    assert error('note "a\\n b"\n') == (
        1,
        6,
        'unknown escape in this string: only \\" and \\\\ are allowed',
    )


def test_unexpected_characters():
    assert error("cluster A version 1.1.1 ; x\n") == (1, 25, "unexpected character ';'")
    assert error("cluster é version 1.1.1\n") == (1, 9, "unexpected character 'é'")
    assert error('note "x"\x0c\n') == (1, 9, "unexpected character U+000C")
    assert error('note "x"\rnote "y"\n') == (
        1,
        9,
        "a carriage return that does not end the line (line endings are LF or CRLF)",
    )


def test_columns_of_errors_count_characters():
    # 'extra' is the 13th character, though the 19th byte.
    assert error('note "日本語😀" extra\n') == (
        1,
        13,
        "expected the end of the line, found name 'extra': one statement per line",
    )
    assert error('note "ü"\tupgrade\n') == (
        1,
        10,
        "expected the end of the line, found keyword 'upgrade': one statement per line",
    )


# --------------------------------------------------------------------------
# Messages are in a runbook author's words


INTERNAL = re.compile(
    r"_NL|__ANON|\$END|\b(NAME|VERSION_KW|VERSION|STRING|LBRACE|RBRACE|COMMA|AUTO_FOLLOW|"
    r"RUNBOOK|TARGET|CLUSTER|NODES|FOLLOWS|INDEX|UPGRADE|NODE|TO|PAUSE|RESUME|ALL|NOTE|STEP|PARALLEL|"
    r"COMMENT|WS)\b|Token\(|Unexpected|Traceback|lark"
)

BAD_INPUTS = [
    "upgrade A 8.17.0",
    "upgrade A to",
    "upgrade A to 8.15",
    "upgrade A node",
    "upgrade A node n",
    "upgrade",
    "upgrade 1.2.3",
    "upgrade A node n to",
    "cluster",
    "cluster A",
    "cluster A version",
    "cluster A version 1.1.1 nodes",
    "cluster A version 1.1.1 nodes a,",
    "cluster A version 1.1.1 nodes a b",
    "cluster A, B version 1.1.1",
    "cluster A version 1.1.1 extra",
    "target",
    "target x",
    "target 8",
    "target 8.15.1 8.15.2",
    "runbook",
    "runbook x",
    'runbook "a" "b"',
    "A",
    "A follows",
    "A follows B index",
    "A follows B index orders",
    "A follows B auto-follow 1.2.3",
    'A follows B auto-follow "x" index "y"',
    "A B",
    "follows A",
    "pause",
    "pause A",
    "pause A follows",
    "pause all A",
    "resume",
    "resume all all",
    "note",
    "note x",
    'note "a" "b"',
    "step",
    "step x {",
    'step "a" "b" {',
    "step {{",
    "step { }",
    "parallel",
    'parallel "p"',
    "parallel { note",
    "{",
    "}",
    ",",
    "1.2.3",
    '"str"',
    "@",
    "$",
    "=",
    "cluster A version 1.1.1 ;",
    "upgrade A to v8.15.1",
    "upgrade A to 8.15.x",
    "upgrade A to 8.15.1-",
    "upgrade A to 8..1",
    'note "abc',
    'note "a\\x"',
    "\x0c",
    "\u2028",
    'note "x" \ufeff',
    "a\rb",
    "step {\n  cluster B version 1.1.1\n}",
    "step {\n  step {\n  }\n}",
    "parallel {\n  step {\n  }\n}",
    "parallel {\n  parallel {\n  }\n}",
    "step {\n  target 1.1.1\n}",
    'step {\n  runbook "x"\n}',
    "step {\n  A follows B\n}",
    "step {",
    "parallel {\n  note",
    "step {\n}\n}",
    'cluster A version 1.1.1\nrunbook "x"',
    "cluster step version 1.1.1",
    "upgrade all to 1.1.1",
    "to follows B",
    "note 1.2.3",
    "pause { }",
    'step\n  note "x"\n}',
    "}\n}\n}",
    "upgrade A to 1.1.1 # ok\nnote",
    "cluster A version 1.1.1 nodes all",
    "resume A follows B index",
    "resume A follows B auto-follow",
    "A follows B auto-follow",
    "index",
    "auto-follow",
    "nodes a",
    "version 1.2.3",
    "node n",
    "to 1.2.3",
    "all",
]


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_messages_never_name_grammar_internals(text):
    for ending in ("\n", "", "\r\n"):
        source = text.replace("\n", ending or "\n") + ending
        result = lint_bytes("t.rbk", source.encode("utf-8"))
        assert result.diagnostics, repr(source)
        for diagnostic in result.diagnostics:
            assert diagnostic.code == "RL001", (source, diagnostic)
            assert not INTERNAL.search(diagnostic.message), (source, diagnostic.message)
            assert diagnostic.message and diagnostic.message[0] != " "


def test_the_found_and_expected_words():
    # What was found and what was expected, named as an author knows them.
    assert error("note x\n") == (1, 6, "expected a quoted string, found name 'x'")
    assert error("A follows B auto-follow 1.2.3\n") == (
        1,
        25,
        "expected a quoted string, found version '1.2.3'",
    )
    assert error("upgrade A to v8.15.1\n") == (
        1,
        14,
        "expected a version such as 8.15.0, found name 'v8.15.1'",
    )
    assert error("cluster A, B version 1.1.1\n") == (1, 10, "expected 'version', found ','")
    assert error("cluster A\n") == (1, 10, "expected 'version' before the end of the line")
    assert error("resume\n") == (1, 7, "expected a name or 'all' before the end of the line")
    assert error('parallel "a" "b" {\n}\n') == (1, 14, "expected '{', found string \"b\"")


# --------------------------------------------------------------------------
# RL002


def unreadable(data: bytes):
    result = lint_bytes("u.rbk", data)
    assert result.runbook is None
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "RL002"
    assert diagnostic.rule == "unreadable-input"
    assert diagnostic.severity.value == "error"
    assert (diagnostic.span.line, diagnostic.span.column) == (1, 1)
    return diagnostic.message


def test_rl002_for_invalid_utf8():
    assert unreadable(b"cluster \xe9t\xe9 version 1.1.1\n") == (
        "not valid UTF-8 text: byte 0xe9 at offset 8 cannot be decoded (is it a binary file or another encoding?)"
    )
    assert "UTF-8" in unreadable('note "é"\n'.encode("utf-16"))
    assert "UTF-8" in unreadable(b'\xef\xbb\xbfnote "x"\n\xff\n')  # a BOM does not save the rest
    assert "UTF-8" in unreadable(b'note "\xc3"\n')  # a truncated sequence


def test_rl002_for_a_binary_file_with_nul_bytes():
    assert unreadable(b"\x00\x01\x02\x03binary") == "not a text file: NUL byte at offset 0"
    assert unreadable(b"cluster A version 1.1.1\n\x00") == "not a text file: NUL byte at offset 24"
    # The offset is in bytes, like the one for invalid UTF-8.
    assert unreadable("é\x00".encode()) == "not a text file: NUL byte at offset 2"


def test_rl002_and_rl001_files_do_not_stop_the_others(tmp_path):
    (tmp_path / "a_latin1.rbk").write_bytes("cluster \u00e9 version 1.1.1\n".encode("latin-1"))
    (tmp_path / "b_binary.rbk").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00")
    (tmp_path / "c_syntax.rbk").write_bytes(b"cluster A version 8.16.1\nupgrade A 8.17.0\n")
    (tmp_path / "d_checked.rbk").write_bytes(
        b"cluster A version 8.16.1\nupgrade A to 8.16.1\nupgrade B to 8.17.0\n"
    )
    (tmp_path / "e_clean.rbk").write_bytes(b"cluster A version 8.16.1\nupgrade A to 8.17.0\n")
    completed = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert completed.returncode == 1
    assert completed.stderr == b""
    found = [(d["path"], d["line"], d["column"], d["code"]) for d in json.loads(completed.stdout)]
    assert found == [
        ("a_latin1.rbk", 1, 1, "RL002"),
        ("b_binary.rbk", 1, 1, "RL002"),
        ("c_syntax.rbk", 2, 11, "RL001"),
        ("d_checked.rbk", 2, 1, "RL302"),  # the checker still ran on this one
        ("d_checked.rbk", 3, 9, "RL101"),
    ]
    concise = run_cli("check", "--format", "concise", ".", cwd=tmp_path).stdout.decode()
    assert concise.startswith(
        "a_latin1.rbk:1:1: error[RL002] not valid UTF-8 text: byte 0xe9 at offset 8 cannot be decoded "
        "(is it a binary file or another encoding?)\n"
        "b_binary.rbk:1:1: error[RL002] not a text file: NUL byte at offset 7\n"
        "c_syntax.rbk:2:11: error[RL001] expected 'to' before the version\n"
    )
    assert concise.endswith("Found 4 errors and 1 warning in 5 files.\n")
