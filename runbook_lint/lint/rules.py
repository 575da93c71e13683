"""The suppression rule (RL900): a ``noqa`` that suppresses nothing.
Fired by ``lint.suppress``.
"""

from __future__ import annotations

from runbook_lint.rule import Rule, Severity

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL900",
        name="unused-suppression",
        severity=Severity.WARNING,
        summary="A `# noqa` comment suppresses nothing, or names a code it does not suppress.",
        rationale=(
            "Fires at the comment when a `# noqa` suppresses no diagnostic on its line, or when "
            "it names a code or rule name for which no diagnostic on its line was suppressed. "
            "One diagnostic per comment. Suppressions are judged before configuration drops any "
            "diagnostic, so a `noqa` for a rule the configuration ignores is not unused. RL900 "
            "can be ignored by configuration, not by `noqa`.\n\n"
            "Why: a stale suppression hides the next real problem on its line. A "
            "`# noqa: RL201` left behind after the upgrade order was fixed would silence RL201 "
            "if someone later moved the leader's upgrade back before its follower's."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1        # noqa: RL201
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
)
