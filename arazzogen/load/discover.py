"""Find the Arazzo documents in a folder (``arazzogen validate DIR``)."""

from __future__ import annotations

from pathlib import Path

DOCUMENT_SUFFIXES = (".arazzo.yaml", ".arazzo.yml", ".arazzo.json")
#: folders never searched, besides hidden ones (``.git``, ``.venv``...)
SKIPPED = frozenset({"node_modules", "__pycache__", "venv"})


def is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def find_documents(folder: Path) -> list[Path]:
    """Every ``*.arazzo.{yaml,yml,json}`` file below ``folder``, sorted; hidden folders
    and :data:`SKIPPED` ones are not searched."""
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if any(p.startswith(".") or p in SKIPPED for p in parts[:-1]):
            continue
        if path.name.lower().endswith(DOCUMENT_SUFFIXES) and path.is_file():
            found.append(path)
    return sorted(found)
