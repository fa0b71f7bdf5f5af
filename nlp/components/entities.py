"""``report_entities``: which authority or comparator a block names ("8 Eastvale children", "England average").

Names come from ``data/authorities.yaml`` and from ``Doc._.known_authorities`` (the councils the document
itself names, found by :mod:`adoption_audit.nlp.document_meta`). Sets ``Doc._.entity_mentions``. Comparators
(England, statistical neighbours) are marked so claims about them are never read as the agency's own figure.
"""

from __future__ import annotations

import re

from adoption_audit.nlp.casefold import Folded
from adoption_audit.nlp.components import block_state
from adoption_audit.nlp.lexicon import load_lexicon
from adoption_audit.nlp.mentions import EntityMention
from spacy.language import Language
from spacy.tokens import Doc


class ReportEntities:
    def __init__(self, catalogue: str | None):
        lexicon = load_lexicon(catalogue)
        self.names = dict(lexicon.authorities)
        self.comparators = dict(lexicon.comparators)
        self.comparator_re = _alternation(self.comparators, re.IGNORECASE)  # a Folded pattern: see _alternation
        self.authority_re = _alternation(self.names, 0)
        # One document's names: (its known_authorities, their pattern, the lexicon's names and its merged), made
        # once a document and read as one tuple.
        self._document: tuple[dict, re.Pattern, dict] | None = None

    def __call__(self, doc: Doc) -> Doc:
        state = block_state(doc)
        text = state.text
        mentions = []
        for match in self.comparator_re.finditer(text):
            mentions.append(EntityMention(match.start(), match.end(), self._comparator(match.group('name')), True))
        known = state.known_authorities or {}
        patterns, names = [self.authority_re], self.names
        if known:
            document = self._document
            if document is None or document[0] is not known:
                document = self._document = (known, _alternation(known, 0), {**self.names, **known})
            patterns.append(document[1])
            names = document[2]
        for pattern in patterns:
            for match in pattern.finditer(text):
                if not any(m.start <= match.start() < m.end for m in mentions):
                    mentions.append(EntityMention(match.start(), match.end(), names[match.group('name')]))
        state.entity_mentions = sorted(mentions, key=lambda m: m.start)
        return doc

    def _comparator(self, written: str) -> str:
        for name, entity in self.comparators.items():
            if name.lower() == written.lower():
                return entity
        return written


def _alternation(names: dict, flags: int) -> re.Pattern | Folded:
    """One pattern for all ``names``, longest first, led by a look-ahead for their first characters (it runs over
    every block; the look-ahead lets it pass other positions at once); case-insensitive ones are
    :class:`Folded` (``name`` is then the lower-cased words)."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    first = "".join(sorted({re.escape(n[0]) for n in names if n}))
    pattern = rf"(?=[{first}])(?<![\w-])(?P<name>{alternatives})(?:'s)?(?![\w-])" if alternatives and all(names) \
        else rf"(?<![\w-])(?P<name>{alternatives})(?:'s)?(?![\w-])" if alternatives else r"(?!x)x"
    if flags & re.IGNORECASE and pattern.isascii():
        # Every match holds one of the names: a block naming none skips the scan.
        return Folded(pattern, flags & ~re.IGNORECASE, needs=tuple(sorted({n.lower() for n in names})) if all(names) else None)
    return re.compile(pattern, flags)


@Language.factory("report_entities", assigns=["doc._.entity_mentions"], default_config={"catalogue": None})
def make_report_entities(nlp: Language, name: str, catalogue: str | None) -> ReportEntities:
    return ReportEntities(catalogue)
