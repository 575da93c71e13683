"""Each upgrade's own move (RL301-RL303): a downgrade, a no-op, an unsupported path.

Judged on the versions the named nodes ran before the upgrade (before the
block, inside a `parallel` block): order-independent.
"""

from __future__ import annotations

from runbook_lint.check.rules import Family
from runbook_lint.model.versions import PathVerdict, upgrade_path
from runbook_lint.rule import Rule, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.check.events import Upgraded
    from runbook_lint.check.rules import View
    from runbook_lint.model.versions import Version


class Paths(Family):
    def upgraded(self, event: Upgraded, view: View) -> None:
        named = event.before
        version = event.version
        span = event.action.span
        name = event.action.cluster.text
        starts: Sequence[Version]
        if len(named) == 1:  # the common case, without building sets
            (only,) = named
            highest, redundant, starts = only, only == version, (only,) if only < version else ()
        else:
            highest = max(named)
            redundant = all(v == version for v in named)
            starts = sorted({v for v in named if v < version})
        if highest > version:
            self.emit(
                "RL301",
                span,
                f"downgrade: '{name}' runs {highest}, higher than {version}",
                help="Elasticsearch does not support downgrades; restore from a snapshot instead",
            )
        if redundant:
            self.emit(
                "RL302",
                span,
                f"'{name}' already runs {version}: this upgrade changes nothing",
                help="remove it, or correct the version",
            )
        # One diagnostic per statement, naming each unsupported move (rules.md,
        # "What counts when"): nodes on several versions may fail for each.
        if not starts:
            return
        if len(starts) == 1:  # the common case, without a generator
            only_verdict = upgrade_path(starts[0], version)
            if only_verdict.ok:
                return
            failed = [only_verdict]
        else:
            failed = [v for v in (upgrade_path(start, version) for start in starts) if not v.ok]
            if not failed:
                return
        verdict = failed[0]
        if len(failed) > 1:
            via = next((v.via for v in failed if v.via is not None), None)
            instead = max((v.instead for v in failed if v.instead is not None), default=None)
            verdict = PathVerdict(False, "; ".join(v.reason for v in failed), via, instead)
        # The reason names both versions and, where one exists, the version to
        # go through first, or (out of release order) the one to aim for.
        if verdict.via is not None:
            help = f"insert 'upgrade {name} to {verdict.via}' before this one"
        elif verdict.instead is not None:
            help = f"aim for {verdict.instead} or a later release instead"
        else:
            help = "choose a target that the running version can reach"
        self.emit(
            "RL303", span, f"unsupported upgrade path for '{name}': {verdict.reason}", help=help
        )


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL301",
        name="downgrade",
        severity=Severity.ERROR,
        summary="An upgrade takes a node to a lower version than it runs.",
        rationale=(
            "Fires at an upgrade that takes some node it names to a lower version than that "
            "node runs (for `upgrade C to V` on a cluster in the middle of a rolling upgrade: "
            "any node above V). The upgrade is still applied as written.\n\n"
            "Why: Elasticsearch does not support downgrades. A node that has started on a newer "
            "version has rewritten its data path and cluster state in a format the older "
            "version cannot read, and Lucene is not forward compatible, so an older node cannot "
            "open index files written by a newer one. The only way back is restoring a snapshot "
            "into a new cluster. A lower version in an upgrade runbook is nearly always a typo."
        ),
        bad="""\
cluster us-east version 8.15.0
cluster eu-west version 8.15.0
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.5.1         # typo for 8.15.1
""",
        good="""\
cluster us-east version 8.15.0
cluster eu-west version 8.15.0
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL302",
        name="redundant-upgrade",
        severity=Severity.WARNING,
        summary="An upgrade changes nothing: every node it names already runs that version.",
        rationale=(
            "Fires at an upgrade when every node it names already runs the version it names: a "
            "repeated line, or a node or cluster already upgraded by an earlier step. The "
            "upgrade is still applied (as a no-op).\n\n"
            "Why: harmless in itself, but it usually means the runbook is not what its author "
            "believes: a copied line that should name another node or cluster, or a version that "
            "was meant to be different. The node or cluster that was meant may never be "
            "upgraded, and in a CCR topology a follower left behind blocks its leader."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade eu-west to 8.15.1
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
    Rule(
        code="RL303",
        name="unsupported-upgrade-path",
        severity=Severity.ERROR,
        summary="A node's move is not a supported upgrade path.",
        rationale=(
            "Fires at an upgrade when some node's move from the version it runs to the named "
            "one is not a supported upgrade path; the message names the version to go through "
            "first. Supported: any higher version of the same major, and the next major only "
            "from the last minor of the current one (5.6 to 6.x, 6.8 to 7.1 or later, 7.17 to "
            "8.x; 8.18.x to 9.0.x only, 8.19.x to 9.1.0 or later). A move from a pre-release "
            "(9.0.0-rc1) is never supported. A jump of two or more majors is never "
            "supported. A move the version data does not describe is judged unsupported, and "
            "the message says that the data does not cover it. A move to a lower version is "
            "RL301, not this rule. In every case the target must not have been released before "
            "the running version, where the version data dates both (Elastic ships patch "
            "trains, so a higher version can be older: 9.1.0 came out before 9.0.4); the "
            "message then names both dates and the earliest release of the target's minor that "
            "is in order.\n\n"
            "Why: Elasticsearch reads indices and cluster metadata only from the previous major, "
            "and a rolling upgrade across a major needs old and new nodes to run in one cluster, "
            "which only the old major's last minor can do. Going from 7.10.2 straight to 8.x, or "
            "from 6.8 to 8.x, fails: upgrade to 7.17 first, in every cluster, and only then to "
            "8.x. And a release holds only the fixes released before it: moving to an older "
            "one, even with a higher number, can undo fixes the running version has."
        ),
        bad="""\
cluster us-east version 7.10.2
cluster eu-west version 7.10.2
eu-west follows us-east

pause eu-west follows us-east
upgrade eu-west to 8.15.1        # 7.10 cannot go straight to 8.x
upgrade us-east to 8.15.1
resume eu-west follows us-east
""",
        good="""\
cluster us-east version 7.10.2
cluster eu-west version 7.10.2
eu-west follows us-east

pause eu-west follows us-east
upgrade eu-west to 7.17.24       # the last 7.x minor first, out before 8.15.1
upgrade us-east to 7.17.24
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
resume eu-west follows us-east
""",
    ),
)
