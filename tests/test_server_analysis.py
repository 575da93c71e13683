"""The language server's per-buffer analysis never raises, whatever the buffer:
every request a handler can make, on random text and on the fuzz corpus (the
end-to-end tests in test_server.py show the same through LSP)."""

from __future__ import annotations

import sys

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from runbook_lint.server.analysis import Analysis

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALPHABET = st.sampled_from(
    list('abn \t\n\r"#{},().-_0123456789')
    + ["upgrade ", "cluster ", "follows ", "node ", "to ", "😀", "日"]
)


def every_request(text: str) -> None:
    analysis = Analysis("/nonexistent/folder/t.rbk", text)
    diagnostics = analysis.diagnostics()
    analysis.symbols()
    analysis.semantic_tokens()
    analysis.formatting(text)
    analysis.code_actions("file:///t.rbk", diagnostics)
    lines = analysis.lines.lines
    for line in range(min(len(lines) + 1, 30)):
        for character in range(0, min(len(lines[line]) if line < len(lines) else 0, 60) + 2, 3):
            position = types.Position(line=line, character=character)
            analysis.hover(position)
            analysis.completion(position)
            use = analysis.use_at(position)
            if use is not None:
                analysis.declaration(use)
                analysis.references(use, True)


@SETTINGS
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_random_buffers(text):
    every_request(text)


def test_the_fuzz_corpus():
    sys.path.insert(0, str(ROOT / "fuzz"))
    from harness import seed_inputs

    for data in seed_inputs()[:40]:
        every_request(data.decode("utf-8", "replace"))


def test_a_byte_order_mark_in_the_buffer_counts_as_one_utf16_unit():
    text = "\ufeffupgrade b to 8.15.1\ncluster a version 8.14.3\n"
    diagnostic, _rl107 = Analysis("/nonexistent/t.rbk", text).diagnostics()
    assert diagnostic.code == "RL101"
    assert (diagnostic.range.start.character, diagnostic.range.end.character) == (9, 10)
    plain = Analysis("/nonexistent/t.rbk", text[1:]).diagnostics()[0]
    assert (plain.range.start.character, plain.range.end.character) == (8, 9)
    use = Analysis("/nonexistent/t.rbk", text).use_at(types.Position(line=0, character=9))
    assert use is not None and use.name.text == "b"


def test_completion_offers_roles_inside_a_node_attribute_list():
    roles = [
        "data", "data_cold", "data_content", "data_frozen", "data_hot", "data_warm", "ingest",
        "master", "ml", "remote_cluster_client", "transform", "voting_only",
    ]  # fmt: skip
    for line in (
        "cluster c version 8.14.3 nodes n1 (",
        "cluster c version 8.1.0 nodes a (master, da",
    ):
        analysis = Analysis("/nonexistent/t.rbk", line)
        items = analysis.completion(types.Position(line=0, character=len(line)))
        assert [item.label for item in items] == [*roles, "version"]
    # After the list is closed: no roles.
    line = "cluster c version 8.14.3 nodes n1 (master), "
    analysis = Analysis("/nonexistent/t.rbk", line)
    assert analysis.completion(types.Position(line=0, character=len(line))) == []


def test_hover_on_a_node_shows_its_attributes_when_it_has_some():
    text = "cluster c version 8.14.3 nodes m1 (master, version 8.15.1), h1\nupgrade c node m1 to 8.15.1\n"
    analysis = Analysis("/nonexistent/t.rbk", text)
    hover = analysis.hover(types.Position(line=1, character=16))
    assert hover is not None
    assert hover.endswith("- cluster version: 8.14.3\n- attributes: m1 (master, version 8.15.1)")
    text = text.replace("node m1", "node h1")
    hover = Analysis("/nonexistent/t.rbk", text).hover(types.Position(line=1, character=16))
    assert hover is not None and hover.endswith("- cluster version: 8.14.3")


def test_a_syntax_error_gets_no_noqa_action():
    # RL001/RL002 cannot be silenced (catalogue.UNSILENCEABLE): no "Suppress" fix for them.
    text = "cluster a version 8.14\n"
    analysis = Analysis("/nonexistent/t.rbk", text)
    [diagnostic] = analysis.diagnostics()
    assert (diagnostic.range.start.line, diagnostic.code) == (0, "RL001")
    assert [a.title for a in analysis.code_actions("file:///t.rbk", [diagnostic])] == []
