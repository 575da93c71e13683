"""The copies in tests/data equal the originals in ../shared, when it is there.

The suite reads only tests/data so that a clone without ../shared runs it;
this module is the one place that looks at ../shared, to notice drift.
"""

from __future__ import annotations

import pytest
from conftest import DATA, ROOT

SHARED = ROOT.parent / "shared"

# Folder in tests/data -> folder in ../shared, copied whole.
COPIED = {"examples": "examples", "schemas": "schemas"}

needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared is not beside this checkout; nothing to compare"
)


def copies() -> list[str]:
    return sorted(
        f"{folder}/{path.name}"
        for folder in COPIED
        for path in (DATA / folder).iterdir()
        if path.is_file()
    )


def test_the_copies_are_here():
    # Independent of ../shared: the data the suite reads is in the repository.
    assert "schemas/sarif-schema-2.1.0.json" in copies()
    assert len([name for name in copies() if name.endswith(".rbk")]) == 8


@needs_shared
@pytest.mark.parametrize("name", copies())
def test_copy_equals_shared(name):
    folder, file = name.split("/")
    original = SHARED / COPIED[folder] / file
    assert original.is_file(), f"{name} is no longer in ../shared"
    assert (DATA / name).read_bytes() == original.read_bytes()


@needs_shared
@pytest.mark.parametrize("folder", sorted(COPIED))
def test_nothing_in_shared_is_missing(folder):
    originals = sorted(p.name for p in (SHARED / COPIED[folder]).iterdir() if p.is_file())
    here = sorted(p.name for p in (DATA / folder).iterdir() if p.is_file())
    assert here == originals
