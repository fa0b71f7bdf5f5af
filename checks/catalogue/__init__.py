"""The metric catalogue: every figure adoption reports quote, declared once in ``metrics.yaml``.

Claims (report phrases -> metric ids), metrics (the SQL per family) and findings all meet on the ids
declared here. The DfE scorecard thresholds live beside it in ``thresholds.yaml`` as data, with the
scorecard periods each applies to, so a new DfE schedule is a data change, not a code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from adoption_audit.errors import ConfigError

CATALOGUE_DIR = Path(__file__).resolve().parent
METRICS_FILE = CATALOGUE_DIR / "metrics.yaml"
THRESHOLDS_FILE = CATALOGUE_DIR / "thresholds.yaml"

KINDS = ("flow", "stock", "average", "percent", "target")
UNITS = ("count", "days", "percent", "gbp", "months", "ratio")
BREAKDOWNS = ("placement", "ethnicity", "sex", "age_band")
SYSTEMS = ("case_management", "ssda903", "panel_adm", "finance", "dfe")


@dataclass(frozen=True)
class Metric:
    """One catalogued figure. ``kind`` says how its period is read: a financial year for flows,
    averages and percents (or a 3-year range), a date for stocks."""

    id: str
    label: str
    kind: str
    unit: str
    phrases: tuple[str, ...]
    family: str
    sources: tuple[str, ...]
    breakdowns: tuple[str, ...]
    definition: str
    notes: str = ""

    @property
    def is_flow(self) -> bool:
        return self.kind == "flow"

    @property
    def is_stock(self) -> bool:
        return self.kind == "stock"

    @property
    def is_rate(self) -> bool:
        """Averages and percents: per year, and as a 3-year figure weighted by number of children."""
        return self.kind in ("average", "percent")


@dataclass(frozen=True)
class ThresholdStep:
    """A DfE threshold for the 3-year scorecard periods whose last year lies in ``[first_end, last_end]``."""

    metric: str
    indicator: str
    value: float
    label: str
    first_end: str  # financial year YYYY-YY
    last_end: str | None  # None: still applies

    def applies_to(self, period: str) -> bool:
        """Whether this step applies to ``period`` (``YYYY-YY..YYYY-YY`` or a single year ``YYYY-YY``)."""
        end = period.split("..")[-1]
        return end >= self.first_end and (self.last_end is None or end <= self.last_end)


def _load_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read the metric catalogue ({type(error).__name__})", path) from None
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping at the top level", path)
    return data


def _metric(entry: dict, path: Path) -> Metric:
    try:
        metric = Metric(
            id=entry["id"], label=entry["label"], kind=entry["kind"], unit=entry["unit"],
            phrases=tuple(entry.get("phrases") or ()), family=entry["family"],
            sources=tuple(entry.get("sources") or ()), breakdowns=tuple(entry.get("breakdowns") or ()),
            definition=entry["definition"], notes=entry.get("notes", ""),
        )
    except KeyError as missing:
        raise ConfigError(f"metric {entry.get('id', '?')} has no '{missing.args[0]}'", path) from None
    problems = [] if metric.kind in KINDS else [f"kind '{metric.kind}'"]
    problems += [] if metric.unit in UNITS else [f"unit '{metric.unit}'"]
    problems += [f"breakdown '{b}'" for b in metric.breakdowns if b not in BREAKDOWNS]
    problems += [f"source '{s}'" for s in metric.sources if s not in SYSTEMS]
    if problems:
        raise ConfigError(f"metric {metric.id} has an unknown {', '.join(problems)}", path)
    return metric


@lru_cache(maxsize=4)
def load_catalogue(path: Path = METRICS_FILE) -> list[Metric]:
    """Every catalogued metric, in file order. Raises :class:`ConfigError` on a malformed entry."""
    metrics = [_metric(entry, path) for entry in _load_yaml(path).get("metrics", [])]
    ids = [m.id for m in metrics]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"metric ids declared twice: {', '.join(duplicates)}", path)
    return metrics


def catalogue_by_id(path: Path = METRICS_FILE) -> dict[str, Metric]:
    return {m.id: m for m in load_catalogue(path)}


@lru_cache(maxsize=4)
def load_thresholds(path: Path = THRESHOLDS_FILE) -> list[ThresholdStep]:
    """The DfE threshold schedule as steps, each with the scorecard periods it applies to."""
    steps = []
    for entry in _load_yaml(path).get("thresholds", []):
        for step in entry["steps"]:
            steps.append(ThresholdStep(metric=entry["metric"], indicator=entry["indicator"], value=step["value"],
                                       label=step.get("label", ""), first_end=str(step["from"]),
                                       last_end=str(step["until"]) if step.get("until") else None))
    return steps


def threshold_for(metric: str, period: str, path: Path = THRESHOLDS_FILE) -> ThresholdStep | None:
    """The threshold ``metric`` (``a1_threshold_days``, or the indicator ``a1_days``) set for ``period``."""
    return next((s for s in load_thresholds(path) if metric in (s.metric, s.indicator) and s.applies_to(period)),
                None)
