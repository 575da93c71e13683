"""`runbook-lint server` end to end: pytest-lsp starts the real server as a subprocess
(the console script, with the command line the README gives editors) and talks
LSP to it as an editor does.  One server serves the whole module; each test uses
its own document URI.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

WAIT_SECONDS = 30  # per notification; the slowest seen under a loaded 2-core machine is under 2 s

pytestmark = pytest.mark.asyncio(loop_scope="module")

# The editor snippets in the README start exactly this (tests/test_server_readme.py).
SERVER_COMMAND = ["runbook-lint", "server"]
SCRIPT = shutil.which("runbook-lint", path=os.path.dirname(sys.executable)) or "runbook-lint"
DATA = Path(__file__).parent / "data" / "format"


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[SCRIPT, *SERVER_COMMAND[1:]],
        server_env={**os.environ, "RUNBOOK_LINT_LSP_FAULT": "textDocument/hover fault.rbk"},
    ),
)
async def client(lsp_client: LanguageClient):
    INITIALIZE["result"] = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A workspace folder with a configuration, and a subfolder without one."""
    root = tmp_path_factory.mktemp("workspace")
    (root / "configured").mkdir()
    (root / "configured" / ".runbook-lint.yaml").write_text("ignore: [RL302]\n")
    (root / "plain").mkdir()
    return root


COUNTER = iter(range(10_000))
INITIALIZE: dict[str, types.InitializeResult] = {}


def uri_in(folder: Path, sub: str = "plain") -> str:
    return (folder / sub / f"doc{next(COUNTER)}.rbk").as_uri()


def diagnostics_for(client: LanguageClient, uri: str) -> asyncio.Task[list[types.Diagnostic]]:
    """The next diagnostics published for URI, waited for from now on.

    A task, started before the caller sends the request that makes the server
    publish: a bare coroutine would only begin to wait at its ``await``, and a
    server that answers first (a configuration change is republished at once)
    was missed, a timeout in one full-suite run out of three.  A bound on the
    wait: a notification the server never sends fails the test instead of
    hanging the suite.
    """

    async def wait() -> list[types.Diagnostic]:
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri:
                return list(params.diagnostics)

    return asyncio.ensure_future(asyncio.wait_for(wait(), WAIT_SECONDS))


async def open_document(client: LanguageClient, uri: str, text: str) -> list[types.Diagnostic]:
    waiting = diagnostics_for(client, uri)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="rbk", version=1, text=text)
        )
    )
    return await waiting


def summary(diagnostics) -> list[tuple[int, int, int, int, str]]:
    return [
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.code,
        )
        for d in diagnostics
    ]


def utf16_offset(text: str, position: types.Position) -> int:
    lines = text.split("\n")
    before = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for i, char in enumerate(line):
        if units >= position.character:
            return before + i
        units += 2 if ord(char) > 0xFFFF else 1
    return before + len(line)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start = utf16_offset(text, edit.range.start)
        end = utf16_offset(text, edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


async def change(client: LanguageClient, uri: str, version: int, edits: list[types.TextEdit]):
    waiting = diagnostics_for(client, uri)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
                for e in sorted(
                    edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
                )
            ],
        )
    )
    return await waiting


RUNBOOK = """\
target 8.15.1
cluster a version 8.14.3 nodes n1, n2
cluster b version 8.14.3
b follows a
pause b follows a
upgrade b to 8.15.1
upgrade b to 8.15.1
upgrade a node n1 to 8.15.1
upgrade a node n2 to 8.15.1
"""


async def test_initialize_advertises_the_capabilities(client: LanguageClient):
    assert INITIALIZE["result"].server_info.name == "runbook-lint"
    from runbook_lint import __version__

    assert INITIALIZE["result"].server_info.version == __version__
    result = INITIALIZE["result"].capabilities
    assert result.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert result.hover_provider and result.definition_provider and result.references_provider
    assert result.document_symbol_provider and result.document_formatting_provider
    assert list(result.code_action_provider.code_action_kinds) == [types.CodeActionKind.QuickFix]
    assert list(result.semantic_tokens_provider.legend.token_types) == [
        "keyword", "namespace", "property", "number", "string", "comment",
    ]  # fmt: skip
    assert result.completion_provider is not None


async def test_open_change_close_publish_diagnostics(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    diagnostics = await open_document(client, uri, RUNBOOK)
    assert summary(diagnostics) == [(4, 0, 4, 17, "RL306"), (6, 0, 6, 19, "RL302")]
    rl306 = diagnostics[0]
    assert rl306.severity == types.DiagnosticSeverity.Error and rl306.source == "runbook-lint"
    assert rl306.message.startswith(
        "following is left paused when the runbook ends: 'b follows a'\n"
    )
    assert diagnostics[1].severity == types.DiagnosticSeverity.Warning
    # One character: `8.15.1` -> `8.15.2` on the redundant upgrade makes it a new
    # version for b, and the earlier target check fails instead.
    edit = types.TextEdit(
        range=types.Range(
            start=types.Position(line=6, character=18), end=types.Position(line=6, character=19)
        ),
        new_text="2",
    )
    after = await change(client, uri, 2, [edit])
    assert [d.code for d in after] == ["RL305", "RL306"]
    waiting = diagnostics_for(client, uri)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await waiting == []


async def test_related_information(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    text = "cluster a version 8.14.3\ncluster b version 8.14.3\nb follows a\nupgrade a to 8.15.1\n"
    (diagnostic,) = await open_document(client, uri, text)
    assert diagnostic.code == "RL201"
    (related,) = diagnostic.related_information
    assert (related.location.uri, related.location.range.start.line) == (uri, 2)


async def test_the_configuration_of_the_files_folder_applies(client: LanguageClient, folder: Path):
    diagnostics = await open_document(client, uri_in(folder, "configured"), RUNBOOK)
    assert [d.code for d in diagnostics] == ["RL306"]  # RL302 ignored by that folder's file


async def test_noqa_applies(client: LanguageClient, folder: Path):
    text = RUNBOOK.replace(
        "upgrade b to 8.15.1\nupgrade a", "upgrade b to 8.15.1  # noqa: RL302\nupgrade a"
    )
    diagnostics = await open_document(client, uri_in(folder), text)
    assert [d.code for d in diagnostics] == ["RL306"]


async def test_a_buffer_that_does_not_parse(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    diagnostics = await open_document(client, uri, "cluster a version 8.15\nupgrade a to 9.0.0\n")
    assert summary(diagnostics) == [(0, 18, 0, 22, "RL001")]
    # Every other request still answers, with less.
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert not symbols
    formatting = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert not formatting
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert list(tokens.data[:5]) == [0, 0, 7, 0, 0]  # `cluster`, a keyword


async def test_a_handler_that_raises_leaves_the_server_serving(
    client: LanguageClient, folder: Path
):
    uri = (folder / "plain" / "fault.rbk").as_uri()
    await open_document(client, uri, RUNBOOK)
    with pytest.raises(Exception, match="fault injected into textDocument/hover"):
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=1, character=9),
            )
        )
    for _ in range(100):  # the log notification may follow the error response
        if any("fault injected" in m.message for m in client.log_messages):
            break
        await asyncio.sleep(0.02)
    assert any("fault injected into textDocument/hover" in m.message for m in client.log_messages)
    location = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=5, character=8),
        )
    )
    assert location.range.start == types.Position(line=2, character=8)


UNICODE = """\
runbook "升级 🚀 prod"  # 注释 😀
cluster a version 8.14.3
cluster b version 8.14.3
b follows a index "日本😀"
note "🚀🚀"
pause b follows a index "日本😀"  # 😀
"""


async def test_utf16_positions(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    diagnostics = await open_document(client, uri, UNICODE)
    # `pause b follows a index "日本😀"`: 29 code points, 30 UTF-16 units.
    assert summary(diagnostics) == [(5, 0, 5, 30, "RL306")]
    definition = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=5, character=6),
        )
    )
    assert definition.range == types.Range(
        start=types.Position(line=2, character=8), end=types.Position(line=2, character=9)
    )
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    data = tokens.data
    first_line = [list(data[i : i + 5]) for i in range(0, 15, 5)]
    # runbook (keyword), the string (12 units: "升级 🚀 prod"), the comment after two spaces.
    assert first_line == [[0, 0, 7, 0, 0], [0, 8, 12, 4, 0], [0, 14, 7, 5, 0]]


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (
            (2, 9),
            "**cluster b**\n\ndeclared on line 3: `cluster b version 8.14.3`\n- version: 8.14.3\n"
            "- nodes: not declared (one unit)\n- follows: b follows a\n- followed by: nothing",
        ),
        ((7, 15), "**node n1** of cluster a\n\ndeclared on line 2\n- cluster version: 8.14.3"),
        (
            (6, 30),
            "**RL302 redundant-upgrade** (warning)\n\n"
            "An upgrade changes nothing: every node it names already runs that version.",
        ),
    ],
)
async def test_hover(client: LanguageClient, folder: Path, position, expected):
    uri = uri_in(folder)
    text = RUNBOOK.replace(
        "upgrade b to 8.15.1\nupgrade a", "upgrade b to 8.15.1  # noqa: RL302\nupgrade a"
    )
    await open_document(client, uri, text)
    line, character = position
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    assert hover.contents.value == expected


async def test_hover_on_a_bidirectional_group(tmp_path):
    from runbook_lint.server.analysis import Analysis

    text = "cluster a version 8.14.3\ncluster b version 8.14.3\nb follows a\na follows b\n"
    hover = Analysis(str(tmp_path / "t.rbk"), text).hover(types.Position(line=0, character=8))
    assert hover is not None and hover.endswith("- bi-directional group: a, b")


async def test_definition_and_references(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    await open_document(client, uri, RUNBOOK)
    identifier = types.TextDocumentIdentifier(uri=uri)
    definition = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=identifier, position=types.Position(line=8, character=15)
        )
    )
    assert (definition.range.start.line, definition.range.start.character) == (1, 35)  # n2
    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=identifier,
            position=types.Position(line=1, character=8),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert [(r.range.start.line, r.range.start.character) for r in references] == [
        (1, 8), (3, 10), (4, 16), (7, 8), (8, 8),
    ]  # fmt: skip


async def test_document_symbols(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    text = 'runbook "r"\ncluster a version 8.14.3 nodes n1\nstep "s" {\n    parallel {\n        upgrade a to 8.15.1\n    }\n}\n'
    await open_document(client, uri, text)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )

    def tree(items):
        return [(s.name, s.kind, tree(s.children or [])) for s in items]

    assert tree(symbols) == [
        ("r", types.SymbolKind.File, []),
        ("a", types.SymbolKind.Module, [("n1", types.SymbolKind.Field, [])]),
        (
            "step s",
            types.SymbolKind.Namespace,
            [
                (
                    "parallel",
                    types.SymbolKind.Array,
                    [("upgrade a to 8.15.1", types.SymbolKind.Event, [])],
                )
            ],
        ),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "",
            [
                "runbook",
                "target",
                "cluster",
                "assume",
                "upgrade",
                "pause",
                "resume",
                "note",
                "wait",
                "step",
                "parallel",
                "a",
                "b",
            ],
        ),
        ("upgrade ", ["a", "b"]),
        ("pause ", ["a", "b", "all"]),
        ("b follows ", ["a", "b"]),
        ("upgrade a node ", ["n1", "n2"]),
        ("upgrade a to ", ["8.15.1"]),
    ],
)
async def test_completion(client: LanguageClient, folder: Path, line, expected):
    uri = uri_in(folder)
    await open_document(client, uri, RUNBOOK + line)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=9, character=len(line)),
        )
    )
    assert [item.label for item in result.items] == expected


async def code_actions(client, uri, diagnostic):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )


@pytest.mark.parametrize(
    ("text", "code", "title", "fixed"),
    [
        (
            RUNBOOK,
            "RL302",
            "Delete the redundant upgrade",
            RUNBOOK.replace("upgrade b to 8.15.1\nupgrade b to 8.15.1\n", "upgrade b to 8.15.1\n"),
        ),
        (
            RUNBOOK,
            "RL302",
            "Suppress RL302 on this line (# noqa: RL302)",
            RUNBOOK.replace(
                "8.15.1\nupgrade a node n1", "8.15.1  # noqa: RL302\nupgrade a node n1"
            ),
        ),
        (
            RUNBOOK.replace(
                "8.15.1\nupgrade a node n1", "8.15.1  # noqa: RL201\nupgrade a node n1"
            ),
            "RL302",
            "Suppress RL302 on this line (# noqa: RL302)",
            RUNBOOK.replace(
                "8.15.1\nupgrade a node n1", "8.15.1  # noqa: RL201, RL302\nupgrade a node n1"
            ),
        ),
        (
            RUNBOOK.replace("8.15.1\nupgrade a node n1", "8.15.1  # why\nupgrade a node n1"),
            "RL302",
            "Suppress RL302 on this line (# noqa: RL302)",
            RUNBOOK.replace(
                "8.15.1\nupgrade a node n1", "8.15.1  # noqa: RL302 # why\nupgrade a node n1"
            ),
        ),
        (
            RUNBOOK,
            "RL306",
            "Resume the paused following at the end",
            RUNBOOK + "resume b follows a\n",
        ),
        (
            RUNBOOK + "resume b follows a  # noqa: RL101\n",
            "RL900",
            "Remove the unused suppression",
            RUNBOOK + "resume b follows a\n",
        ),
        (
            RUNBOOK + "resume b follows a\n# noqa\n",
            "RL900",
            "Remove the unused suppression",
            RUNBOOK + "resume b follows a\n",
        ),
    ],
)
async def test_each_quick_fix_applied_and_relinted(client, folder, text, code, title, fixed):
    uri = uri_in(folder)
    diagnostics = await open_document(client, uri, text)
    before = [d.code for d in diagnostics]
    target = next(d for d in diagnostics if d.code == code)
    actions = await code_actions(client, uri, target)
    action = next(a for a in actions if a.title == title)
    edits = action.edit.changes[uri]
    assert apply(text, edits) == fixed
    after = await change(client, uri, 2, edits)
    expected = list(before)
    expected.remove(code)
    assert [d.code for d in after] == expected  # that diagnostic gone, nothing else changed


async def test_formatting(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    source = (DATA / "comments.rbk").read_text(encoding="utf-8")
    await open_document(client, uri, source)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert apply(source, edits) == (DATA / "comments.expected.rbk").read_text(encoding="utf-8")


async def test_semantic_tokens(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    await open_document(client, uri, 'cluster a version 8.14.3 nodes n1\nnote "x"  # c\n')
    tokens = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert list(tokens.data) == [
        0, 0, 7, 0, 0,  # cluster
        0, 8, 1, 1, 0,  # a (a cluster: namespace)
        0, 2, 7, 0, 0,  # version
        0, 8, 6, 3, 2,  # 8.14.3 (number, version)
        0, 7, 5, 0, 0,  # nodes
        0, 6, 2, 2, 0,  # n1 (a node: property)
        1, 0, 4, 0, 0,  # note
        0, 5, 3, 4, 0,  # "x"
        0, 5, 3, 5, 0,  # # c
    ]  # fmt: skip


async def test_durations_are_tokens(tmp_path):
    from runbook_lint.server.analysis import Analysis

    data = Analysis(str(tmp_path / "t.rbk"), "wait 1h30m\n").semantic_tokens()
    assert data == [0, 0, 4, 0, 0, 0, 5, 5, 3, 4]


async def test_watches_the_configuration_and_shuts_down(folder: Path):
    from pytest_lsp import make_test_lsp_client

    own = make_test_lsp_client()
    registered: list[types.RegistrationParams] = []
    arrived = asyncio.Event()

    @own.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registered.append(params)
        arrived.set()

    await own.start_io(SCRIPT, *SERVER_COMMAND[1:])
    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            )
        )
    )
    await own.initialize_session(types.InitializeParams(capabilities=capabilities))
    await asyncio.wait_for(arrived.wait(), 10)
    (registration,) = registered[0].registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert [w["globPattern"] for w in registration.register_options["watchers"]] == [
        "**/.runbook-lint.yaml"
    ]
    await own.shutdown_session()
    assert own._server.returncode == 0
    await own.stop()


async def test_other_commands_do_not_import_pygls(tmp_path):
    import subprocess

    (tmp_path / "a.rbk").write_text("cluster a version 8.14.3\n")
    code = (
        "import sys; from runbook_lint.cli import main; "
        "main(['check', '-q', sys.argv[1]]); main(['format', '--check', sys.argv[1]]); "
        "sys.exit(1 if 'pygls' in sys.modules or 'lsprotocol' in sys.modules else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


async def test_save_and_a_changed_configuration(client: LanguageClient, folder: Path):
    sub = folder / "reloaded"
    sub.mkdir()
    uri = uri_in(folder, "reloaded")
    assert [d.code for d in await open_document(client, uri, RUNBOOK)] == ["RL306", "RL302"]
    (sub / ".runbook-lint.yaml").write_text("ignore: [RL306]\n")
    waiting = diagnostics_for(client, uri)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(sub / ".runbook-lint.yaml").as_uri(), type=types.FileChangeType.Created
                )
            ]
        )
    )
    assert [d.code for d in await waiting] == ["RL302"]
    (sub / ".runbook-lint.yaml").write_text("ignore: [RL306, RL302]\n")
    os.utime(sub / ".runbook-lint.yaml", (2_000_000_000, 2_000_000_000))  # a new mtime, surely
    waiting = diagnostics_for(client, uri)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await waiting == []


async def test_hover_on_a_diagnostic_names_its_rule(client: LanguageClient, folder: Path):
    uri = uri_in(folder)
    await open_document(client, uri, RUNBOOK)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=6, character=11),  # `to` of the redundant upgrade
        )
    )
    assert hover.contents.value.startswith("**RL302 redundant-upgrade** (warning)")


async def test_hover_shows_a_clusters_node_upgrade_duration(tmp_path):
    from runbook_lint.server.analysis import Analysis

    text = "cluster a version 8.14.3 nodes n1 node-upgrade 30m\nwait 45m\n"
    hover = Analysis(str(tmp_path / "t.rbk"), text).hover(types.Position(line=0, character=8))
    assert hover is not None and "- node upgrade takes: 30m\n" in hover
