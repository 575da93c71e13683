"""`plan` with durations (cli.md, "plan"; issue 12, item 5): the durations carried
over, each step's estimated start and duration, the total, the timeline, and the
retention lease raised around a pause window that would outlast it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import lint_text, run_cli
from mermaid_support import mermaid_blocks, parse

from runbook_lint.commands.plan import make_plan, render


def pair(nodes: int, duration: str | None = "40m", extra: str = "") -> str:
    """A bi-directional pair of two clusters of NODES nodes each."""
    tail = f" node-upgrade {duration}" if duration else ""
    a = ", ".join(f"a{i}" for i in range(1, nodes + 1))
    b = ", ".join(f"b{i}" for i in range(1, nodes + 1))
    return (
        f"cluster a version 8.14.3 nodes {a}{tail}\n"
        f"cluster b version 8.14.3 nodes {b}{tail}\n"
        f"{extra}a follows b\nb follows a\n"
    )


def plan_of(text: str, *options: str, fmt: str = "rbk") -> str:
    result, topology, title = make_plan(
        "t.rbk",
        text,
        "8.15.1",
        parallel="--parallel" in options,
        node_upgrade=next(
            (o.split("=", 1)[1] for o in options if o.startswith("--node-upgrade=")), None
        ),
    )
    return render(result, topology, title, fmt)


def steps(plan: str) -> list[str]:
    return [line for line in plan.splitlines() if line.startswith("step ")]


def test_two_15_node_clusters_at_40m_raise_the_lease_and_check_clean() -> None:
    # 30 node upgrades of 40m: a 20h window, past the 12h default lease; the
    # lease becomes 20h + 1h, rounded up to the hour.
    plan = plan_of(pair(15))
    assert "assume retention-lease 21h\n" in plan
    assert steps(plan) == [
        'step "1. raise the retention lease to 21h for step 2" {',
        'step "2. bi-directional group a, b to 8.15.1, node by node" {',
        'step "3. restore the retention lease raised for step 2" {',
    ]
    assert (
        '    note "on b: PUT /<leader_index>/_settings '
        '{\\"index.soft_deletes.retention_lease.period\\": \\"21h\\"} '
        'for each leader index that a follows"\n'
    ) in plan
    assert "# A bi-directional group's pause outlasts the retention lease" in plan
    assert [(d.line, d.code) for d in lint_text(plan).diagnostics] == []
    # Without the raised lease the same plan is RL310 at its resumes: the raise is what makes it pass.
    without = plan.replace("assume retention-lease 21h\n", "")
    assert {d.code for d in lint_text(without).diagnostics} == {"RL310"}


def test_a_window_exactly_the_lease_needs_no_raise_and_one_minute_over_does() -> None:
    # 2 x 9 nodes at 40m: 12h exactly, which the lease allows (RL310 needs longer).
    exact = plan_of(pair(9))
    assert "retention-lease" not in exact
    assert [s.split('"')[1] for s in steps(exact)] == [
        "1. bi-directional group a, b to 8.15.1, node by node"
    ]
    over = plan_of(pair(9, extra="assume retention-lease 11h59m\n"))
    assert "assume retention-lease 13h\n" in over  # 12h + 1h, already on the hour
    assert [(d.line, d.code) for d in lint_text(over).diagnostics] == []


def test_a_declared_lease_that_covers_the_window_is_carried_over() -> None:
    plan = plan_of(pair(15, extra="assume retention-lease 24h\n"))
    assert "assume retention-lease 24h\n" in plan
    assert "raise the retention lease" not in plan
    assert [(d.line, d.code) for d in lint_text(plan).diagnostics] == []


def test_parallel_shortens_the_window_below_the_lease() -> None:
    # Both clusters at once: 15 rounds of 40m, a 10h window.
    plan = plan_of(pair(15), "--parallel")
    assert "retention-lease" not in plan
    assert [(d.line, d.code) for d in lint_text(plan).diagnostics] == []


def test_node_upgrade_option_is_declared_and_clusters_keep_their_own() -> None:
    text = (
        "cluster a version 8.14.3 nodes a1, a2 node-upgrade 1h\n"
        "cluster b version 8.14.3 nodes b1, b2\n"
        "b follows a\n"
    )
    plan = plan_of(text, "--node-upgrade=40m", fmt="markdown")
    assert "Estimated duration: **3h20m** (a node upgrade takes 40m unless its cluster" in plan
    # b first (the follower), 2 x 40m; then a, 2 x 1h.
    assert "### Step 1: b to 8.15.1, node by node\n\n*Starts at 0m; takes 1h20m.*\n" in plan
    assert "### Step 2: a to 8.15.1, node by node\n\n*Starts at 1h20m; takes 2h.*\n" in plan
    rbk = plan_of(text, "--node-upgrade=40m")
    assert "cluster a version 8.14.3 nodes a1, a2 node-upgrade 1h\n" in rbk
    assert "\nassume node-upgrade 40m\n" in rbk
    assert [(d.line, d.code) for d in lint_text(rbk).diagnostics] == []


def test_unknown_durations_are_not_guessed() -> None:
    text = "cluster a version 8.14.3 node-upgrade 1h\ncluster b version 8.14.3\nb follows a\n"
    plan = plan_of(text, fmt="markdown")
    assert "Estimated duration: unknown" in plan
    assert "### Step 1: b to 8.15.1\n\n*Starts at 0m; duration unknown.*\n" in plan
    assert "### Step 2: a to 8.15.1\n\n*Start unknown; duration unknown.*\n" in plan
    assert "## Timeline" not in plan


def test_without_durations_the_plan_is_as_before() -> None:
    plan = plan_of(pair(3, duration=None), fmt="markdown")
    assert "Estimated" not in plan and "Starts at" not in plan and "## Timeline" not in plan


def test_the_markdown_plan_timeline_renders_in_mermaid() -> None:
    plan = plan_of(pair(15), fmt="markdown")
    assert "## Timeline" in plan
    blocks = mermaid_blocks(plan)
    gantt = [b for b in blocks if b.startswith("gantt")]
    assert len(gantt) == 1
    # The raised lease covers the window: it is not marked critical.
    assert "a follows b paused 20h : t30, 0, 72000" in gantt[0]
    results = parse(blocks)
    assert [r for r in results if not r["ok"]] == []
    assert [r["type"] for r in results] == ["flowchart-v2", "gantt"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("90", "runbook-lint: --node-upgrade: '90' is not a duration (such as 45m, 2h or 1h30m)\n"),
        (
            "1m30h",
            "runbook-lint: --node-upgrade: '1m30h': a duration's units go in the order d, h, m, s"
            " (e.g. 1d6h, 1h30m)\n",
        ),
    ],
)
def test_a_bad_node_upgrade_option_is_exit_2(tmp_path: Path, value: str, message: str) -> None:
    (tmp_path / "t.rbk").write_text(pair(2), encoding="utf-8")
    code, out, err = run_cli(
        "plan", "--to", "8.15.1", "--node-upgrade", value, str(tmp_path / "t.rbk")
    )
    assert (code, out, err.decode()) == (2, b"", message)


def test_cli_plan_with_node_upgrade(tmp_path: Path) -> None:
    (tmp_path / "t.rbk").write_text(pair(15, duration=None), encoding="utf-8")
    code, out, err = run_cli(
        "plan", "--to", "8.15.1", "--node-upgrade", "40m", str(tmp_path / "t.rbk")
    )
    assert (code, err) == (0, b"")
    assert b"\nassume node-upgrade 40m\nassume retention-lease 21h\n" in out
