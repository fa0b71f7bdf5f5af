"""Start-up cost of the toolkit: importing the CLI and loading the Dagster definitions."""

import time


def run(scale: str) -> dict:
    started = time.perf_counter()
    import adoption_audit.cli.main  # noqa: F401

    cli_s = time.perf_counter() - started
    from adoption_audit.pipelines.definitions import defs

    defs.get_repository_def()
    return {"import_cli_s": round(cli_s, 3), "load_definitions_s": round(time.perf_counter() - started, 3)}
