"""The claim pipeline's spaCy components, one registered factory per concern.

Importing this package registers the factories and declares the custom attributes once:

- ``Doc._.block_kind``: heading | paragraph | list_item | table_row (set by the caller before the pipeline)
- ``Doc._.known_authorities``: names of authorities the document itself names (set by the caller)
- ``Doc._.numbers``: :class:`~adoption_audit.nlp.mentions.NumberMention` (``report_numbers``, ``report_units``)
- ``Doc._.periods``: :class:`~adoption_audit.nlp.periods.PeriodMention` (``report_periods``)
- ``Doc._.metric_mentions``: :class:`~adoption_audit.nlp.mentions.MetricMention` (``report_metric_phrases``)
- ``Doc._.entity_mentions``: :class:`~adoption_audit.nlp.mentions.EntityMention` (``report_entities``)
- ``Doc._.draft_claims``: :class:`~adoption_audit.nlp.mentions.DraftClaim` (``report_claims``)
"""

from spacy.tokens import Doc


def plain_text(doc: Doc) -> str:
    """``doc.text`` computed once: spaCy rebuilds it from the tokens on every access. Also ``Doc._.plain_text``;
    the components call this function, which skips the ``doc._`` attribute machinery (a hot path)."""
    text = doc.user_data.get("plain_text")
    if text is None:
        text = doc.user_data["plain_text"] = doc.text
    return text


if not Doc.has_extension("plain_text"):
    Doc.set_extension("plain_text", getter=plain_text)

for _name, _default in (("block_kind", "paragraph"), ("known_authorities", None), ("numbers", None),
                        ("periods", None), ("metric_mentions", None), ("entity_mentions", None),
                        ("draft_claims", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

from adoption_audit.nlp.components import (  # noqa: F401  (registration side effects)
    claims,
    entities,
    metric_phrases,
    numbers,
    periods,
    sentences,
    units,
)
