"""Time (spec/language.md "Time", rules.md RL310): durations, `assume`, `wait`.

Each case is a small runbook and the exact sorted (line, code) list it gives,
or the exact RL001 message for a bad duration.
"""

from __future__ import annotations

import pytest
from conftest import codes, lint_text

from runbook_lint import ast
from runbook_lint.parser import parse


def _messages(text: str) -> list[tuple[int, int, str]]:
    result = lint_text(text)
    return [(d.span.line, d.span.column, d.message) for d in result.diagnostics]


# ------------------------------------------------------------------ the language


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45m", 2700),
        ("2h", 7200),
        ("1h30m", 5400),
        ("1d6h", 108000),
        ("0m", 0),
        ("1d2h3m4s", 93784),
    ],
)
def test_duration_values(text: str, seconds: int) -> None:
    result = parse(f"wait {text}\n")
    assert result.problems == ()
    assert result.runbook is not None
    (wait,) = result.runbook.statements
    assert isinstance(wait, ast.Wait)
    assert (wait.duration.text, wait.duration.seconds, wait.reason) == (text, seconds, None)


def test_every_form_parses() -> None:
    text = """\
assume node-upgrade 40m
assume retention-lease 1d6h
cluster a version 8.14.3 nodes x, y node-upgrade 1h30m
cluster b version 8.14.3 node-upgrade 2h
a follows b
wait 10m "green health"
step "s" {
    wait 5m
    parallel {
        wait 1s "why"
        upgrade a to 8.15.1
    }
}
upgrade b to 8.15.1
"""
    assert codes(text) == []
    result = parse(text)
    assert result.runbook is not None
    cluster = result.runbook.statements[2]
    assert isinstance(cluster, ast.Cluster)
    assert cluster.node_upgrade is not None
    assert (cluster.node_upgrade.text, cluster.node_upgrade.seconds) == ("1h30m", 5400)
    assert cluster.span == ast.Span(3, 1, 3, 55)
    assume = result.runbook.statements[1]
    assert isinstance(assume, ast.Assume)
    assert (assume.kind, assume.duration.seconds) == ("retention-lease", 108000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wait 90\n", (1, 6, "'90': a duration needs a unit, d, h, m or s (e.g. 90m)")),
        (
            "assume node-upgrade 90\n",
            (1, 21, "'90': a duration needs a unit, d, h, m or s (e.g. 90m)"),
        ),
        (
            "wait 1m30h\n",
            (1, 6, "'1m30h': a duration's units go in the order d, h, m, s (e.g. 1d6h, 1h30m)"),
        ),
        ("wait 1h1h\n", (1, 6, "'1h1h': the unit 'h' appears twice in this duration")),
        (
            "cluster a version 8.1.1 node-upgrade 1234567890m\n",
            (1, 38, "'1234567890m': a duration's number has at most 9 digits"),
        ),
        (
            "assume 1h\n",
            (1, 8, "expected 'node-upgrade' or 'retention-lease', found duration '1h'"),
        ),
        ("wait\n", (1, 5, "expected a duration such as 45m or 1h30m before the end of the line")),
        (
            "cluster wait version 8.1.1\n",
            (1, 9, "'wait' is a keyword and cannot be used as a name"),
        ),
        (
            "cluster retention-lease version 8.1.1\n",
            (1, 9, "'retention-lease' is a keyword and cannot be used as a name"),
        ),
        (
            "step {\n    assume node-upgrade 1h\n}\n",
            (
                2,
                5,
                "a declaration cannot stand inside a block: declare clusters, relations "
                "and the target before the first action",
            ),
        ),
    ],
)
def test_bad_durations_in_the_authors_words(text: str, expected: tuple[int, int, str]) -> None:
    assert _messages(text) == [expected]


def test_nine_digit_duration_is_allowed() -> None:
    assert codes("wait 999999999s\n") == []


# ------------------------------------------------------------------ RL102, RL107


def test_rl102_for_a_repeated_assume_of_one_kind() -> None:
    text = """\
assume node-upgrade 40m
assume retention-lease 12h
assume node-upgrade 30m
assume retention-lease 24h
cluster a version 8.14.3
upgrade a to 8.15.1
"""
    assert codes(text) == [(3, "RL102"), (4, "RL102")]
    assert _messages(text)[0] == (
        3,
        1,
        "'assume node-upgrade' is declared a second time; this declaration is ignored",
    )


def test_rl107_for_assume_after_an_action_and_wait_is_an_action() -> None:
    text = """\
cluster a version 8.14.3
wait 10m
assume node-upgrade 40m
upgrade a to 8.15.1
"""
    assert codes(text) == [(3, "RL107")]
    assert _messages(text) == [(3, 1, "an 'assume' is declared after the first action (line 2)")]


def test_wait_in_a_block_is_the_first_action_for_rl107() -> None:
    text = """\
cluster a version 8.14.3
step {
    wait 10m
}
cluster b version 8.14.3
upgrade a to 8.15.1
upgrade b to 8.15.1
"""
    assert codes(text) == [(5, "RL107")]
