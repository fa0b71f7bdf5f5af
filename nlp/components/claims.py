"""``report_claims``: each number of a sentence read as a claim: metric, kind, period words, entity, direction.

Reads the sentence boundaries and ``Doc._.numbers``/``periods``/``metric_mentions``/``entity_mentions``; sets
``Doc._.draft_claims``. Everything here is local to one sentence. Each number owns the words from just after
the number before it to just before the number after it (its clause); its metric is the nearest wording
in that clause (after the number first: "34 adopters were approved"), else the most specific co-occurrence
cue, else a fuzzy wording. The words just before a number say what kind of figure it is ("compared to",
"up from" -> previous; "an improvement of", "missed by" -> difference; "target of" -> target), and the
numbers after a total ("– 3 sets of twins, three sets of triplets", "3 males & 6 females") are its parts.
Resolving periods against the document, and links across sentences, is :mod:`adoption_audit.nlp.claims`'.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from adoption_audit.nlp.casefold import Folded
from adoption_audit.nlp.components import block_state
from adoption_audit.nlp.components.sentences import sentence_spans
from adoption_audit.nlp.lexicon import cue_test, load_lexicon, normalise
from adoption_audit.nlp.mentions import DraftClaim, NumberMention
from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.tokens import Doc

UNIT_FITS = {  # number unit -> catalogue units it can be
    "count": {"count", "days", "percent", "gbp", "months"},  # "the England average is 486" (days implied)
    "days": {"days"},
    "months": {"months", "days"},
    "percent": {"percent"},
    "gbp": {"gbp"},
    "ratio": {"ratio", "percent"},
}
PREVIOUS_BEFORE = Folded(r"(?:compared\s+(?:to|with)|up\s+from|down\s+from|increased?\s+from|decreased?\s+from|"
                         r"fell\s+from|rose\s+from|risen\s+from|reduced\s+from|from|against|than|"
                         r"previous(?:ly)?(?:\s+(?:three|3|two|2)[- ]year)?(?:\s+(?:figure|average|result|position))?"
                         r"(?:\s+(?:of|was|were|is))?|last\s+year'?s?(?:\s+figures?)?(?:\s+(?:of|which\s+(?:was|were)))?|"
                         r"(?:was|were)\s+previously)\s*(?:of\s+|just\s+|only\s+)?$",
                         tails=("to", "with", "from", "against", "than", "previous", "previously", "year", "year'",
                                "year's", "years", "figure", "figures", "average", "result", "position", "of", "was",
                                "were", "is", "just", "only"))
# ``first``: the first letters of a pattern's words (see Folded): the patterns searched for every number then pass
# other positions at once.
DIFFERENCE_BEFORE = Folded(r"(?:(?:improvement|increase|decrease|reduction|rise|fall|drop|change|difference|"
                           r"gap|deterioration|growth|decline)\s+of|(?:missed|exceeded|beaten|bettered|"
                           r"beat|outperformed|reduced|increased|improved|fell|rose|grew|up|down)\s+by|by)\s*$", first="bcdefgimoru",
                           tails=("of", "by"))
DIFFERENCE_AFTER = Folded(r"^\s*(?:days?\s+|months?\s+|%\s*|percentage\s+points?\s+)?"
                          r"(?:more|fewer|less|longer|shorter|better|worse|faster|slower|higher|lower|quicker)\b"
                          r"(?!\s+than\s+(?:the\s+)?(?:england|national))",
                          heads=("day", "month", "%", "percentage", "more", "fewer", "less", "longer", "shorter",
                                 "better", "worse", "faster", "slower", "higher", "lower", "quicker"))
CHANGE_AFTER = Folded(r"^\s*(?:%|per\s?cent)?\s*(?:year[- ]on[- ]year\s+)?(?:increase|decrease|rise|fall|"
                      r"reduction|drop|improvement|decline|growth|higher|lower|up|down)\b",
                      heads=("%", "per", "year", "increase", "decrease", "rise", "fall", "reduction", "drop",
                             "improvement", "decline", "growth", "higher", "lower", "up", "down"))
TARGET_BEFORE = Folded(r"(?:target(?:ed|s)?|aim(?:s|ing)?\s+to|ambition|threshold|goal|(?:plan(?:s|ned)?|intend(?:s|ed)?)\s+to)\b"
                       r"[^.;]{0,40}?(?:of|is|was|to|for|at|be|:)?\s*(?:approve|approving|recruit|recruiting|"
                       r"place|placing|reach|achieve|have)?\s*$", first="agipt",
                       needs=("target", "aim", "ambition", "threshold", "goal", "plan", "intend"))
# "(target 95%)" after a figure makes it the target; "171 days against the threshold of 121" does not.
TARGET_AFTER = Folded(r"^(?:(?!against|compared|than|versus|\bvs\b)[^.;]){0,30}\b(?:target|threshold)\b",
                      needs=("target", "threshold"))  # needs: some of TARGET_BEFORE's (one sentence test for both)
ADOPTERS_OF = Folded(r"(?:'s)?\s+(?:own\s+)?(?:approved\s+)?(?:adopters|adoptive\s+(?:families|parents))\b")
ON_BASELINE = Folded(r"\b(?:on|over)\s+(?:the\s+)?$", first="o", tails=("on", "over", "the"))
PART_BEFORE = Folded(r"\bof\s+(?:whom|which|these|them|those)\s*,?\s*$", first="o",
                     tails=("whom", "which", "these", "them", "those", ","))
PART_OF = Folded(r"^\s*(?:of\s+(?:these|which|them|those|whom)|were\s+from|from)\b", heads=("of", "were", "from"))
PART_OPENERS = Folded(r"[–—:(;]|\s-\s|,\s*(?:with|of which|including)\b", first=r"–—:(;,\s")
# The named dimensions of a breakdown, from the words right after a part ("30 were White British",
# "26 with the agency's own adopters", "12 aged 0-2"); anything else is a ``group``.
ETHNICITY_AFTER = Folded(r"^\s*(?:were|was|are|is|of|from)?\s*(?:an?\s+|of\s+)?(?P<what>(?:white|black|asian|"
                         r"mixed|dual|bme|minority|other\s+ethnic|any\s+other\s+ethnic|chinese|arab|gypsy|"
                         r"traveller|roma|irish|british|indian|pakistani|bangladeshi|caribbean|african)"
                         r"[\w/&' -]{0,40}?)(?=\s*(?:[,.;)]|\band\b|$|\s(?:households?|famil|children|adopters)))",
                         heads=("were", "was", "are", "is", "of", "from", "a", "white", "black", "mixed", "dual", "bme",
                                "minority", "other", "chinese", "gypsy", "traveller", "roma", "irish", "british",
                                "indian", "pakistani", "bangladeshi", "caribbean"))
ETHNICITY_WORD = Folded(r"\b(?:white|black|asian|mixed|dual heritage|bme|minority ethnic|ethnic|chinese|"
                        r"gypsy|traveller|heritage)\b", first="abcdeghmtw")
IN_HOUSE = Folded(r"\b(?:in[- ]house|(?:the\s+agency'?s|our|its|their|the\s+council'?s)\s+own\s+adopters|"
                  r"own\s+approved\s+adopters|(?:council|agency)(?:'s)?\s+(?:own\s+)?approved\s+adopters|"
                  r"internal(?:ly)?)\b", first="aciot", needs=("house", "adopters", "internal"))
INTER_AGENCY = Folded(r"\b(?:inter[- ]?agency|other\s+(?:adoption\s+)?agenc(?:y|ies)|external(?:ly)?|"
                      r"voluntary\s+adoption\s+agenc(?:y|ies)|other\s+local\s+authorit(?:y|ies)|vaas?)\b", first="eiov",
                      needs=("agenc", "external", "authorit", "vaa"))
AGE_BAND_AFTER = Folded(r"^\s*(?:children\s+|were\s+|was\s+)?(?:aged?\s+)?(?P<band>(?:under|over)\s+(?:\d{1,2}|one|"
                        r"two|three|four|five)|\d{1,2}\s?[-–]\s?\d{1,2}|\d{1,2}\+)(?:\s*years?)?\b")
OF_TOTAL_OPENER = Folded(r"^\W*(?:[0-9A-Za-z]{0,2}[0-9.]*\)?\s+)?(?:of|out\s+of)\s+(?:the|these|those|our|all(?:\s+the)?)?"
                         r"\s*(?:total\s+of\s+)?$")
SEX_WORDS = {"male": "M", "males": "M", "boys": "M", "boy": "M", "men": "M", "female": "F", "females": "F",
             "girls": "F", "girl": "F", "women": "F"}
DIRECTION_WORDS = [
    (Folded(r"\b(?:improvement|improved|improving|better)\b"), "improvement"),
    (Folded(r"\b(?:deteriorat\w*|worse(?:ned)?|worsening)\b"), "deterioration"),
    (Folded(r"\b(?:increase[sd]?|increasing|rise|rose|risen|rising|up\s+from|higher|grew|growth|more\s+than\s+"
            r"(?:the\s+)?(?:previous|last))\b"), "increase"),
    (Folded(r"\b(?:decrease[sd]?|decreasing|fell|fall(?:en)?|falling|reduction|reduced|down\s+from|lower|"
            r"fewer|decline[sd]?|drop(?:ped)?)\b"), "decrease"),
    (Folded(r"\b(?:unchanged|the\s+same\s+as|no\s+change|stable|remained\s+at)\b"), "same"),
]
COMPARISON = Folded(r"compared|up\s+from|down\s+from|than|previous|last\s+year|improvement|increase|decrease|"
                    r"reduction|fell|rose|year\s+on\s+year|since",
                    needs=("compared", "up", "down", "than", "previous", "last", "improvement", "increase", "decrease",
                           "reduction", "fell", "rose", "year", "since"))
TEXT_STOP = {"were", "was", "have", "has", "had", "of", "in", "the", "for", "to", "and", "is", "are", "be", "been",
             "this", "that", "with", "by", "on", "at", "a", "an", "which", "who", "or", "compared", "from", "during",
             "than", "it", "its", "their", "our", "we", "as", "per", "these", "those", "all", "each", "via", "will",
             "would", "can", "could", "should", "may", "not", "also", "but", "so", "there", "then", "into",
             "against", "versus"}
FUZZY_CUTOFF = 90
SUBSET_AFTER = re.compile(r"\s+(?:[A-Za-z-]+\s+){0,2}?(?:children|child|households?|adopters|families)\s+"
                          r"(?P<which>(?:with|who|whose|aged|under|over|willing)\b(?:\s+[A-Za-z-]+){0,3})")
CLAUSE_BREAK = re.compile(r"(?=[,;\s])(?:,\s+(?:and|but|so|while|whereas)\b|;|\s[–—-]\s|\s(?:although|though|whereas|but)\s)")
CLAUSE_BREAK_LITERALS = (",", ";", "–", "—", "-", "though", "whereas", "but")  # every CLAUSE_BREAK match holds one
NO_UNITS: frozenset[str] = frozenset()
CHANGE_WORD = Folded(r"increase|decrease|rise|fall|reduction|drop|growth|decline")
ENTITY_GAP = re.compile(r"\s+(?:(?:were|was|are|is)\s+)?(?:from|for)\s+|\s+(?:were|was|are|is)\s+")
CLAIM_WORD = re.compile(r"^[A-Za-z][\w'’/-]*$")
ETHNICITY_NAME = Folded(r"(?:british|indian|pakistani|bangladeshi|caribbean|african|irish|chinese|arab)\b")
NOT_LETTERS = re.compile(r"[^a-z]+")
FIRST_CLAUSE = re.compile(r"[,;.]|\band\b")
COMPARE_SPLIT = Folded(r"\b(?:compared|than|up\s+from|down\s+from|against|whereas)\b", first="acdtuw",
                       needs=("compared", "than", "up", "down", "against", "whereas"))


class ReportClaims:
    def __init__(self, catalogue: str | None):
        self.lexicon = load_lexicon(catalogue)
        self.cues = [(m.id, [[cue_test(w) for w in group] for group in cue], None)
                     for m in self.lexicon.metrics.values() for cue in m.cues]
        self.vetoes = {m.id: [cue_test(v) for v in m.vetoes] for m in self.lexicon.metrics.values()}
        self.long_phrases = {p: m.id for m in self.lexicon.metrics.values() for p in m.phrases if len(p.split()) >= 3}
        self.fuzzy_cache: dict[str, str | None] = {}
        # "the 121 day target" for A2 is the A2 threshold: a target-kind metric named after the measure.
        self.thresholds = {m.id: m.id.replace("_days", "_threshold_days") for m in self.lexicon.metrics.values()
                           if m.id.replace("_days", "_threshold_days") in self.lexicon.metrics and m.kind != "target"}
        self.measures = {threshold: measure for measure, threshold in self.thresholds.items()}

    def __call__(self, doc: Doc) -> Doc:
        state = block_state(doc)
        candidates = [n for n in state.numbers or () if n.skip is None]
        drafts: list[DraftClaim] = []
        if not candidates:
            state.draft_claims = drafts
            return doc
        text = state.text
        lower = state.lower
        # Each list is sorted by offset: slice it per sentence by bisection, not by a scan per sentence
        # (a PDF page read as one block has hundreds of sentences).
        lists = [candidates, state.metric_mentions or [], state.entity_mentions or [], state.periods or []]
        starts = [[item.start for item in items] for items in lists]
        for start, end in sentence_spans(doc):
            inside = [items[bisect_left(keys, start):bisect_left(keys, end)] for items, keys in zip(lists, starts)]
            if inside[0]:
                drafts.extend(self._sentence(text, lower, start, end, *inside))
        state.draft_claims = drafts
        return doc

    # -- one sentence -----------------------------------------------------------------------------------
    def _sentence(self, text: str, lower: str, s_start: int, s_end: int, numbers: list[NumberMention],
                  mentions: list, entities: list, periods: list) -> list[DraftClaim]:
        sentence_lower = lower[s_start:s_end]
        # Whether a clause break can occur anywhere in the sentence (most short ones have none): then no
        # number's clause needs a scan for one.
        breaks = any(literal in sentence_lower for literal in CLAUSE_BREAK_LITERALS)
        # Likewise the target words ("target", "aim to", "threshold" …): most sentences have none.
        targets = TARGET_BEFORE.may_occur_in(text[s_start:s_end])
        drafts: list[DraftClaim] = []
        for i, number in enumerate(numbers):
            left_start = numbers[i - 1].end if i else s_start
            right_end = numbers[i + 1].start if i + 1 < len(numbers) else s_end
            draft = DraftClaim(number, s_start, s_end)
            before = text[left_start:number.start]
            after = text[number.end:right_end]
            draft.metric, draft.metric_how = self._metric(number, mentions, lower, left_start, right_end, breaks)
            draft.kind = self._kind(number, before, after, drafts, draft.metric, targets)
            if draft.kind == "target" and draft.metric:
                draft.metric = self.thresholds.get(draft.metric, draft.metric)
            elif draft.kind == "difference" and draft.metric in self.measures:
                draft.metric = self.measures[draft.metric]  # "the A2 threshold was missed by 50 days": A2's gap
            self._period(draft, periods, number, left_start, right_end, text, lower)
            self._entity(draft, entities, number, left_start, right_end, text, s_start, lower)
            subset = SUBSET_AFTER.match(text, number.end, right_end)
            if draft.kind == "stated" and subset:
                # "5 of the children placed were from minority ethnic backgrounds": a qualified subset of
                # the year's figure, not the figure itself.
                draft.kind, draft.breakdown = "part", {"group": " ".join(subset.group("which").lower().split())}
            draft.text = _claim_text(text, number, right_end)
            drafts.append(draft)
        self._parts(drafts, text)
        self._targets(drafts)
        self._comparisons(drafts, bool(COMPARISON.search(sentence_lower)), sentence_lower)
        # Number words are claims only when they are plainly a catalogued figure or a part of one.
        return [d for d in drafts if not d.number.word or d.metric]

    def _metric(self, number, mentions, lower, left_start, right_end, breaks=True):
        fits = UNIT_FITS.get(number.unit, NO_UNITS)
        if breaks:
            short_start = max([left_start] + [left_start + k.end() for k in CLAUSE_BREAK.finditer(
                lower[left_start:number.start])])
            short_end = next((number.end + k.start() for k in CLAUSE_BREAK.finditer(lower[number.end:right_end])),
                             right_end)
        else:
            short_start, short_end = left_start, right_end
        metrics = self.lexicon.metrics
        vetoes_of = self.vetoes
        # The normalised window is made only when a wording with veto words needs it (14 metrics of 32 have any).
        window = None

        def usable(metric_id: str) -> bool:
            return metrics[metric_id].unit in fits and not any(v in clause for v in vetoes_of[metric_id])

        def near_ok(m) -> bool:
            nonlocal window
            if metrics[m.metric].unit not in fits:
                return False
            vetoes = vetoes_of[m.metric]
            if not vetoes:
                return True
            if window is None:
                window = normalise(lower[short_start:short_end])
            return not any(v in window for v in vetoes)

        def right_ok(m) -> bool:
            # A wording right after the number says what it counts; words after a comma that follows the
            # wording ("43 households were approved, all within the six month timescale") qualify the
            # whole figure and do not veto it.
            if metrics[m.metric].unit not in fits:
                return False
            vetoes = vetoes_of[m.metric]
            if not vetoes:
                return True
            stop = lower.find(",", m.end, short_end)
            own = normalise(lower[short_start:stop if stop >= 0 else short_end])
            return not any(v in own for v in vetoes)

        right = [m for m in mentions if number.end <= m.start < right_end and right_ok(m)]
        if number.word:
            # A number word is a figure only when the metric's wording follows it closely ("Nineteen
            # adoption panels"); "one annual report ... Adoption Panel" is not a count of panels.
            right = [m for m in right if m.start - number.end <= 30]
            if not right:
                return None, None
        if right:
            return min(right, key=lambda m: m.start).metric, "phrase"
        # Cues and vetoes are substring tests on normalised text (" approv", " agency decision maker "):
        # C-speed, where a regex per cue word per number was the pipeline's hottest loop. Normalised only
        # here: a wording right after the number (two figures in five) needs neither.
        clause = normalise(lower[left_start:right_end])
        left = [m for m in mentions if left_start <= m.start and m.end <= number.start and near_ok(m)]
        if left:
            return max(left, key=lambda m: m.end).metric, "phrase"
        best, best_groups = None, 0
        for metric_id, groups, vetoes in self.cues:
            if len(groups) <= best_groups:
                continue
            # The cue's words first (substring tests, in plain loops: this runs ~10 times a number), the
            # unit and vetoes only for a cue that is there.
            for group in groups:
                for word in group:
                    if word in clause:
                        break
                else:
                    break  # no word of this group: not this cue
            else:
                if usable(metric_id):
                    best, best_groups = metric_id, len(groups)
        if best:
            return best, "cue"
        if number.word:
            return None, None
        nearby = " ".join(lower[max(left_start, number.start - 60):min(right_end, number.end + 70)].split())
        if nearby not in self.fuzzy_cache:
            hit = process.extractOne(nearby, self.long_phrases.keys(), scorer=fuzz.partial_ratio,
                                     score_cutoff=FUZZY_CUTOFF) if len(nearby) > 12 else None
            self.fuzzy_cache[nearby] = self.long_phrases[hit[0]] if hit else None
        found = self.fuzzy_cache[nearby]
        if found and usable(found):
            return found, "fuzzy"
        return None, None

    def _kind(self, number, before, after, drafts, metric, targets=True):
        tail = before[-60:]
        # Each window lower-cased once for the several patterns that read it.
        tail_lower, after_lower = tail.lower(), after.lower()
        difference_before = DIFFERENCE_BEFORE.search(tail, lower=tail_lower)  # it decides three tests below
        if metric and self.lexicon.metrics[metric].kind == "target" and not difference_before:
            return "target"
        if not difference_before and targets and (TARGET_BEFORE.search(tail, lower=tail_lower)
                                                  or TARGET_AFTER.match(after, lower=after_lower)):
            return "target"
        if number.unit == "percent" and CHANGE_AFTER.match(after, lower=after_lower) and not metric:
            return "change_percent"
        if difference_before or DIFFERENCE_AFTER.match(after, lower=after_lower):
            if number.unit == "percent" and CHANGE_WORD.search(tail + after[:30]):
                return "change_percent"
            return "difference"
        if drafts and drafts[-1].kind in ("difference", "change_percent") and ON_BASELINE.search(tail, lower=tail_lower):
            return "previous"  # "an improvement of 28 days on 430 days", "an increase of 10% on £465,800"
        if drafts and PREVIOUS_BEFORE.search(tail, lower=tail_lower) and not (metric and drafts[-1].metric
                                                                              and metric != drafts[-1].metric):
            return "previous"
        return "stated"

    @staticmethod
    def _period(draft, periods, number, left_start, right_end, text="", lower=None):
        split = COMPARE_SPLIT.search(text, number.end, right_end, lower=lower) if text else None
        if split and draft.kind == "stated":
            right_end = split.start()  # "65%, compared to last year's 64%": last year belongs to the 64%
        near = [p for p in periods if left_start <= p.start and p.end <= right_end]
        if not near:
            # A period opening the sentence ("In 2018/19, 45 children ...") covers the figures after it.
            near = [p for p in periods if p.end <= number.start][-1:]
        if near:
            chosen = min(near, key=lambda p: abs(p.start - number.end) if p.start >= number.end
                         else abs(number.start - p.end) + 5)
            draft.period_kind, draft.period_value, draft.period_text = chosen.kind, chosen.value, chosen.raw
            if chosen.kind == "previous" and draft.kind == "stated":
                draft.kind = "previous"

    @staticmethod
    def _entity(draft, entities, number, left_start, right_end, text, s_start, lower=None):
        for entity in entities:
            # "8 Eastvale children", "(60 Eastvale & 6 Westmoor children)", "24 were Northshire children".
            gap = text[number.end:entity.start]
            if number.end <= entity.start and entity.end <= right_end and (
                    len(gap) <= 3 or ENTITY_GAP.fullmatch(gap)):
                draft.entity, draft.comparator, draft.entity_adjacent = entity.entity, entity.comparator, True
                return
        for entity in entities:
            if entity.comparator and max(left_start, number.start - 70) <= entity.start < min(right_end,
                                                                                              number.end + 25):
                draft.entity, draft.comparator = entity.entity, True
                return
        # "7 adoption orders were made for Westmoor children": the authority named in the figure's own clause
        # (not a breakdown: the figure is the authority's whole).
        # Before the number only when no other figure comes first ("Two were from Rutland and 16 were ...").
        lower_bound = left_start if left_start == s_start else number.end
        # "adopted by Westmoor District Council approved adopters": the council describes the adopters, not
        # the children counted.
        named = {e.entity for e in entities if not e.comparator and lower_bound <= e.start and e.end <= right_end
                 and not ADOPTERS_OF.match(text, e.end, lower=lower)}
        if len(named) == 1:
            draft.entity = named.pop()

    def _parts(self, drafts: list[DraftClaim], text: str) -> None:
        """Numbers that break a total down: after a dash/colon/bracket, by authority, by sex, "of these"."""
        for i, draft in enumerate(drafts):
            if draft.kind != "stated":
                continue
            after = text[draft.number.end:draft.number.end + 40]
            first = after.split(None, 1)
            next_word = first[0].strip(",.;:)&").lower() if first else ""
            breakdown = None
            if draft.entity and not draft.comparator and draft.entity_adjacent:
                breakdown = {"authority": draft.entity}
            else:
                breakdown = named_dimension(after, next_word)
            clause_end = drafts[i + 1].number.start if i + 1 < len(drafts) else draft.sent_end
            own = named_dimension(text[draft.number.end:clause_end][:120]) if breakdown is None and draft.metric \
                else None  # only a catalogued figure is kept apart by its placement words
            if own and "placement" in own and draft.metric:
                # "41 children were adopted by the council's approved adopters": a figure by placement, not the
                # year's total; it is kept apart from the total (its siblings follow as parts or on their own).
                draft.breakdown = own
                continue
            total = None
            for j in range(i - 1, -1, -1):
                if drafts[j].kind in ("stated",) and drafts[j].breakdown is None and drafts[j].number.unit == \
                        draft.number.unit:
                    total = j
                    break
            between = text[drafts[total].number.end:draft.number.start] if total is not None else ""
            named_split = bool(breakdown and set(breakdown) & NAMED_SPLITS)
            if draft.metric and total is not None and drafts[total].metric != draft.metric \
                    and not (draft.metric_how == "cue" and PART_OF.match(after)) and not named_split:
                continue  # a different catalogued figure, not a part of the total ("2 were child specific")
            opener = bool(PART_OPENERS.search(between)) or bool(PART_OF.match(after)) or bool(
                PART_BEFORE.search(between)) or (total is not None and bool(OF_TOTAL_OPENER.match(
                    text[drafts[total].sent_start:drafts[total].number.start])) and draft.number.value is not None
                    and drafts[total].number.value is not None and draft.number.value <= drafts[total].number.value)
            if total is not None and breakdown and not opener and set(breakdown) <= set(
                    named_dimension(text[drafts[total].number.end:draft.number.start]) or {}):
                # "41 children were adopted by the council's approved adopters, 11 via inter-agency": the
                # total names a value of the same split, so the second figure is its sibling, not its part.
                draft.breakdown = breakdown
                continue
            if total is not None and (breakdown or opener):
                draft.kind = "part"
                draft.anchor = total
                draft.metric = drafts[total].metric
                draft.breakdown = breakdown or {"group": _group_words(after)}
                draft.period_kind = draft.period_kind or drafts[total].period_kind
                draft.period_value = draft.period_value or drafts[total].period_value
                draft.period_text = draft.period_text or drafts[total].period_text
            elif total is None and (breakdown and (not draft.metric or set(breakdown) & NAMED_SPLITS)
                                    or PART_OF.match(after) and not draft.metric):
                # "28 were White British, 4 were Asian and 1 of mixed heritage" after the sentence giving the
                # total: a named split is a breakdown of the total before it, whatever metric its words cue.
                draft.part_of_previous = True
                draft.breakdown = breakdown or {"group": _group_words(after)}

    def _targets(self, drafts: list[DraftClaim]) -> None:
        """A target with no wording of its own is the target of the measure stated beside it: "171 days against
        the DfE threshold of 121 days" makes 121 the A2 threshold."""
        for draft in drafts:
            if draft.kind == "target" and draft.metric is None:
                measure = next((d.metric for d in drafts if d.kind == "stated" and d.metric
                                and d.number.unit == draft.number.unit), None)
                if measure:
                    draft.metric = self.thresholds.get(measure, measure)

    def _comparisons(self, drafts: list[DraftClaim], compares: bool, sentence_lower: str) -> None:
        """Link previous/difference claims to the figure they compare with; give them its metric and unit.
        ``compares``: the sentence has comparison words (``COMPARISON``), found once per sentence."""
        direction = None
        if compares:
            for pattern, word in DIRECTION_WORDS:
                if pattern.search(sentence_lower):
                    direction = word
                    break
        for i, draft in enumerate(drafts):
            if draft.kind in ("previous", "difference", "change_percent"):
                anchor = next((j for j in range(i - 1, -1, -1) if drafts[j].kind == "stated"), None)
                if anchor is not None:
                    draft.anchor = anchor
                    draft.metric = draft.metric or drafts[anchor].metric
                    if draft.kind == "previous" and draft.number.unit == "count" and drafts[anchor].number.unit \
                            in ("percent", "days", "gbp"):
                        draft.number.unit = drafts[anchor].number.unit
                draft.direction = direction
                if anchor is not None and direction:
                    drafts[anchor].direction = drafts[anchor].direction or direction
        if direction and not any(d.kind in ("previous", "difference", "change_percent") for d in drafts):
            for draft in drafts:
                if draft.kind == "stated" and compares:
                    draft.direction = direction
                    break


def _claim_text(text: str, number: NumberMention, limit: int) -> str:
    """The number and the words that say what it counts ("41 adopter households", "8 Eastvale children")."""
    words = []
    for word in text[number.end:limit].split(None, 4)[:4]:
        clean = word.strip(",.;:()")
        if not clean or clean.lower() in TEXT_STOP or not CLAIM_WORD.match(clean):
            break
        words.append(clean)
        if clean != word:
            break
    return " ".join([number.text] + words)


NAMED_SPLITS = {"ethnicity", "sex", "placement", "age_band"}


def named_dimension(after: str, next_word: str | None = None) -> dict | None:
    """The named dimension a part belongs to, from the words after it: sex, ethnicity, placement (in-house or
    inter-agency) or age band; None when the words name none of them (the part is then a ``group``)."""
    words = None
    if next_word is None:
        words = _first_words(after)
        next_word = words[0] if words else ""
    if next_word in ("were", "was", "are", "is"):
        words = words or _first_words(after)
        if len(words) > 1:
            next_word = words[1]  # "22 were boys"
    if next_word in SEX_WORDS:
        return {"sex": SEX_WORDS[next_word]}
    head = after[:60]
    ethnicity = ETHNICITY_AFTER.match(head)
    if ethnicity and ETHNICITY_WORD.search(ethnicity.group("what")) or ethnicity and ETHNICITY_NAME.match(
            ethnicity.group("what")):
        what = NOT_LETTERS.sub("_", ethnicity.group("what").lower()).strip("_")
        return {"ethnicity": what}
    near = after[:120]
    near_lower = near.lower()
    if INTER_AGENCY.may_occur_in(near, near_lower) or IN_HOUSE.may_occur_in(near, near_lower):  # need one of a few
        head = " ".join(near.split())
        clause = FIRST_CLAUSE.split(head, maxsplit=1)[0]
        if INTER_AGENCY.search(clause):
            return {"placement": "inter_agency"}
        if IN_HOUSE.search(clause):
            return {"placement": "in_house"}
    band = AGE_BAND_AFTER.match(after)
    if band:
        return {"age_band": " ".join(band.group("band").lower().replace("–", "-").split()).replace(" - ", "-")}
    return None


def _first_words(after: str) -> list[str]:
    return [w.strip(",.;:)&").lower() for w in after.split(None, 3)[:3]]


def _group_words(after: str) -> str:
    words = []
    for word in after.split(None, 4)[:4]:
        clean = word.strip(",.;:()&")
        if not clean or clean.lower() in TEXT_STOP - {"of"} or not clean[0].isalpha():
            break
        words.append(clean.lower())
    return " ".join(words) or "unnamed"


@Language.factory("report_claims", assigns=["doc._.draft_claims"], default_config={"catalogue": None},
                  requires=["doc._.numbers", "doc._.periods", "doc._.metric_mentions", "doc._.entity_mentions"])
def make_report_claims(nlp: Language, name: str, catalogue: str | None) -> ReportClaims:
    return ReportClaims(catalogue)
