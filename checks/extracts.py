"""The source extracts the toolkit reads: their kinds, columns, types and code lists.

This is the one declaration of the data model. The synthetic generator writes these columns, the
pandera schemas and Great Expectations suites check them, the validated DuckDB tables carry them (with
the typed values) and the metric definitions query them. ``docs/sources.md`` documents the same thing
for people.

A folder of sources is laid out as ``DIR/<authority>/<extract date YYYY-MM-DD>/<files>``; an extract's
kind is recognised from its column names (as the DfE's own validator does for SSDA903 files), whatever
the file is called. Column types:

- ``id``: text key, kept as text (Excel damage such as ``1042.0`` is repaired, leading zeros kept);
- ``text``: free text; ``code``: one of a code list (upper-cased before checking, as the DfE tool does);
- ``date``: ``dd/mm/YYYY`` (the DfE form, and UK council exports) or ISO ``YYYY-MM-DD``;
- ``flag``: ``Y``/``N``; ``int``: whole number; ``amount``: pounds and pence, e.g. ``1234.50``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# DfE ethnicity codes (SSDA903 / CIN census).
ETHNICITY_CODES = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)
FLAG_CODES = ("Y", "N")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # id | text | code | date | flag | int | amount
    required: bool = False
    codes: tuple[str, ...] | None = None
    description: str = ""
    personal: bool = False  # a name or similar: never logged, never copied into quarantine or metadata


@dataclass(frozen=True)
class ExtractKind:
    kind: str
    label: str
    system: str  # case_management | panel_adm | finance | ssda903
    key: tuple[str, ...]  # columns that identify one record (uniqueness is checked on these)
    columns: tuple[Column, ...]
    description: str = ""
    default_file: str = ""
    signature: tuple[str, ...] = field(default=())  # columns that identify the kind; default: required ones

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def recognised_by(self) -> frozenset[str]:
        return frozenset(self.signature or tuple(c.name for c in self.columns if c.required))

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


C = Column

CM_CHILD_JOURNEYS = ExtractKind(
    kind="cm_child_journeys",
    label="Case-management child journeys",
    system="case_management",
    key=("journey_id",),
    default_file="child_journeys.csv",
    description="One row per child per adoption journey, from the local authority's case-management system.",
    columns=(
        C("journey_id", "id", True, description="The journey's own id (a child who re-enters the adoption pathway has two)."),
        C("child_id", "id", True, description="The child's case-management id; the same as CHILD in the 903 return."),
        C("local_authority", "text", True, description="Authority code as the agency uses it (e.g. northshire)."),
        C("first_name", "text", False, personal=True, description="Child's first name (fictional in fixtures)."),
        C("surname", "text", False, personal=True, description="Child's surname at the time of the extract."),
        C("sex", "code", True, ("M", "F", "U"), "M, F, or U (not known)."),
        C("date_of_birth", "date", True),
        C("ethnicity", "code", True, ETHNICITY_CODES, "DfE ethnicity code."),
        C("disability", "flag", False, FLAG_CODES),
        C("entered_care_date", "date", True, description="Start of the period of care in which the adoption plan was made."),
        C("adm_decision_date", "date", False, description="ADM best-interest decision: should be placed for adoption."),
        C("placement_order_date", "date", False, description="Placement order granted (court authority to place)."),
        C("link_identified_date", "date", False, description="A possible match (link) identified."),
        C("match_date", "date", False, description="ADM decision matching the child with the adopters."),
        C("placed_date", "date", False, description="Child moved in with the prospective adopters."),
        C("foster_carer_adopter_start_date", "date", False,
          description="Where the child's foster carers adopt: the date the child moved in with them (A10)."),
        C("adoption_order_date", "date", False, description="Adoption order granted."),
        C("placement_type", "code", False, ("IN_HOUSE", "INTER_AGENCY"), "Adopters from this agency, or another agency's."),
        C("sibling_group_id", "id", False, description="Shared by children placed (or to be placed) together."),
        C("ffa", "flag", False, FLAG_CODES, "Fostering for adoption / early permanence placement."),
        C("plan_changed_date", "date", False, description="Adoption plan changed or reversed."),
        C("plan_changed_reason", "code", False,
          ("COURT_REFUSED", "RETURNED_HOME", "SGO", "LONG_TERM_FOSTERING", "NO_MATCH", "OTHER"),
          "Why the plan changed away from adoption."),
        C("disruption_date", "date", False, description="Placement with adopters ended unplanned."),
        C("disruption_stage", "code", False, ("BEFORE_ORDER", "AFTER_ORDER")),
    ),
)

CM_ADOPTER_HOUSEHOLDS = ExtractKind(
    kind="cm_adopter_households",
    label="Case-management adopter households",
    system="case_management",
    key=("household_id",),
    default_file="adopter_households.csv",
    description="One row per prospective adopter household's recruitment journey.",
    columns=(
        C("household_id", "id", True),
        C("local_authority", "text", True),
        C("enquiry_date", "date", True),
        C("information_event_date", "date", False),
        C("initial_visit_date", "date", False),
        C("stage_one_start_date", "date", False),
        C("stage_two_start_date", "date", False),
        C("panel_date", "date", False, description="Adoption panel that heard the approval."),
        C("approval_date", "date", False, description="ADM qualifying determination (approval)."),
        C("outcome", "code", False, ("APPROVED", "WITHDRAWN", "NOT_APPROVED", "IN_PROGRESS")),
        C("outcome_date", "date", False, description="Date of withdrawal or of a not-approved decision."),
        C("applicant_ethnicity", "code", False, ETHNICITY_CODES, "First applicant's DfE ethnicity code."),
        C("child_specific", "flag", False, FLAG_CODES, "Approved for a named child."),
        C("second_time_adopter", "flag", False, FLAG_CODES, "Fast-tracked second-time adopters."),
        C("sibling_approval", "flag", False, FLAG_CODES, "Approved for a sibling group."),
        C("matched_date", "date", False, description="Matched with a child (ADM match decision)."),
    ),
)

PANEL_LOG = ExtractKind(
    kind="panel_log",
    label="Adoption panel and ADM log",
    system="panel_adm",
    key=("case_id",),
    default_file="panel_log.csv",
    description="One row per case heard at an adoption panel, with the ADM's decision.",
    columns=(
        C("case_id", "id", True),
        C("panel_id", "id", True, description="One panel meeting; several cases share it."),
        C("panel_date", "date", True),
        C("case_type", "code", True, ("ADOPTER_APPROVAL", "MATCH", "WITHDRAWAL", "DEREGISTRATION", "PLAN")),
        C("subject_id", "id", True, description="household_id for adopter cases, child_id for match and plan cases."),
        C("recommendation", "code", False, ("RECOMMENDED", "NOT_RECOMMENDED", "DEFERRED")),
        C("adm_decision", "code", False, ("AGREED", "NOT_AGREED", "DEFERRED")),
        C("adm_decision_date", "date", False),
    ),
)

CPR_LOG = ExtractKind(
    kind="cpr_log",
    label="CPR log",
    system="panel_adm",
    key=("cpr_id",),
    default_file="cpr_log.csv",
    description="One row per Child Permanence Report received by the ADM.",
    columns=(
        C("cpr_id", "id", True),
        C("child_id", "id", True),
        C("child_name", "text", False, personal=True, description="As keyed by the panel administrator."),
        C("cpr_received_date", "date", True),
        C("adm_decision", "code", False, ("ADOPTION", "NOT_ADOPTION", "DEFERRED")),
        C("adm_decision_date", "date", False),
        C("rework_requested", "flag", False, FLAG_CODES, "ADM sent the CPR back for rework."),
    ),
)

ASF_LEDGER = ExtractKind(
    kind="asf_ledger",
    label="Adoption Support Fund ledger",
    system="finance",
    key=("application_id",),
    default_file="asf_ledger.csv",
    description="One row per Adoption Support Fund application.",
    columns=(
        C("application_id", "id", True),
        C("family_id", "id", True),
        C("application_date", "date", True),
        C("amount", "amount", True, description="Pounds and pence; positive."),
        C("top_up", "flag", False, FLAG_CODES, "Agency top-up above the fund's fair-access limit."),
    ),
)

# SSDA903: DfE column names. Code lists change by collection year and are owned by checks/dfe903;
# here only structure (columns, types, keys) is declared.
SSDA903_HEADER = ExtractKind(
    kind="ssda903_header", label="SSDA903 header", system="ssda903", key=("CHILD",), default_file="header.csv",
    signature=("CHILD", "SEX", "DOB", "ETHNIC", "UPN"),
    columns=(C("CHILD", "id", True), C("SEX", "code", True), C("DOB", "date", True), C("ETHNIC", "code", True),
             C("UPN", "text"), C("MOTHER", "code"), C("MC_DOB", "date")),
)
SSDA903_EPISODES = ExtractKind(
    kind="ssda903_episodes", label="SSDA903 episodes", system="ssda903", key=("CHILD", "DECOM"),
    default_file="episodes.csv", signature=("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE"),
    columns=(C("CHILD", "id", True), C("DECOM", "date", True), C("RNE", "code", True), C("LS", "code", True),
             C("CIN", "code", True), C("PLACE", "code", True), C("PLACE_PROVIDER", "code"), C("DEC", "date"),
             C("REC", "code"), C("REASON_PLACE_CHANGE", "code"), C("HOME_POST", "text"), C("PL_POST", "text"),
             C("URN", "text")),
)
SSDA903_AD1 = ExtractKind(
    kind="ssda903_ad1", label="SSDA903 AD1 (adopted children)", system="ssda903", key=("CHILD",),
    default_file="ad1.csv", signature=("CHILD", "DATE_INT", "DATE_MATCH", "FOSTER_CARE"),
    columns=(C("CHILD", "id", True), C("DOB", "date"), C("DATE_INT", "date"), C("DATE_MATCH", "date"),
             C("FOSTER_CARE", "code"), C("NB_ADOPTR", "code"), C("SEX_ADOPTR", "code"), C("LS_ADOPTR", "code")),
)
SSDA903_PLACED_FOR_ADOPTION = ExtractKind(
    kind="ssda903_placed_for_adoption", label="SSDA903 placed for adoption", system="ssda903",
    key=("CHILD", "DATE_PLACED"), default_file="placed_for_adoption.csv",
    signature=("CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    columns=(C("CHILD", "id", True), C("DOB", "date"), C("DATE_PLACED", "date"), C("DATE_PLACED_CEASED", "date"),
             C("REASON_PLACED_CEASED", "code")),
)
SSDA903_PREVIOUS_PERMANENCE = ExtractKind(
    kind="ssda903_previous_permanence", label="SSDA903 previous permanence", system="ssda903", key=("CHILD",),
    default_file="previous_permanence.csv", signature=("CHILD", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    columns=(C("CHILD", "id", True), C("DOB", "date"), C("PREV_PERM", "code"), C("LA_PERM", "code"),
             C("DATE_PERM", "text")),
)
SSDA903_UASC = ExtractKind(
    kind="ssda903_uasc", label="SSDA903 UASC (unaccompanied asylum-seeking children)", system="ssda903",
    key=("CHILD",), default_file="uasc.csv", signature=("CHILD", "SEX", "DOB", "DUC"),
    columns=(C("CHILD", "id", True), C("SEX", "code"), C("DOB", "date"),
             C("DUC", "date", description="Date UASC status ceased.")),
)

EXTRACT_KINDS: dict[str, ExtractKind] = {
    k.kind: k
    for k in (
        CM_CHILD_JOURNEYS, CM_ADOPTER_HOUSEHOLDS, PANEL_LOG, CPR_LOG, ASF_LEDGER,
        SSDA903_HEADER, SSDA903_EPISODES, SSDA903_AD1, SSDA903_PLACED_FOR_ADOPTION, SSDA903_PREVIOUS_PERMANENCE,
        SSDA903_UASC,
    )
}

# Columns every validated table gains in the warehouse, so each row can be traced to its file.
LINEAGE_COLUMNS = ("authority", "extract_date", "source_path", "source_row")


def recognise(columns: list[str]) -> ExtractKind | None:
    """The extract kind whose signature columns are all present (the most specific one wins)."""
    present = {c.strip().lstrip("\ufeff") for c in columns}
    matches = [k for k in EXTRACT_KINDS.values() if k.recognised_by <= present]
    return max(matches, key=lambda k: len(k.recognised_by), default=None)
