"""The built wheel carries the templates and schemas: install it and compile with it."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from conftest import KNOCK_DOC, KNOCK_MODULE, REPO


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


def test_wheel_installs_and_compiles_the_example(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(REPO),
        ],
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    wheels = list(dist.glob("arazzogen-*.whl"))
    assert len(wheels) == 1

    # A fresh venv that sees this interpreter's packages (jinja2, black...) but gets
    # arazzogen itself only from the wheel, installed without any network.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    installed = _run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            str(wheels[0]),
        ],
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    where = _run([str(python), "-c", "import arazzogen; print(arazzogen.__file__)"], cwd=tmp_path)
    assert where.stdout.strip().startswith(str(env_dir)), where.stdout + where.stderr

    out = tmp_path / "flow.py"
    compiled = _run(
        [str(env_dir / "bin" / "arazzogen"), "compile", str(KNOCK_DOC), "-o", str(out)],
        cwd=tmp_path,
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    expected = KNOCK_MODULE.read_text(encoding="utf-8")
    # the header names the document relative to the output file, so compare the rest
    assert out.read_text(encoding="utf-8").split('"""', 2)[2] == expected.split('"""', 2)[2]
