"""Invented names for providers, venues and settings, and plain-English display names for areas.

Invented organisations get invented names (never a real council, trust or school), built from
made-up place words so that thousands of names stay distinct at national scale.
"""

from __future__ import annotations

import random

_STEMS = (
    "Bramble",
    "Brack",
    "Copse",
    "Dun",
    "Fennel",
    "Heron",
    "Juniper",
    "Kes",
    "Lark",
    "Marl",
    "Nettle",
    "Otter",
    "Quill",
    "Rush",
    "Sorrel",
    "Teasel",
    "Umber",
    "Wren",
    "Yarrow",
    "Fox",
    "Sedge",
    "Thistle",
    "Lantern",
    "Clover",
)
_ENDS = (
    "combe",
    "mere",
    "hurst",
    "holt",
    "stead",
    "wick",
    "brook",
    "ridge",
    "field",
    "gate",
    "down",
    "well",
    "bury",
    "marsh",
)
# Real places the syllables happen to spell; skipped so an invented name never matches a town.
_REAL = frozenset(
    {
        "Larkfield",
        "Foxhurst",
        "Foxfield",
        "Rushmere",
        "Duncombe",
        "Dunstead",
        "Heronsgate",
        "Foxcombe",
        "Marlbrook",
        "Foxholt",
        "Rushbury",
        "Foxbury",
        "Dunmere",
        "Kesgate",
        "Foxdown",
        "Dunbury",
        "Wrenbury",
    }
)
_TWO_WORD = (
    "Weald Valley",
    "Harbourside",
    "Chalk Downs",
    "Beacon Ridge",
    "Saltmarsh",
    "Tidewater",
    "Meadowsweet",
    "Kingfisher",
    "Seabright",
    "Stonebridge",
    "Willowbrook",
    "Heathgate",
    "Elderbank",
    "Rookwood",
    "Hollyfield",
    "Cobblestone",
    "Marram Shore",
)


def place_words(rng: random.Random) -> list[str]:
    """All invented place words, shuffled; callers take them in order so names do not repeat."""
    words = [s + e for s in _STEMS for e in _ENDS if s + e not in _REAL] + list(_TWO_WORD)
    rng.shuffle(words)
    return words


class NamePool:
    """Hands out invented place words; after the pool runs out it adds a compass word."""

    _SUFFIXES = ("", " North", " South", " East", " West", " Vale", " Green", " Park", " Hill")

    def __init__(self, rng: random.Random) -> None:
        self._words = place_words(rng)
        self._i = 0

    def take(self) -> str:
        n = len(self._words)
        word = self._words[self._i % n] + self._SUFFIXES[(self._i // n) % len(self._SUFFIXES)]
        # Past every suffix: a number keeps names unique at any scale.
        if self._i >= n * len(self._SUFFIXES):
            word += f" {self._i // (n * len(self._SUFFIXES)) + 1}"
        self._i += 1
        return word


# Venue words for services that happen in a building.
VENUE_KINDS = (
    "Leisure Centre",
    "Community Hall",
    "Family Hub",
    "Pool",
    "Youth Centre",
    "Arts Centre",
    "Activity Centre",
    "House",
    "Lodge",
    "Centre",
    "Farm",
    "Barn",
)

# Provider name endings, by organisation type, with the sectors that kind of organisation works in.
PROVIDER_TYPES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "statutory",
        "Integrated Children's Services",
        ("education", "social-care", "housing", "preparation-for-adulthood"),
    ),
    ("statutory", "Community Health Partnership", ("health",)),
    ("statutory", "Children's Therapy Partnership", ("health", "education")),
    ("statutory", "Youth and Employment Service", ("preparation-for-adulthood", "employment", "leisure")),
    ("voluntary-community", "Play Trust", ("leisure", "social-care")),
    ("voluntary-community", "Sensory Support", ("education", "leisure", "health")),
    ("voluntary-community", "Family Link", ("social-care", "education", "health")),
    ("voluntary-community", "Youth Trust", ("leisure", "preparation-for-adulthood", "employment")),
    ("voluntary-community", "Supported Employment Trust", ("employment", "preparation-for-adulthood")),
    ("voluntary-community", "Living Options", ("housing", "preparation-for-adulthood")),
    ("voluntary-community", "Parent Network", ("education", "social-care")),
    ("private", "Therapy Partnership Ltd", ("health",)),
    ("private", "Swim and Sport Ltd", ("leisure",)),
    ("private", "Care Services Ltd", ("social-care", "housing")),
    ("private", "Training Academy Ltd", ("employment", "preparation-for-adulthood")),
)

# Setting names and who runs them: (setting type, label ending, provider ending, provider type).
SETTING_NAMING: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "early-years": (
        ("Nursery", "Pre-school", "Day Nursery", "Children's Centre Nursery"),
        ("Early Years Ltd", "Pre-school Association"),
        "private",
    ),
    "specialist-early-years": (
        ("Specialist Nursery", "Opportunity Group"),
        ("Opportunity Group Trust",),
        "voluntary-community",
    ),
    "primary": (
        ("Primary School", "Infant and Junior School", "Primary Academy", "Community Primary School"),
        ("Learning Trust", "Schools Federation"),
        "voluntary-community",
    ),
    "secondary": (
        ("Academy", "High School", "School", "Community College"),
        ("Academy Trust", "Learning Trust"),
        "voluntary-community",
    ),
    "special": (("School", "Academy", "Special School"), ("Special Schools Trust",), "statutory"),
    "college": (("College", "College of Further Education"), ("College Corporation",), "statutory"),
    "specialist-college": (
        ("Specialist College", "College for Independent Living"),
        ("Specialist Education Ltd",),
        "private",
    ),
}

_SMALL = {"and", "of", "upon", "on"}


def area_name(slug: str) -> str:
    """'tonbridge-and-malling' -> 'Tonbridge and Malling'; 'sample-council-12' -> 'Sample Council 12'."""
    return " ".join(w if w in _SMALL else w.capitalize() for w in slug.split("-"))
