"""``report_metric_phrases``: where the catalogue's metrics are named in a block.

A PhraseMatcher on lower-cased tokens holds every wording of every metric (the catalogue's phrases, our
variants in ``data/metric_phrases.yaml``, plural/singular and hyphen forms). Sets ``Doc._.metric_mentions``.
A number inside a metric's own wording ("within 14 months", "stage 1", "indicator 2") is part of the name,
not a figure: it is skipped as ``definition``. Co-occurrence cues and fuzzy variants need the number's
clause and are applied by ``report_claims``.
"""

from __future__ import annotations

from bisect import bisect_right

from adoption_audit.nlp.components import block_state
from adoption_audit.nlp.lexicon import load_lexicon
from adoption_audit.nlp.mentions import MetricMention
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc


class ReportMetricPhrases:
    def __init__(self, nlp: Language, catalogue: str | None):
        self.lexicon = load_lexicon(catalogue)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for metric in self.lexicon.metrics.values():
            self.matcher.add(metric.id, [nlp.make_doc(p) for p in metric.phrases])

    def __call__(self, doc: Doc) -> Doc:
        state = block_state(doc)
        mentions = []
        for match_id, start, end in self.matcher(doc):
            # The character offsets Span(doc, start, end) would give, without building the Span.
            first, last = doc[start], doc[end - 1]
            mentions.append(MetricMention(first.idx, last.idx + len(last), doc.vocab.strings[match_id], "phrase"))
        # Where wordings overlap ("adoption orders" inside "adoption orders granted") keep the longest.
        mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[MetricMention] = []
        for m in mentions:
            if kept and m.start < kept[-1].end and m.end <= kept[-1].end:
                if m.metric != kept[-1].metric and (m.end - m.start) == (kept[-1].end - kept[-1].start):
                    kept.append(m)
                continue
            kept.append(m)
        state.metric_mentions = kept
        starts = [m.start for m in kept]
        for number in state.numbers or ():
            if number.skip is None:
                at = bisect_right(starts, number.start)
                if any(m.start <= number.start and number.end <= m.end for m in kept[max(0, at - 3):at]):
                    number.skip = "definition"
        return doc


@Language.factory("report_metric_phrases", assigns=["doc._.metric_mentions", "doc._.numbers"],
                  default_config={"catalogue": None})
def make_report_metric_phrases(nlp: Language, name: str, catalogue: str | None) -> ReportMetricPhrases:
    return ReportMetricPhrases(nlp, catalogue)
