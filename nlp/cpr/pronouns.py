"""He, she or they for the subject child, switching without reason (``pronoun_inconsistency``).

Only sure cases are flagged, as cpr_sections.md asks: a sentence that names the child, names nobody
else and mentions no other person ("mother", "carer", "Dr"), yet uses the other sex's pronoun ("Ellie
loves the park and he ...") or calls the child a boy when she is a girl; or a sentence that follows such a
sentence, names nobody and opens with the other pronoun. A pronoun that may refer to a parent is left
alone. The child's sex comes from the details ("Sex: Female"), else from a clear majority of pronouns in
sentences about the child alone. A child referred to as "they" throughout is not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adoption_audit.nlp.cpr.names import Subject, given_names
from adoption_audit.nlp.cpr.text import sentences

_SEX_FIELD = re.compile(r"\b(?:sex|gender)\s*[:|\-–]?\s*(?P<sex>female|male|girl|boy|f|m)\b", re.IGNORECASE)
FEMININE = re.compile(r"\b(?:she|her|hers|herself|girl)\b", re.IGNORECASE)
MASCULINE = re.compile(r"\b(?:he|him|his|himself|boy)\b", re.IGNORECASE)
OTHER_PEOPLE = re.compile(
    r"\b(?:mother|mum|mummy|father|dad|daddy|sister|sisters|brother|brothers|sibling|siblings|aunt|auntie|uncle|"
    r"grand\w*|nan|nana|cousin|carers?|foster|worker|teacher|nurse|doctor|paediatrician|visitor|guardian|"
    r"man|woman|lady|partner|mr|mrs|ms|miss|dr|manager|therapist|psychologist|adviser|advisor|parents?|"
    r"adopters?|family|friend|friends|baby|boyfriend|girlfriend|someone|anyone|judge|officer|midwife|"
    r"practitioner|key ?worker|child(?:ren)?|peers?|staff|professional|clinician|consultant|gp|they|them)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class PronounSlip:
    start: int
    end: int
    expected: str  # female | male


def subject_sex(child_details_text: str, whole_text: str, subject: Subject) -> str | None:
    m = _SEX_FIELD.search(child_details_text) or _SEX_FIELD.search(whole_text[:3000])
    if m:
        return "female" if m.group("sex").lower() in ("female", "girl", "f") else "male"
    if not subject.first:
        return None
    fem = masc = 0
    for _, sentence in sentences(whole_text):
        if subject.first in sentence and not OTHER_PEOPLE.search(sentence):
            fem += len(FEMININE.findall(sentence))
            masc += len(MASCULINE.findall(sentence))
    if fem + masc >= 6 and max(fem, masc) >= 0.85 * (fem + masc):
        return "female" if fem > masc else "male"
    return None


def _others_named(sentence: str, subject: Subject) -> bool:
    names = given_names()
    return any(w in names and w not in subject.names for w in re.findall(r"\b[A-Z][a-z'’-]+\b", sentence))


def find_pronoun_slips(text: str, subject: Subject, sex: str | None) -> list[PronounSlip]:
    if not subject.first or sex is None:
        return []
    wrong = MASCULINE if sex == "female" else FEMININE
    if not wrong.search(text):  # most paragraphs: nothing to check
        return []
    named = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(subject.names)) + r")\b")
    slips, previous_alone = [], False
    for offset, sentence in sentences(text):
        names_subject = bool(named.search(sentence))
        m = wrong.search(sentence)
        if names_subject:
            alone = not OTHER_PEOPLE.search(sentence) and not _others_named(sentence, subject)
            hit = m if alone else None
            previous_alone = alone
        else:
            opens = m is not None and m.start() == len(sentence) - len(sentence.lstrip("\"'“("))
            hit = m if (previous_alone and opens and not OTHER_PEOPLE.search(sentence)
                        and not _others_named(sentence, subject)) else None
            previous_alone = False
        if hit:
            start = text.find(sentence, offset) + hit.start()
            slips.append(PronounSlip(start, start + len(hit.group(0)), sex))
    return slips
