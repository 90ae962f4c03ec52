"""The module compiled from Arazzo sources two levels deep: each document's OpenAPI
sources get their own BaseUrls field, whose docstring names the Arazzo source."""

from __future__ import annotations

from pathlib import Path

from conformance.runner import CASES, compile_case, load_case


def test_base_urls_name_the_arazzo_source(tmp_path: Path) -> None:
    case = load_case(CASES / "flow" / "call-workflow-second-level-arazzo-source.yaml")
    module = compile_case(case, tmp_path).module
    assert module is not None
    assert '    idp: str = "https://idp.example.com/v2"\n' in module
    assert '    """Base URL for source ``idp`` of Arazzo source ``tokens``."""\n' in module
    assert '    """Base URL for source ``api``."""\n' in module  # the main document's own
    # each workflow once, the deepest first
    assert module.index("def issue(") < module.index("def login(") < module.index(
        "def fetch_thing("
    )


def test_the_documents_own_source_keeps_its_name(tmp_path: Path) -> None:
    # the main document and its Arazzo source both name a source `api`
    case = load_case(CASES / "flow" / "call-workflow-of-arazzo-source.yaml")
    module = compile_case(case, tmp_path).module
    assert module is not None
    own = '    api: str = "https://api.example.com"\n    """Base URL for source ``api``."""\n'
    theirs = (
        '    api_2: str = "https://api.example.com"\n'
        '    """Base URL for source ``api`` of Arazzo source ``auth``."""\n'
    )
    assert own in module and theirs in module
