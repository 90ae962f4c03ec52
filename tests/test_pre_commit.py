"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real ``pre-commit try-repo``
in a temporary git repository holding a configured project of three documents.

Skipped when pre-commit (a dev extra) or git is absent. The hook's environment is
installed once per session (pre-commit installs this checkout with pip: that needs the
package index, like any pre-commit user)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from project_kit import REPO, make_project

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="no pre-commit"),
    pytest.mark.skipif(shutil.which("git") is None, reason="no git"),
]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        NO_COLOR="1",
    )
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, home: Path) -> Path:
    """This checkout as it is on disk (uncommitted changes included), committed once in
    a repository of its own: try-repo then installs the hooks' environment once, instead
    of once per call as it does for a working tree with changes."""
    env = _env(home)
    target = tmp_path_factory.mktemp("hook-repo")
    listed = _run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO, env
    )
    assert listed.returncode == 0, listed.stderr
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for args in (["git", "init", "-q", "."], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        done = _run(args, target, env)
        assert done.returncode == 0, done.stderr
    return target


def test_hooks_guard_a_configured_project(tmp_path: Path, home: Path, hook_repo: Path) -> None:
    env = _env(home)
    project = make_project(tmp_path / "project")
    (project / "README.md").write_text("demo\n", encoding="utf-8")
    git = ["git", "-c", "init.defaultBranch=main"]
    assert _run([*git, "init", "-q", "."], project, env).returncode == 0
    assert _run(["git", "add", "-A"], project, env).returncode == 0
    assert _run(["git", "commit", "-qm", "init"], project, env).returncode == 0

    def hook(hook_id: str, *extra: str) -> subprocess.CompletedProcess[str]:
        args = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook_id, *extra]
        return _run(args, project, env)

    # nothing generated yet. Every hook (try-repo runs them by id, with one environment):
    # check fails for the three modules, compile writes them and fails, validate passes
    everything = hook("--all-files")
    assert everything.returncode == 1, everything.stdout + everything.stderr
    statuses = re.findall(
        r"^arazzogen (compile|check|validate)\.+(\w+)$", everything.stdout, re.MULTILINE
    )
    assert statuses == [("check", "Failed"), ("compile", "Failed"), ("validate", "Passed")], (
        everything.stdout
    )
    assert everything.stdout.count("[AZ904]") == 3
    for name in ("orders", "billing", "shipping"):
        assert f"wrote src/{name}_flow.py" in everything.stdout
        assert (project / "src" / f"{name}_flow.py").is_file()
    assert _run(["git", "add", "-A"], project, env).returncode == 0
    assert _run(["git", "commit", "-qm", "modules"], project, env).returncode == 0

    # a hand-edited generated module, staged, is caught; the others are fresh
    module = project / "src" / "orders_flow.py"
    original = module.read_text(encoding="utf-8")
    module.write_text(original.replace('"""', '"""Edited. ', 1), encoding="utf-8")
    _run(["git", "add", str(module)], project, env)
    stale = hook("arazzogen-check")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "src/orders_flow.py is not up to date" in stale.stdout
    assert stale.stdout.count("[AZ904]") == 1


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("flows/orders.arazzo.yaml", True),
        ("vendor/api.openapi.json", True),
        ("openapi/api.yml", True),
        ("src/orders_flow.py", True),
        ("pyproject.toml", True),
        ("sub/pyproject.toml", True),
        ("arazzogen.lock", True),
        ("README.md", False),
        ("setup.cfg", False),
    ],
)
def test_compile_and_check_hooks_run_on_documents_sources_modules(path: str, runs: bool) -> None:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    for hook_id in ("arazzogen-compile", "arazzogen-check"):
        assert by_id[hook_id]["pass_filenames"] is False
        assert (re.search(by_id[hook_id]["files"], path) is not None) is runs
    validate = by_id["arazzogen-validate"]
    assert validate.get("pass_filenames", True) is True
    assert (re.search(validate["files"], path) is not None) is path.endswith(".arazzo.yaml")
