"""What a rejected row is: the record the contract's ``quarantine`` list and the warehouse share.

Nothing is dropped silently: every row that fails a rule becomes a :class:`QuarantineItem` that keeps
its file, its row number as a spreadsheet shows it (header = row 1), its own id (never a name), the rule
and a plain-English reason. A row that breaks several rules appears once per rule.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class QuarantineItem:
    path: str
    row: int
    key: str | None
    rule: str
    columns: tuple[str, ...]
    reason: str
    kind: str = ""
    authority: str = ""
    severity: str = "error"  # error: the row is quarantined; warning: flagged, the row goes on
    dfe_rule: str | None = None  # the DfE 903 rule number, for rules that are one
    extra: dict = field(default_factory=dict, compare=False)

    def to_json(self) -> dict:
        data = asdict(self)
        data["columns"] = list(self.columns)
        extra = data.pop("extra")
        if data["dfe_rule"] is None:
            data.pop("dfe_rule")
        data.update(extra)
        return data


@dataclass(frozen=True)
class Rejection:
    """A whole file that could not be read as any extract (contract: ``rejected``)."""

    path: str
    reason: str

    def to_json(self) -> dict:
        return asdict(self)
