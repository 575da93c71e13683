"""What is shown, in one place: `noqa` first, then the configuration.

The order is the spec's: suppressions are judged against every diagnostic the
checker found (so a `noqa` for a rule the configuration ignores is not unused),
then `select`/`ignore`/`per-file-ignores` drop rules and `severity` restamps
the rest (the linter, not the rule, owns severity — as in yamllint).
"""

from __future__ import annotations

from runbook_lint.catalogue import RULES, UNSILENCEABLE
from runbook_lint.records import field, record
from runbook_lint.severity import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.lint.config import Config
    from runbook_lint.lint.linter import FileResult


@record(frozen=False)
class Policy:
    select: set[str] | None = None  # None: every rule
    ignore: set[str] = field(default_factory=set)
    severity: dict[str, Severity] = field(default_factory=dict)
    config: Config | None = None  # for per-file-ignores

    def apply(self, result: FileResult) -> None:
        diagnostics = result.diagnostics
        if any("noqa" in comment.text.lower() for comment in result.comments):
            from runbook_lint.lint import suppress  # only files that use noqa pay for it

            # A file that did not parse was not checked (rules.md: it gets only
            # its RL001 diagnostics), so its `noqa` comments cannot be judged unused.
            diagnostics = suppress.apply(
                result.path, diagnostics, result.comments, report_unused=result.runbook is not None
            )
        dropped = set(self.ignore)
        if self.config is not None:
            dropped |= self.config.ignored_for(result.path)
        kept = []
        for diagnostic in diagnostics:
            code = diagnostic.code
            if code in UNSILENCEABLE:  # never dropped, never restamped
                kept.append(diagnostic)
                continue
            if code in dropped or (self.select is not None and code not in self.select):
                continue
            severity = self.severity.get(code)
            if severity is not None and severity != diagnostic.severity:
                diagnostic = diagnostic.with_severity(severity)
            kept.append(diagnostic)
        result.diagnostics = kept


def build(config: Config | None, select: list[str] | None, ignore: list[str] | None) -> Policy:
    """The command line overrides the file: --select and --ignore replace its lists."""
    policy = Policy()
    if config is not None:
        policy.config = config
        if config.select is not None:
            policy.select = set(config.select)
        policy.ignore = set(config.ignore)
        policy.severity = {code: Severity(level) for code, level in config.severity.items()}
    if select is not None:
        policy.select = set(select)
    if ignore is not None:
        policy.ignore = set(ignore)
    for code in list(policy.severity):
        if code not in RULES:
            del policy.severity[code]
    return policy
