"""Time (spec/language.md "Time", rules.md RL310): durations, `assume`, `wait`.

Each case is a small runbook and the exact sorted (line, code) list it gives,
or the exact RL001 message for a bad duration.
"""

from __future__ import annotations

import pytest
from conftest import codes, lint_text

from runbook_lint.syntax import ast
from runbook_lint.syntax.parser import parse


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


# ------------------------------------------------------------------ RL310

PAIR = """\
cluster a version 8.14.3 nodes a1, a2, a3
cluster b version 8.14.3 nodes b1, b2, b3
a follows b
b follows a
"""


def test_sequential_window_over_the_lease() -> None:
    # 6 node upgrades at 2h30m: 15h paused.
    text = (
        "assume node-upgrade 2h30m\n"
        + PAIR
        + "pause all\nupgrade a to 8.15.1\nupgrade b to 8.15.1\nresume all\n"
    )
    assert codes(text) == [(9, "RL310")]
    (diagnostic,) = lint_text(text).diagnostics
    assert diagnostic.message == (
        "following resumed after a pause longer than the retention lease (12h): "
        "'a follows b' for 15h, 'b follows a' for 15h"
    )
    assert [(r.span.line, r.message) for r in diagnostic.related] == [
        (6, "'a follows b' is paused here"),
        (6, "'b follows a' is paused here"),
    ]
    assert diagnostic.help is not None and "assume retention-lease" in diagnostic.help


def test_stepped_window_names_the_paused_time() -> None:
    # a node by node in a step, with waits: 6 x 2h20m + 2 x 10m = 14h20m; then 20m more.
    text = (
        "assume node-upgrade 2h20m\n"
        + PAIR
        + """\
pause all
step "a" {
    upgrade a node a1 to 8.15.1
    wait 10m "green"
    upgrade a node a2 to 8.15.1
    upgrade a node a3 to 8.15.1
}
step "b" {
    upgrade b to 8.15.1
    wait 20m
}
wait 10m
resume all
"""
    )
    assert codes(text) == [(18, "RL310")]
    assert (
        "'a follows b' for 14h40m, 'b follows a' for 14h40m"
        in lint_text(text).diagnostics[0].message
    )


def test_parallel_block_takes_its_longest_action() -> None:
    # The two clusters at once: 3 x 3h = 9h, not 18h; with a 4h wait inside, 9h still.
    text = (
        "assume node-upgrade 3h\n"
        + PAIR
        + """\
pause all
parallel {
    upgrade a to 8.15.1
    upgrade b to 8.15.1
    wait 4h
}
resume all
"""
    )
    assert codes(text) == []
    longer = text.replace("wait 4h", "wait 12h1m")
    assert codes(longer) == [(12, "RL310")]


def test_pause_and_resume_inside_blocks() -> None:
    # A pause in a block counts at its start, a resume at its end.
    text = (
        "assume node-upgrade 4h\n"
        + PAIR
        + """\
parallel {
    upgrade a node a1 to 8.15.1
    pause all
}
upgrade a node a2 to 8.15.1
parallel {
    resume all
    upgrade a node a3 to 8.15.1
}
upgrade b to 8.15.1
"""
    )
    # 4h + 4h + 4h = 12h: exactly the lease, no RL310.
    assert (13, "RL310") not in codes(text)
    over = text.replace("upgrade a node a2 to 8.15.1\n", "upgrade a node a2 to 8.15.1\nwait 1m\n")
    assert [c for c in codes(over) if c[1] == "RL310"] == [(13, "RL310")]


def test_window_exactly_the_lease_and_one_minute_over() -> None:
    # 6h of waiting and 6 node upgrades at 1h: 12h, the lease itself.
    base = (
        "assume node-upgrade 1h\n"
        + PAIR
        + "pause all\nwait 6h\nupgrade a to 8.15.1\nupgrade b to 8.15.1\nresume all\n"
    )
    assert codes(base) == []
    assert codes(base.replace("wait 6h", "wait 6h1m")) == [(10, "RL310")]
    # Without a node-upgrade the upgrades' time is unknown: silent, whatever the wait.
    unknown = PAIR + "pause all\nwait 13h\nupgrade a to 8.15.1\nupgrade b to 8.15.1\nresume all\n"
    assert codes(unknown) == []


def test_assume_retention_lease_24h() -> None:
    text = (
        "assume retention-lease 24h\nassume node-upgrade 3h\n"
        + PAIR
        + ("pause all\nupgrade a to 8.15.1\nupgrade b to 8.15.1\nresume all\n")
    )
    assert codes(text) == []  # 18h under 24h
    assert codes(text.replace("3h\n", "4h1m\n", 1)) == [(10, "RL310")]
    message = lint_text(text.replace("3h\n", "4h1m\n", 1)).diagnostics[0].message
    assert message.startswith(
        "following resumed after a pause longer than the retention lease (1d):"
    )
    assert "for 1d6m" in message


def test_clusters_own_node_upgrade_wins_over_assume() -> None:
    text = """\
assume node-upgrade 10m
cluster a version 8.14.3 nodes a1, a2, a3 node-upgrade 4h
cluster b version 8.14.3 nodes b1, b2, b3
a follows b
b follows a
pause all
upgrade a to 8.15.1
upgrade b to 8.15.1
resume all
"""
    # 3 x 4h + 3 x 10m = 12h30m.
    assert codes(text) == [(9, "RL310")]
    assert "for 12h30m" in lint_text(text).diagnostics[0].message


def test_unknown_duration_inside_the_window_is_silent() -> None:
    text = """\
cluster a version 8.14.3 nodes a1, a2, a3 node-upgrade 5h
cluster b version 8.14.3 nodes b1, b2, b3
a follows b
b follows a
pause all
wait 13h
upgrade a to 8.15.1
upgrade b to 8.15.1
resume all
"""
    assert codes(text) == []  # b's node upgrades take an unknown time
    # An unknown duration before the pause does not make the window unknown.
    before = text.replace(
        "pause all\nwait 13h\n", "upgrade b node b1 to 8.15.1\npause all\nwait 13h\n"
    )
    before = before.replace("upgrade b to 8.15.1\n", "")
    assert [c for c in codes(before) if c[1] == "RL310"] == [(9, "RL310")]


def test_redundant_upgrade_takes_no_time() -> None:
    text = (
        "assume node-upgrade 2h\n"
        + PAIR
        + """\
pause all
upgrade a to 8.15.1
upgrade a to 8.15.1
upgrade b to 8.15.1
resume all
"""
    )
    # 12h exactly: the second upgrade of a (RL302) changes no node and takes nothing.
    assert codes(text) == [(8, "RL302")]


def test_ignored_upgrade_takes_no_time() -> None:
    text = (
        "assume node-upgrade 2h\n"
        + PAIR
        + """\
pause all
upgrade a node zz to 8.15.1
upgrade zz to 8.15.1
upgrade a to 8.15.1
upgrade b to 8.15.1
resume all
"""
    )
    assert codes(text) == [(7, "RL106"), (8, "RL101")]


def test_wait_in_and_out_of_blocks() -> None:
    text = """\
cluster a version 8.14.3
cluster b version 8.14.3
b follows a
pause b follows a
wait 6h
step {
    wait 3h
    parallel {
        wait 1h
        wait 3h1m
    }
}
resume b follows a
upgrade b to 8.15.1
upgrade a to 8.15.1
"""
    assert codes(text) == [(13, "RL310")]
    assert lint_text(text).diagnostics[0].message.endswith("'b follows a' for 12h1m")


def test_one_diagnostic_per_resume() -> None:
    text = (
        "assume node-upgrade 3h\n"
        + PAIR
        + """\
pause a follows b
pause b follows a
upgrade a to 8.15.1
upgrade b to 8.15.1
resume a follows b
resume b follows a
"""
    )
    # 18h: each explicit resume gets its own RL310, naming its relation.
    assert codes(text) == [(10, "RL310"), (11, "RL310")]
    messages = [d.message for d in lint_text(text).diagnostics]
    assert messages[0].endswith("'a follows b' for 18h")
    assert messages[1].endswith("'b follows a' for 18h")


def test_no_durations_no_rl310() -> None:
    text = PAIR + "pause all\nupgrade a to 8.15.1\nupgrade b to 8.15.1\nresume all\n"
    assert codes(text) == []


# ------------------------------------------------------------------ property: the clock

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from runbook_lint.check.clock import timeline  # noqa: E402
from runbook_lint.model import topology as model  # noqa: E402
from runbook_lint.model.versions import Version  # noqa: E402

_NODES = {"a": ["a1", "a2"], "b": ["b1", "b2", "b3"]}
_RELATIONS = ["a follows b", "b follows a"]
_VERSIONS = ["8.14.3", "8.15.1", "8.16.0"]

_UPGRADE = st.builds(
    lambda c, n, v: f"upgrade {c} node {n} to {v}" if n else f"upgrade {c} to {v}",
    st.sampled_from(["a", "b"]),
    st.sampled_from(["", "a1", "a2", "b1", "b3", "zz"]),
    st.sampled_from(_VERSIONS),
)
_SWITCH = st.builds(
    lambda verb, what: f"{verb} {what}",
    st.sampled_from(["pause", "resume"]),
    st.sampled_from(["all", *_RELATIONS]),
)
_WAIT = st.builds(lambda m: f"wait {m}m", st.integers(0, 900))
_ACTION = st.one_of(_UPGRADE, _SWITCH, _WAIT)
_BLOCK = st.builds(lambda body: ["parallel {", *body, "}"], st.lists(_ACTION, max_size=4))
_ITEM = st.one_of(_ACTION.map(lambda a: [a]), _BLOCK)


def _brute_windows(
    lines: list[str], each: dict[str, int | None]
) -> list[tuple[int, int, int | None]]:
    """(pause line, resume line, length or None) by absolute times with symbolic unknowns."""
    versions = {c: {n: "8.14.3" for n in nodes} for c, nodes in _NODES.items()}
    # A time is (known seconds, frozenset of unknown durations that passed).
    now: tuple[int, frozenset[int]] = (0, frozenset())
    unknowns = 0
    paused: dict[str, tuple[int, tuple[int, frozenset[int]]]] = {}
    out: list[tuple[int, int, int | None]] = []

    def cost(
        line: str, state: dict[str, dict[str, str]]
    ) -> tuple[int | None, list[tuple[str, str, str]]]:
        words = line.split()
        cluster, version = words[1], words[-1]
        if cluster not in _NODES:
            return 0, []
        nodes = [words[3]] if words[2] == "node" else _NODES[cluster]
        if any(n not in _NODES[cluster] for n in nodes):
            return 0, []
        changed = [(cluster, n, version) for n in nodes if state[cluster][n] != version]
        if not changed:
            return 0, []
        per = each[cluster]
        return (None if per is None else per * len(changed)), changed

    def add(t: tuple[int, frozenset[int]], seconds: int | None) -> tuple[int, frozenset[int]]:
        nonlocal unknowns
        if seconds is None:
            unknowns += 1
            return (t[0], t[1] | {unknowns})
        return (t[0] + seconds, t[1])

    def switch(line: str, number: int, at: tuple[int, frozenset[int]]) -> None:
        verb, what = line.split(" ", 1)
        names = _RELATIONS if what == "all" else [what]
        for r in names:
            if verb == "pause" and r not in paused:
                paused[r] = (number, at)
            elif verb == "resume" and r in paused:
                line0, start = paused.pop(r)
                known = start[1] == at[1]
                out.append((line0, number, at[0] - start[0] if known else None))

    i = 0
    while i < len(lines):
        line, number = lines[i], i + 1
        if line == "parallel {":
            j = lines.index("}", i)
            body = list(enumerate(lines[i + 1 : j], start=i + 2))
            start = now
            longest: int | None = 0
            changes = []
            for _, a in body:
                if a.startswith("upgrade"):
                    c, changed = cost(a, versions)
                    changes += changed
                elif a.startswith("wait"):
                    c = int(a.split()[1][:-1]) * 60
                else:
                    continue
                longest = None if c is None or longest is None else max(longest, c)
            for cluster, n, v in changes:
                versions[cluster][n] = v
            end = add(now, longest)
            for k, a in body:  # in file order: a pause made at the start, a resume at the end
                if a.startswith(("pause", "resume")):
                    switch(a, k, start if a.startswith("pause") else end)
            now = end
            i = j + 1
            continue
        if line.startswith("upgrade"):
            c, changed = cost(line, versions)
            now = add(now, c)
            for cluster, n, v in changed:
                versions[cluster][n] = v
        elif line.startswith("wait"):
            now = add(now, int(line.split()[1][:-1]) * 60)
        else:
            switch(line, number, now)
        i += 1
    return sorted(out)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_ITEM, max_size=12),
    st.sampled_from([None, "20m", "2h"]),
    st.sampled_from([None, "45m"]),
    st.sampled_from([None, "3h"]),
)
def test_pause_windows_match_a_brute_force_recomputation(
    items: list[list[str]], assumed: str | None, own_a: str | None, own_b: str | None
) -> None:
    body = [line for item in items for line in item]
    header = []
    if assumed:
        header.append(f"assume node-upgrade {assumed}")
    header.append(
        "cluster a version 8.14.3 nodes a1, a2" + (f" node-upgrade {own_a}" if own_a else "")
    )
    header.append(
        "cluster b version 8.14.3 nodes b1, b2, b3" + (f" node-upgrade {own_b}" if own_b else "")
    )
    header += _RELATIONS
    lines = header + body
    result = parse("\n".join(lines) + "\n")
    assert result.runbook is not None, result.problems
    topology = model.build(result.runbook, Version.parse)
    found = timeline(result.runbook, topology, Version.parse)
    got = sorted(
        (w.pause.span.line, w.resume.span.line, w.length)
        for w in found.windows
        if w.resume is not None
    )

    def seconds(text: str | None) -> int | None:
        return (
            None if text is None else parse(f"wait {text}\n").runbook.statements[0].duration.seconds
        )  # type: ignore[union-attr]

    fallback = seconds(assumed)
    each = {"a": seconds(own_a) if own_a else fallback, "b": seconds(own_b) if own_b else fallback}
    offset = len(header)
    expected = [(p + offset, r + offset, n) for p, r, n in _brute_windows(body, each)]
    assert got == expected
