#!/usr/bin/env python3
"""How much CPU does `arazzogen compile --check` spend on an up-to-date module?

Run by hand (not in CI): ``python bench/check_speed.py [--rounds N]``. It builds a project
in a temporary folder from the three example documents of ``generated_examples/`` (Knock,
Chakra, Invopop, with their OpenAPI files), lists them in ``[tool.arazzogen]``, compiles
them once, and then measures, as separate processes (what a pre-commit hook or CI runs):

- ``arazzogen compile --check`` over the three configured modules: CPU per module;
- ``arazzogen compile DOC -o OUT --check`` for one module: CPU of the whole process;
- the same check on a module whose trailer was removed, which must compile for real;
- ``python -c pass``: the interpreter's own start-up, for scale.

CPU is user + system time of the child processes (``resource.getrusage``), the median
over the rounds. The target of issue 9 is under 60 ms of CPU per unchanged module.
Exit status 0 when the target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = {
    "knock": "knock-bulk-set-objects-notify",
    "chakra": "chakra-bulk-update-processes",
    "invopop": "invopop-create-workflow",
}
TARGET_MS = 60.0


def _command() -> list[str]:
    script = Path(sys.executable).with_name("arazzogen")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "arazzogen"]


def _cpu_ms(args: list[str], cwd: Path, rounds: int, expect: int) -> list[float]:
    """CPU milliseconds of each of ``rounds`` runs of ``args``."""
    times = []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != expect:
            raise SystemExit(
                f"{' '.join(args)}: exit {done.returncode}, expected {expect}\n"
                + done.stdout
                + done.stderr
            )
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        times.append(used * 1000)
    return times


def _project(root: Path) -> list[tuple[Path, Path]]:
    modules = []
    entries = []
    for name, stem in EXAMPLES.items():
        for part in ("arazzo", "openapi"):
            shutil.copytree(REPO / "generated_examples" / name / part, root / name / part)
        document = root / name / "arazzo" / f"{stem}.arazzo.yaml"
        output = root / "src" / f"{stem.replace('-', '_')}.py"
        modules.append((document, output))
        entries.append(
            f'[[tool.arazzogen.modules]]\ndocument = "{document.relative_to(root).as_posix()}"\n'
            f'output = "{output.relative_to(root).as_posix()}"\n'
        )
    (root / "src").mkdir()
    (root / "pyproject.toml").write_text("[tool.arazzogen]\n\n" + "\n".join(entries))
    return modules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs per measurement")
    args = parser.parse_args(argv)
    arazzogen = _command()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        modules = _project(root)
        _cpu_ms([*arazzogen, "compile"], root, 1, 0)  # generate the three modules
        startup = statistics.median(_cpu_ms([sys.executable, "-c", "pass"], root, args.rounds, 0))
        every = _cpu_ms([*arazzogen, "compile", "--check"], root, args.rounds, 0)
        per_module = statistics.median(every) / len(modules)
        document, output = modules[0]
        one = _cpu_ms(
            [*arazzogen, "compile", str(document), "-o", str(output), "--check"],
            root,
            args.rounds,
            0,
        )
        # the same module without its trailer: the digests cannot answer, it is compiled
        bare = root / "src" / "bare.py"
        text = output.read_text(encoding="utf-8")
        bare.write_text(text[: text.index("\n# arazzogen-input:")] + "\n", encoding="utf-8")
        slow = _cpu_ms(
            [*arazzogen, "compile", str(document), "-o", str(bare), "--check"],
            root,
            max(3, args.rounds // 5),
            1,
        )
    print(f"interpreter start-up (python -c pass):         {startup:7.1f} ms CPU")
    print(
        f"compile --check, {len(modules)} configured modules:       "
        f"{statistics.median(every):7.1f} ms CPU = {per_module:.1f} ms per module"
    )
    print(f"compile DOC -o OUT --check, one module:        {statistics.median(one):7.1f} ms CPU")
    print(f"the same without a trailer (full compile):     {statistics.median(slow):7.1f} ms CPU")
    print(f"target: under {TARGET_MS:.0f} ms CPU per unchanged module (median of {args.rounds})")
    return 0 if per_module < TARGET_MS and statistics.median(one) < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
