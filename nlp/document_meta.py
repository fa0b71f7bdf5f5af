"""What a report says about itself: title, the period it covers, when it was written, which authorities.

The period is what relative wording ("this year", "the previous year") and unlabelled figures are read
against, so it is looked for where reports state it: a date range near the top ("1st April 2018 – 31st
March 2019"), "the annual version to 31st March 2019", "for the period 2024-25", a year in the title, or a
strategy's span ("2018–2021"). The date written comes from a dated sign-off ("July 2019" on its own line
near the end), a "Date:"/"Published:" line, or the file's own metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from adoption_audit.nlp.periods import find_periods, fy_of_date
from adoption_audit.nlp.report_model import financial_year_between

HEAD_BLOCKS = 40
TAIL_BLOCKS = 12
# Both start with a capital: the look-ahead lets the scan over the whole document pass other positions at once.
COUNCIL_RE = re.compile(r"(?=[A-Z])\b((?:[A-Z][a-z]+[ -]){0,2}[A-Z][a-z]+)\s+(?:County|City|Borough|District|Metropolitan "
                        r"Borough)?\s*Council\b")
AGENCY_RE = re.compile(r"(?=[A-Z])\b((?:[A-Z][a-z]+[ -]){0,2}[A-Z][a-z]+)\s+Adoption(?:\s+Agency)?\b")
NOT_NAMES = {"The", "This", "Our", "Local", "Regional", "County", "City", "Borough", "Council", "Each", "Every",
             "National", "Voluntary", "Annual", "Children", "Executive", "Agency", "Adoption", "All", "Lead",
             "Service", "Interagency", "Inter", "Panel", "Support", "Statutory", "Permanence", "Strategy",
             "Adoptive", "Fostering", "And", "For", "Of", "Report", "Chair", "Member", "Members", "Social",
             "Care", "Services", "Team", "Manager", "Head", "Director", "Cabinet", "Scrutiny", "Committee",
             "Quality", "Performance", "Assurance", "The Council", "Virtual", "School", "Special", "East",
             "West", "North", "South", "In", "At", "On", "By", "With", "From", "To", "As", "Within", "Under"}
SIGN_OFF_DATE = re.compile(r"^(?:date(?:d)?:?\s*|published:?\s*|report date:?\s*)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?"
                           r"(January|February|March|April|May|June|July|August|September|October|November|"
                           r"December)\s+(\d{4})\.?$", re.IGNORECASE)
SIGN_OFF_END = re.compile(r"(?:,|\b(?:Manager|Director|Officer|Head of Service|Lead|Chair))\s+(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?"
                          r"(January|February|March|April|May|June|July|August|September|October|November|"
                          r"December)\s+(\d{4})\.?$")
SIGN_OFF_ANY = re.compile(r"\s(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(January|February|March|April|May|June|July|August|"
                          r"September|October|November|December),?\s+(\d{4})\.?$")
DATE_LINE = re.compile(r"^(?:date|dated|published|report date|date of report|date of publication)\s*:?\s*(.+)$", re.IGNORECASE)
PERIOD_INTRO = re.compile(r"(?:covers?|covering|for|relating to|reports? on)\s+(?:the\s+)?(?:period|year)", re.IGNORECASE)


@dataclass
class DocumentMeta:
    title: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    published: str | None = None
    authorities: list[str] = field(default_factory=list)
    known_names: dict[str, str] = field(default_factory=dict)  # written name -> authority id, for entities
    own_authority: str | None = None  # the council whose report this is ("Westmoor District Council: Cabinet")

    @property
    def fy(self) -> str | None:
        """The financial year the document reports on, when it covers exactly one."""
        return financial_year_between(self.period_start, self.period_end)


COUNCIL_WORDS = ("County", "City", "Borough", "District", "Metropolitan", "Council")


def canonical_authority(written: str, known: dict[str, str]) -> str:
    """One name per authority however a document writes it: "Northshire County Council", "In Northshire" and
    "Northshire" are all ``Northshire`` (the lexicon's id when it knows the council, else the bare name)."""
    if written in known:
        return known[written]
    words = written.split()
    while words and (words[0] in NOT_NAMES or words[0].lower() == "the"):
        words = words[1:]
    while words and words[-1] in COUNCIL_WORDS:
        words = words[:-1]
    core = " ".join(words) or written.strip()
    return known.get(core, core)


def describe(blocks, title: str | None, created: str | None, known_authorities: dict[str, str]) -> DocumentMeta:
    """Title, period, published date and authorities of a document from its blocks (see the module doc)."""
    texts = [b.text for b in blocks]
    meta = DocumentMeta(title=title or next((t for t in texts if t.strip()), None))
    meta.period_start, meta.period_end = _period(texts[:HEAD_BLOCKS], meta.title)
    meta.published = _published(texts, created)
    meta.authorities, meta.known_names = _authorities(texts, known_authorities)
    meta.own_authority = _own_authority(meta.title or "", {**known_authorities, **meta.known_names})
    return meta


def _own_authority(title: str, names: dict[str, str]) -> str | None:
    """The one council a report's title names; None for an agency's own report or a title naming several."""
    if "council" not in title.lower():
        return None
    lower = title.lower()
    named = {entity for written, entity in names.items()
             if "adoption" not in written.lower() and re.search(rf"\b{re.escape(written.lower())}\b", lower)}
    return named.pop() if len(named) == 1 else None


def _period(head: list[str], title: str | None) -> tuple[str | None, str | None]:
    candidates: list[tuple[int, str, str]] = []  # (rank, start, end); lower rank wins
    for index, text in enumerate(([title] if title else []) + head):
        for mention in find_periods(text):
            rank = index * 10
            if mention.kind == "fy" and mention.value:
                start_year = int(mention.value[:4])
                lead = text[max(0, mention.start - 40):mention.start]
                bonus = 0 if re.search(r"\d", mention.raw) and ("April" in mention.raw or "year" in
                                                                mention.raw.lower()) else 3
                if not (PERIOD_INTRO.search(lead) or index <= 3 or "april" in mention.raw.lower()):
                    continue  # a year named in passing ("the annual report (2016/17)") is not the report's own
                candidates.append((rank + bonus - 2, f"{start_year}-04-01", f"{start_year + 1}-03-31"))
            elif mention.kind == "range" and mention.value and index <= 3:
                first, last = mention.value.split("..")
                candidates.append((rank + 4, f"{first[:4]}-04-01", f"{int(last[:4]) + 1}-03-31"))
            elif mention.kind == "span" and mention.value:
                start, end = mention.value.split("..")
                candidates.append((rank + 1, start, end))
        version = re.search(r"(?:annual\s+version|year|report)\s+to\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+"
                            r"(March)\s+(\d{4})", text, re.IGNORECASE)
        if version:
            end_year = int(version.group(3))
            candidates.append((index * 10 + 1, f"{end_year - 1}-04-01", f"{end_year}-03-31"))
    if not candidates:
        return None, None
    _, start, end = min(candidates, key=lambda c: c[0])
    return start, end


def _published(texts: list[str], created: str | None) -> str | None:
    for text in texts[:HEAD_BLOCKS] + texts[-TAIL_BLOCKS:]:
        line = DATE_LINE.match(text.strip())
        candidate = line.group(1) if line else None
        for probe in ([candidate] if candidate else []):
            found = _month_year(probe)
            if found:
                return found
    for text in reversed(texts[-TAIL_BLOCKS:]):
        # A dated sign-off on its own line, or ending the signature block ("... Agency Manager July 2019").
        match = SIGN_OFF_DATE.match(text.strip()) or SIGN_OFF_END.search(text.strip()) or _signature(text)
        if match:
            return _iso(match.group(3), match.group(2), match.group(1))
    return created[:7] if created else None


SMALL_WORDS = {"of", "and", "&", "for", "the", "to", "in", "-", "–"}


def _signature(text: str):
    """A signature block whose lines the reader joined: name, job title and date ("Jo Marsh Head of Adoption
    and Permanence 14 July 2019"). Names and job titles are capitalised words; a sentence that ends with a
    date ("the panel next meets in July 2019") is not."""
    text = " ".join(text.split())
    match = SIGN_OFF_ANY.search(text)
    if not match:
        return None
    words = [w for w in text[:match.start()].replace(",", " ").split() if w.lower() not in SMALL_WORDS]
    if not 2 <= len(words) <= 14 or any(w.endswith(".") and len(w) > 3 for w in words):
        return None
    return match if all(w[0].isupper() or w[0] in "(&" for w in words) else None


def _month_year(text: str) -> str | None:
    match = re.search(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(January|February|March|April|May|June|July|August|"
                      r"September|October|November|December)\s+(\d{4})", text, re.IGNORECASE)
    if match:
        return _iso(match.group(3), match.group(2), match.group(1))
    match = re.search(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", text)
    if match:
        return match.group(0)
    return None


def _iso(year: str, month: str, day: str | None) -> str:
    months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december"]
    m = months.index(month.lower()) + 1
    return f"{int(year):04d}-{m:02d}-{int(day):02d}" if day else f"{int(year):04d}-{m:02d}"


def _authorities(texts: list[str], known: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Authorities named in the document: councils by "<Name> County Council", and any known name."""
    found: dict[str, None] = {}
    names: dict[str, str] = {}
    body = "\n".join(texts)
    for pattern, word in ((COUNCIL_RE, "Council"), (AGENCY_RE, "Adoption")):
        if word not in body:
            continue  # every match holds the word: a scan of the whole document would find nothing
        for match in pattern.finditer(body):
            name = match.group(1).strip()
            words = name.split()
            while words and words[0] in NOT_NAMES:
                words = words[1:]
            while words and words[-1] in ("County", "City", "Borough", "District", "Metropolitan"):
                words = words[:-1]
            if not words or " ".join(words) in NOT_NAMES or len(" ".join(words)) < 4:
                continue
            name = " ".join(words)
            canonical = canonical_authority(name, known)
            if pattern is AGENCY_RE and canonical not in found and name not in known:
                continue  # "<X> Adoption" names an agency only when the council is named too, or it is known
            found.setdefault(canonical, None)
            names[name] = canonical
            names.setdefault(match.group(0).strip(), canonical)  # "Northshire County Council" as written
    for written, entity in known.items():
        if written in body and re.search(rf"(?<![\w-]){re.escape(written)}(?![\w-])", body):
            found.setdefault(entity, None)
    return list(found), names


def fy_start(date_iso: str) -> int:
    return fy_of_date(int(date_iso[:4]), int(date_iso[5:7]))
