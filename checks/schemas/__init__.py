"""One pandera ``DataFrameModel`` per source extract (``checks/schemas/<extract>.py``).

Check names are the quarantine rule names. :data:`SCHEMAS` maps each extract kind to its model.
"""

from __future__ import annotations

from typing import Annotated

import polars as pl
from adoption_audit.checks.extracts import EXTRACT_KINDS, ExtractKind
from adoption_audit.checks.schemas.asf_ledger import AsfLedger
from adoption_audit.checks.schemas.base import ExtractModel
from adoption_audit.checks.schemas.cm_adopter_households import AdopterHouseholds
from adoption_audit.checks.schemas.cm_child_journeys import ChildJourneys
from adoption_audit.checks.schemas.cpr_log import CprLog
from adoption_audit.checks.schemas.panel_log import PanelLog
from adoption_audit.checks.schemas.ssda903_ad1 import Ssda903Ad1
from adoption_audit.checks.schemas.ssda903_episodes import Ssda903Episodes
from adoption_audit.checks.schemas.ssda903_header import Ssda903Header
from adoption_audit.checks.schemas.ssda903_placed_for_adoption import Ssda903PlacedForAdoption
from adoption_audit.checks.schemas.ssda903_previous_permanence import Ssda903PreviousPermanence

SCHEMAS: dict[str, type[ExtractModel]] = {
    model._extract.kind: model
    for model in (ChildJourneys, AdopterHouseholds, PanelLog, CprLog, AsfLedger, Ssda903Header,
                  Ssda903Episodes, Ssda903Ad1, Ssda903PlacedForAdoption, Ssda903PreviousPermanence)
}

# pandera's built-in check names, as quarantine rules (every other check is named after its rule).
BUILTIN_RULES = {"not_nullable": "required", "isin": "allowed_code"}
# Every rule a schema can report (docs/validation.md explains each).
RULES = ("required", "allowed_code", "valid_date", "valid_amount", "valid_number", "amount_positive",
         "date_not_future", "dates_in_order", "unique_key", "row_shape")

DERIVED_TYPES = {"date": pl.Date, "flag": pl.Boolean, "amount": Annotated[pl.Decimal, 12, 2], "int": pl.Int64}

__all__ = ["BUILTIN_RULES", "RULES", "SCHEMAS", "ExtractModel", "schema_for"]


def schema_for(kind: str) -> type[ExtractModel]:
    """The extract's model; a kind added to the data model without one gets a model derived from it
    (types, required columns, codes, key; no cross-field rules) until someone writes its own."""
    if kind not in SCHEMAS:
        SCHEMAS[kind] = derived_model(EXTRACT_KINDS[kind])
    return SCHEMAS[kind]


def derived_model(kind: ExtractKind) -> type[ExtractModel]:
    import pandera.polars as pa

    annotations, fields = {}, {}
    for column in kind.columns:
        annotations[column.name] = DERIVED_TYPES.get(column.type, str)
        checks = {"isin": list(column.codes)} if column.type == "code" and column.codes else {}
        fields[column.name] = pa.Field(nullable=not column.required, **checks)
    name = "".join(part.title() for part in kind.kind.split("_"))
    return type(name, (ExtractModel,), {"__annotations__": annotations, "_extract": kind, **fields})
