"""The conformance runner itself fails where it must (a runner that cannot fail proves nothing)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from conformance.runner import CASES, CaseError, Replay, check_outcome, load_case


def _replay(**request: object) -> Replay:
    return Replay([{"request": request, "response": {"status": 200, "json": {"ok": True}}}])


def test_request_mismatches_are_reported() -> None:
    cases = [
        ({"method": "POST"}, httpx.Request("GET", "https://a.example/x")),
        ({"url": "https://a.example/x?b=1"}, httpx.Request("GET", "https://a.example/x?b=2")),
        ({"headers": {"X-Key": "1"}}, httpx.Request("GET", "https://a.example/")),
        ({"json": {"a": 1}}, httpx.Request("POST", "https://a.example/", json={"a": 2})),
        ({"form": {"a": "1"}}, httpx.Request("POST", "https://a.example/", data={"a": "2"})),
        (
            {"absent_headers": ["Cookie"]},
            httpx.Request("GET", "https://a.example/", headers={"Cookie": "c=1"}),
        ),
    ]
    for expected, request in cases:
        replay = _replay(**expected)
        with pytest.raises(AssertionError):
            replay(request)
        assert replay.problems


def test_matching_request_is_answered() -> None:
    replay = _replay(method="GET", url="https://a.example/x", headers={"x-key": "1"})
    response = replay(httpx.Request("GET", "https://a.example/x", headers={"X-Key": "1"}))
    assert response.status_code == 200 and response.json() == {"ok": True}
    check_outcome({"outputs": {}, "exchanges": replay.exchanges}, replay, [], None, None)


def test_unconsumed_exchanges_and_unexpected_waits_fail() -> None:
    replay = _replay(method="GET")
    with pytest.raises(AssertionError, match="0 requests sent"):
        check_outcome({"outputs": {}, "exchanges": replay.exchanges}, replay, [], None, None)
    with pytest.raises(AssertionError, match="waits"):
        check_outcome({"outputs": {}, "sleeps": [1]}, Replay([]), [2.0], None, None)


def test_unexpected_error_and_wrong_error_attributes_fail() -> None:
    with pytest.raises(AssertionError, match="unexpected ValueError"):
        check_outcome({"outputs": {}}, Replay([]), [], None, ValueError("x"))
    error = KeyError("k")
    with pytest.raises(AssertionError):
        check_outcome({"error": {"type": "ValueError"}}, Replay([]), [], None, error)


@pytest.mark.parametrize(
    "text",
    [
        "files: {a.arazzo.yaml: x}\nruns: [{call: f, outputs: {}}]\n",  # no spec
        "spec: Arazzo 1.0.1 x\nfiles: {a.arazzo.yaml: x}\nrun: []\n",  # typo'd key
        "spec: Arazzo 1.0.1 x\nfiles: {a.arazzo.yaml: x}\n",  # neither runs nor refused
        "spec: Arazzo 1.0.1 x\nfiles: {a.arazzo.yaml: x}\nruns: [{call: f}]\n",  # no outcome
    ],
)
def test_malformed_cases_are_rejected(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("conformance.runner.CASES", tmp_path)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError):
        load_case(path)


def test_every_case_file_loads() -> None:
    assert sorted(CASES.rglob("*.yaml"))
