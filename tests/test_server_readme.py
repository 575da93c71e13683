"""The README's editor snippets start the server with the command line the
end-to-end tests start it with (tests/test_server.py's SERVER_COMMAND)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from test_server import SERVER_COMMAND


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## In your editor")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def block(language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", section(), re.DOTALL)
    assert match is not None, language
    return match.group(1)


def test_vs_code():
    settings = json.loads(block("json"))
    command = [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]]
    assert command == SERVER_COMMAND
    assert settings["files.associations"] == {"*.rbk": "rbk"}
    assert settings["glspc.server.languageId"] == ["rbk"]


def test_neovim():
    lua = block("lua")
    (words,) = re.findall(r"cmd = \{ (.*?) \}", lua)
    assert [w.strip().strip('"') for w in words.split(",")] == SERVER_COMMAND
    assert 'extension = { rbk = "rbk" }' in lua


def test_helix():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later
    config = tomllib.loads(block("toml"))
    server = config["language-server"]["runbook-lint"]
    assert [server["command"], *server["args"]] == SERVER_COMMAND
    assert config["language"][0]["file-types"] == ["rbk"]


def test_emacs():
    elisp = block("elisp")
    (words,) = re.findall(r"'\(rbk-mode (.*?)\)\)", elisp)
    assert words.split() == [f'"{word}"' for word in SERVER_COMMAND]
    assert '"\\\\.rbk\\\\\'"' in elisp


def test_pre_commit_snippet_names_both_hooks():
    assert "- id: runbook-lint-format\n      - id: runbook-lint\n" in block("yaml")
