"""``report_sentences``: sentence starts that survive bullets, numbered paragraphs and flattened tables.

Reads token text only. A sentence starts after ``.``/``!``/``?`` when the next token opens one (a capital,
a digit, a bullet, a quote), except after abbreviations ("Reg.", "e.g.") and after a bare paragraph label
("2.5", "A1.", "(b)"), which belongs to the sentence it numbers. A bullet character or a line break before a
bullet also starts a sentence. Semicolons do not: "44 Eastvale children; 8 Westmoor children" is one
breakdown and is read as one.
"""

from __future__ import annotations

import re

from adoption_audit.nlp.components import block_state, plain_text
from spacy.language import Language
from spacy.tokens import Doc

BULLETS = {"•", "", "▪", "◦", "‣", "●", "–", "o", "-", "*", "·"}
ABBREVIATIONS = {"reg", "regs", "e.g", "i.e", "no", "nos", "para", "approx", "etc", "vs", "st", "dr", "mr", "mrs",
                 "ms", "cllr", "c", "p", "pp", "fig", "sec", "s"}
LABEL_RE = re.compile(r"^(?:\(?[0-9]{1,2}(?:\.[0-9]{1,2})*\)?|\(?[a-zA-Z]\)|[A-Z][0-9]{1,2}|[ivx]{1,4})$")


# A scorecard caption ("A2 - Average time in days ...") starts a sentence even with no full stop before it:
# PDF exports join a table's last row to the next table's caption.
BOUNDARY = re.compile(r"(?=[)\"'’”\s])(?:(?<=[.!?])[)\"'’”]?\s+(?=[A-Z0-9“\"(•▪●‣◦])|\n\s*(?=[•▪●‣◦\-*]\s)|\s(?=[•▪●‣◦]\s)"
                      r"|(?<=\d)\s+(?=A\d{1,2}\s?[-–—:]\s))")  # the look-ahead first: every boundary starts so
WORD_BEFORE = re.compile(r"(\S+)\s*$")


class ReportSentences:
    """Marks sentence starts from the text (a regex over the block) rather than a loop over every token,
    which keeps segmentation off the hot path of 100-page reports."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        state = block_state(doc)
        text = state.text
        doc[0].is_sent_start = True
        if len(doc) > 1:
            doc[1].is_sent_start = False  # boundaries are now annotated, even for a one-sentence block
        last_start = 0
        cuts = [0]
        for match in BOUNDARY.finditer(text):
            cut = match.end()
            before = WORD_BEFORE.search(text, max(0, match.start() - 30), match.start() + 1)
            word = before.group(1).lower().rstrip(".!?") if before else ""
            if word in ABBREVIATIONS or "." in word and len(word) <= 4 and word.replace(".", "").isalpha():
                continue  # "Reg. 24", "e.g. the"
            if LABEL_RE.match(text[last_start:match.start()].strip().rstrip(".")):
                continue  # "2.5 Six children", "A1. The average": the label belongs to its sentence
            span = doc.char_span(cut, min(len(text), cut + 1), alignment_mode="expand")
            if span is not None and span.start > 0:
                span[0].is_sent_start = True
                last_start = cut
                cuts.append(span.start_char)
        # The same boundaries as character spans, so later components need not walk doc.sents (which
        # re-checks every token's annotation on each call).
        state.sentence_spans = [(a, b) for a, b in zip(cuts, cuts[1:] + [len(text)])]
        return doc


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of ``doc``, as ``report_sentences`` found them."""
    spans = block_state(doc).sentence_spans
    if spans is not None:
        return spans
    if len(doc) < 2:
        return [(0, len(plain_text(doc)))]
    return [(s.start_char, s.end_char) for s in doc.sents]


@Language.factory("report_sentences", assigns=["token.is_sent_start"])
def make_report_sentences(nlp: Language, name: str) -> ReportSentences:
    return ReportSentences()
