"""One audit of a set of report files: read the claims, compute source figures, apply the rules.

The ``reports audit`` command and the Dagster ``findings`` asset both call :func:`audit_reports`, so a
rule behaves the same from either. It returns the result and the ``run`` provenance block (tool,
version, rules version and every input's hash: reports, source extracts, acknowledgements file).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from adoption_audit.checks.audit import RULES_VERSION, AuditResult, audit
from adoption_audit.checks.audit.acknowledgements import load_acknowledgements
from adoption_audit.checks.audit.source_mismatch import metrics_from_sources

from adoption_audit.errors import require_exists
from adoption_audit.logs import get_logger
from adoption_audit.provenance import display_path, run_block

log = get_logger("audit")


def read_claims(files: list[tuple[Path, str]]):
    """The claims of ``files`` (``(path, shown as)`` pairs), read by the report reader (``nlp.claims``)."""
    from adoption_audit.nlp.claims import extract_claims

    return extract_claims(files)


def audit_reports(files: list[tuple[Path, str]], *, sources: str | Path | None = None,
                  acknowledgements: str | Path | None = None, metrics: list | None = None,
                  today: date | None = None) -> tuple[AuditResult, dict]:
    """Audit the report ``files`` (``(path, as given)`` pairs, see ``cli.common.collect_files``).

    ``sources``: a folder of extracts to compute figures from (``metrics`` may instead be given ready
    computed, as the Dagster asset does from the warehouse). ``acknowledgements``: the YAML file of
    explained findings.
    """
    acks = load_acknowledgements(acknowledgements) if acknowledgements else None
    inputs = [(path, display_path(path, given)) for path, given in files]
    if sources is not None:
        root = require_exists(sources)
        metrics = metrics_from_sources(root)
        inputs += [(p, display_path(p, root)) for p in sorted(root.rglob("*"))
                   if p.is_file() and not p.name.startswith(".")]
    if acknowledgements:
        inputs.append((Path(acknowledgements), display_path(Path(acknowledgements), acknowledgements)))
    extraction = read_claims(inputs[:len(files)])
    result = audit(extraction, metrics=metrics, acknowledgements=acks, today=today)
    log.info("audited %d documents: %d findings", len(extraction.documents), len(result.findings))
    return result, run_block(inputs, rules_version=RULES_VERSION)
