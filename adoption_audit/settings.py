"""What a run reads and where it writes: the embedded default, or a YAML run configuration.

The default is the bundled fixtures and ``out/``, so ``make run`` works on a fresh machine. A data team
points a config at its own folders::

    sources: /data/adoption/extracts      # DIR/<authority>/<extract date>/<files>
    reports: /data/adoption/reports       # published reports to audit
    cprs: /data/adoption/cpr-inbox        # CPRs awaiting QA
    out: /data/adoption/audit-out
    acknowledgements: /data/adoption/acknowledgements.yaml
    authorities:                          # optional; default: every folder under sources
      - eastvale                          #   reads sources/eastvale/<extract date>/<files>
      - code: northshire                  #   or its own folder of <extract date>/<files>
        sources: /mnt/northshire/903
    years: [2023-24, 2024-25]             # optional; default: every collection year found

Relative paths in a config file are read relative to the file itself. The authorities and years are the
nightly run's partitions (docs/orchestration.md).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from adoption_audit.checks.validation.layout import SourceLayout
from adoption_audit.errors import ConfigError, InputNotFound
from adoption_audit.paths import FIXTURES, default_out_dir

CONFIG_ENV = "ADOPTION_AUDIT_CONFIG"
PATH_SETTINGS = ("sources", "reports", "cprs", "out", "acknowledgements")
# Authority codes become partition keys and folder names: letters, digits, '_' and '-' keep both safe.
AUTHORITY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
COLLECTION_YEAR = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class RunSettings:
    sources: Path
    reports: Path
    cprs: Path
    out: Path
    acknowledgements: Path | None = None
    authorities: dict[str, Path | None] = field(default_factory=dict)  # code -> own folder (None: sources/<code>)
    years: tuple[str, ...] = ()

    @property
    def warehouse(self) -> Path:
        return self.out / "warehouse.duckdb"

    @property
    def layout(self) -> SourceLayout:
        return SourceLayout(self.sources, dict(self.authorities), tuple(self.years))

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
        unknown = set(data) - {*PATH_SETTINGS, "authorities", "years"}
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}", path)
        resolved: dict = {key: _resolve(path, value) for key, value in data.items()
                          if key in PATH_SETTINGS and value is not None}
        for key in ("sources", "reports", "cprs", "acknowledgements"):
            if key in resolved and not resolved[key].exists():
                raise ConfigError(f"'{key}' names {data[key]}, which does not exist", path)
        if data.get("authorities") is not None:
            resolved["authorities"] = _authorities(path, data["authorities"])
        if data.get("years") is not None:
            resolved["years"] = _years(path, data["years"])
        return replace(self, **resolved)


def _resolve(config: Path, value) -> Path:
    return (config.parent / str(value)).resolve() if not Path(str(value)).is_absolute() else Path(str(value))


def _authorities(config: Path, listed) -> dict[str, Path | None]:
    """``authorities:`` as a list of codes, or of ``{code, sources}`` for an authority with its own folder."""
    if not isinstance(listed, list):
        raise ConfigError("'authorities' is a list of authority codes (or of {code, sources})", config)
    authorities: dict[str, Path | None] = {}
    for item in listed:
        code, folder = (item, None) if not isinstance(item, dict) else (item.get("code"), item.get("sources"))
        code = str(code) if code is not None else ""
        if not AUTHORITY_CODE.match(code):
            raise ConfigError(f"authority code '{code}' must be letters, digits, '_' or '-'", config)
        if code in authorities:
            raise ConfigError(f"authority '{code}' is listed twice", config)
        if folder is not None and not _resolve(config, folder).is_dir():
            raise ConfigError(f"the sources folder of '{code}' ({folder}) does not exist", config)
        authorities[code] = _resolve(config, folder) if folder is not None else None
    return authorities


def _years(config: Path, listed) -> tuple[str, ...]:
    years = [str(y) for y in (listed if isinstance(listed, list) else [listed])]
    bad = [y for y in years if not COLLECTION_YEAR.match(y)]
    if bad:
        raise ConfigError(f"'years' holds {bad[0]}, which is not a collection year such as 2024-25", config)
    return tuple(sorted(set(years)))
