"""CPR QA as one self-contained HTML page for the team manager, one section per CPR.

Each CPR shows the readiness verdict, the checklist of every section id (present / thin / missing, the
heading it was found under and where), each issue with its line, and the report's text with the section
boundaries marked and the lines that carry issues highlighted (in the manner of displaCy's span view).
No scripts, fonts or images from anywhere. The page holds CPR text, as the CPR itself does: it is for the
team that owns the report, not for the service-manager summary (which carries counts only).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from adoption_audit.nlp.cpr.model import SECTION_LABELS, CprResult

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def _text_view(result: CprResult) -> list[dict]:
    """The report's lines, each with the section boundary that opens on it and the issues that point at it."""
    issues_at = defaultdict(list)
    quotes_at = defaultdict(list)
    for number, issue in enumerate(result.issues, 1):
        if issue.line:
            issues_at[issue.line].append({"n": number, "code": issue.code, "severity": issue.severity})
            if issue.quote:
                quotes_at[issue.line].append(issue.quote.rstrip("…"))
    starts = {line: label for line, label in result.boundaries}
    return [{"number": i, "text": text, "boundary": starts.get(i), "issues": issues_at.get(i, []),
             "span": _span(text, quotes_at.get(i, []))}
            for i, text in enumerate(result.text_lines, 1)]


def _span(line: str, quotes: list[str]) -> tuple[str, str, str] | None:
    """(before, quoted, after) when the issue's quote stands in the line as written, to mark only it."""
    for quote in quotes:
        at = line.find(quote[:60]) if quote else -1
        if at >= 0:
            end = line.find(quote[-20:], at) + len(quote[-20:]) if len(quote) > 60 else at + len(quote)
            end = end if end > at else at + len(quote[:60])
            return line[:at], line[at:end], line[end:]
    return None


def render_cprs(results: list[CprResult], run: dict, unreadable: list[dict] | None = None,
                include_text: bool = True) -> str:
    documents = [{"result": r, "json": r.to_json(), "lines": _text_view(r) if include_text else []}
                 for r in results]
    return _environment().get_template("cpr_report.html.j2").render(
        documents=documents, run=run, unreadable=unreadable or [], labels=SECTION_LABELS,
        ready=sum(r.ready_for_adm for r in results), total=len(results))
