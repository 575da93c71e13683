"""The parser: every statement form gives the right AST, with exact spans.

Spans are 1-based, ``end_column`` is exclusive and columns count characters
(code points), not bytes (spec: cli.md, "json").
"""

from __future__ import annotations

import pytest

from runbook_lint.lint.linter import lint_bytes
from runbook_lint.syntax import ast
from runbook_lint.syntax.ast import Span
from runbook_lint.syntax.parser import parse


def parsed(text: str) -> ast.Runbook:
    result = parse(text)
    assert result.problems == (), result.problems
    assert result.runbook is not None
    assert result.runbook.comments == result.comments
    return result.runbook


def only(text: str):
    statements = parsed(text).statements
    assert len(statements) == 1, statements
    return statements[0]


def sp(line: int, column: int, end_column: int, end_line: int | None = None) -> Span:
    return Span(line, column, line if end_line is None else end_line, end_column)


def name(text: str, line: int, column: int) -> ast.Name:
    return ast.Name(text, sp(line, column, column + len(text)))


def node(text: str, line: int, column: int) -> ast.Node:
    """A node declared without attributes: its span is its name's."""
    bare = name(text, line, column)
    return ast.Node(bare, (), bare.span)


def version(text: str, line: int, column: int) -> ast.VersionText:
    return ast.VersionText(text, sp(line, column, column + len(text)))


# --------------------------------------------------------------------------
# Statement forms


def test_header():
    runbook = parsed('runbook "prod search 8.14 -> 8.15"\n')
    assert runbook.header == ast.Header("prod search 8.14 -> 8.15", sp(1, 1, 35))
    assert runbook.statements == ()


def test_header_after_comments_and_blank_lines_is_still_first():
    runbook = parsed('# a comment\n\n   \nrunbook "x"\ntarget 8.15.1\n')
    assert runbook.header == ast.Header("x", sp(4, 1, 12))
    assert runbook.statements == (ast.Target(version("8.15.1", 5, 8), sp(5, 1, 14)),)


def test_no_header():
    assert parsed("target 8.15.1\n").header is None


def test_empty_file_and_blank_files():
    for text in ("", "\n", "\n\n\n", "   \t \n", "# only a comment\n", "# no newline"):
        runbook = parsed(text)
        assert runbook.header is None
        assert runbook.statements == ()


def test_target():
    assert only("target 8.15.1\n") == ast.Target(version("8.15.1", 1, 8), sp(1, 1, 14))


def test_cluster_without_nodes():
    assert only("cluster us-east version 8.14.3\n") == ast.Cluster(
        name("us-east", 1, 9), version("8.14.3", 1, 25), (), sp(1, 1, 31)
    )


def test_cluster_with_nodes():
    text = "cluster eu-west version 8.14.3 nodes es-eu-1, es-eu-2, es-eu-3\n"
    assert only(text) == ast.Cluster(
        name("eu-west", 1, 9),
        version("8.14.3", 1, 25),
        (node("es-eu-1", 1, 38), node("es-eu-2", 1, 47), node("es-eu-3", 1, 56)),
        sp(1, 1, 63),
    )


def test_cluster_with_one_node_and_odd_spacing():
    assert only("cluster c version 1.2.3 nodes n1\n").nodes == (node("n1", 1, 31),)
    cluster = only("cluster c version 1.2.3 nodes a,b ,c\n")
    assert cluster.nodes == (node("a", 1, 31), node("b", 1, 33), node("c", 1, 36))
    assert cluster.span == sp(1, 1, 37)


def test_relation_plain():
    assert only("eu-west follows us-east\n") == ast.Relation(
        name("eu-west", 1, 1), name("us-east", 1, 17), None, sp(1, 1, 24)
    )


def test_relation_with_index_qualifier():
    assert only('dr follows eu-west index "orders"\n') == ast.Relation(
        name("dr", 1, 1),
        name("eu-west", 1, 12),
        ast.Qualifier("index", "orders", sp(1, 20, 34)),
        sp(1, 1, 34),
    )


def test_relation_with_auto_follow_qualifier():
    relation = only('dr follows eu-west auto-follow "logs"\n')
    assert relation == ast.Relation(
        name("dr", 1, 1),
        name("eu-west", 1, 12),
        ast.Qualifier("auto-follow", "logs", sp(1, 20, 38)),
        sp(1, 1, 38),
    )
    assert relation.describe() == 'dr follows eu-west auto-follow "logs"'


def test_upgrade_cluster():
    assert only("upgrade dr to 8.15.1\n") == ast.Upgrade(
        name("dr", 1, 9), None, version("8.15.1", 1, 15), sp(1, 1, 21)
    )


def test_upgrade_node():
    assert only("upgrade eu-west node es-eu-1 to 8.15.1\n") == ast.Upgrade(
        name("eu-west", 1, 9), name("es-eu-1", 1, 22), version("8.15.1", 1, 33), sp(1, 1, 39)
    )


def test_pause_and_resume_all():
    assert only("pause all\n") == ast.Pause(None, sp(1, 1, 10))
    assert only("resume all\n") == ast.Resume(None, sp(1, 1, 11))


def test_pause_and_resume_relation():
    relation = ast.Relation(name("b", 1, 7), name("a", 1, 17), None, sp(1, 7, 18))
    assert only("pause b follows a\n") == ast.Pause(relation, sp(1, 1, 18))
    relation = ast.Relation(name("b", 1, 8), name("a", 1, 18), None, sp(1, 8, 19))
    assert only("resume b follows a\n") == ast.Resume(relation, sp(1, 1, 19))


def test_pause_and_resume_qualified_relation():
    pause = only('pause b follows a index "orders"\n')
    assert pause == ast.Pause(
        ast.Relation(
            name("b", 1, 7),
            name("a", 1, 17),
            ast.Qualifier("index", "orders", sp(1, 19, 33)),
            sp(1, 7, 33),
        ),
        sp(1, 1, 33),
    )
    resume = only('resume b follows a auto-follow "logs"\n')
    assert resume == ast.Resume(
        ast.Relation(
            name("b", 1, 8),
            name("a", 1, 18),
            ast.Qualifier("auto-follow", "logs", sp(1, 20, 38)),
            sp(1, 8, 38),
        ),
        sp(1, 1, 38),
    )


def test_note():
    assert only('note "wait for green health"\n') == ast.Note("wait for green health", sp(1, 1, 29))


# --------------------------------------------------------------------------
# Blocks


def test_step_with_title_and_actions():
    text = 'step "Rolling upgrade" {\n    upgrade eu-west node es-1 to 8.15.1\n    note "wait"\n}\n'
    assert only(text) == ast.Step(
        "Rolling upgrade",
        (
            ast.Upgrade(
                name("eu-west", 2, 13), name("es-1", 2, 26), version("8.15.1", 2, 34), sp(2, 5, 40)
            ),
            ast.Note("wait", sp(3, 5, 16)),
        ),
        sp(1, 1, 2, end_line=4),
    )


def test_empty_blocks_with_and_without_titles():
    assert only("step {\n}\n") == ast.Step(None, (), sp(1, 1, 2, end_line=2))
    assert only('step "t" {\n}\n') == ast.Step("t", (), sp(1, 1, 2, end_line=2))
    assert only("parallel {\n}\n") == ast.Parallel(None, (), sp(1, 1, 2, end_line=2))
    assert only('parallel "p" {\n\n  # nothing\n\n}\n') == ast.Parallel(
        "p", (), sp(1, 1, 2, end_line=5)
    )


def test_parallel_with_actions():
    text = 'parallel "both sites" {\n  upgrade a to 9.0.3\n  upgrade b to 9.0.3\n  pause all\n  resume all\n}\n'
    assert only(text) == ast.Parallel(
        "both sites",
        (
            ast.Upgrade(name("a", 2, 11), None, version("9.0.3", 2, 16), sp(2, 3, 21)),
            ast.Upgrade(name("b", 3, 11), None, version("9.0.3", 3, 16), sp(3, 3, 21)),
            ast.Pause(None, sp(4, 3, 12)),
            ast.Resume(None, sp(5, 3, 13)),
        ),
        sp(1, 1, 2, end_line=6),
    )


def test_parallel_inside_step():
    text = (
        'step "s" {\n'
        "    pause all\n"
        "    parallel {\n"
        "        upgrade a to 9.0.3\n"
        "    }\n"
        "    parallel {\n"
        "    }\n"
        "    resume all\n"
        "}\n"
    )
    assert only(text) == ast.Step(
        "s",
        (
            ast.Pause(None, sp(2, 5, 14)),
            ast.Parallel(
                None,
                (ast.Upgrade(name("a", 4, 17), None, version("9.0.3", 4, 22), sp(4, 9, 27)),),
                sp(3, 5, 6, end_line=5),
            ),
            ast.Parallel(None, (), sp(6, 5, 6, end_line=7)),
            ast.Resume(None, sp(8, 5, 15)),
        ),
        sp(1, 1, 2, end_line=9),
    )


def test_statements_in_file_order_with_declarations_after_actions():
    text = 'upgrade a to 1.1.1\ncluster a version 1.1.0\nstep {\n}\nb follows a\nnote "n"\n'
    kinds = [type(s).__name__ for s in parsed(text).statements]
    assert kinds == ["Upgrade", "Cluster", "Step", "Relation", "Note"]


def test_complete_spec_example():
    text = (
        "# Quarterly upgrade of the search tier\n"
        'runbook "prod search 8.14 -> 8.15"\n'
        "target 8.15.1\n"
        "\n"
        "cluster us-east version 8.14.3\n"
        "cluster eu-west version 8.14.3 nodes es-eu-1, es-eu-2, es-eu-3\n"
        "cluster dr      version 8.14.3\n"
        "\n"
        "eu-west follows us-east                      # uni-directional: us-east leads\n"
        'dr follows eu-west index "orders"            # chain: us-east <- eu-west <- dr\n'
        'dr follows eu-west auto-follow "logs"\n'
        "\n"
        'step "Upgrade the end of the chain first" {\n'
        "    upgrade dr to 8.15.1\n"
        "}\n"
        "\n"
        'step "Rolling upgrade of eu-west" {\n'
        "    upgrade eu-west node es-eu-1 to 8.15.1\n"
        "    upgrade eu-west node es-eu-2 to 8.15.1\n"
        "    upgrade eu-west node es-eu-3 to 8.15.1\n"
        '    note "wait for green health between nodes"\n'
        "}\n"
        "\n"
        "upgrade us-east to 8.15.1                    # the leader goes last\n"
    )
    runbook = parsed(text)
    assert runbook.header.title == "prod search 8.14 -> 8.15"
    kinds = [type(s).__name__ for s in runbook.statements]
    assert kinds == [
        "Target",
        "Cluster",
        "Cluster",
        "Cluster",
        "Relation",
        "Relation",
        "Relation",
        "Step",
        "Step",
        "Upgrade",
    ]
    assert runbook.statements[3] == ast.Cluster(
        name("dr", 7, 9), version("8.14.3", 7, 25), (), sp(7, 1, 31)
    )
    assert [c.span for c in runbook.comments] == [
        sp(1, 1, 39),
        sp(9, 46, 78),
        sp(10, 46, 79),
        sp(24, 46, 68),
    ]
    assert [len(s.body) for s in runbook.statements[7:9]] == [1, 4]


# --------------------------------------------------------------------------
# Lexical details


@pytest.mark.parametrize(
    "literal, value",
    [
        (r'"plain"', "plain"),
        (r'""', ""),
        (r'"say \"hi\""', 'say "hi"'),
        (r'"back\\slash"', "back\\slash"),
        (r'"ends with \\"', "ends with \\"),
        (r'"\\\""', '\\"'),
        (r'"a # not a comment"', "a # not a comment"),
        (r'"{ braces } and , commas"', "{ braces } and , commas"),
        (r'"ünïcödé 日本 😀"', "ünïcödé 日本 😀"),
    ],
)
def test_strings_and_escapes(literal, value):
    result = parse(f"note {literal}\n")
    assert result.problems == ()
    assert result.comments == ()
    assert result.runbook.statements == (ast.Note(value, sp(1, 1, 6 + len(literal))),)


def test_escapes_in_header_titles_and_qualifiers():
    runbook = parsed('runbook "a \\"b\\" \\\\ c"\nx follows y index "i\\"x"\nstep "s\\\\" {\n}\n')
    assert runbook.header.title == 'a "b" \\ c'
    assert runbook.statements[0].qualifier.label == 'i"x'
    assert runbook.statements[1].title == "s\\"


@pytest.mark.parametrize(
    "text",
    ["8.15.1", "0.0.0", "10.200.3000", "9.0.0-rc1", "9.0.0-rc.1", "8.0.0-alpha2.B.3", "1.2.3-0"],
)
def test_versions_with_and_without_pre_release(text):
    assert only(f"target {text}\n") == ast.Target(version(text, 1, 8), sp(1, 1, 8 + len(text)))
    upgrade = only(f"upgrade a to {text}\n")
    assert upgrade.version == version(text, 1, 14)


@pytest.mark.parametrize(
    "text", ["a", "_", "A_b", "a.b", "a-b", "x9", "_a.b-c_9", "us-east-1.prod", "a..b--c__"]
)
def test_names_with_dots_dashes_and_underscores(text):
    cluster = only(f"cluster {text} version 1.2.3 nodes {text}\n")
    assert cluster.name == name(text, 1, 9)
    assert cluster.nodes == (node(text, 1, 9 + len(text) + 21),)
    relation = only(f"{text} follows {text}\n")
    assert relation.follower == name(text, 1, 1)
    assert relation.leader == name(text, 1, len(text) + 10)


@pytest.mark.parametrize(
    "text",
    [
        "upgrades",
        "steps",
        "nodes1",
        "to_b",
        "all-east",
        "index.1",
        "auto-follower",
        "Cluster",
        "STEP",
        "runbook_x",
        "note-1",
    ],
)
def test_names_that_start_with_a_keyword_are_names(text):
    assert only(f"cluster {text} version 1.2.3\n").name == name(text, 1, 9)
    assert only(f"upgrade {text} node {text} to 1.2.4\n").node == name(text, 1, 15 + len(text))


def test_tabs_separate_tokens_and_count_as_one_column():
    text = "\tcluster\ta\tversion\t1.2.3\tnodes\tn1,\tn2\n\t\tupgrade a\tto 1.2.4\t# tab\n"
    runbook = parsed(text)
    assert runbook.statements[0] == ast.Cluster(
        name("a", 1, 10),
        version("1.2.3", 1, 20),
        (node("n1", 1, 32), node("n2", 1, 36)),
        sp(1, 2, 38),
    )
    assert runbook.statements[1] == ast.Upgrade(
        name("a", 2, 11), None, version("1.2.4", 2, 16), sp(2, 3, 21)
    )
    assert runbook.comments == (ast.Comment("# tab", sp(2, 22, 27)),)


def test_crlf_line_endings():
    text = "# head\r\ncluster a version 1.2.3\r\n\r\nstep {\r\n  upgrade a to 1.2.4  # c\r\n}\r\n"
    runbook = parsed(text)
    assert runbook.statements == (
        ast.Cluster(name("a", 2, 9), version("1.2.3", 2, 19), (), sp(2, 1, 24)),
        ast.Step(
            None,
            (ast.Upgrade(name("a", 5, 11), None, version("1.2.4", 5, 16), sp(5, 3, 21)),),
            sp(4, 1, 2, end_line=6),
        ),
    )
    # The CR belongs to the line ending, never to a comment.
    assert runbook.comments == (
        ast.Comment("# head", sp(1, 1, 7)),
        ast.Comment("# c", sp(5, 23, 26)),
    )


def test_crlf_and_lf_mixed_and_crlf_without_final_newline():
    assert parsed("cluster a version 1.2.3\r\nupgrade a to 1.2.4\n") == parsed(
        "cluster a version 1.2.3\nupgrade a to 1.2.4\n"
    )
    runbook = parsed("cluster a version 1.2.3\r\nupgrade a to 1.2.4")
    assert runbook.statements[1].span == sp(2, 1, 19)


def test_byte_order_mark_is_dropped():
    data = b'\xef\xbb\xbfrunbook "x"\r\ncluster a version 1.2.3\r\n'
    result = lint_bytes("bom.rbk", data)
    assert result.diagnostics == []
    assert result.runbook.header == ast.Header("x", sp(1, 1, 12))
    assert result.runbook.statements == (
        ast.Cluster(name("a", 2, 9), version("1.2.3", 2, 19), (), sp(2, 1, 24)),
    )
    # Without the mark the file is the same.
    assert lint_bytes("bom.rbk", data[3:]).runbook == result.runbook


def test_byte_order_mark_before_a_comment_keeps_columns():
    result = lint_bytes("bom.rbk", '\ufeff# c\nnote "n"\n'.encode())
    assert result.diagnostics == []
    assert result.comments == (ast.Comment("# c", sp(1, 1, 4)),)
    assert result.runbook.statements == (ast.Note("n", sp(2, 1, 9)),)


def test_file_without_final_newline():
    runbook = parsed("cluster a version 1.2.3\nupgrade a to 1.2.4")
    assert runbook.statements[1] == ast.Upgrade(
        name("a", 2, 9), None, version("1.2.4", 2, 14), sp(2, 1, 19)
    )
    assert only("step {\n}") == ast.Step(None, (), sp(1, 1, 2, end_line=2))
    runbook = parsed('note "n" # last')
    assert runbook.comments == (ast.Comment("# last", sp(1, 10, 16)),)


def test_trailing_spaces_and_several_blank_lines():
    runbook = parsed("\n\ncluster a version 1.2.3   \n\n\n   \nupgrade a to 1.2.4 \t \n\n")
    assert [s.span for s in runbook.statements] == [sp(3, 1, 24), sp(7, 1, 19)]


# --------------------------------------------------------------------------
# Comments


def test_comments_anywhere_are_kept_with_spans():
    text = (
        "# first\n"  # 1
        'runbook "r" # after the header\n'  # 2
        "   # indented\n"  # 3
        "cluster a version 1.2.3 #after\n"  # 4
        "b follows a # c {\n"  # 5
        'step "s" { # after an opening brace\n'  # 6
        "  # inside a step\n"  # 7
        "  parallel { #p\n"  # 8
        "    # inside a parallel\n"  # 9
        '    note "n" # "quoted" }\n'  # 10
        "  } # after a closing brace\n"  # 11
        "} #end\n"  # 12
        "#noqa: RL201\n"  # 13
        "# last, no newline"  # 14
    )
    result = parse(text)
    assert result.problems == ()
    expected = (
        ast.Comment("# first", sp(1, 1, 8)),
        ast.Comment("# after the header", sp(2, 13, 31)),
        ast.Comment("# indented", sp(3, 4, 14)),
        ast.Comment("#after", sp(4, 25, 31)),
        ast.Comment("# c {", sp(5, 13, 18)),
        ast.Comment("# after an opening brace", sp(6, 12, 36)),
        ast.Comment("# inside a step", sp(7, 3, 18)),
        ast.Comment("#p", sp(8, 14, 16)),
        ast.Comment("# inside a parallel", sp(9, 5, 24)),
        ast.Comment('# "quoted" }', sp(10, 14, 26)),
        ast.Comment("# after a closing brace", sp(11, 5, 28)),
        ast.Comment("#end", sp(12, 3, 7)),
        ast.Comment("#noqa: RL201", sp(13, 1, 13)),
        ast.Comment("# last, no newline", sp(14, 1, 19)),
    )
    assert result.comments == expected
    assert result.runbook.comments == expected
    step = result.runbook.statements[2]
    assert step.body == (
        ast.Parallel(None, (ast.Note("n", sp(10, 5, 13)),), sp(8, 3, 4, end_line=11)),
    )


def test_comments_are_kept_when_the_file_does_not_parse():
    result = parse("# one\nupgrade a 1.2.3 # two\n\n  # three\nstep {  # four\n")
    assert result.runbook is None
    assert result.problems
    assert result.comments == (
        ast.Comment("# one", sp(1, 1, 6)),
        ast.Comment("# two", sp(2, 17, 22)),
        ast.Comment("# three", sp(4, 3, 10)),
        ast.Comment("# four", sp(5, 9, 15)),
    )


def test_parsing_twice_gives_the_same_comments():
    text = '# a\nnote "x" # b\n'
    assert parse(text) == parse(text)
    parse("bad line # c\n")  # a failed parse in between leaves nothing behind
    assert parse(text).comments == (
        ast.Comment("# a", sp(1, 1, 4)),
        ast.Comment("# b", sp(2, 10, 13)),
    )


# --------------------------------------------------------------------------
# Columns count characters


def test_columns_count_characters_not_bytes():
    # '日本語😀' is 4 characters, 13 bytes in UTF-8 (and 5 UTF-16 units).
    runbook = parsed('note "日本語😀" # c\nx follows y index "é" # d\n')
    assert runbook.statements[0] == ast.Note("日本語😀", sp(1, 1, 12))
    assert runbook.statements[1].qualifier == ast.Qualifier("index", "é", sp(2, 13, 22))
    assert runbook.comments == (
        ast.Comment("# c", sp(1, 13, 16)),
        ast.Comment("# d", sp(2, 23, 26)),
    )


def test_name_after_a_non_ascii_string_is_pointed_at_by_characters():
    result = lint_bytes("u.rbk", 'note "日本語😀" extra\n'.encode())
    [diagnostic] = result.diagnostics
    assert diagnostic.code == "RL001"
    assert diagnostic.span == sp(1, 13, 18)  # 'extra' starts at the 13th character
    assert "'extra'" in diagnostic.message


def test_checker_diagnostics_point_at_names_by_characters():
    # RL101 points at the name; a tab before it is one column.
    text = 'cluster a version 1.2.3\nstep "日本語" {\n\tupgrade ghost to 1.2.4\n}\n'
    result = lint_bytes("u.rbk", text.encode())
    [diagnostic] = [d for d in result.diagnostics if d.code == "RL101"]
    assert diagnostic.span == sp(3, 10, 15)


# --------------------------------------------------------------------------
# Node attributes (language.md, "Statements": NODE)


def test_node_attributes_roles_and_version():
    text = "cluster c version 8.14.3 nodes m1 (master), h1 (data_hot, ingest, version 8.15.1)\n"
    cluster = only(text)
    m1, h1 = cluster.nodes
    assert m1 == ast.Node(name("m1", 1, 32), (name("master", 1, 36),), sp(1, 32, 43))
    assert h1 == ast.Node(
        name("h1", 1, 45),
        (
            name("data_hot", 1, 49),
            name("ingest", 1, 59),
            ast.NodeVersion(version("8.15.1", 1, 75), sp(1, 67, 81)),
        ),
        sp(1, 45, 82),
    )
    assert h1.roles == (name("data_hot", 1, 49), name("ingest", 1, 59))
    assert h1.version == version("8.15.1", 1, 75)
    assert m1.version is None
    assert cluster.span == sp(1, 1, 82)


def test_node_attributes_keep_unknown_and_repeated_ones_for_the_model():
    cluster = only("cluster c version 1.2.3 nodes n (bogus, master, master, version 1.2.4)\n")
    (n,) = cluster.nodes
    assert [r.text for r in n.roles] == ["bogus", "master", "master"]


def test_node_attributes_odd_spacing_and_a_duration_after():
    cluster = only("cluster c version 1.2.3 nodes a(master) ,b ( ml,data )node-upgrade 40m\n")
    assert [(n.text, [r.text for r in n.roles]) for n in cluster.nodes] == [
        ("a", ["master"]),
        ("b", ["ml", "data"]),
    ]
    assert cluster.node_upgrade is not None and cluster.node_upgrade.text == "40m"


@pytest.mark.parametrize(
    "attributes, column, message",
    [
        (
            "(node)",
            34,
            "expected a node role (such as master or data_hot) or 'version', found keyword "
            "'node': a node's attributes are its roles and 'version VERSION'",
        ),
        (
            "(master, to)",
            42,
            "expected a node role (such as master or data_hot) or 'version', found keyword "
            "'to': a node's attributes are its roles and 'version VERSION'",
        ),
        (
            "()",
            34,
            "expected a node role (such as master or data_hot) or 'version', found ')': a "
            "node's attributes are its roles and 'version VERSION'",
        ),
        ("(master data)", 41, "expected ',' or ')', found name 'data'"),
        ("(version)", 41, "expected a version such as 8.15.0, found ')'"),
        ("(version 8.15)", 42, "'8.15': a version needs three parts, e.g. 8.15.0"),
        ("(master", 40, "expected ',' or ')' before the end of the line"),
    ],
)
def test_node_attributes_rl001(attributes, column, message):
    text = f"cluster a version 8.1.0 nodes x {attributes}\n"
    result = lint_bytes("t.rbk", text.encode("utf-8"))
    assert [(d.span.line, d.span.column, d.code, d.message) for d in result.diagnostics] == [
        (1, column, "RL001", message)
    ]


def test_node_attributes_only_in_a_cluster_declaration():
    result = lint_bytes(
        "t.rbk", b"cluster a version 8.1.0 nodes x\nupgrade a node x (master) to 8.1.1\n"
    )
    assert [(d.span.line, d.code, d.message) for d in result.diagnostics] == [
        (2, "RL001", "expected 'to', found '('")
    ]
