"""`runbook-lint server`: a Language Server Protocol server on pygls, over stdio.

The handlers are thin: each takes the buffer's analysis (server/analysis.py,
computed once per version of the buffer) and turns it into LSP types.  pygls
answers a request whose handler raises with an LSP error response; the error is
also logged to the editor through `window/logMessage`, and the server goes on.

RUNBOOK_LINT_LSP_FAULT="METHOD URI-SUFFIX" makes that method's handler raise
for documents whose URI ends so: it is how the tests show that a failing
handler does not stop the server.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from runbook_lint import __version__
from runbook_lint.server.analysis import TOKEN_MODIFIERS, TOKEN_TYPES, Analysis

DEBOUNCE = 0.02  # seconds: a burst of keystrokes is linted once, and a person sees no lag
F = TypeVar("F", bound=Callable[..., Any])


class RunbookServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("runbook-lint", __version__)
        self.analyses: dict[str, tuple[int | None, Analysis]] = {}
        self.generation: dict[str, int] = {}

    def report_server_error(self, error: Exception, source: Any) -> None:
        self.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Error,
                message=f"runbook-lint: {type(error).__name__}: {error}",
            )
        )

    def analysis(self, uri: str) -> Analysis:
        document = self.workspace.get_text_document(uri)
        cached = self.analyses.get(uri)
        if cached is not None and cached[0] == document.version and document.version is not None:
            return cached[1]
        path = to_fs_path(uri) or uri
        analysis = Analysis(path, document.source)
        if analysis.config_error is not None:
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Warning, message=analysis.config_error
                )
            )
        self.analyses[uri] = (document.version, analysis)
        return analysis

    def publish(self, uri: str) -> None:
        analysis = self.analysis(uri)
        version = self.workspace.get_text_document(uri).version
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=analysis.diagnostics(), version=version
            )
        )


server = RunbookServer()


def faulty(method: str) -> Callable[[F], F]:
    """Raise in ``method``'s handler when the tests ask for it (see the module's docstring)."""

    def wrap(handler: F) -> F:
        def run(ls: Any, params: Any) -> Any:
            fault = os.environ.get("RUNBOOK_LINT_LSP_FAULT", "")
            wanted, _, suffix = fault.partition(" ")
            if wanted == method and params.text_document.uri.endswith(suffix or "\0"):
                raise RuntimeError(f"fault injected into {method}")
            return handler(ls, params)

        return run  # type: ignore[return-value]

    return wrap


@server.feature(types.INITIALIZED)
def initialized(ls: RunbookServer, params: types.InitializedParams) -> None:
    # Ask to be told when a configuration file changes, where the client can
    # watch files for us (a lint also notices a newer file on its own).
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    if watched is None or not watched.dynamic_registration:
        return
    watcher = types.FileSystemWatcher(glob_pattern="**/.runbook-lint.yaml")
    ls.client_register_capability(
        types.RegistrationParams(
            registrations=[
                types.Registration(
                    id="runbook-lint-configuration",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[watcher]
                    ),
                )
            ]
        )
    )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: RunbookServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: RunbookServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    generation = ls.generation.get(uri, 0) + 1
    ls.generation[uri] = generation
    await asyncio.sleep(DEBOUNCE)
    if ls.generation.get(uri) == generation and uri in ls.workspace.text_documents:
        ls.publish(uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: RunbookServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.analyses.pop(
        params.text_document.uri, None
    )  # linted again: the configuration may have changed
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: RunbookServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.analyses.pop(uri, None)
    ls.generation[uri] = ls.generation.get(uri, 0) + 1  # a pending lint is dropped
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: RunbookServer, params: types.DidChangeWatchedFilesParams) -> None:
    # A `.runbook-lint.yaml` changed: every open buffer is linted again (the
    # configuration is reloaded because its modification time changed).
    ls.analyses.clear()
    for uri in list(ls.workspace.text_documents):
        ls.publish(uri)


@server.feature(types.TEXT_DOCUMENT_HOVER)
@faulty("textDocument/hover")
def hover(ls: RunbookServer, params: types.HoverParams) -> types.Hover | None:
    text = ls.analysis(params.text_document.uri).hover(params.position)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: RunbookServer, params: types.DefinitionParams) -> types.Location | None:
    analysis = ls.analysis(params.text_document.uri)
    use = analysis.use_at(params.position)
    declared = analysis.declaration(use) if use is not None else None
    if declared is None:
        return None
    return types.Location(
        uri=params.text_document.uri, range=analysis.lines.range(declared.name.span)
    )


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: RunbookServer, params: types.ReferenceParams) -> list[types.Location]:
    analysis = ls.analysis(params.text_document.uri)
    use = analysis.use_at(params.position)
    if use is None:
        return []
    return [
        types.Location(uri=params.text_document.uri, range=analysis.lines.range(u.name.span))
        for u in analysis.references(use, params.context.include_declaration)
    ]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(
    ls: RunbookServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol]:
    return ls.analysis(params.text_document.uri).symbols()


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" "]))
def completion(ls: RunbookServer, params: types.CompletionParams) -> types.CompletionList:
    items = ls.analysis(params.text_document.uri).completion(params.position)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: RunbookServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    analysis = ls.analysis(params.text_document.uri)
    return analysis.code_actions(params.text_document.uri, list(params.context.diagnostics))


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: RunbookServer, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
    document = ls.workspace.get_text_document(params.text_document.uri)
    return ls.analysis(params.text_document.uri).formatting(document.source)


@server.feature(
    types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
    types.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS),
)
def semantic_tokens(ls: RunbookServer, params: types.SemanticTokensParams) -> types.SemanticTokens:
    return types.SemanticTokens(data=ls.analysis(params.text_document.uri).semantic_tokens())


def serve() -> None:
    # Duplicates of the standard descriptors: pygls closes the streams it is
    # given when the client says `exit`, and the CLI still flushes sys.stdout
    # after the command returns.
    stdin = os.fdopen(os.dup(0), "rb", buffering=0)
    stdout = os.fdopen(os.dup(1), "wb")
    try:
        server.start_io(stdin, stdout)
    finally:
        for stream in (stdin, stdout):
            try:
                stream.close()
            except OSError:
                pass
