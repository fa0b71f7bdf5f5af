"""The Dagster definitions load, and every asset and check resolves."""

import subprocess
import sys

import dagster as dg
from adoption_audit.pipelines.definitions import defs


def test_definitions_resolve():
    repository = defs.get_repository_def()
    asset_keys = repository.asset_graph.get_all_asset_keys()
    assert asset_keys, "no assets were loaded"
    check_keys = repository.asset_graph.asset_check_keys
    assert check_keys, "no asset checks were loaded"
    for key in check_keys:
        assert key.asset_key in asset_keys, f"check {key} targets an unknown asset"
    # The three nightly stages together cover every asset but the per-document inventory, once each.
    staged = [node.name for name in ("nightly_sources", "nightly_figures", "nightly_documents")
              for node in defs.resolve_job_def(name).graph.nodes]
    assert len(staged) == len(set(staged))
    covered = {key for name in ("nightly_sources", "nightly_figures", "nightly_documents")
               for key in defs.resolve_job_def(name).asset_layer.selected_asset_keys}
    assert asset_keys - covered == {dg.AssetKey("report_inventory")}


def test_package_maps_project_folders(tmp_path):
    """checks/, nlp/ and pipelines/ install under adoption_audit, never as top-level modules."""
    probe = (
        "import importlib.util as u, adoption_audit.checks, adoption_audit.nlp, adoption_audit.pipelines;"
        "print([u.find_spec(n) is None for n in ('checks', 'nlp', 'pipelines')])"
    )
    # Run outside the repository so the work tree itself is not on sys.path.
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[True, True, True]"
