"""The claim pipeline, assembled from config on ``spacy.blank("en")`` (no downloaded model).

Each concern is one registered component (see :mod:`adoption_audit.nlp.components`); their order and
settings live in ``CLAIMS_CONFIG``, not in code, so a deployment can point ``catalogue`` at its own metric
catalogue. Built once per process and reused: building compiles ~1,000 phrase patterns.
"""

from __future__ import annotations

from functools import lru_cache

import adoption_audit.nlp.components  # noqa: F401  (registers the factories)
import spacy
from spacy.language import Language

CLAIMS_PIPELINE = ("report_sentences", "report_numbers", "report_units", "report_periods",
                   "report_metric_phrases", "report_entities", "report_claims")
CLAIMS_CONFIG: dict[str, dict] = {
    "report_metric_phrases": {"catalogue": None},
    "report_entities": {"catalogue": None},
    "report_claims": {"catalogue": None},
}


def claims_pipeline(catalogue: str | None = None) -> Language:
    """``spacy.blank("en")`` plus the claim components, with ``catalogue`` (a metrics.yaml path) if given.

    ``claims_pipeline()`` and ``claims_pipeline(None)`` are the same pipeline: ``lru_cache`` keys calls by how
    the arguments were written, so caching this function itself built the default pipeline twice (~0.1 s) in a
    process that warmed it with no argument and then extracted (which passes the catalogue on)."""
    return _build(catalogue)


@lru_cache(maxsize=2)
def _build(catalogue: str | None) -> Language:
    nlp = spacy.blank("en")
    for name in CLAIMS_PIPELINE:
        config = dict(CLAIMS_CONFIG.get(name, {}))
        if "catalogue" in config:
            config["catalogue"] = catalogue
        nlp.add_pipe(name, config=config)
    return nlp
