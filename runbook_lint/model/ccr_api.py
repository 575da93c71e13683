"""The one table of Elasticsearch's CCR calls the messages and the plan name.

Placeholders in angle brackets (``<follower_index>``, ``<name>``) stand for
what the runbook does not know; ``call`` fills in what it does.
"""

from __future__ import annotations

PAUSE_FOLLOW = "POST /{index}/_ccr/pause_follow"
RESUME_FOLLOW = "POST /{index}/_ccr/resume_follow"
PAUSE_PATTERN = "POST /_ccr/auto_follow/{name}/pause"
RESUME_PATTERN = "POST /_ccr/auto_follow/{name}/resume"
DELETE_PATTERN = "DELETE /_ccr/auto_follow/{name}"
PUT_PATTERN = "PUT /_ccr/auto_follow/{name}"
GET_PATTERN = "GET /_ccr/auto_follow/{name}"
# The pause/resume auto-follow pattern APIs exist since 7.5.0 (Elastic's REST
# test skips them before 7.4.99): before it a pattern is deleted and re-created
# after the upgrade instead (RL202's help and the plan's calls).
PATTERN_PAUSE_SINCE = (7, 5, 0)
# Not a CCR call, but the one a long pause needs on the leader's side: the
# history a follower needs is kept for the leader index's retention lease.
LEASE_SETTING = "index.soft_deletes.retention_lease.period"
PUT_SETTINGS = "PUT /<leader_index>/_settings"

ANY_INDEX = "<follower_index>"
ANY_PATTERN = "<name>"


def call(template: str, index: str = ANY_INDEX, name: str = ANY_PATTERN) -> str:
    """A call of the table with its follower index or pattern name filled in."""
    return template.format(index=index, name=name)
