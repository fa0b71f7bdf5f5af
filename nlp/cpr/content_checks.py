"""What each section must hold, beyond being there (cpr_sections.md, "thin").

Each check reads a section's content (its paragraphs, wherever they were found) and returns ``None``
when the section holds what it must, or a reason a team manager can act on. Checks are written for
precision: a check that cannot tell says nothing, because a complete, well-written CPR must come out
ready for the ADM. Regulation: Adoption Agencies Regulations 2005, reg. 17 and Schedule 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from adoption_audit.nlp.cpr.dates import leading_date
from adoption_audit.nlp.cpr.text import sentences


def _rx(*alternatives: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


NOTHING_BUT = re.compile(
    r"^\W*(?:not known|unknown|n/?a|none|nil|no information(?: available)?|see attached|"
    r"see (?:the )?(?:attached )?(?:medical|health|adoption medical) report|to follow|awaited|pending)\W*$",
    re.IGNORECASE)

HEALTH_WORDS = _rx(
    r"immunis", r"vaccin", r"weigh", r"height", r"centile", r"gestation", r"weeks", r"birth weight",
    r"paediatric", r"health visitor", r"\bgp\b", r"hearing", r"vision", r"eyesight", r"dental", r"dentist",
    r"teeth", r"allerg", r"asthma", r"eczema", r"diagnos", r"medication", r"hospital", r"withdrawal",
    r"neonatal", r"abstinence", r"genetic", r"hepatitis", r"hiv", r"blood", r"growth", r"medical",
    r"prognosis", r"condition", r"illness", r"infection", r"surgery", r"operation", r"foetal", r"fasd",
    r"alcohol", r"milestone", r"check", r"well", r"healthy", r"sleep", r"feeding", r"speech")

CHILD_UNOBTAINABLE = _rx(
    r"too young", r"pre-?verbal", r"(?:not|un)able to (?:express|say|tell|understand|share|give)",
    r"cannot (?:express|say|tell|give)", r"could not (?:express|say|tell|give)", r"not known",
    r"not (?:yet )?old enough", r"no views", r"views (?:are|were) not")
CHILD_VIEWS = _rx(
    r"said", r"says", r"told", r"tells", r"wants", r"wanted", r"would like", r"likes to", r"feels", r"felt",
    r"expressed (?:a |her |his |their )", r"asked (?:if|whether|for|to)", r"observ", r"appears", r"seems",
    r"turns to", r"seeks", r"settled", r"content", r"relaxed", r"direct work", r"drew", r"drawing",
    r"worried", r"misses", r"happy")
CHILD_TRIED = _rx(
    r"observ", r"direct work", r"play", r"visit", r"spent time", r"guardian", r"carers? (?:report|say|describe|note)",
    r"nursery (?:report|staff)", r"seen", r"watch")

PARENT_UNOBTAINABLE = _rx(
    r"not known", r"unknown", r"not been (?:obtained|possible)", r"could not be (?:obtained|contacted|found|traced)",
    r"did not (?:respond|reply|attend|engage)", r"no response", r"not engaged", r"not responded",
    r"declined to", r"refused to", r"whereabouts", r"has not (?:engaged|responded|replied|attended)")
PARENT_VIEWS = _rx(
    r"agree", r"disagree", r"oppos", r"support", r"consent", r"want", r"would like", r"wish", r"hope",
    r"accept", r"said", r"told", r"feels", r"felt", r"prefer", r"objects?", r"happy for", r"view is",
    r"believes", r"upset", r"asked (?:that|for|if)", r"understands")
PARENT_TRIED = _rx(
    r"letters?", r"invit", r"attempt", r"visit", r"phone", r"telephon", r"text", r"e-?mail", r"message",
    r"contacted", r"solicitor", r"search", r"tried", r"wrote", r"written", r"sent", r"offered")

FATHER_IDENTIFIED = re.compile(
    r"\b(?:named as|is named|father is (?!not\b|unknown)|father's name|born (?:in )?\d{4}|aged \d+|\d+ years old|dna|paternity|"
    r"birth certificate|parental responsibility|is \d+)\b|\bMr\.? [A-Z]|\b[A-Z][a-z]+ [A-Z][a-z]+ \((?:born|b\.)",
)
FATHER_UNKNOWN = _rx(r"not known", r"unknown", r"unidentified", r"not (?:been )?named", r"refused to name",
                     r"declined to name", r"not identified", r"identity .{0,20}not")
FATHER_EFFORTS = _rx(r"asked", r"enquir", r"search", r"dna", r"trace", r"attempt", r"checks?", r"police",
                     r"records", r"social media", r"electoral", r"guardian", r"court was", r"court (?:was )?informed")

NO_SIBLINGS = _rx(r"no (?:known )?(?:siblings|brothers or sisters|other children|half-?siblings)", r"only child",
                  r"not known to have any", r"no full or half")
TOGETHER_APART = _rx(r"together", r"apart", r"separately", r"separate", r"placed with", r"same (?:family|placement|home)",
                     r"joint placement", r"sibling assessment", r"live with (?:her|his|their) (?:brother|sister)")

CONTACT_PLAN = _rx(
    r"letterbox", r"letter box", r"indirect", r"direct contact", r"face[- ]to[- ]face", r"once a (?:year|month)",
    r"twice (?:a|each) year", r"annual", r"(?:one|two|three|four|\d+) times (?:a|each|per) year", r"monthly",
    r"no (?:direct |further )?contact", r"goodbye", r"video", r"will (?:see|meet|have)", r"proposed", r"plan is",
    r"is planned", r"will be (?:offered|supported|arranged)", r"should (?:continue|have|see)")

IDENTITY_ASPECTS = {
    "ethnicity": _rx(r"ethnic", r"heritage", r"white", r"black", r"asian", r"mixed", r"dual", r"caribbean",
                     r"african", r"pakistani", r"indian", r"bangladeshi", r"traveller", r"roma", r"origin",
                     r"race", r"british", r"polish", r"irish", r"chinese", r"arab"),
    "religion": _rx(r"relig", r"faith", r"christian", r"muslim", r"islam", r"sikh", r"hindu", r"jewish",
                    r"catholic", r"church", r"mosque", r"baptis", r"christen", r"atheist", r"belief", r"spiritual"),
    "culture": _rx(r"cultur", r"tradition", r"festival", r"celebrat", r"customs", r"music", r"food",
                   r"community", r"way of life", r"eid", r"diwali", r"christmas"),
    "language": _rx(r"language", r"english", r"spoken", r"speaks", r"speak", r"bilingual", r"urdu", r"welsh",
                    r"sylheti", r"punjabi", r"romanian", r"arabic", r"signing", r"makaton"),
}

SIGNOFF_AUTHOR = _rx(r"social worker", r"author", r"completed by", r"written by", r"prepared by",
                     r"practitioner", r"report by")
SIGNOFF_MANAGER = _rx(r"manager", r"authoris", r"quality assured", r"countersign", r"head of service",
                      r"team leader", r"approved by")
SIGNOFF_LABELS = re.compile(
    r"\b(?:social worker|author|completed by|written by|prepared by|senior practitioner|practitioner|report by|"
    r"team manager|service manager|manager|authorised by|authorised|quality assured by|quality assured|"
    r"countersigned by|countersigned|head of service|team leader|approved by|signature|signed|name|date|"
    r"of|and|on|the|by|role|print|\(.*?\))\b|[:|.\-–_]", re.IGNORECASE)

OPTIONS = _rx(r"special guardian", r"long[- ]term fost", r"return(?:ing)? (?:home|to (?:the )?(?:care of|her|his|their))",
              r"kinship", r"family and friends", r"connected person", r"child arrangements order",
              r"residence order", r"relative", r"aunt", r"grand", r"rehabilitation", r"placement with")


def _any_sentence(text: str, wanted: re.Pattern, unless: re.Pattern | None = None) -> bool:
    return any(wanted.search(s) and not (unless and unless.search(s)) for _, s in sentences(text))


_HEALTH_WORDS_LOWER = re.compile(HEALTH_WORDS.pattern)  # run on lower-cased text: faster than IGNORECASE


def check_health(text: str) -> str | None:
    if len({m.group(0) for m in _HEALTH_WORDS_LOWER.finditer(text.lower())}) < 3:
        return "It holds no health information (growth, immunisations, conditions, the medical adviser's view)."
    return None


def check_chronology(entries: list[str]) -> str | None:
    dated = [e for e in entries if leading_date(e)]
    if len(dated) < 3:
        return (f"It has {len(dated)} dated entr{'y' if len(dated) == 1 else 'ies'}; a chronology needs the "
                "child's life and the agency's actions as dated entries.")
    return None


def check_child_wishes(text: str) -> str | None:
    if _any_sentence(text, CHILD_VIEWS, unless=CHILD_UNOBTAINABLE):
        return None
    if CHILD_UNOBTAINABLE.search(text) and CHILD_TRIED.search(text):
        return None
    return "It records no views and does not say why they could not be obtained and what was tried."


def check_birth_parents_wishes(text: str) -> str | None:
    if _any_sentence(text, PARENT_VIEWS, unless=PARENT_UNOBTAINABLE):
        return None
    if PARENT_UNOBTAINABLE.search(text) and PARENT_TRIED.search(text):
        return None
    return "It records no views of the birth parents and does not say what was done to seek them."


def check_birth_father(text: str) -> str | None:
    if FATHER_UNKNOWN.search(text) and not FATHER_EFFORTS.search(text) and not FATHER_IDENTIFIED.search(text):
        return "It says the father is not known but not what was done to identify him."
    return None


def check_siblings(text: str) -> str | None:
    if NO_SIBLINGS.search(text) or TOGETHER_APART.search(text):
        return None
    return "It names brothers or sisters but gives no view on whether they should live together or apart."


def check_contact(text: str) -> str | None:
    return None if CONTACT_PLAN.search(text) else "It states no plan for contact (who, how and how often)."


def check_identity(text: str) -> str | None:
    missing = [aspect for aspect, pattern in IDENTITY_ASPECTS.items() if not pattern.search(text)]
    if len(missing) >= 2:  # one aspect left implicit ("English" for language) is common in good reports
        return f"It does not cover the child's {' or '.join(missing)}."
    return None


def check_options(text: str) -> str | None:
    return None if OPTIONS.search(text) else "It considers no option other than adoption."


def signoff_gaps(lines: list[str]) -> list[str]:
    """What a sign-off lacks: ``author``, ``manager``, ``date`` (a role label with no name is not signed)."""
    from adoption_audit.nlp.cpr.dates import find_dates

    author = manager = dated = False
    for line in lines:
        has_date = bool(find_dates(line))
        dated = dated or has_date
        rest = SIGNOFF_LABELS.sub(" ", line)
        for d in find_dates(rest):
            rest = rest.replace(d.raw, " ")
        named = sum(1 for w in rest.split() if w[:1].isalpha()) >= 1
        if SIGNOFF_AUTHOR.search(line) and named:
            author = True
        if SIGNOFF_MANAGER.search(line) and (named or has_date):
            manager = True
    return [gap for gap, ok in (("author", author), ("manager", manager), ("date", dated)) if not ok]


CONTENT_CHECKS: dict[str, Callable[[str], str | None]] = {
    "health": check_health,
    "child_wishes": check_child_wishes,
    "birth_parents_wishes": check_birth_parents_wishes,
    "birth_father": check_birth_father,
    "siblings": check_siblings,
    "contact": check_contact,
    "identity": check_identity,
    "options_analysis": check_options,
}
