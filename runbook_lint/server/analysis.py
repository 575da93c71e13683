"""What the language server knows about one buffer: its diagnostics and its names.

Everything here works on the editor's text, never on the file on disk, and is
computed once per version of the buffer.  A buffer that does not parse has its
RL001 diagnostics and no syntax tree: the requests that need the tree answer
with less (no hover on names, no symbols), the lexical ones (semantic tokens,
keyword completion) still answer.

Over 300 lines on purpose: one ``Analysis`` per buffer version answers every
request (diagnostics, hover, definitions, symbols, tokens, completion) from one
parse and shares its caches; split by request, each part would need them all.
"""

from __future__ import annotations

import os
import re
from typing import Any

from lsprotocol import types

from runbook_lint.catalogue import RULES, UNSILENCEABLE
from runbook_lint.diagnostics import Diagnostic
from runbook_lint.lint.config import ConfigError
from runbook_lint.lint.linter import FileResult, lint_source
from runbook_lint.records import record
from runbook_lint.server.positions import Lines, contains
from runbook_lint.syntax import ast
from runbook_lint.syntax.source import BOM, Source

SOURCE = "runbook-lint"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
KEYWORDS = (
    "runbook target cluster version nodes follows index auto-follow upgrade node to pause "
    "resume all note step parallel assume wait node-upgrade retention-lease"
).split()
STATEMENT_KEYWORDS = (
    "runbook target cluster assume upgrade pause resume note wait step parallel".split()
)
TOKEN_TYPES = ["keyword", "namespace", "property", "number", "string", "comment"]
TOKEN_MODIFIERS = ["declaration", "version", "duration"]
_LEXEME = re.compile(
    r'(?P<string>"[^"\\\r\n]*(?:\\.[^"\\\r\n]*)*"?)|(?P<comment>#.*)|(?P<word>[^\s,(){}"#]+)'
)
_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?")
_DURATION = re.compile(r"(?=\d)(\d+d)?(\d+h)?(\d+m)?(\d+s)?")
_CODE = re.compile(r"RL\d{3}", re.IGNORECASE)
_NOQA = re.compile(r"#\s*noqa(?![\w-])(\s*:)?", re.IGNORECASE)


@record
class Use:
    """A cluster or node name in the buffer."""

    name: ast.Name
    kind: str  # "cluster" or "node"
    cluster: str  # the cluster it names, or the node's cluster
    declaration: bool


class Analysis:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text[1:] if text.startswith(BOM) else text
        self.lines = Lines(self.text, bom=text.startswith(BOM))
        self.config_error: str | None = None
        try:
            self.result = lint(path, self.text)
        except ConfigError as error:  # the buffer is still linted, with no configuration
            self.config_error = f"runbook-lint: {error} (linting without it)"
            self.result = lint(path, self.text, configured=False)
        self.runbook: ast.Runbook | None = self.result.runbook
        self.uses: list[Use] = list(_uses(self.runbook)) if self.runbook is not None else []

    # -- diagnostics ----------------------------------------------------------

    def diagnostics(self) -> list[types.Diagnostic]:
        ordered = sorted(self.result.diagnostics, key=lambda d: d.sort_key())
        return [self.lsp_diagnostic(d) for d in ordered]

    def lsp_diagnostic(self, d: Diagnostic) -> types.Diagnostic:
        message = d.message if d.help is None else f"{d.message}\n{d.help}"
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=_uri(self.path), range=self.lines.range(r.span)),
                message=r.message,
            )
            for r in d.related
        ]
        return types.Diagnostic(
            range=self.lines.range(d.span),
            severity=SEVERITY[d.severity.value],
            code=d.code,
            source=SOURCE,
            message=message,
            related_information=related or None,
        )

    # -- names ----------------------------------------------------------------

    def use_at(self, position: types.Position) -> Use | None:
        line, column = self.lines.offset(position)
        for use in self.uses:
            if contains(use.name.span, line, column):
                return use
        return None

    def declaration(self, use: Use) -> Use | None:
        for other in self.uses:
            if other.declaration and (other.kind, other.cluster) == (use.kind, use.cluster):
                if use.kind == "cluster" or other.name.text == use.name.text:
                    return other
        return None

    def references(self, use: Use, include_declaration: bool) -> list[Use]:
        return [
            other
            for other in self.uses
            if (other.kind, other.cluster, other.name.text)
            == (use.kind, use.cluster, use.name.text)
            and (include_declaration or not other.declaration)
        ]

    def hover(self, position: types.Position) -> str | None:
        code = self._code_at(position)
        if code is not None:
            rule = RULES[code]
            return f"**{rule.code} {rule.name}** ({rule.severity.value})\n\n{rule.summary}"
        use = self.use_at(position)
        if use is None or self.runbook is None:
            return None
        if use.kind == "node":
            return self._hover_node(use)
        return self._hover_cluster(use.cluster)

    def _code_at(self, position: types.Position) -> str | None:
        line, column = self.lines.offset(position)
        text = self.lines.line(line - 1)
        for comment in self.result.comments:
            if comment.span.line == line and _NOQA.search(comment.text):
                for match in _CODE.finditer(text, comment.span.column - 1):
                    if match.start() < column <= match.end() + 1 and match.group().upper() in RULES:
                        return match.group().upper()
        if self.use_at(position) is not None:
            return None
        for d in self.result.diagnostics:
            if contains(d.span, line, column) and d.code in RULES:
                return d.code
        return None

    def _clusters(self) -> list[ast.Cluster]:
        assert self.runbook is not None
        return [s for s in self.runbook.statements if isinstance(s, ast.Cluster)]

    def _relations(self) -> list[ast.Relation]:
        assert self.runbook is not None
        return [s for s in self.runbook.statements if isinstance(s, ast.Relation)]

    def _hover_cluster(self, name: str) -> str | None:
        cluster = next((c for c in self._clusters() if c.name.text == name), None)
        if cluster is None:
            return f"cluster `{name}` is not declared"
        lines = [
            f"**cluster {name}**",
            "",
            f"declared on line {cluster.span.line}: `{self.lines.line(cluster.span.line - 1).strip()}`",
            f"- version: {cluster.version.text}",
        ]
        nodes = [self._node_text(node) for node in cluster.nodes]
        lines.append(
            f"- nodes: {', '.join(nodes)}" if nodes else "- nodes: not declared (one unit)"
        )
        node_upgrade = getattr(cluster, "node_upgrade", None)  # durations (language.md, "Time")
        if node_upgrade is not None:
            lines.append(f"- node upgrade takes: {node_upgrade.text}")
        relations = self._relations()
        leaders = [r.describe() for r in relations if r.follower.text == name]
        followers = [r.describe() for r in relations if r.leader.text == name]
        lines.append(f"- follows: {'; '.join(leaders) if leaders else 'nothing'}")
        lines.append(f"- followed by: {'; '.join(followers) if followers else 'nothing'}")
        group = self._group(name)
        if group:
            lines.append(f"- bi-directional group: {', '.join(group)}")
        return "\n".join(lines)

    def _hover_node(self, use: Use) -> str:
        lines = [f"**node {use.name.text}** of cluster {use.cluster}"]
        declared = self.declaration(use)
        if declared is None:
            lines.append(f"\n`{use.cluster}` declares no node `{use.name.text}`")
        else:
            lines.append(f"\ndeclared on line {declared.name.span.line}")
            cluster = next((c for c in self._clusters() if c.name.text == use.cluster), None)
            if cluster is not None:
                lines.append(f"- cluster version: {cluster.version.text}")
                for node in cluster.nodes:
                    # Only a node that carries attributes (roles, its own version).
                    if (
                        _name_of(node).text == use.name.text
                        and isinstance(node, ast.Node)
                        and bool(node.attributes)
                    ):
                        lines.append(f"- attributes: {self._node_text(node)}")
        return "\n".join(lines)

    def _node_text(self, node: Any) -> str:
        """A declared node as written: its name, with its attributes when it has any."""
        if isinstance(node, ast.Name):
            return node.text
        span = getattr(node, "span", None)
        if isinstance(span, ast.Span) and span.line == span.end_line:
            text = self.lines.line(span.line - 1)[span.column - 1 : span.end_column - 1]
            return " ".join(text.split())
        return _name_of(node).text

    def _group(self, name: str) -> list[str]:
        from runbook_lint.model.topology import bidirectional_groups

        names = sorted({c.name.text for c in self._clusters()})
        index = {n: i for i, n in enumerate(names)}
        edges = [
            (index[r.leader.text], index[r.follower.text])
            for r in self._relations()
            if r.leader.text in index and r.follower.text in index
        ]
        for group in bidirectional_groups(len(names), edges):
            members = sorted(names[i] for i in group)
            if name in members:
                return members
        return []

    # -- symbols --------------------------------------------------------------

    def symbols(self) -> list[types.DocumentSymbol]:
        if self.runbook is None:
            return []
        out = []
        if self.runbook.header is not None:
            out.append(
                self._symbol(
                    self.runbook.header.title, types.SymbolKind.File, self.runbook.header.span
                )
            )
        for statement in self.runbook.statements:
            out.append(self._statement_symbol(statement))
        return out

    def _symbol(
        self,
        name: str,
        kind: types.SymbolKind,
        span: ast.Span,
        children: list[types.DocumentSymbol] | None = None,
        selection: ast.Span | None = None,
    ) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=name or "(untitled)",
            kind=kind,
            range=self.lines.range(span),
            selection_range=self.lines.range(selection or span),
            children=children,
        )

    def _statement_symbol(self, node: Any) -> types.DocumentSymbol:
        span: ast.Span = node.span
        if isinstance(node, ast.Cluster):
            nodes = [
                self._symbol(_name_of(n).text, types.SymbolKind.Field, _name_of(n).span)
                for n in node.nodes
            ]
            return self._symbol(
                node.name.text, types.SymbolKind.Module, span, nodes or None, node.name.span
            )
        if isinstance(node, ast.Relation):
            return self._symbol(node.describe(), types.SymbolKind.Interface, span)
        if isinstance(node, (ast.Step, ast.Parallel)):
            keyword = "step" if isinstance(node, ast.Step) else "parallel"
            children = [self._statement_symbol(child) for child in node.body]
            title = f"{keyword} {node.title}" if node.title is not None else keyword
            return self._symbol(
                title,
                types.SymbolKind.Namespace if keyword == "step" else types.SymbolKind.Array,
                span,
                children,
            )
        text = _cut(self.lines.line(span.line - 1)[span.column - 1 :]).strip()
        if span.end_line == span.line:
            text = _cut(self.lines.line(span.line - 1)[span.column - 1 : span.end_column - 1])
        kind = types.SymbolKind.Constant if isinstance(node, ast.Target) else types.SymbolKind.Event
        return self._symbol(" ".join(text.split()), kind, span)

    # -- completion -----------------------------------------------------------

    def completion(self, position: types.Position) -> list[types.CompletionItem]:
        line, column = self.lines.offset(position)
        before = self.lines.line(line - 1)[: column - 1]
        words = before.split()
        partial = "" if not words or before[-1:].isspace() else words[-1]
        done = words if partial == "" else words[:-1]
        declared = _declared(self.lines.lines)  # lexical: the line being typed does not parse
        clusters = list(declared)
        if '"' in before or "#" in before:
            return []
        if done and done[0] == "cluster" and before.rfind("(") > before.rfind(")"):
            # Inside a node's attribute list: its roles and `version` (language.md).
            from runbook_lint.model.roles import ROLES

            return [
                _item(role, types.CompletionItemKind.EnumMember, "node role")
                for role in sorted(ROLES)
            ] + [_item("version", types.CompletionItemKind.Keyword, "the node's own version")]
        if not done:
            return [_item(k, types.CompletionItemKind.Keyword) for k in STATEMENT_KEYWORDS] + [
                _item(c, types.CompletionItemKind.Module, "cluster (a relation)") for c in clusters
            ]
        last = done[-1]
        if last in ("upgrade", "pause", "resume", "follows") or (
            last in ("pause", "resume") and len(done) == 1
        ):
            items = [_item(c, types.CompletionItemKind.Module, "cluster") for c in clusters]
            if last in ("pause", "resume"):
                items.append(_item("all", types.CompletionItemKind.Keyword))
            return items
        if last == "node" and len(done) >= 3 and done[-3] == "upgrade":
            return [
                _item(node, types.CompletionItemKind.Field, "node")
                for node in declared.get(done[-2], [])
            ]
        if last == "to":
            target = _target(self.lines.lines)
            if target is not None:
                return [_item(target, types.CompletionItemKind.Value, "the target")]
        return []

    # -- quick fixes ----------------------------------------------------------

    def code_actions(self, uri: str, wanted: list[types.Diagnostic]) -> list[types.CodeAction]:
        actions: list[types.CodeAction] = []
        for lsp in wanted:
            if lsp.source != SOURCE or not isinstance(lsp.code, str):
                continue
            d = self._find(lsp)
            if d is None:
                continue
            edits: list[tuple[str, list[types.TextEdit]]] = []
            if d.code == "RL900":
                edits.append(("Remove the unused suppression", self._remove_noqa(d)))
            elif d.code not in UNSILENCEABLE:  # noqa never silences them: no such action
                edit = self._add_noqa(d)
                if edit is not None:
                    edits.append((f"Suppress {d.code} on this line (# noqa: {d.code})", [edit]))
            if d.code == "RL302":
                edits.insert(0, ("Delete the redundant upgrade", [self._delete_line(d.span.line)]))
            if d.code == "RL306":
                resume = self._resume(d)
                if resume is not None:
                    edits.insert(0, ("Resume the paused following at the end", [resume]))
            for title, changes in edits:
                if not changes:
                    continue
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp],
                        edit=types.WorkspaceEdit(changes={uri: changes}),
                    )
                )
        return actions

    def _find(self, lsp: types.Diagnostic) -> Diagnostic | None:
        for d in self.result.diagnostics:
            if d.code == lsp.code and self.lines.range(d.span).start == lsp.range.start:
                return d
        return None

    def _comment_on(self, line: int) -> ast.Comment | None:
        return next((c for c in self.result.comments if c.span.line == line), None)

    def _add_noqa(self, d: Diagnostic) -> types.TextEdit | None:
        line = d.span.line
        text = self.lines.line(line - 1)
        comment = self._comment_on(line)
        if comment is None:
            end = len(text.rstrip())
            return self._edit(line, end, len(text), f"  # noqa: {d.code}")
        match = _NOQA.search(comment.text)
        start = comment.span.column - 1
        if match is None:
            # The old comment stays after the code, where it reads as the reason.
            return self._edit(line, start, start, f"# noqa: {d.code} ")
        if not match.group(1):
            return None  # a bare noqa comment already suppresses everything on the line
        codes = re.match(
            r"[\s,]*(RL\d{3}|[a-z][a-z0-9-]*)(\s*,?\s*(RL\d{3}|[a-z][a-z0-9-]*))*",
            comment.text[match.end() :],
            re.IGNORECASE,
        )
        at = start + match.end() + (codes.end() if codes else 0)
        return self._edit(line, at, at, f", {d.code}" if codes else f" {d.code}")

    def _remove_noqa(self, d: Diagnostic) -> list[types.TextEdit]:
        comment = self._comment_on(d.span.line)
        if comment is None:
            return []
        line = d.span.line
        text = self.lines.line(line - 1)
        start = comment.span.column - 1
        unused = (
            re.findall(r"RL\d{3}", d.message.split("on this line")[0])
            if "unused" in d.message
            else []
        )
        from runbook_lint.lint.suppress import parse_comment

        suppression = parse_comment(comment)
        keep = [c for c in (suppression.codes or ()) if c not in unused] if suppression else []
        if keep and unused:
            match = _NOQA.search(comment.text)
            assert match is not None
            return [
                self._edit(
                    line, start, len(text), f"{comment.text[: match.end()]} {', '.join(keep)}"
                )
            ]
        if not text[:start].strip():
            return [self._delete_line(line)]
        end_of_code = len(text[:start].rstrip())
        return [self._edit(line, end_of_code, len(text), "")]

    def _delete_line(self, line: int) -> types.TextEdit:
        return types.TextEdit(
            range=types.Range(
                start=types.Position(line=line - 1, character=0),
                end=types.Position(line=line, character=0),
            ),
            new_text="",
        )

    def _resume(self, d: Diagnostic) -> types.TextEdit | None:
        described = re.findall(r"'((?:[^']|'(?!(?:, |$)))*)'", d.message.split(": ", 1)[-1])
        texts = []
        for relation in self._relations():
            if relation.describe() in described:
                span = relation.span
                source = self.lines.line(span.line - 1)[span.column - 1 : span.end_column - 1]
                texts.append("resume " + " ".join(source.split()))
        if not texts:
            return None
        end = self.lines.end()
        newline = "\r\n" if "\r\n" in self.text else "\n"
        prefix = "" if not self.lines.line(end.line) else newline
        return types.TextEdit(
            range=types.Range(start=end, end=end),
            new_text=prefix + newline.join(texts) + newline,
        )

    def _edit(self, line: int, start: int, end: int, text: str) -> types.TextEdit:
        return types.TextEdit(
            range=types.Range(
                start=types.Position(line=line - 1, character=self.lines.to_utf16(line - 1, start)),
                end=types.Position(line=line - 1, character=self.lines.to_utf16(line - 1, end)),
            ),
            new_text=text,
        )

    # -- formatting and tokens ------------------------------------------------

    def formatting(self, original: str) -> list[types.TextEdit]:
        from runbook_lint.format import format_text

        formatted = format_text(original)
        if formatted.text is None or formatted.text == original:
            return []
        whole = Lines(original)
        return [
            types.TextEdit(
                range=types.Range(start=types.Position(line=0, character=0), end=whole.end()),
                new_text=formatted.text,
            )
        ]

    def semantic_tokens(self) -> list[int]:
        clusters = {u.name.text for u in self.uses if u.kind == "cluster"}
        nodes = {u.name.text for u in self.uses if u.kind == "node"}
        data: list[int] = []
        previous_line = previous_start = 0
        for index, text in enumerate(self.lines.lines):
            for match in _LEXEME.finditer(text):
                kind = match.lastgroup
                word = match.group()
                modifiers = 0
                if kind == "string":
                    token = 4
                elif kind == "comment":
                    token = 5
                elif word in KEYWORDS:
                    token = 0
                elif _VERSION.fullmatch(word):
                    token, modifiers = 3, 2
                elif _DURATION.fullmatch(word):
                    token, modifiers = 3, 4
                elif word in clusters:
                    token = 1
                elif word in nodes:
                    token = 2
                else:
                    continue
                start = self.lines.to_utf16(index, match.start())
                length = self.lines.to_utf16(index, match.end()) - start
                delta_line = index - previous_line
                delta_start = start - previous_start if delta_line == 0 else start
                data += [delta_line, delta_start, length, token, modifiers]
                previous_line, previous_start = index, start
        return data


_CLUSTER_LINE = re.compile(
    r"\s*cluster\s+([A-Za-z_][A-Za-z0-9_.\-]*)\s+version\s+\S+(?:\s+nodes\s+([^#]*))?"
)
_TARGET_LINE = re.compile(r"\s*target\s+(\S+)")
_NODE_NAME = re.compile(r"(?:^|,)\s*([A-Za-z_][A-Za-z0-9_.\-]*)")


def _declared(lines: list[str]) -> dict[str, list[str]]:
    """Cluster names and their nodes, read line by line (whatever else fails to parse)."""
    declared: dict[str, list[str]] = {}
    for line in lines:
        match = _CLUSTER_LINE.match(line)
        if match is None:
            continue
        nodes_text = re.sub(r"\([^)]*\)?", "", match.group(2) or "")
        nodes_text = nodes_text.split("node-upgrade")[0]
        declared.setdefault(match.group(1), []).extend(_NODE_NAME.findall(nodes_text))
    return declared


def _target(lines: list[str]) -> str | None:
    for line in lines:
        match = _TARGET_LINE.match(line)
        if match is not None:
            return match.group(1)
    return None


def _item(
    label: str, kind: types.CompletionItemKind, detail: str | None = None
) -> types.CompletionItem:
    return types.CompletionItem(label=label, kind=kind, detail=detail)


def _cut(text: str) -> str:
    from runbook_lint.format import _cut_comment

    return _cut_comment(text)


def _name_of(node: Any) -> ast.Name:
    """A node of a `nodes` list: a Name, or (with attributes) a record holding one."""
    if isinstance(node, ast.Name):
        return node
    name = getattr(node, "name", None)
    assert isinstance(name, ast.Name)
    return name


def _uri(path: str) -> str:
    from pygls.uris import from_fs_path

    return from_fs_path(path) or path


def _uses(runbook: ast.Runbook) -> list[Use]:
    uses: list[Use] = []

    def relation(r: ast.Relation) -> None:
        uses.append(Use(r.follower, "cluster", r.follower.text, False))
        uses.append(Use(r.leader, "cluster", r.leader.text, False))

    def visit(node: Any) -> None:
        if isinstance(node, ast.Cluster):
            uses.append(Use(node.name, "cluster", node.name.text, True))
            for n in node.nodes:
                uses.append(Use(_name_of(n), "node", node.name.text, True))
        elif isinstance(node, ast.Relation):
            relation(node)
        elif isinstance(node, ast.Upgrade):
            uses.append(Use(node.cluster, "cluster", node.cluster.text, False))
            if node.node is not None:
                uses.append(Use(node.node, "node", node.cluster.text, False))
        elif isinstance(node, (ast.Pause, ast.Resume)):
            if node.relation is not None:
                relation(node.relation)
        elif isinstance(getattr(node, "body", None), tuple):
            for child in node.body:
                visit(child)
        else:
            # A statement kind added after this module: any cluster it names.
            cluster = getattr(node, "cluster", None)
            if isinstance(cluster, ast.Name):
                uses.append(Use(cluster, "cluster", cluster.text, False))

    for statement in runbook.statements:
        visit(statement)
    return uses


# -- the configuration of the file's folder -------------------------------------

_configs: dict[str, tuple[float, Any]] = {}


def _policy(path: str) -> tuple[Any, Any]:
    """The policy and configuration `check` would use for ``path``, reloaded when the file changes."""
    from runbook_lint.lint import policy as policies
    from runbook_lint.lint.config import discover, load

    folder = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    found = discover(folder)
    if found is None:
        return policies.build(None, None, None), None
    mtime = os.stat(found).st_mtime_ns
    cached = _configs.get(found)
    if cached is None or cached[0] != mtime:
        _configs[found] = (mtime, load(found))  # ConfigError goes to the caller
    config = _configs[found][1]
    return policies.build(config, None, None), config


def lint(path: str, text: str, configured: bool = True) -> FileResult:
    from runbook_lint.lint import policy as policies

    result = lint_source(Source(path, text))
    policy, config = _policy(path) if configured else (policies.build(None, None, None), None)
    if config is not None and config.exclude and config.excluded(path):
        result.diagnostics = []
        return result
    policy.apply(result)
    return result
