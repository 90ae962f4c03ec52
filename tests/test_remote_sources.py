"""Mapped and remote source descriptions: --source, [tool.arazzogen.sources],
--allow-remote against a loopback server, the lock file, and no socket without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from project_kit import OPENAPI, SourceServer, arazzogen, flow, make_project

from arazzogen.bind import remote
from arazzogen.bind.lock import Lock, LockError, parse_lock, sha256

# a URL no test resolves: 192.0.2.0/24 is TEST-NET-1, reserved for documentation
OFFLINE_URL = "https://192.0.2.1/openapi.yaml"


@pytest.fixture
def server() -> SourceServer:
    with SourceServer() as running:
        yield running  # type: ignore[misc]


def _remote_doc(folder: Path, url: str, name: str = "remote") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = folder / "flow.arazzo.yaml"
    doc.write_text(flow("remote", url=url), encoding="utf-8")
    return doc


def _json(result: object) -> list[tuple[str, str]]:
    stdout = result.stdout
    return [(d["code"], d["severity"]) for d in json.loads(stdout)["diagnostics"]]


def test_remote_without_allow_remote_opens_no_socket(tmp_path: Path, server: SourceServer) -> None:
    url = server.serve("/openapi.yaml", OPENAPI.encode())
    doc = _remote_doc(tmp_path, url)
    result = arazzogen("compile", str(doc), "-o", "out.py", cwd=tmp_path)
    assert result.returncode == 1
    assert "[AZ302]" in result.stdout
    assert "--source pets=PATH" in result.stdout and "--allow-remote" in result.stdout
    assert server.requests == []
    assert not (tmp_path / "out.py").exists()


@pytest.mark.parametrize("key", ["pets", OFFLINE_URL])
def test_source_maps_a_name_or_url_to_a_local_file(tmp_path: Path, key: str) -> None:
    doc = _remote_doc(tmp_path / "flows", OFFLINE_URL)
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "pets.yaml").write_text(OPENAPI, encoding="utf-8")
    result = arazzogen(
        "compile", str(doc), "-o", "out.py", "--source", f"{key}=vendor/pets.yaml", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = (tmp_path / "out.py").read_text(encoding="utf-8")
    assert "def adopt(" in text
    assert "# arazzogen-input: vendor/pets.yaml" in text
    # the module is fresh with the same mapping, stale without it
    ok = arazzogen(
        "compile",
        str(doc),
        "-o",
        "out.py",
        "--check",
        "--source",
        f"{key}=vendor/pets.yaml",
        cwd=tmp_path,
    )
    assert ok.returncode == 0, ok.stdout
    # unmapped, the source is remote: a check takes its digest from the lock, and there
    # is none (one error, AZ345, never AZ302: --check needs no --allow-remote)
    unmapped = arazzogen("compile", str(doc), "-o", "out.py", "--check", cwd=tmp_path)
    assert unmapped.returncode == 1 and "[AZ345]" in unmapped.stdout
    assert "[AZ302]" not in unmapped.stdout and "--source NAME=PATH" in unmapped.stdout


def test_sources_in_the_configuration(tmp_path: Path) -> None:
    extra = f'[tool.arazzogen.sources]\n"{OFFLINE_URL}" = "vendor/pets.yaml"\n'
    root = make_project(tmp_path, extra=extra, names=("orders",))
    (root / "flows" / "orders.arazzo.yaml").write_text(flow("orders", url=OFFLINE_URL))
    (root / "vendor").mkdir()
    (root / "vendor" / "pets.yaml").write_text(OPENAPI, encoding="utf-8")
    result = arazzogen("compile", cwd=root / "flows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert arazzogen("compile", "--check", cwd=root).returncode == 0
    # the mapped file is an input: changing it makes the module stale
    (root / "vendor" / "pets.yaml").write_text(OPENAPI.replace("the pets", "all pets"))
    assert arazzogen("compile", "--check", cwd=root).returncode == 1


def test_mapping_problems(tmp_path: Path) -> None:
    doc = _remote_doc(tmp_path, OFFLINE_URL)
    missing = arazzogen("validate", str(doc), "--source", "pets=nope.yaml", cwd=tmp_path)
    assert missing.returncode == 1 and "[AZ301]" in missing.stdout and "mapped" in missing.stdout
    unused = arazzogen(
        "validate",
        str(doc),
        "--source",
        "pets=nope.yaml",
        "--source",
        "petz=x.yaml",
        "--output-format",
        "json",
        cwd=tmp_path,
    )
    assert ("AZ344", "warning") in _json(unused)
    bad = arazzogen("validate", str(doc), "--source", "pets", cwd=tmp_path)
    assert bad.returncode == 2 and "[AZ909]" in bad.stdout


def test_allow_remote_fetches_and_locks(tmp_path: Path, server: SourceServer) -> None:
    url = server.serve("/v1/openapi.yaml", OPENAPI.encode())
    doc = _remote_doc(tmp_path, url)
    first = arazzogen("compile", str(doc), "-o", "out.py", "--allow-remote", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert server.requests == ["/v1/openapi.yaml"]
    lock_text = (tmp_path / "arazzogen.lock").read_text(encoding="utf-8")
    assert json.loads(lock_text) == {
        "sources": {url: {"sha256": sha256(OPENAPI.encode()), "size": len(OPENAPI.encode())}},
        "version": 1,
    }
    module = (tmp_path / "out.py").read_text(encoding="utf-8")
    assert f"# arazzogen-input: {url}" in module

    # unchanged: the check answers from the digests and the lock, without fetching
    check = arazzogen(
        "compile", str(doc), "-o", "out.py", "--check", "--allow-remote", cwd=tmp_path
    )
    assert check.returncode == 0, check.stdout
    assert server.requests == ["/v1/openapi.yaml"]
    again = arazzogen(
        "compile", str(doc), "-o", "out.py", "--allow-remote", "--refresh", cwd=tmp_path
    )
    assert again.returncode == 0
    assert (tmp_path / "arazzogen.lock").read_text(encoding="utf-8") == lock_text  # same bytes

    # without --allow-remote, the check trusts the lock: no fetch, no AZ302
    offline = arazzogen("compile", str(doc), "-o", "out.py", "--check", cwd=tmp_path)
    assert offline.returncode == 0, offline.stdout
    assert server.requests == ["/v1/openapi.yaml", "/v1/openapi.yaml"]

    # the upstream changes: a compile refuses it (AZ341), the module and lock stay,
    # even though nothing local changed (a compile with --allow-remote always verifies)
    server.serve("/v1/openapi.yaml", OPENAPI.replace("the pets", "all the pets").encode())
    stale_upstream = arazzogen(
        "compile", str(doc), "-o", "out.py", "--allow-remote", "--output-format", "json",
        cwd=tmp_path,
    )
    assert stale_upstream.returncode == 1 and _json(stale_upstream) == [("AZ341", "error")]
    (changed_upstream,) = json.loads(stale_upstream.stdout)["diagnostics"]
    assert "arazzogen.lock records" in changed_upstream["message"]
    assert changed_upstream["hint"] == (  # the command that accepts it, as asked
        f"review the change, then run `arazzogen compile {doc} -o out.py --allow-remote "
        "--output-format json --refresh` to accept it"
    )
    assert (tmp_path / "out.py").read_text(encoding="utf-8") == module
    changed = arazzogen(
        "validate", str(doc), "--allow-remote", "--output-format", "json", cwd=tmp_path
    )
    assert changed.returncode == 1 and _json(changed) == [("AZ341", "error")]
    assert (tmp_path / "arazzogen.lock").read_text(encoding="utf-8") == lock_text
    refreshed = arazzogen(
        "compile", str(doc), "-o", "out.py", "--allow-remote", "--refresh", cwd=tmp_path
    )
    assert refreshed.returncode == 0, refreshed.stdout
    new_lock = parse_lock((tmp_path / "arazzogen.lock").read_text(encoding="utf-8"))
    assert new_lock.entries[url].sha256 != json.loads(lock_text)["sources"][url]["sha256"]


def test_check_needs_a_locked_source(tmp_path: Path, server: SourceServer) -> None:
    url = server.serve("/o.yaml", OPENAPI.encode())
    doc = _remote_doc(tmp_path, url)
    (tmp_path / "out.py").write_text("", encoding="utf-8")
    # a lock that records another source (without a lock file at all, it is AZ345)
    other = Lock()
    other.record("https://192.0.2.1/other.yaml", b"other")
    (tmp_path / "arazzogen.lock").write_text(other.text(), encoding="utf-8")
    result = arazzogen(
        "compile",
        str(doc),
        "-o",
        "out.py",
        "--check",
        "--allow-remote",
        "--output-format",
        "json",
        cwd=tmp_path,
    )
    assert result.returncode == 1 and _json(result) == [("AZ342", "error")]
    assert (tmp_path / "arazzogen.lock").read_text(encoding="utf-8") == other.text()
    assert server.requests == []


def test_a_broken_lock_file(tmp_path: Path, server: SourceServer) -> None:
    url = server.serve("/o.yaml", OPENAPI.encode())
    doc = _remote_doc(tmp_path, url)
    (tmp_path / "arazzogen.lock").write_text("{not json", encoding="utf-8")
    result = arazzogen("compile", str(doc), "-o", "out.py", "--allow-remote", cwd=tmp_path)
    assert result.returncode == 1 and "[AZ343]" in result.stdout
    assert (tmp_path / "arazzogen.lock").read_text(encoding="utf-8") == "{not json"
    assert server.requests == [] and not (tmp_path / "out.py").exists()


@pytest.mark.parametrize(
    ("path", "status", "headers", "needle"),
    [
        ("/missing.yaml", 404, {}, "HTTP 404"),
        ("/loop.yaml", 302, {"Location": "/loop.yaml"}, "more than 5 redirects"),
        ("/away.yaml", 301, {"Location": "http://192.0.2.1/x.yaml"}, "plain http"),
    ],
)
def test_fetch_failures(
    tmp_path: Path,
    server: SourceServer,
    path: str,
    status: int,
    headers: dict[str, str],
    needle: str,
) -> None:
    url = server.serve(path, b"", status, **headers)
    doc = _remote_doc(tmp_path, url)
    result = arazzogen("validate", str(doc), "--allow-remote", cwd=tmp_path)
    assert result.returncode == 1
    assert "[AZ340]" in result.stdout and needle in result.stdout, result.stdout
    assert len(server.requests) <= remote.MAX_REDIRECTS + 1


def test_redirects_are_followed_and_size_is_capped(server: SourceServer) -> None:
    target = server.serve("/real.yaml", b"x" * 100)
    start = server.serve("/start.yaml", b"", 302, Location="/real.yaml")
    assert remote.fetch(start, timeout=5) == b"x" * 100
    with pytest.raises(remote.FetchError, match="the limit is 99"):
        remote.fetch(target, timeout=5, max_bytes=99)


def test_only_https_or_loopback_http() -> None:
    assert remote.check_url("https://example.com/o.yaml") is None
    assert remote.check_url("http://127.0.0.1:8000/o.yaml") is None
    assert remote.check_url("http://localhost/o.yaml") is None
    assert remote.check_url("http://[::1]/o.yaml") is None
    assert "plain http" in str(remote.check_url("http://example.com/o.yaml"))
    assert "not an https URL" in str(remote.check_url("ftp://example.com/o.yaml"))


def test_timeout(server: SourceServer) -> None:
    # a port that accepts nothing: the server is stopped, the connection is refused fast;
    # a silent peer is simulated with a socket that listens and never answers
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        with pytest.raises(remote.FetchError, match=r"no answer within 0\.3 s"):
            remote.fetch(f"http://127.0.0.1:{port}/o.yaml", timeout=0.3)


def test_lock_text_is_deterministic() -> None:
    one, two = Lock(), Lock()
    one.record("https://b.example/o.yaml", b"b")
    one.record("https://a.example/o.yaml", b"a")
    two.record("https://a.example/o.yaml", b"a")
    two.record("https://b.example/o.yaml", b"b")
    assert one.text() == two.text()
    assert parse_lock(one.text()).entries == one.entries
    for broken in ("[]", '{"version": 2, "sources": {}}', '{"version": 1, "sources": {"u": 1}}'):
        with pytest.raises(LockError):
            parse_lock(broken)
