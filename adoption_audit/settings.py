"""What a run reads and where it writes: the embedded default, or a YAML run configuration.

The default is the bundled fixtures and ``out/``, so ``make run`` works on a fresh machine. A data team
points a config at its own folders::

    sources: /data/adoption/extracts      # DIR/<authority>/<extract date>/<files>
    reports: /data/adoption/reports       # published reports to audit
    cprs: /data/adoption/cpr-inbox        # CPRs awaiting QA
    out: /data/adoption/audit-out
    acknowledgements: /data/adoption/acknowledgements.yaml

Relative paths in a config file are read relative to the file itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from adoption_audit.errors import ConfigError, InputNotFound
from adoption_audit.paths import FIXTURES, default_out_dir

CONFIG_ENV = "ADOPTION_AUDIT_CONFIG"


@dataclass(frozen=True)
class RunSettings:
    sources: Path
    reports: Path
    cprs: Path
    out: Path
    acknowledgements: Path | None = None

    @property
    def warehouse(self) -> Path:
        return self.out / "warehouse.duckdb"

    @classmethod
    def default(cls) -> RunSettings:
        acks = FIXTURES / "acknowledgements.yaml"
        return cls(sources=FIXTURES / "sources", reports=FIXTURES / "reports", cprs=FIXTURES / "cprs",
                   out=default_out_dir(), acknowledgements=acks if acks.exists() else None)

    @classmethod
    def load(cls, config: str | Path | None = None, out: str | Path | None = None) -> RunSettings:
        """Settings from ``config`` (or ``$ADOPTION_AUDIT_CONFIG``), else the embedded default."""
        config = config or os.environ.get(CONFIG_ENV)
        settings = cls.default()
        if config:
            settings = settings._with_config(Path(config))
        if out:
            settings = replace(settings, out=Path(out))
        return settings

    def _with_config(self, path: Path) -> RunSettings:
        if not path.is_file():
            raise InputNotFound(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise ConfigError(f"not a readable YAML run configuration ({type(error).__name__})", path) from None
        if not isinstance(data, dict):
            raise ConfigError("a run configuration is a mapping of settings", path)
        unknown = set(data) - {"sources", "reports", "cprs", "out", "acknowledgements"}
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}", path)
        resolved = {key: (path.parent / value).resolve() if not Path(value).is_absolute() else Path(value)
                    for key, value in data.items() if value is not None}
        for key in ("sources", "reports", "cprs", "acknowledgements"):
            if key in resolved and not resolved[key].exists():
                raise ConfigError(f"'{key}' names {data[key]}, which does not exist", path)
        return replace(self, **resolved)
