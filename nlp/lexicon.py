"""The words the claim pipeline looks for: metric wordings and cues, authorities, comparators.

Metric wordings come from two places: the catalogue's ``phrases`` (``checks/catalogue/metrics.yaml``,
owned by the metrics work, read as it stands) and this package's ``data/metric_phrases.yaml`` (extra
variants and co-occurrence cues learnt from how reports are written). The catalogue decides which
metric ids exist; an id in our data that the catalogue lacks is ignored, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from adoption_audit.errors import ConfigError

DATA = Path(__file__).resolve().parent / "data"
CATALOGUE = Path(__file__).resolve().parent.parent / "checks" / "catalogue" / "metrics.yaml"


@dataclass(frozen=True)
class MetricWording:
    id: str
    unit: str  # the catalogue's unit: count | days | months | percent | gbp | ratio
    kind: str  # flow | stock | average | percent | target
    phrases: tuple[str, ...]
    cues: tuple[tuple[tuple[str, ...], ...], ...] = ()
    vetoes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    metrics: dict[str, MetricWording]
    authorities: dict[str, str] = field(default_factory=dict)  # written name -> entity id
    comparators: dict[str, str] = field(default_factory=dict)


def _variants(phrase: str) -> set[str]:
    """Spelling variants reports use for one wording: plural/singular of the last word, hyphens, 's."""
    phrase = " ".join(phrase.lower().split())
    out = {phrase, phrase.replace("-", " "), phrase.replace(" ", "-") if len(phrase.split()) == 2 else phrase}
    plural_forms = set()
    for p in out:
        words = p.split()
        if len(words) < 2:
            continue  # "adoptions" -> "adoption" would match every mention of the service
        last = words[-1]
        if last.endswith("ies") and len(last) > 4:
            plural_forms.add(" ".join(words[:-1] + [last[:-3] + "y"]))
        elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
            plural_forms.add(" ".join(words[:-1] + [last[:-1]]))
        elif last.isalpha() and len(last) > 2:
            plural_forms.add(" ".join(words[:-1] + [last + ("es" if last.endswith(("s", "x", "ch")) else "s")]))
    return {v for v in out | plural_forms if v}


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read the phrase data ({type(error).__name__})", path) from None


def load_lexicon(catalogue_path: str | None = None) -> Lexicon:
    """The catalogue's metrics with every wording the pipeline matches, and the authority names.

    Cached by the path alone, however it is passed (``load_lexicon()`` and ``load_lexicon(None)`` are one)."""
    return _load_lexicon(catalogue_path)


@lru_cache(maxsize=4)
def _load_lexicon(catalogue_path: str | None) -> Lexicon:
    catalogue = _read_yaml(Path(catalogue_path) if catalogue_path else CATALOGUE)
    extra = _read_yaml(DATA / "metric_phrases.yaml").get("metrics", {})
    metrics: dict[str, MetricWording] = {}
    for entry in catalogue.get("metrics", []):
        mid = entry["id"]
        ours = extra.get(mid, {})
        phrases: set[str] = set()
        for phrase in list(entry.get("phrases") or []) + list(ours.get("phrases") or []):
            phrases |= _variants(str(phrase))
        cues = tuple(tuple(tuple(str(w).lower() for w in group) for group in cue) for cue in ours.get("cues") or [])
        metrics[mid] = MetricWording(mid, entry.get("unit", "count"), entry.get("kind", "flow"),
                                     tuple(sorted(phrases)), cues,
                                     tuple(str(v).lower() for v in ours.get("not") or []))
    names = _read_yaml(DATA / "authorities.yaml")
    authorities = {n: a["id"] for a in names.get("authorities", []) for n in a["names"]}
    comparators = {n: a["id"] for a in names.get("comparators", []) for n in a["names"]}
    return Lexicon(metrics, authorities, comparators)


NOT_WORD = re.compile(r"[^a-z0-9£]+")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, padded: cues are then plain substring tests."""
    return " " + NOT_WORD.sub(" ", text.lower()).strip() + " "


def cue_test(word: str) -> str:
    """A cue word as the substring to look for in :func:`normalise`'d text: ``approv*`` is a prefix
    (" approv"), other words and phrases are whole (" agency decision maker ")."""
    if word == "£":
        return "£"
    if word.endswith("*"):
        return normalise(word[:-1]).rstrip()
    return normalise(word)
