"""Invented names: authorities, children's first names and surnames.

Everything here is made up. Authority names are built from word parts that name no English local
authority; people's names are ordinary given names and surnames combined at random, with a few that
need more than ASCII ("Zoë", "O’Neill" with a curly apostrophe) because council exports carry them and
break readers that assume ASCII or UTF-8.
"""

from __future__ import annotations

from itertools import product

FIRST_AUTHORITIES = ("northshire", "eastvale", "westmoor")
_PREFIXES = ("north", "east", "west", "south", "amber", "bramble", "copper", "fern", "hazel", "heron",
             "kestrel", "lark", "maple", "otter", "rowan", "silver", "thistle", "willow", "juniper",
             "linden", "moss", "briar", "cinder", "sorrel", "tansy")
_SUFFIXES = ("shire", "vale", "moor", "dale", "mere", "wold", "combe", "ley", "holt", "stead", "haven", "fell")


def authority_names(count: int) -> list[str]:
    """The first ``count`` fictional authority names: northshire, eastvale, westmoor, then the rest."""
    names = list(FIRST_AUTHORITIES)
    for prefix, suffix in product(_PREFIXES, _SUFFIXES):
        if len(names) >= count:
            break
        name = prefix + suffix
        if name not in names:
            names.append(name)
    if len(names) < count:  # more than the word parts allow: number the rest
        names += [f"district{i:03d}" for i in range(len(names), count)]
    return names[:count]


def authority_initials(name: str) -> str:
    """Two upper-case letters some systems put in front of ids (``northshire`` -> ``NS``)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return (name[0] + suffix[0]).upper()
    return name[:2].upper()


GIRLS = ("Amelia", "Ava", "Bella", "Chloé", "Daisy", "Elsie", "Evie", "Freya", "Grace", "Harper", "Isla",
         "Ivy", "Lily", "Maisie", "Mia", "Nóra", "Olivia", "Poppy", "Rosie", "Ruby", "Siân", "Sophie",
         "Willow", "Zoë", "Aisha", "Amara", "Hana", "Leah", "Niamh", "Orla")
BOYS = ("Alfie", "Archie", "Arlo", "Charlie", "Dylan", "Finley", "Freddie", "George", "Harry", "Jack",
        "Jacob", "Kai", "Leo", "Logan", "Noah", "Oliver", "Oscar", "Reuben", "Rhys", "Riley", "Ronan",
        "Theo", "Toby", "Tomás", "Yusuf", "Zain", "Kofi", "Owen", "Jude", "Ezra")
SURNAMES = ("Ashworth", "Bramley", "Calder", "Dunmore", "Ellery", "Fairbank", "Garside", "Hallam",
            "Ingram", "Jessop", "Kettle", "Lowther", "Marsden", "Nuttall", "O’Neill", "Pennock", "Quarmby",
            "Ridley", "Scargill", "Thwaite", "Umpleby", "Varley", "Wragg", "Yeadon", "Brontë", "D’Arcy",
            "Okafor", "Mensah", "Hussain", "Kowalski", "Nowak", "Begum", "Patel", "Szabo", "Farrell", "Quinn")


def typo(name: str, pick: int) -> str:
    """A keying slip in ``name``: two neighbouring letters swapped, or one letter doubled or dropped.

    ``pick`` chooses the slip and its place deterministically; the result always differs from ``name``.
    """
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 3:
        return name + name[-1]
    kind = pick % 3
    at = letters[1 + (pick // 3) % (len(letters) - 2)]
    if kind == 0 and name[at] != name[at + 1] and name[at + 1].isalpha():
        return name[:at] + name[at + 1] + name[at] + name[at + 2:]
    if kind == 1:
        return name[:at] + name[at] + name[at:]
    return name[:at] + name[at + 1:]
