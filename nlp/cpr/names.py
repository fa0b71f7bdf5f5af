"""Who the CPR is about, and another child's first name left in from the report it was copied from.

Copying a previous CPR as a template is common; a name left behind is an ADM's first reason to send a
report back and a data-protection breach. The subject's name is read from the child's details ("Name:",
"Full name:", "known as"), or else is the given name used most often. A different first name is flagged
only where it is used as the subject is ("Jayden enjoys nursery", "Jayden's health") in a section about
the child, and only when the document never introduces that person: names found in the family
sections (parents, siblings, relatives), in the sign-off, after a title (Mr, Dr) or next to a role
("her foster carer Sandra", "sister Mia") are people in the child's life, not slips.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FAMILY_SECTIONS = frozenset({"birth_mother", "birth_father", "siblings", "wider_family", "parenting_capacity",
                             "birth_parents_wishes", "signoff"})
CHILD_SECTIONS = frozenset({"child_details", "identity", "health", "development", "education", "personality",
                            "child_wishes", "later_life", "recommendation"})

_NAME_FIELD = re.compile(
    r"\b(?i:(?:child's |childs |the child's |full |legal |first )?name(?: of (?:the )?child)?)\s*[:|\-–]\s*"
    r"(?P<name>[A-Z][a-z'’-]+(?:[ -](?!(?:Known|Sex|Gender|Date|Age|Place|Nationality|Current|Address|DOB|"
    r"Religion|Ethnicity|Legal)\b)[A-Z][a-z'’-]+){0,3})")
_KNOWN_AS = re.compile(r"\b(?i:known as|prefers to be called|called)\s+['\"‘“]?(?P<name>[A-Z][a-z'’-]+)")
_TITLE_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Nurse|Councillor)\.?\s+(?P<name>[A-Z][a-z'’-]+)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*")
_ROLE_BEFORE = re.compile(
    r"\b(?:carers?|foster (?:carers?|mother|father|mum|dad)|worker|teacher|visitor|nurse|doctor|paediatrician|"
    r"guardian|sister|sisters|brother|brothers|half-(?:brother|sister)s?|mother|father|mum|dad|aunt|auntie|"
    r"uncle|grandmother|grandfather|grandparents?|nan|nana|grandad|cousin|friend|partner|manager|therapist|"
    r"psychologist|son|daughter|named|called|adopters?|practitioner|boyfriend|girlfriend|husband|wife|"
    r"niece|nephew|baby|siblings?|children)\b[,:]?\s+(?:[A-Z][a-z'’-]+\s*(?:,|and|&)\s*){0,3}$")
_SUBJECT_USE = (r"(?:['’]s\b|\s+(?:is|was|has|had|enjoys|loves|likes|attends|attended|can|could|will|would|does|did|"
                r"needs|shows|showed|seems|appears|became|began|started|went|came|moved|lives|lived|sleeps|plays|"
                r"played|said|told|wants|wanted|presents|remains|continues|reached|walked|talks|smiles|settled|"
                r"responds|finds|gets|got|goes|uses|understands|knows|feels|takes|took|made|makes|also|really|"
                r"particularly|often|now|still|usually|sometimes|always|never))\b")
_SUBJECT_USE_RX = re.compile(_SUBJECT_USE)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    text = resources.files("adoption_audit.nlp.cpr").joinpath("data/first_names.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


@dataclass
class Subject:
    first: str | None
    surname: str | None = None
    aliases: frozenset[str] = frozenset()

    @property
    def names(self) -> frozenset[str]:
        return frozenset(n for n in ({self.first} | set(self.aliases)) if n)


def find_subject(child_details_text: str, whole_text: str) -> Subject:
    """The child the CPR is about: the name field of the child's details, else the commonest given name."""
    aliases = {m.group("name") for m in _KNOWN_AS.finditer(child_details_text)}
    field = _NAME_FIELD.search(child_details_text) or _NAME_FIELD.search(whole_text[:2000])
    if field:
        parts = field.group("name").split()
        first = parts[0]
        # Middle names are the child's too: "Freddie Liam Ashcroft" is never another child called Liam.
        return Subject(first=first, surname=parts[-1] if len(parts) > 1 else None,
                       aliases=frozenset(aliases | {first.split("-")[0]} | set(parts[1:-1])))
    names = given_names()
    counts = Counter(w for w in re.findall(r"\b[A-Z][a-z]+\b", child_details_text or whole_text) if w in names)
    if not counts:
        return Subject(first=None, aliases=frozenset(aliases))
    return Subject(first=counts.most_common(1)[0][0], aliases=frozenset(aliases))


def known_people(texts_by_section: dict[str, str], whole_text: str, subject: Subject) -> set[str]:
    """Given names the document introduces as someone other than the subject."""
    names = given_names()
    known: set[str] = set()
    for section, text in texts_by_section.items():
        if section in FAMILY_SECTIONS:
            known |= {w for w in re.findall(r"\b[A-Z][a-z'’-]+\b", text) if w in names}
    known |= {m.group("name") for m in _TITLE_NAME.finditer(whole_text)}
    # Look behind each given name for a role ("her foster carer Sandra"), rather than scanning the whole
    # text with the role alternation: a report has far fewer names than positions.
    for m in _CAPITALISED.finditer(whole_text):
        if m.group(0) in names and m.group(0) not in known and _ROLE_BEFORE.search(whole_text, max(0, m.start() - 60),
                                                                                     m.start()):
            known.add(m.group(0))
    # Names written with a surname other than the subject's ("Sandra Hughes") are other people too.
    if subject.surname:
        for first, last in re.findall(r"\b([A-Z][a-z'’-]+) ([A-Z][a-z'’-]+)\b", whole_text):
            if first in names and last != subject.surname and last not in names:
                known.add(first)
    return known - subject.names


@dataclass(frozen=True)
class NameSlip:
    name: str
    start: int  # offset in the text checked
    end: int


def find_name_slips(text: str, subject: Subject, known: set[str]) -> list[NameSlip]:
    """Other first names used as the subject in ``text`` (a section about the child)."""
    if not subject.first:
        return []
    names = given_names()
    slips = []
    for m in _CAPITALISED.finditer(text):
        name = re.sub(r"['’]s$", "", m.group(0)).rstrip("'’")
        base = name.split("-")[0]
        if base not in names or name in subject.names or base in subject.names or name in known or base in known:
            continue
        if text[max(0, m.start() - 3):m.start()] == "St " or text[max(0, m.start() - 4):m.start()] == "St. ":
            continue  # "St Luke's Hospital" is a place
        if _SUBJECT_USE_RX.match(text, m.start() + len(name)):
            slips.append(NameSlip(name, m.start(), m.start() + len(name)))
    return slips
