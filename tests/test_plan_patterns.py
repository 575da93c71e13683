"""The plan's calls for auto-follow patterns by the leaders' version (issue 11,
item 6): before 7.5.0 there is no pattern pause API, so a pattern is deleted
(its settings saved first) and re-created after the upgrade."""

from __future__ import annotations

from conftest import lint_text

from runbook_lint.commands.plan import make_plan, render

GROUP = (
    "cluster a version {v}\n"
    "cluster b version {v}\n"
    'a follows b auto-follow "logs-b"\n'
    'b follows a index "orders"\n'
)


def plan_of(version: str, to: str, fmt: str = "rbk") -> str:
    result, topology, title = make_plan("t.rbk", GROUP.format(v=version), to)
    return render(result, topology, title, fmt)


def switches(plan: str) -> list[str]:
    return [
        line.strip() for line in plan.splitlines() if line.strip().startswith(("pause", "resume"))
    ]


def test_before_7_5_the_pattern_is_deleted_and_re_created() -> None:
    plan = plan_of("7.4.2", "7.17.29")
    assert switches(plan) == [
        'pause a follows b auto-follow "logs-b"  # on a: DELETE /_ccr/auto_follow/logs-b',
        'pause b follows a index "orders"  # on b: POST /orders/_ccr/pause_follow',
        'resume b follows a index "orders"  # on b: POST /orders/_ccr/resume_follow',
        'resume a follows b auto-follow "logs-b"  # on a: PUT /_ccr/auto_follow/logs-b',
    ]
    assert [(d.line, d.code) for d in lint_text(plan).diagnostics] == []


def test_from_7_5_the_pattern_is_paused() -> None:
    assert switches(plan_of("7.5.0", "7.17.29"))[0] == (
        'pause a follows b auto-follow "logs-b"  # on a: POST /_ccr/auto_follow/logs-b/pause'
    )


def test_each_hop_by_the_version_its_clusters_run() -> None:
    # 6.8.23 -> 7.17.29 (no pattern pause API on 6.8) -> 8.15.1 (7.17 has it).
    calls = [s.split("# on a: ")[1] for s in switches(plan_of("6.8.23", "8.15.1")) if "logs-b" in s]
    assert calls == [
        "DELETE /_ccr/auto_follow/logs-b",
        "PUT /_ccr/auto_follow/logs-b",
        "POST /_ccr/auto_follow/logs-b/pause",
        "POST /_ccr/auto_follow/logs-b/resume",
    ]


def test_the_markdown_plan_says_to_save_the_settings() -> None:
    plan = plan_of("7.4.2", "7.17.29", "markdown")
    assert (
        "  - `DELETE /_ccr/auto_follow/logs-b` (the pattern pause API exists only since 7.5.0:"
        " save the pattern's settings first (GET /\\_ccr/auto\\_follow/logs-b))\n"
    ) in plan
    assert (
        "  - `PUT /_ccr/auto_follow/logs-b` (with the settings saved before it was deleted)\n"
        in plan
    )
