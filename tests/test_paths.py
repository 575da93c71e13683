"""How paths are found and reported: as given, as found below a folder, each file once."""

from __future__ import annotations

import json

from conftest import run_cli

BROKEN = b"cluster A version 1.0.0\nupgrade A to 1.0.0\n"


def reported(cwd, *paths) -> list[str]:
    process = run_cli("check", "--format", "json", "--fail-on", "warning", *paths, cwd=cwd)
    assert process.returncode == 1, process.stderr
    return [item["path"] for item in json.loads(process.stdout)]


def test_paths_are_reported_as_given_and_as_found(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.rbk").write_bytes(BROKEN)
    assert reported(tmp_path, "./sub/b.rbk") == ["./sub/b.rbk"]
    assert reported(tmp_path, "sub") == ["sub/b.rbk"]
    assert reported(tmp_path, "./sub") == ["./sub/b.rbk"]
    assert reported(tmp_path, ".") == ["sub/b.rbk"]
    assert reported(tmp_path) == ["sub/b.rbk"]  # no path: the current folder


def test_a_file_named_twice_is_linted_once_under_its_smallest_name(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.rbk").write_bytes(BROKEN)
    assert reported(tmp_path, ".", "./sub/b.rbk") == ["./sub/b.rbk"]
    assert reported(tmp_path, "./sub/b.rbk", ".") == ["./sub/b.rbk"]
