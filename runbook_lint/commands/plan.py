"""`runbook-lint plan FILE`: write a correct upgrade runbook for FILE's topology.

Reads FILE's clusters, nodes and relations (its actions are ignored), plans with
``runbook_lint.plan.planner`` and renders the plan with a Jinja2 template shipped in the
package (``plan/templates/plan.rbk.j2`` or ``plan/templates/plan.md.j2``). Everything that
stops a plan — an unreadable file, a syntax error, a declaration problem, no
target, a version with no supported path, a start that already breaks
following — is a UsageError: one line, exit status 2.
"""

from __future__ import annotations

import functools
import os

from runbook_lint.errors import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    import jinja2

    from runbook_lint.cli import Arguments
    from runbook_lint.model.topology import Topology
    from runbook_lint.model.versions import Version
    from runbook_lint.plan.planner import Plan, Switch
    from runbook_lint.syntax import ast

__all__ = ["api_calls", "make_plan", "render", "run"]

TEMPLATES = (
    "plan/templates"  # runbook_lint/plan/templates, loaded through the package (wheel or zip)
)
TEMPLATE = {"rbk": "plan.rbk.j2", "markdown": "plan.md.j2"}

# Declaration problems after which the plan would not describe the real topology.
# RL107 (a declaration after an action) is harmless here: the actions are ignored.
_UNRELIABLE = ("RL101", "RL102", "RL103", "RL104")


# ---------------------------------------------------------------------------
# From text to a plan
# ---------------------------------------------------------------------------


def _version(text: str, what: str) -> Version:
    from runbook_lint.excerpt import excerpt
    from runbook_lint.model.versions import Version

    try:
        return Version.parse(text.strip())
    except ValueError:
        # An excerpt: `--to` with 5,000 digits is not echoed whole.
        raise UsageError(
            f"{what}: {excerpt(text.strip())} is not a version "
            "(expected MAJOR.MINOR.PATCH, such as 8.15.0)"
        ) from None


def _node_upgrade(text: str) -> ast.Assume:
    """``--node-upgrade 40m``: as if FILE said ``assume node-upgrade 40m`` (its
    clusters' own ``node-upgrade`` still win, as in the language)."""
    from runbook_lint.excerpt import excerpt
    from runbook_lint.syntax import ast
    from runbook_lint.syntax.builder import duration_value
    from runbook_lint.syntax.grammar import terminal

    value = text.strip()
    seconds, problem = duration_value(value)
    if problem is not None:
        raise UsageError(f"--node-upgrade: {problem}")
    if not terminal("DURATION").fullmatch(value):
        raise UsageError(
            f"--node-upgrade: {excerpt(value)} is not a duration (such as 45m, 2h or 1h30m)"
        )
    span = ast.Span(0, 0, 0, 0)
    return ast.Assume("node-upgrade", ast.Duration(value, seconds, span), span)


def parse_via(text: str | None) -> list[Version]:
    """``--via 7.17.29,8.19.26``: versions, in the order given."""
    if text is None:
        return []
    parts = text.split(",")
    if any(not part.strip() for part in parts):
        raise UsageError(f"--via: '{text}' is not a comma-separated list of versions")
    return [_version(part, "--via") for part in parts]


def make_plan(
    path: str,
    text: str,
    to: str | None = None,
    via: str | None = None,
    parallel: bool = False,
    node_upgrade: str | None = None,
) -> tuple[Plan, Topology, str | None]:
    """Parse ``text`` (FILE's, named ``path`` in messages) and plan it.

    Returns (plan, topology, title): the title is FILE's header, else None.
    """
    from runbook_lint.check import declaration_findings
    from runbook_lint.model.topology import build
    from runbook_lint.model.versions import Version
    from runbook_lint.plan.planner import PlanError, plan
    from runbook_lint.syntax.parser import parse

    parsed = parse(text)
    if parsed.problems:
        first = parsed.problems[0]
        more = len(parsed.problems) - 1
        extra = f" (and {more} more syntax error{'s' if more > 1 else ''})" if more else ""
        raise UsageError(
            f"{path}:{first.span.line}:{first.span.column}: syntax error: {first.message}{extra}"
        )
    runbook = parsed.runbook
    assert runbook is not None  # no syntax problem: the parse gave a runbook
    topology = build(runbook, functools.lru_cache(maxsize=None)(Version.parse))
    problems = sorted(
        (f for f in declaration_findings(topology) if f.code in _UNRELIABLE),
        key=lambda f: (f.span.line, f.span.column),
    )
    if problems:
        finding = problems[0]
        message = finding.message
        head, _, tail = message.rpartition("; ")
        if head and tail.endswith(" ignored"):
            message = head  # "...; the statement is ignored": not by the planner, which stops
        raise UsageError(
            f"{path}:{finding.span.line}:{finding.span.column}: {message} ({finding.code}); "
            "fix the declarations before planning"
        )
    if not topology.clusters:
        raise UsageError(f"{path} declares no cluster: there is nothing to plan")
    if to is not None:
        target = _version(to, "--to")
    elif topology.target is not None:
        target = topology.target
    else:
        raise UsageError(
            f"no target version: give --to VERSION, or declare 'target X.Y.Z' in {path}"
        )
    if node_upgrade is not None:
        topology.assumptions["node-upgrade"] = _node_upgrade(node_upgrade)
    try:
        result = plan(topology, target, parse_via(via), parallel)
    except PlanError as error:
        raise UsageError(f"cannot plan {path}: {error.reason}") from None
    title = runbook.header.title if runbook.header is not None else None
    return result, topology, title


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def api_calls(switch: Switch) -> list[dict[str, str | None]]:
    """The Elasticsearch calls a pause/resume stands for: each on the follower cluster.

    ``{"call": "POST /orders/_ccr/pause_follow", "each": None}``; for an
    unqualified relation ``each`` names the leader whose follower indices the
    call is repeated for (``<follower_index>`` is a placeholder). Before 7.5.0
    an auto-follow pattern is deleted and re-created (``Switch.recreate``).
    """
    from runbook_lint.model import ccr_api as api

    pause = switch.action == "pause"
    calls: list[dict[str, str | None]] = []
    for ref in switch.relations:
        if ref.kind == "auto-follow":
            if switch.recreate:  # no pattern pause API before 7.5.0: delete, then re-create
                template = api.DELETE_PATTERN if pause else api.PUT_PATTERN
            else:
                template = api.PAUSE_PATTERN if pause else api.RESUME_PATTERN
            call: dict[str, str | None] = {
                "call": api.call(template, name=str(ref.label)),
                "each": None,
                "why": None,
            }
            if switch.recreate:
                call["why"] = (
                    "the pattern pause API exists only since 7.5.0: save the pattern's settings "
                    f"first ({api.call(api.GET_PATTERN, name=str(ref.label))})"
                    if pause
                    else "with the settings saved before it was deleted"
                )
            calls.append(call)
            continue
        template = api.PAUSE_FOLLOW if pause else api.RESUME_FOLLOW
        if ref.kind == "index":
            calls.append(
                {"call": api.call(template, index=str(ref.label)), "each": None, "why": None}
            )
        else:
            calls.append({"call": api.call(template), "each": ref.leader, "why": None})
    return calls


def rbk_string(value: object) -> str:
    """A runbook string literal: quoted, with ``"`` and ``\\`` escaped (the only escapes)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def rbk_comment(value: object) -> str:
    """Text that stays inside a ``#`` comment: no line break can end it early."""
    from runbook_lint.templating import one_line

    return one_line(value)


@functools.lru_cache(maxsize=1)
def _rbk_environment() -> jinja2.Environment:
    from runbook_lint import templating

    filters = {"rbk_string": rbk_string, "rbk_comment": rbk_comment}
    return templating.environment(
        TEMPLATES, filters=filters, globals={"api_calls": api_calls}, escaped_only=False
    )


@functools.lru_cache(maxsize=1)
def _markdown_environment() -> jinja2.Environment:
    from runbook_lint import templating
    from runbook_lint.check.clock import format_duration
    from runbook_lint.templating import md_cell

    filters = {
        "duration": lambda seconds: md_cell(format_duration(seconds)),
        "md_text": md_cell,
        "md_sentence": lambda value: md_cell(str(value)[:1].upper() + str(value)[1:]),
        "md_code": templating.md_code,
    }
    return templating.environment(
        TEMPLATES, filters=filters, globals={"api_calls": api_calls}, escaped_only=True
    )


def render(result: Plan, topology: Topology, title: str | None, fmt: str = "rbk") -> str:
    """The plan as a runbook (``rbk``) or as a Markdown runbook for people (``markdown``)."""
    if title is None:
        title = f"every cluster to {result.target}"
    if fmt == "rbk":
        return _rbk_environment().get_template(TEMPLATE["rbk"]).render(plan=result, title=title)
    from runbook_lint.report import mermaid
    from runbook_lint.report.gantt import gantt
    from runbook_lint.templating import Escaped

    template = _markdown_environment().get_template(TEMPLATE["markdown"])
    chart = gantt(result.timeline, topology) if result.timeline is not None else None
    # Trusted: mermaid.flowchart and gantt generate IDs and sanitise every label themselves.
    return template.render(
        plan=result,
        title=title,
        flowchart=Escaped(mermaid.flowchart(topology)),
        timeline=Escaped(chart) if chart is not None else None,
    )


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


def _read(path: str) -> str:
    from runbook_lint.commands.files import Input, read
    from runbook_lint.syntax.source import decode

    if path != "-" and not os.path.lexists(path):
        raise UsageError(f"'{path}' does not exist")
    data, problem = read(Input(path, None if path == "-" else path))
    if data is None:
        raise UsageError(f"'{path}' {problem}")
    source = decode(path, data)
    if source.text is None:
        raise UsageError(f"'{path}' is {source.problem}")
    return source.text


def run(args: Arguments) -> int:
    text = _read(args.file)
    result, topology, title = make_plan(
        args.file, text, args.to, args.via, args.parallel, args.node_upgrade
    )
    from runbook_lint.commands.output import write_report

    write_report(render(result, topology, title, args.format), args.output)
    return 0
