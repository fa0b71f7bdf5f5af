"""The claim pipeline's spaCy components, one registered factory per concern.

Importing this package registers the factories and declares the custom attributes once:

- ``Doc._.block_kind``: heading | paragraph | list_item | table_row (set by the caller before the pipeline)
- ``Doc._.known_authorities``: names of authorities the document itself names (set by the caller)
- ``Doc._.numbers``: :class:`~adoption_audit.nlp.mentions.NumberMention` (``report_numbers``, ``report_units``)
- ``Doc._.periods``: :class:`~adoption_audit.nlp.periods.PeriodMention` (``report_periods``)
- ``Doc._.metric_mentions``: :class:`~adoption_audit.nlp.mentions.MetricMention` (``report_metric_phrases``)
- ``Doc._.entity_mentions``: :class:`~adoption_audit.nlp.mentions.EntityMention` (``report_entities``)
- ``Doc._.draft_claims``: :class:`~adoption_audit.nlp.mentions.DraftClaim` (``report_claims``)
- ``Doc._.plain_text``: the block's text (read only)

All of them live in one :class:`BlockState` per Doc (``doc.user_data``); the ``Doc._`` attributes read and write
it. The components call :func:`block_state` instead: every ``doc._`` access builds a new ``Underscore`` object
and resolves the name through spaCy's extension table, and a block is read by seven components and the
linker (~10 such accesses a block, 7% of a 100-page report's time).
"""

from __future__ import annotations

from spacy.tokens import Doc

STATE_KEY = "adoption_audit.block"


class BlockState:
    """What the claim pipeline knows about one block: its text (and its lower-cased copy, made once for every
    case-folded pattern that reads it), what the caller says of it, and what each component found."""

    __slots__ = (
        "_lower",
        "block_kind",
        "draft_claims",
        "entity_mentions",
        "known_authorities",
        "metric_mentions",
        "numbers",
        "periods",
        "sentence_spans",
        "text",
    )

    def __init__(self, text: str, block_kind: str = "paragraph", known_authorities: dict | None = None):
        self.text = text
        self._lower: str | None = None
        self.block_kind = block_kind
        self.known_authorities = known_authorities
        self.numbers = self.periods = self.metric_mentions = self.entity_mentions = self.draft_claims = None
        self.sentence_spans: list[tuple[int, int]] | None = None  # set by ``report_sentences``

    @property
    def lower(self) -> str:
        """``text.lower()``, computed once."""
        lower = self._lower
        if lower is None:
            lower = self._lower = self.text.lower()
        return lower


def block_state(doc: Doc) -> BlockState:
    """The Doc's :class:`BlockState`, made from ``doc.text`` when the caller did not set one."""
    state = doc.user_data.get(STATE_KEY)
    if state is None:
        state = doc.user_data[STATE_KEY] = BlockState(doc.text)
    return state


def plain_text(doc: Doc) -> str:
    """``doc.text`` computed once: spaCy rebuilds it from the tokens on every access. Also ``Doc._.plain_text``."""
    return block_state(doc).text


def _state_attribute(name: str):
    return (lambda doc: getattr(block_state(doc), name),
            lambda doc, value: setattr(block_state(doc), name, value))


if not Doc.has_extension("plain_text"):
    Doc.set_extension("plain_text", getter=plain_text)

for _name in ("block_kind", "known_authorities", "numbers", "periods", "metric_mentions", "entity_mentions",
              "draft_claims"):
    if not Doc.has_extension(_name):
        _getter, _setter = _state_attribute(_name)
        Doc.set_extension(_name, getter=_getter, setter=_setter)

from adoption_audit.nlp.components import (  # noqa: F401  (registration side effects)
    claims,
    entities,
    metric_phrases,
    numbers,
    periods,
    sentences,
    units,
)
