"""Generated runbooks for the benchmark, of realistic shape.

``large_runbook(lines)``: about 1,000 clusters (a quarter with named nodes) in
chains, fan-outs and bi-directional pairs, upgraded round after round through
patch releases, followers first, each cluster in its own step with notes,
rolling node-by-node upgrades, bi-directional pairs paused and resumed around a
`parallel` block — plus a few deliberate violations, so the report is not empty.

``topology(clusters, relations, actions)``: the checker-scaling input.
``small_runbook(i)``: a 50-line runbook (the many-files case).
"""

from __future__ import annotations

import random


def _clusters(count: int, rng: random.Random):
    """Names, node lists and relations (follower, leader, qualifier) in leader-last order."""
    names = [f"es-{i:05d}" for i in range(count)]
    nodes = {
        name: [f"{name}-n{k}" for k in range(3)] if rng.random() < 0.25 else [] for name in names
    }
    relations = []
    pairs = []  # bi-directional pairs
    i = 0
    while i < count:
        shape = rng.random()
        if shape < 0.4 and i + 3 <= count:  # a chain a <- b <- c
            a, b, c = names[i : i + 3]
            relations += [(b, a, None), (c, b, 'index "orders"')]
            i += 3
        elif shape < 0.7 and i + 4 <= count:  # a fan-out: three followers of one leader
            leader = names[i]
            for follower in names[i + 1 : i + 4]:
                relations.append((follower, leader, 'auto-follow "logs"'))
            i += 4
        elif i + 2 <= count:  # a bi-directional pair
            a, b = names[i : i + 2]
            relations += [(a, b, None), (b, a, None), (a, b, 'auto-follow "replicated"')]
            pairs.append((a, b))
            i += 2
        else:
            i += 1
    return names, nodes, relations, pairs


def _order(names, relations, pairs):
    """Followers before leaders: a cluster goes after every cluster that follows it."""
    paired = {n for pair in pairs for n in pair}
    followers: dict[str, list[str]] = {n: [] for n in names}
    for follower, leader, _ in relations:
        if not (follower in paired and leader in paired):
            followers[leader].append(follower)
    done: set[str] = set()
    order: list[str] = []

    def visit(name):
        stack = [(name, iter(followers[name]))]
        while stack:
            current, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if current not in done:
                    done.add(current)
                    order.append(current)
            elif child not in done:
                stack.append((child, iter(followers[child])))

    for name in names:
        visit(name)
    return order


def large_runbook(lines: int = 100_000, seed: int = 7) -> str:
    rng = random.Random(seed)
    names, nodes, relations, pairs = _clusters(1000, rng)
    partner = {a: b for a, b in pairs} | {b: a for a, b in pairs}
    out = [
        "# Generated benchmark runbook: a fleet upgraded patch by patch",
        'runbook "fleet patch rounds"',
        "",
    ]
    for name in names:
        listed = f" nodes {', '.join(nodes[name])}" if nodes[name] else ""
        out.append(f"cluster {name} version 8.1.0{listed}")
    out.append("")
    for follower, leader, qualifier in relations:
        out.append(f"{follower} follows {leader}" + (f" {qualifier}" if qualifier else ""))
    out.append("")
    order = _order(names, relations, pairs)
    patch = 0
    while len(out) < lines:
        patch += 1
        version = f"8.1.{patch}"
        out.append(f"# round {patch}: every cluster to {version}, followers first")
        for name in order:
            if len(out) >= lines:
                break
            other = partner.get(name)
            if other is not None:
                if name > other:
                    continue  # the pair is upgraded together, at its first member
                out.append(f'step "pair {name} / {other} to {version}" {{')
                out.append(f"    pause {name} follows {other}")
                out.append(f"    pause {other} follows {name}")
                out.append(f'    note "pause auto-follow on {name} too"')
                out.append("    parallel {")
                out.append(f"        upgrade {name} to {version}")
                out.append(f"        upgrade {other} to {version}")
                out.append("    }")
                out.append(f"    resume {name} follows {other}")
                out.append(f"    resume {other} follows {name}")
                out.append("}")
                continue
            out.append(f'step "{name} to {version}" {{  # one cluster at a time')
            out.append(f'    note "check _ccr/stats on {name} before starting"')
            if nodes[name]:
                for node in nodes[name]:
                    out.append(f"    upgrade {name} node {node} to {version}")
                    out.append('    note "wait for green health"')
            else:
                out.append(f"    upgrade {name} to {version}")
            out.append("}")
    # A few deliberate violations at the end: a leader first, a redundant upgrade.
    follower, leader, _ = relations[0]
    out.append(f"upgrade {leader} to 8.2.0")
    out.append(f"upgrade {leader} to 8.2.0")
    out.append(f"upgrade {follower} to 8.2.0")
    return "\n".join(out) + "\n"


def topology(
    clusters: int = 10_000, relations: int = 20_000, actions: int = 100_000, seed: int = 11
) -> str:
    """Many clusters in a forest of chains (follower index > leader index), few lines each."""
    rng = random.Random(seed)
    out = []
    for i in range(clusters):
        out.append(f"cluster c{i} version 8.1.0")
    made = set()
    while len(made) < relations:
        follower = rng.randrange(1, clusters)
        leader = rng.randrange(max(0, follower - 50), follower)
        made.add((follower, leader))
    # Declared as a team writes them: each follower's relations together.
    out += [f"c{follower} follows c{leader}" for follower, leader in sorted(made)]
    # Followers first: from the highest index down, patch after patch.
    patch = 0
    count = 0
    while count < actions:
        patch += 1
        for i in range(clusters - 1, -1, -1):
            if count >= actions:
                break
            out.append(f"upgrade c{i} to 8.1.{patch}")
            count += 1
    return "\n".join(out) + "\n"


def parallel_runbook(actions: int = 200, parallel: bool = True) -> str:
    """``actions`` leaders upgraded at once (or in sequence), their followers first.

    Each leader in the block has a follower outside it, upgraded before the
    block, so both forms are correct and the checker does the same relation
    work for each: the difference is the cost of reasoning about every order.
    """
    out = [f"cluster l{i} version 8.1.0" for i in range(actions)]
    out += [f"cluster f{i} version 8.1.0" for i in range(actions)]
    out += [f"f{i} follows l{i}" for i in range(actions)]
    out.append('step "followers first" {')
    out += [f"    upgrade f{i} to 8.1.1" for i in range(actions)]
    out.append("}")
    out.append("parallel {" if parallel else 'step "in sequence" {')
    out += [f"    upgrade l{i} to 8.1.1" for i in range(actions)]
    out.append("}")
    return "\n".join(out) + "\n"


def small_runbook(i: int) -> str:
    """A 50-line runbook: a chain of three and a pair, done right."""
    a, b, c, d, e = (f"c{i}-{k}" for k in "abcde")
    lines = [
        f'runbook "small runbook {i}"',
        "target 8.15.1",
        "",
        f"cluster {a} version 8.14.3",
        f"cluster {b} version 8.14.3 nodes {b}-1, {b}-2, {b}-3",
        f"cluster {c} version 8.14.3",
        f"cluster {d} version 8.14.3",
        f"cluster {e} version 8.14.3",
        "",
        f"{b} follows {a}",
        f'{c} follows {b} index "orders"',
        f'{c} follows {b} auto-follow "logs"',
        f"{d} follows {e}",
        f"{e} follows {d}",
        "",
        f'step "end of the chain: {c}" {{',
        '    note "check follower stats first"',
        f"    upgrade {c} to 8.15.1",
        "}",
        "",
        f'step "rolling upgrade of {b}" {{',
        f"    upgrade {b} node {b}-1 to 8.15.1",
        '    note "wait for green"',
        f"    upgrade {b} node {b}-2 to 8.15.1",
        '    note "wait for green"',
        f"    upgrade {b} node {b}-3 to 8.15.1",
        "}",
        "",
        f'step "the leader {a}" {{',
        f"    upgrade {a} to 8.15.1",
        "}",
        "",
        "# the bi-directional pair",
        f'step "pair {d} / {e}" {{',
        f"    pause {d} follows {e}",
        f"    pause {e} follows {d}",
        "    parallel {",
        f"        upgrade {d} to 8.15.1",
        f"        upgrade {e} to 8.15.1",
        "    }",
        f"    resume {d} follows {e}",
        f"    resume {e} follows {d}",
        "}",
        "",
        "# done: every cluster on 8.15.1",
        'note "announce the end of the maintenance window"',
        "",
        "",
        "",
        "",
    ]
    return "\n".join(lines) + "\n"
