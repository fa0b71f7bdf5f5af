"""What a CPR check produces: one status per section id and the issues found (the ``cpr check`` contract).

The section ids, their required/expected flag and the severities come from ``contracts/cpr_sections.md``;
``to_json`` gives the contract's shape, plus added fields (``unknown_headings``, ``format``, ``words``)
that the contract allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Section ids in report order, with whether the regulations require them (cpr_sections.md).
SECTION_IDS: tuple[str, ...] = (
    "child_details", "legal_status", "identity", "health", "development", "education", "personality",
    "birth_mother", "birth_father", "siblings", "wider_family", "parenting_capacity", "chronology",
    "child_wishes", "birth_parents_wishes", "contact", "options_analysis", "recommendation", "later_life",
    "signoff",
)
EXPECTED_ONLY = frozenset({"later_life"})
REQUIRED = frozenset(SECTION_IDS) - EXPECTED_ONLY

STATUSES = ("present", "thin", "missing")
ISSUE_CODES = ("missing_section", "thin_section", "placeholder_text", "name_inconsistency",
               "pronoun_inconsistency", "date_inconsistency", "missing_signoff", "chronology_order")

#: What each section holds, in words a team manager reads in a message.
SECTION_LABELS = {
    "child_details": "the child's details (name, sex, date and place of birth, description)",
    "legal_status": "the child's legal status, orders and who holds parental responsibility",
    "identity": "the child's identity: ethnicity, religion, culture and language",
    "health": "the medical adviser's summary of the child's health",
    "development": "the child's emotional and behavioural development",
    "education": "the child's education or early years setting",
    "personality": "the child's personality, interests, likes and dislikes",
    "birth_mother": "information about the birth mother",
    "birth_father": "information about the birth father",
    "siblings": "the child's brothers and sisters and the together-or-apart assessment",
    "wider_family": "the wider family and relatives assessed as carers",
    "parenting_capacity": "the assessment of the parents' capacity to care for the child",
    "chronology": "a dated chronology of the child's life and the agency's actions",
    "child_wishes": "the child's wishes and feelings",
    "birth_parents_wishes": "the birth parents' wishes and feelings about adoption and contact",
    "contact": "the proposed contact arrangements",
    "options_analysis": "the analysis of the permanence options and why adoption is preferred",
    "recommendation": "the recommendation to the Agency Decision Maker",
    "later_life": "information for the child's later life and life story work",
    "signoff": "the sign-off: author, manager and dates",
}


def severity_for(code: str, section: str | None = None) -> str:
    """Severity per cpr_sections.md: every listed code is an error, except a missing or thin expected
    section (a warning). ``chronology_order`` (added by us) is a warning: the ADM asks for it fixed but
    the facts are not wrong."""
    if code in ("missing_section", "thin_section") and section in EXPECTED_ONLY:
        return "warning"
    if code == "chronology_order":
        return "warning"
    return "error"


@dataclass
class SectionStatus:
    id: str
    status: str  # present | thin | missing
    heading: str | None = None  # the heading it was found under (its own), else None
    line: int | None = None  # line of that heading, or of the first paragraph found for it
    words: int = 0
    found_by: str = "none"  # heading | content | heading+content | none
    reason: str | None = None  # why thin or missing, for the message

    def to_json(self) -> dict:
        return {"id": self.id, "status": self.status, "heading": self.heading, "line": self.line,
                "words": self.words, "found_by": self.found_by}


@dataclass
class CprIssue:
    code: str
    severity: str
    section: str | None
    message: str
    line: int | None = None
    quote: str | None = None

    def to_json(self) -> dict:
        return {"code": self.code, "severity": self.severity, "section": self.section,
                "message": self.message, "line": self.line, "quote": self.quote}


@dataclass
class UnknownHeading:
    text: str
    line: int

    def to_json(self) -> dict:
        return {"heading": self.text, "line": self.line}


@dataclass
class CprResult:
    path: str
    sections: list[SectionStatus]
    issues: list[CprIssue]
    unknown_headings: list[UnknownHeading] = field(default_factory=list)
    format: str = ""
    words: int = 0
    # Kept for the HTML view only; never serialised into JSON, logs or Dagster metadata.
    text_lines: list[str] = field(default_factory=list, repr=False)
    boundaries: list[tuple[int, str]] = field(default_factory=list, repr=False)  # (line, section id)

    @property
    def ready_for_adm(self) -> bool:
        """The contract: ready only when no issue has severity ``error``."""
        return not any(issue.severity == "error" for issue in self.issues)

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "warning")

    def section(self, section_id: str) -> SectionStatus:
        return next(s for s in self.sections if s.id == section_id)

    def to_json(self) -> dict:
        return {"path": self.path, "ready_for_adm": self.ready_for_adm,
                "sections": [s.to_json() for s in self.sections],
                "issues": [i.to_json() for i in self.issues],
                "unknown_headings": [h.to_json() for h in self.unknown_headings],
                "format": self.format, "words": self.words,
                "errors": self.errors, "warnings": self.warnings}

    @classmethod
    def from_json(cls, data: dict) -> CprResult:
        """A result read back from ``to_json`` (without the text, which JSON does not keep)."""
        sections = [SectionStatus(s["id"], s["status"], s.get("heading"), s.get("line"), s.get("words", 0),
                                  s.get("found_by", "none")) for s in data["sections"]]
        issues = [CprIssue(i["code"], i["severity"], i.get("section"), i["message"], i.get("line"), i.get("quote"))
                  for i in data["issues"]]
        unknown = [UnknownHeading(h["heading"], h["line"]) for h in data.get("unknown_headings", [])]
        return cls(path=data["path"], sections=sections, issues=issues, unknown_headings=unknown,
                   format=data.get("format", ""), words=data.get("words", 0))
