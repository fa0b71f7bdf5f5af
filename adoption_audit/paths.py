"""Where things live on an embedded default install.

The defaults are the ones the README promises: bundled fixtures under ``fixtures/`` in the project,
output under ``out/``, Dagster's SQLite storage under ``DAGSTER_HOME`` (``.dagster_home/``). A run
configuration (``adoption-audit run --config``) overrides any of them.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
FIXTURES = PROJECT_ROOT / "fixtures"


def default_out_dir() -> Path:
    return Path(os.environ.get("ADOPTION_AUDIT_OUT", "out"))


def dagster_home() -> Path:
    """``DAGSTER_HOME``, defaulting to ``.dagster_home`` in the cwd, created on first use."""
    home = Path(os.environ.get("DAGSTER_HOME") or ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    return home
