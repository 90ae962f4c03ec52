"""The built wheel carries the templates and schemas: install it and compile with it.

The test venv is isolated (no ``system_site_packages``: from inside a virtualenv that
would expose the *base* interpreter's packages, not the ones this suite runs with). It
gets arazzogen only from the wheel, and the wheel's dependencies (jinja2, black, httpx...)
from the site-packages folders of the interpreter running the tests, through a ``.pth``
file: no network, and the same in a venv as without one.
"""

from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from conftest import KNOCK_DOC, KNOCK_MODULE, REPO

from arazzogen.digest import without_trailer


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

    metadata = _wheel_metadata(wheels[0])
    requires = {
        re.split(r"[<>=!~ ;\[]", line.split(":", 1)[1].strip(), maxsplit=1)[0].lower()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    # the generated modules need httpx: installing arazzogen must bring it
    assert {"httpx", "jinja2", "pyyaml", "jsonschema", "black"} <= requires, metadata

    env_dir = tmp_path / "venv"
    python = _isolated_venv(env_dir)
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
    # the header and the trailer name the inputs relative to the output file: compare the rest
    def body(text: str) -> str:
        return without_trailer(text).split('"""', 2)[2]

    assert body(out.read_text(encoding="utf-8")) == body(expected)

    # the module runs with what the install brought (httpx)
    imported = _run([str(python), "-c", "import flow; print(flow.__name__)"], cwd=tmp_path)
    assert imported.returncode == 0 and imported.stdout.strip() == "flow", (
        imported.stdout + imported.stderr
    )


def _wheel_metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return archive.read(name).decode("utf-8")


def _site_dirs() -> list[str]:
    """The folders this interpreter imports installed packages from (venv or not)."""
    return [p for p in sys.path if Path(p).name in {"site-packages", "dist-packages"}]


def _isolated_venv(env_dir: Path) -> Path:
    """A venv that sees neither the base interpreter's packages nor this checkout, and
    finds the wheel's dependencies in this interpreter's site-packages, *after* its own
    (a ``.pth`` line appends to ``sys.path``; it does not run the ``.pth`` files found
    there, so an editable install of arazzogen stays invisible)."""
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=env_dir,
    ).stdout.strip()
    Path(purelib, "_arazzogen_test_deps.pth").write_text(
        "".join(f"{d}\n" for d in _site_dirs()), encoding="utf-8"
    )
    return python
