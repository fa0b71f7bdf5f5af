"""What every command shares: input collection, output writing and the contract's exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import typer

from adoption_audit.errors import InputNotFound, UnsupportedFormat

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


def collect_files(paths: Iterable[str], suffixes: tuple[str, ...]) -> list[tuple[Path, str]]:
    """Expand files and folders into ``(path, given)`` pairs, in a stable order.

    ``given`` is what the user typed for the file or for the folder it was found in, so outputs can show
    paths relative to it (see :func:`adoption_audit.provenance.display_path`). A missing path raises
    :class:`InputNotFound`; a named file with an unsupported suffix raises :class:`UnsupportedFormat`.
    """
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputNotFound(given)
        if path.is_dir():
            found += [(p, given) for p in sorted(path.rglob("*"))
                      if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith((".", "~$"))]
        elif path.suffix.lower() in suffixes:
            found.append((path, given))
        else:
            raise UnsupportedFormat(f"unsupported file type '{path.suffix or '(none)'}'; expected one of "
                                    f"{', '.join(suffixes)}", given)
    return found


def emit(text: str, out: Path | None) -> None:
    """Write a command's output to ``out``, or to stdout."""
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8-sig" if out.suffix.lower() == ".csv" else "utf-8")


def to_json(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def finish(exit_code: int) -> None:
    raise typer.Exit(exit_code)
