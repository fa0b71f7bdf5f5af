"""Which section a paragraph's content belongs to, whatever heading it stands under.

Two voices are combined. The shipped spaCy textcat (``models/section_classifier``, rebuilt by
``python -m adoption_audit.nlp.cpr.training.train``) scores each paragraph against every section id and
``other``; the keyword rules of ``data/section_rules.yaml`` say which sections a paragraph's vocabulary
can belong to. A paragraph is assigned to a section when the model is sure, or fairly sure and a keyword
agrees: precision matters more than recall, because a paragraph credited to the wrong section could hide
a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import spacy
import yaml
from adoption_audit.nlp.cpr.dates import starts_with_date

MODEL_PACKAGE_PATH = "models/section_classifier"
SURE = 0.60  # assign on the model alone
AGREED = 0.25  # assign when a keyword of the same section is in the paragraph
MIN_WORDS = 4  # shorter blocks ("Page 3 of 12") are not classified

_SIGNOFF_FIELD = re.compile(
    r"^\s*(?:signed|signature|report (?:completed|written) by|completed by|author|authorised by|"
    r"countersigned|quality assured by|(?:team |service )?manager|social worker)\b[^:]{0,40}:",
    re.IGNORECASE)


@dataclass(frozen=True)
class Vote:
    section: str | None  # the section id assigned, or None
    label: str  # the model's top label (a section id or "other")
    score: float
    scores: dict[str, float]


@lru_cache(maxsize=1)
def load_model() -> spacy.language.Language:
    path = resources.files("adoption_audit.nlp.cpr").joinpath(MODEL_PACKAGE_PATH)
    return spacy.load(str(path))


@lru_cache(maxsize=1)
def section_rules() -> dict[str, dict]:
    return yaml.safe_load(resources.files("adoption_audit.nlp.cpr").joinpath("data/section_rules.yaml")
                          .read_text(encoding="utf-8"))


@dataclass(frozen=True)
class KeywordIndex:
    """The keywords of ``data/section_rules.yaml`` arranged for one pass over a paragraph's words:
    single words by exact lookup, ``stem*`` words by their prefix, phrases by substring."""

    words: dict[str, frozenset[str]]
    stems: dict[int, dict[str, frozenset[str]]]  # stem length -> stem -> sections
    phrases: tuple[tuple[str, str], ...]  # (" phrase ", section)


@lru_cache(maxsize=1)
def keyword_index() -> KeywordIndex:
    words: dict[str, set[str]] = {}
    stems: dict[int, dict[str, set[str]]] = {}
    phrases = []
    for section, rule in section_rules().items():
        for keyword in rule.get("keywords", []):
            keyword = keyword.lower()
            if " " in keyword or "-" in keyword:
                phrases.append((f" {keyword.rstrip('*')}", section))
            elif keyword.endswith("*"):
                stem = keyword[:-1]
                stems.setdefault(len(stem), {}).setdefault(stem, set()).add(section)
            else:
                words.setdefault(keyword, set()).add(section)
    return KeywordIndex({w: frozenset(s) for w, s in words.items()},
                        {n: {st: frozenset(s) for st, s in d.items()} for n, d in stems.items()},
                        tuple(phrases))


_TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=16384)
def keyword_sections(text: str) -> frozenset[str]:
    """Sections whose keywords occur in ``text`` (plus chronology for a dated entry, signoff for a
    signature field)."""
    index = keyword_index()
    lower = text.lower()
    found: set[str] = set()
    for token in set(_TOKEN.findall(lower)):
        if token in index.words:
            found |= index.words[token]
        for length, stems in index.stems.items():
            if len(token) >= length and token[:length] in stems:
                found |= stems[token[:length]]
    padded = " " + " ".join(_TOKEN.findall(lower)) + " "
    found.update(section for phrase, section in index.phrases
                 if section not in found and phrase.replace("-", " ") in padded)
    if starts_with_date(text):
        found.add("chronology")
    if _SIGNOFF_FIELD.match(text):
        found.add("signoff")
    return frozenset(found)


def classify(texts: list[str], needed: list[bool] | None = None) -> list[Vote]:
    """A vote per text; texts shorter than ``MIN_WORDS`` words, or not ``needed``, get the rules' vote only."""
    nlp = load_model()
    votes: list[Vote | None] = [None] * len(texts)
    todo = [i for i, text in enumerate(texts)
            if len(text.split()) >= MIN_WORDS and (needed is None or needed[i])]
    for i, doc in zip(todo, nlp.pipe((texts[i] for i in todo), batch_size=256)):
        votes[i] = _decide(texts[i], doc.cats)
    return [vote or _decide(texts[i], {}) for i, vote in enumerate(votes)]


def _decide(text: str, cats: dict[str, float]) -> Vote:
    keywords = keyword_sections(text)
    if starts_with_date(text):  # a dated entry is a chronology line, whatever it is about
        return Vote("chronology", "chronology", cats.get("chronology", 1.0), cats)
    if _SIGNOFF_FIELD.match(text):
        return Vote("signoff", "signoff", cats.get("signoff", 1.0), cats)
    if not cats:
        return Vote(None, "other", 0.0, cats)
    label, score = max(cats.items(), key=lambda item: item[1])
    if label == "other":
        return Vote(None, label, score, cats)
    if label == "chronology" and "chronology" not in keywords:  # a chronology is dated entries, nothing else
        return Vote(None, label, score, cats)
    if score >= SURE or (score >= AGREED and label in keywords):
        return Vote(label, label, score, cats)
    return Vote(None, label, score, cats)


def best_of(text: str, vote: Vote, sections: tuple[str, ...]) -> str:
    """Of the sections a combined heading names ("Birth parents"), the one this paragraph is about:
    the model's score, with a bonus for the sections whose keywords the paragraph uses."""
    if len(sections) == 1:
        return sections[0]
    keywords = keyword_sections(text)
    return max(sections, key=lambda s: vote.scores.get(s, 0.0) + (0.5 if s in keywords else 0.0))
