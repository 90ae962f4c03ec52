"""The garbage collector is tuned while a document is checked or compiled, then put back."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from arazzogen import api

ROOT = Path(__file__).resolve().parent.parent
KNOCK = ROOT / "generated_examples/knock/arazzo/knock-bulk-set-objects-notify.arazzo.yaml"


def test_compile_runs_with_fewer_collections_and_restores_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[tuple[int, ...], int]] = []
    original = api._front

    def spying(*args: object, **kwargs: object) -> object:
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "_front", spying)
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    assert api.compile_document(KNOCK, cwd=ROOT).module is not None
    assert api.validate(KNOCK, cwd=ROOT).diagnostics is not None
    assert [threshold for threshold, _ in seen] == [api.GC_THRESHOLDS] * 2
    assert all(count > 0 for _, count in seen)  # what was alive was frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen


def test_a_nested_call_and_an_application_freeze_are_left_alone() -> None:
    calls: list[tuple[tuple[int, ...], int]] = []

    @api._few_collections
    def inner() -> None:
        calls.append((gc.get_threshold(), gc.get_freeze_count()))

    @api._few_collections
    def outer() -> None:
        inner()
        calls.append((gc.get_threshold(), gc.get_freeze_count()))

    gc.freeze()  # the application's own freeze
    try:
        frozen = gc.get_freeze_count()
        outer()
        assert gc.get_freeze_count() == frozen  # not thawed by the compile
        assert calls == [(api.GC_THRESHOLDS, frozen)] * 2
    finally:
        gc.unfreeze()
