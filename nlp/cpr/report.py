"""The ``cpr check`` JSON document: every CPR's result, the files that could not be read, and the run."""

from __future__ import annotations

from collections import Counter

from adoption_audit.nlp.cpr.model import CprResult


def cpr_document(results: list[CprResult], run: dict, unreadable: list[dict] | None = None) -> dict:
    return {"documents": [r.to_json() for r in results], "unreadable": unreadable or [],
            "summary": summary(results), "run": run}


def summary(results: list[CprResult], top: int = 5) -> dict:
    """Counts only, for the service manager: how many were checked and ready, and the commonest gaps."""
    gaps = Counter(gap for r in results for gap in {f"{i.code}:{i.section}" if i.section else i.code
                                                    for i in r.issues if i.severity == "error"})
    return {"checked": len(results), "ready": sum(r.ready_for_adm for r in results),
            "not_ready": sum(not r.ready_for_adm for r in results),
            # ties broken by name, so the same CPRs always give the same list (Counter keeps set order)
            "most_common_gaps": [{"gap": gap, "cprs": n}
                                 for gap, n in sorted(gaps.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]}
