"""A small arazzogen project on disk for the tests: documents, sources, pyproject.toml,
and a loopback server that serves source descriptions (:class:`SourceServer`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from loopback_server import LoopbackHandler, LoopbackService

REPO = Path(__file__).resolve().parents[1]
VALID = REPO / "tests" / "cases" / "_valid"
OPENAPI = (VALID / "api.openapi.yaml").read_text(encoding="utf-8")
FLOW = (VALID / "flow.arazzo.yaml").read_text(encoding="utf-8")
NAMES = ("orders", "billing", "shipping")


def flow(title: str, url: str = "api.openapi.yaml", name: str = "pets") -> str:
    """The valid base document, with its own title and source URL."""
    text = FLOW.replace("title: Pets", f"title: {title.capitalize()}", 1)
    return text.replace(
        "  - name: pets\n    url: api.openapi.yaml", f"  - name: {name}\n    url: {url}"
    )


def make_project(root: Path, *, extra: str = "", names: tuple[str, ...] = NAMES) -> Path:
    """``root`` with flows/<name>.arazzo.yaml (+ one shared OpenAPI file) and a
    pyproject.toml listing one module per document in src/<name>_flow.py."""
    (root / "flows").mkdir(parents=True, exist_ok=True)
    (root / "src").mkdir(exist_ok=True)
    (root / "flows" / "api.openapi.yaml").write_text(OPENAPI, encoding="utf-8")
    modules = []
    for name in names:
        (root / "flows" / f"{name}.arazzo.yaml").write_text(flow(name), encoding="utf-8")
        modules.append(
            f'[[tool.arazzogen.modules]]\ndocument = "flows/{name}.arazzo.yaml"\n'
            f'output = "src/{name}_flow.py"\n'
        )
    (root / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\n\n[tool.arazzogen]\n'
        + extra
        + "\n"
        + "\n".join(modules),
        encoding="utf-8",
    )
    return root


def arazzogen(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command line, in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "arazzogen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )


def copy_valid(target: Path) -> Path:
    shutil.copytree(VALID, target)
    return target / "flow.arazzo.yaml"


@dataclass
class Served:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class _Handler(LoopbackHandler["SourceServer"]):
    def answer(self, body: bytes) -> None:
        owner = self.server.owner
        with owner.lock:
            owner.requests.append(self.path)
            served = owner.files.get(self.path, Served(404, b"not found"))
        self.send_response(served.status)
        for name, value in served.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(served.body)))
        self.end_headers()
        self.wfile.write(served.body)

    def reject_body(self, what: str) -> None:
        self.send_response(400)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = LoopbackHandler.serve


class SourceServer(LoopbackService):
    """Serves ``files`` (path -> :class:`Served`) on 127.0.0.1; records the paths asked."""

    def __init__(self) -> None:
        super().__init__(
            handler=_Handler, name="source-server", label="the source server", socket_timeout=5.0
        )
        self.lock = threading.Lock()
        self.files: dict[str, Served] = {}
        self.requests: list[str] = []

    def serve(self, path: str, body: bytes, status: int = 200, **headers: str) -> str:
        with self.lock:
            self.files[path] = Served(status, body, tuple(headers.items()))
        return self.base_url + path
