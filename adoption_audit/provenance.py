"""The ``run`` block every JSON output carries, so an auditor can reproduce it.

Paths are kept as the user gave them, or relative to the folder given: never the absolute paths of the
machine that ran the tool.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from adoption_audit import __version__


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def display_path(path: Path, given: str | Path) -> str:
    """How ``path`` is shown in outputs, given what the user typed (``given``).

    A file named on the command line is shown as typed when that is relative, else by its name; a file
    found inside a folder the user named is shown relative to that folder.
    """
    path, given = Path(path), Path(given)
    if given.is_dir():
        try:
            return path.resolve().relative_to(given.resolve()).as_posix()
        except ValueError:
            return path.name
    return given.as_posix() if not given.is_absolute() else given.name


def input_record(path: Path, shown_as: str) -> dict:
    return {"path": shown_as, "sha256": sha256_of(path), "bytes": path.stat().st_size}


def run_block(inputs: list[tuple[Path, str]], started: datetime | None = None, **extra) -> dict:
    """Provenance for one command: tool, version, start time and every input's hash and size.

    ``inputs`` pairs each real path with the name shown for it (see :func:`display_path`).
    ``extra`` adds fields such as ``rules_version``; the contract allows new fields, never fewer.
    """
    started = started or datetime.now(UTC)
    block = {
        "tool": "adoption-audit",
        "version": __version__,
        "started": started.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "inputs": [input_record(p, shown) for p, shown in inputs],
    }
    block.update(extra)
    return block
