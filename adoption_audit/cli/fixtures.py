"""``adoption-audit fixtures generate``: a thin caller of :func:`adoption_audit.synthetic.generate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from adoption_audit.synthetic import GenerateOptions, parse_years
from adoption_audit.synthetic import generate as generate_world

app = typer.Typer(help="Generate synthetic source data (fictional children and households).", no_args_is_help=True)


@app.command("generate")
def generate(
    out: Annotated[Path, typer.Option("--out", help="Folder to write DIR/<authority>/<extract date>/ into.")],
    authorities: int = typer.Option(3, "--authorities", min=1, help="How many fictional authorities."),
    years: str = typer.Option("2015-16..2024-25", "--years", help="Financial years, e.g. 2015-16..2024-25."),
    seed: int = typer.Option(1, "--seed", help="The same seed always writes the same files."),
    defects: bool = typer.Option(False, "--defects", help="Plant known faults and list them in manifest.json."),
    file_format: str = typer.Option("csv", "--format", help="csv or xlsx."),
    size: float = typer.Option(1.0, "--size", help="Population multiplier per authority (1 = national size; "
                                                   "0.2 for small fixture worlds)."),
) -> None:
    """Write a coherent synthetic world of source extracts, optionally with planted defects."""
    first, last = parse_years(years)
    result = generate_world(GenerateOptions(out=out, authorities=authorities, first_year=first, last_year=last,
                                            seed=seed, defects=defects, format=file_format.lower(), size=size))
    rows = sum(e["rows"] for e in result.extracts)
    typer.echo(f"Wrote {len(result.extracts)} extracts ({rows} rows) for {len(result.authorities)} authorities "
               f"to {out} in {result.seconds:.1f} s; {len(result.faults)} planted faults in manifest.json.")
