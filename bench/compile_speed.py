#!/usr/bin/env python3
"""How fast arazzogen compiles, as ratios to floors measured in the same run.

Run by hand (not by CI), from a checkout with arazzogen installed::

    python bench/compile_speed.py            # everything, about five minutes on 2 cores
    python bench/compile_speed.py --quick    # without the 1000-workflow document

The inputs are generated (``bench/synthetic.py``): a synthetic OpenAPI description of
Stripe's size (3.2 MB of YAML) and a 5 MB JSON one, and Arazzo documents of 10, 100 and
1000 workflows. Every comparison interleaves its two sides, repeats them and takes
medians, because the machine may be shared. Each line prints the two medians, their
ratio and the goal from issue 10; a line marked "for comparison" has no goal and
explains the line above it (the cold compile next to a process that only imports the
packages a compile needs; the generated run next to a hand-written function that applies
the same limits). The formatting cache on disk is off (every compile is
a first compile) except where a line says otherwise; the JSON line compares two
compiles whose modules have the same shapes, formatted from the process's cache.
Subprocesses read and write bytecode caches, as an installed package has them; the last
line is issue 11's goal for the largest document the default limits allow.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

from arazzogen.api import _front, _Run, compile_document
from arazzogen.build.workflow import build_module
from arazzogen.check.limits import Limits
from arazzogen.diagnostics import Reporter
from arazzogen.emit import formatting
from arazzogen.emit.render import render_module

ROOT = Path(__file__).resolve().parent.parent
KNOCK = ROOT / "generated_examples/knock/arazzo/knock-bulk-set-objects-notify.arazzo.yaml"
#: the 1000-workflow document is past the default limits (AZ011, AZ012, AZ016): raised
LIMITS = Limits(workflows=1000, steps=2000, module_bytes=64 * 1024 * 1024)
LIMIT_FLAGS = (
    "--limit",
    "workflows=1000",
    "--limit",
    "steps=2000",
    "--limit",
    f"module-bytes={64 * 1024 * 1024}",
)


def interleaved(sides: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds of each side, the sides run in turn ``repeats`` times."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(repeats):
        for name, run in sides.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        args, check=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def compile_in_process(path: Path, *, keep: bool = False) -> str:
    if not keep:
        formatting.SHAPES.clear()  # every compile formats from scratch
    outcome = compile_document(path, limits=LIMITS)
    if outcome.module is None:
        raise SystemExit(f"{path} did not compile: {[d.message for d in outcome.diagnostics]}")
    return outcome.module


@dataclass
class Line:
    goal: str
    measured: str
    ratio: float
    limit: float | None  # None: a line that explains another, with no goal of its own

    def show(self) -> str:
        if self.limit is None:
            goal = "(for comparison)"
        else:
            verdict = "meets" if self.ratio <= self.limit else "MISSES"
            goal = f"(goal <= {self.limit}x: {verdict})"
        return f"{self.goal:<62} {self.measured:<46} {self.ratio:6.2f}x  {goal}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def yaml_source(files: dict[str, Path], repeats: int) -> Line:
    source = files["large.openapi.yaml"]

    def floor() -> None:
        yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    medians = interleaved(
        {"floor": floor, "compile": lambda: compile_in_process(files["large-yaml.arazzo.yaml"])},
        repeats,
    )
    size = source.stat().st_size / 1e6
    return Line(
        f"compile vs CSafeLoader parse, {size:.1f} MB YAML source",
        f"{ms(medians['compile'])} vs {ms(medians['floor'])}",
        medians["compile"] / medians["floor"],
        1.2,
    )


def json_source(files: dict[str, Path], repeats: int) -> Line:
    source = files["large.openapi.json"]

    def floor() -> None:
        with source.open(encoding="utf-8") as handle:
            json.load(handle)

    # both documents generate modules of the same shapes: formatted from the process's
    # cache on both sides, so that the difference is the source's cost and not the noise
    # of two black runs
    medians = interleaved(
        {
            "floor": floor,
            "large": lambda: compile_in_process(files["large-json.arazzo.yaml"], keep=True),
            "tiny": lambda: compile_in_process(files["tiny.arazzo.yaml"], keep=True),
        },
        repeats,
    )
    extra = medians["large"] - medians["tiny"]
    size = source.stat().st_size / 1e6
    return Line(
        f"compile extra over a tiny source vs json.load, {size:.1f} MB JSON",
        f"{ms(extra)} ({ms(medians['large'])} - {ms(medians['tiny'])}) vs {ms(medians['floor'])}",
        extra / medians["floor"],
        2.0,
    )


def cold_knock(work: Path, repeats: int) -> list[Line]:
    python = sys.executable
    out = work / "knock_flow.py"
    # to standard output: `-o` would skip a compile whose output is up to date
    compile_knock = (python, "-m", "arazzogen", "compile", str(KNOCK))
    warm = {**os.environ, "ARAZZOGEN_CACHE_DIR": str(work / "cache")}
    out.unlink(missing_ok=True)
    # writes the module run_knock imports, and fills the formatting cache of the warm runs
    process(python, "-m", "arazzogen", "compile", str(KNOCK), "-o", str(out), env=warm)
    # what a compile cannot do without: the packages of its stages, imported and nothing more
    imports = (python, "-c", "import yaml, jinja2, jsonschema")
    medians = interleaved(
        {
            "version": lambda: process(python, "-m", "arazzogen", "--version"),
            "compile": lambda: process(*compile_knock),
            "warm": lambda: process(*compile_knock, env=warm),
            "imports": lambda: process(*imports),
            "black": lambda: process(*imports[:-1], imports[-1] + ", black"),
        },
        repeats,
    )
    return [
        Line(
            "cold compile of Knock vs `arazzogen --version` process",
            f"{ms(medians['compile'])} vs {ms(medians['version'])}",
            medians["compile"] / medians["version"],
            3.0,
        ),
        Line(
            "  the same, formatting cache on disk warm",
            f"{ms(medians['warm'])} vs {ms(medians['version'])}",
            medians["warm"] / medians["version"],
            3.0,
        ),
        Line(
            "  a process that imports PyYAML, jinja2 and jsonschema",
            f"{ms(medians['imports'])} vs {ms(medians['version'])}",
            medians["imports"] / medians["version"],
            None,
        ),
        Line(
            "  ... and black",
            f"{ms(medians['black'])} vs {ms(medians['version'])}",
            medians["black"] / medians["version"],
            None,
        ),
    ]


def renderer(path: Path, *, cwd: Path, limits: Limits | None = LIMITS) -> Callable[[], str]:
    """Load, check and bind ``path`` once; the function returned builds and renders its
    module (not formatted) each time it is called."""
    reporter = Reporter()
    run = _front(_Run(reporter), path, use_sources=True, cwd=cwd, limits=limits)
    doc, version, resolved = run.doc, run.version, run.resolved
    assert doc is not None and version is not None and resolved is not None, path

    def render() -> str:
        module = build_module(
            doc,
            version,
            resolved,
            reporter,  # type: ignore[arg-type]
            source_path=path.name,
        )
        assert module is not None, [d.message for d in reporter.diagnostics]
        return render_module(module)

    return render


def stages_per_workflow(path: Path, workflows: int) -> float:
    """Seconds of build + render + format per workflow of ``path`` (formatting cold)."""
    render = renderer(path, cwd=path.parent)
    formatting.SHAPES.clear()
    start = time.perf_counter()
    formatting.format_source(render())
    return (time.perf_counter() - start) / workflows


def scaling(files: dict[str, Path], repeats: int, quick: bool) -> list[Line]:
    small = statistics.median(
        stages_per_workflow(files["flows-10.arazzo.yaml"], 10) for _ in range(repeats)
    )
    big_count = 100 if quick else 1000
    big = stages_per_workflow(files[f"flows-{big_count}.arazzo.yaml"], big_count)
    lines = [
        Line(
            f"build+render+format per workflow, {big_count} vs 10 workflows",
            f"{ms(big)} vs {ms(small)}",
            big / small,
            1.2,
        )
    ]
    if not quick:
        start = time.perf_counter()
        document = files["flows-1000.arazzo.yaml"]
        output = document.parent / "flows1000.py"
        output.unlink(missing_ok=True)  # `-o` skips a compile whose output is up to date
        process(
            sys.executable,
            "-m",
            "arazzogen",
            "compile",
            str(document),
            "-o",
            str(output),
            *LIMIT_FLAGS,
        )
        total = time.perf_counter() - start
        lines.append(
            Line(
                f"1000-workflow compile (one process, {os.cpu_count()} cores) vs 30 s",
                f"{total:.1f} s vs 30 s",
                total / 30,
                1.0,
            )
        )
    return lines


def run_knock(work: Path, repeats: int) -> list[Line]:
    sys.path.insert(0, str(work))
    import knock_flow  # compiled by cold_knock

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/bulk/set"):
            return httpx.Response(200, json={"id": "op_1", "status": "queued"})
        if path.startswith("/v1/bulk_operations/"):
            handler.polls += 1  # type: ignore[attr-defined]
            done = handler.polls % 2 == 0  # type: ignore[attr-defined]
            return httpx.Response(
                200, json={"id": "op_1", "status": "completed" if done else "processing"}
            )
        if path.endswith("/trigger"):
            return httpx.Response(200, json={"workflow_run_id": "run_1"})
        return httpx.Response(404)

    handler.polls = 0  # type: ignore[attr-defined]
    client = httpx.Client(transport=httpx.MockTransport(handler))
    arguments = {
        "api_key": "sk_test",
        "collection": "projects",
        "objects": [{"id": "p1", "name": "One"}],
        "notify_object_id": "p1",
        "workflow_key": "new-comment",
    }

    def generated() -> None:
        knock_flow.bulk_set_objects_notify(
            **arguments, client=client, repeat_delay=0.0, sleep=lambda _: None
        )

    def by_hand() -> None:
        hand_written(client, **arguments)

    def by_hand_bounded() -> None:
        hand_written_bounded(client, **arguments)

    generated()
    by_hand()
    by_hand_bounded()
    calls = 200
    medians = interleaved(
        {
            "generated": lambda: [generated() for _ in range(calls)],
            "hand": lambda: [by_hand() for _ in range(calls)],
            "bounded": lambda: [by_hand_bounded() for _ in range(calls)],
        },
        repeats * 3,
    )
    per_run = {name: f"{value / calls * 1e6:,.0f} us" for name, value in medians.items()}
    return [
        Line(
            "generated Knock run vs hand-written httpx (MockTransport)",
            f"{per_run['generated']} vs {per_run['hand']} per run",
            medians["generated"] / medians["hand"],
            1.05,
        ),
        Line(
            "  hand-written with the module's limits vs hand-written",
            f"{per_run['bounded']} vs {per_run['hand']} per run",
            medians["bounded"] / medians["hand"],
            None,
        ),
        Line(
            "  generated vs hand-written with the module's limits",
            f"{per_run['generated']} vs {per_run['bounded']} per run",
            medians["generated"] / medians["bounded"],
            None,
        ),
    ]


@dataclass(frozen=True)
class KnockResult:
    bulk_operation_id: object
    bulk_status: object
    workflow_run_id: object


def hand_written(
    client: httpx.Client,
    *,
    api_key: str,
    collection: str,
    objects: list[dict[str, object]],
    notify_object_id: str,
    workflow_key: str,
) -> KnockResult:
    """The Knock flow as a person would write it with httpx."""
    base = "https://api.knock.app"
    headers = {"Authorization": f"Bearer {api_key}"}
    response = client.post(
        f"{base}/v1/objects/{collection}/bulk/set", headers=headers, json={"objects": objects}
    )
    if response.status_code != 200:
        raise RuntimeError(f"bulk set failed: HTTP {response.status_code}")
    operation_id = response.json()["id"]
    for _ in range(100):
        response = client.get(f"{base}/v1/bulk_operations/{operation_id}", headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"poll failed: HTTP {response.status_code}")
        status = response.json().get("status")
        if status not in ("queued", "processing"):
            break
    else:
        raise RuntimeError("bulk operation still running")
    response = client.post(
        f"{base}/v1/workflows/{workflow_key}/trigger",
        headers=headers,
        json={"recipients": [{"id": notify_object_id, "collection": collection}], "data": None},
    )
    if response.status_code != 200:
        raise RuntimeError(f"trigger failed: HTTP {response.status_code}")
    return KnockResult(operation_id, status, response.json().get("workflow_run_id"))


def hand_written_bounded(
    client: httpx.Client,
    *,
    api_key: str,
    collection: str,
    objects: Sequence[Mapping[str, object]],
    notify_object_id: str,
    workflow_key: str,
    max_response_bytes: int = 10_485_760,
    deadline: float = 120.0,
    max_repeats: int = 100,
) -> KnockResult:
    """The Knock flow as a person would write it with the limits and checks that the
    generated function applies to every call: inputs copied as JSON data, path values
    percent-encoded, each body read as a stream within ``max_response_bytes`` and
    ``deadline`` (timeouts capped at it), each body checked to be JSON, a bounded poll
    loop, the outputs' types checked (not: typed errors, secrets redacted from them)."""
    objects = [dict(item) for item in objects]
    base = "https://api.knock.app"
    headers = {"Authorization": f"Bearer {api_key}"}
    limits = client.timeout.as_dict().items()
    timeout = httpx.Timeout(**{k: deadline if v is None else min(v, deadline) for k, v in limits})

    def call(method: str, path: str, payload: object = None) -> object:
        request = client.build_request(
            method, base + path, headers=headers, json=payload, timeout=timeout
        )
        end = time.monotonic() + deadline
        response = client.send(request, stream=True)
        chunks, left = [], max_response_bytes
        try:
            for chunk in response.iter_bytes():  # decompressed
                chunks.append(chunk)
                left -= len(chunk)
                if left < 0 or time.monotonic() > end:
                    raise RuntimeError("response too large or too slow")
        finally:
            response.close()
        if response.status_code != 200:
            raise RuntimeError(f"{method} {path} failed: HTTP {response.status_code}")
        try:
            return json.loads(b"".join(chunks)) if chunks else None
        except ValueError:
            raise RuntimeError(f"{method} {path}: the body is not JSON") from None

    def member(body: object, name: str) -> object:
        return body.get(name) if isinstance(body, dict) else None

    body = call("POST", f"/v1/objects/{quote(collection, safe='')}/bulk/set", {"objects": objects})
    operation_id = member(body, "id")
    if not isinstance(operation_id, str):
        raise RuntimeError("bulk set: no operation id")
    for _ in range(max_repeats + 1):
        body = call("GET", f"/v1/bulk_operations/{quote(operation_id, safe='')}")
        status = member(body, "status")
        if status not in ("queued", "processing"):
            break
    else:
        raise RuntimeError("bulk operation still running")
    recipients = [{"id": notify_object_id, "collection": collection}]
    body = call(
        "POST", f"/v1/workflows/{quote(workflow_key, safe='')}/trigger", {"recipients": recipients}
    )
    run_id = member(body, "workflow_run_id")
    if status not in ("completed", "failed") or not isinstance(run_id, str):
        raise RuntimeError("unexpected status or run id")
    return KnockResult(operation_id, status, run_id)


def import_module(files: dict[str, Path], work: Path, repeats: int) -> Line:
    module = work / "flows100.py"
    module.write_text(compile_in_process(files["flows-100.arazzo.yaml"]), encoding="utf-8")
    python = sys.executable
    env = {**os.environ, "PYTHONPATH": str(work)}
    process(python, "-c", "import flows100", env=env)  # writes the bytecode cache once
    medians = interleaved(
        {
            "httpx": lambda: process(python, "-c", "import httpx", env=env),
            "module": lambda: process(python, "-c", "import flows100", env=env),
        },
        repeats,
    )
    return Line(
        "import of a 100-workflow module vs `import httpx` (processes)",
        f"{ms(medians['module'])} vs {ms(medians['httpx'])}",
        medians["module"] / medians["httpx"],
        2.0,
    )


def rendered_bytes(path: Path) -> int:
    """The size of the module ``path`` generates, before formatting (what AZ016 limits)."""
    return len(renderer(path, cwd=path.parent)())


def fit_limits_document(files: dict[str, Path]) -> int:
    """Write the limits document with as many steps as the default limits allow."""
    document = files["limits.arazzo.yaml"]
    allowed = Limits()

    def write(steps: int) -> None:
        data = synthetic.limits_document(steps, "small.openapi.yaml", 20)
        document.write_text(synthetic._dump(data, as_json=False), encoding="utf-8")

    low, high = 1, allowed.steps
    while low < high:  # the most steps whose module stays within `module-bytes`
        middle = (low + high + 1) // 2
        write(middle)
        if rendered_bytes(document) <= allowed.module_bytes:
            low = middle
        else:
            high = middle - 1
    write(low)
    return low


def largest_allowed(files: dict[str, Path], repeats: int) -> Line:
    """Issue 11: every input the default limits allow is answered within 10 s."""
    steps = fit_limits_document(files)
    document = files["limits.arazzo.yaml"]
    output = document.parent / "largest.py"

    def run() -> None:
        output.unlink(missing_ok=True)  # `-o` skips a compile whose output is up to date
        process(sys.executable, "-m", "arazzogen", "compile", str(document), "-o", str(output))

    seconds = statistics.median(interleaved({"compile": run}, repeats).values())
    size = len(output.read_bytes())
    return Line(
        f"largest document the default limits allow ({steps} steps, {size // 1024} KiB)",
        f"{seconds:.1f} s vs 10 s",
        seconds / 10,
        1.0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the 1000-workflow document (scaling measured at 100)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="repeats of each comparison")
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="arazzogen-bench-"))
    # no formatting cache on disk, here and in the processes started: every compile is
    # a first compile (the cold Knock compile is measured with a warm cache too)
    os.environ["ARAZZOGEN_CACHE_DIR"] = ""
    # processes read and write bytecode caches, as an installed package has them (the
    # environment of a sandbox may forbid writing them; each process then compiles
    # every module it imports from source)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        files = synthetic.write_inputs(work)
        print(
            f"arazzogen compile speed: Python {sys.version.split()[0]}, "
            f"libyaml {yaml.__with_libyaml__}, {os.cpu_count()} cores, "
            f"medians of {options.repeats} interleaved runs "
            f"(the machine may be shared), bytecode caches written, "
            f"load average {os.getloadavg()[0]:.1f} at the start",
            flush=True,
        )
        compile_in_process(files["tiny.arazzo.yaml"])  # schemas, templates: once per process
        measures = [
            lambda: [yaml_source(files, options.repeats)],
            lambda: [json_source(files, options.repeats * 2)],
            lambda: cold_knock(work, options.repeats),
            lambda: scaling(files, options.repeats, options.quick),
            lambda: run_knock(work, options.repeats),
            lambda: [import_module(files, work, options.repeats * 2)],
            lambda: [largest_allowed(files, max(3, options.repeats // 2))],
        ]
        for measure in measures:
            for line in measure():
                print(line.show(), flush=True)
        print(f"load average {os.getloadavg()[0]:.1f} at the end", flush=True)
    finally:
        if options.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
