"""Welsh search words: initial mutations undone, circumflexes folded and a few endings stripped, so
"plant" and "blant", "clyw", "glyw", "nghlyw" and "chlyw", "dysgu" and "ddysgu" meet.

In Welsh the first letter of a word changes after many little words ("ei glyw", "fy nghlyw", "ei chlyw",
"i blant"), which matters more to search than endings do. Undoing a mutation exactly needs the grammar
around the word, so each word is reduced to a key instead: the initial consonant is replaced by the
radical letter of its mutation class, the same way for the index and for what is typed, so every form of
a word gets one key. The classes (radical: soft, nasal, aspirate):

    c: g, ngh, ch      p: b, mh, ph      t: d, nh, th      g: (dropped), ng
    b: f, m            d: dd, n          m: f              ll: l     rh: r

c/g/ng/ngh/ch share one key, as do p/b/mh/ph/m/f (not ff) and t/d/dd/nh/th/n, and ll/l, rh/r; an h put
before a vowel (aspirate, "ei hysgol") is dropped. A soft-mutated g disappears ("gofal" -> "ofal"), which
no key can undo: what is typed also tries the word with g put back. Two different words may share a key
("mam" and "pam"): a search then finds a little more, never less.

Then one ending is stripped (plurals -au/-iau/-ion/-od, -iaeth/-aeth, adjectives -ig/-ol), so
"awtistiaeth" (autism) and "awtistig" (autistic) meet, as do "addysg" and "addysgol". Circumflexes are
folded first ("tŷ" -> "ty"). Tested in tests/test_search_languages.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold

LANGUAGE = "cy"
_WORD = re.compile(r"[a-z0-9]+")  # the apostrophe of "i'w", "a'r" splits the words
MIN_STEM = 3
VOWELS = frozenset("aeiouwy")

# (initial as written, key initial), longest first: "ngh" before "ng", "ff" (radical) before "f"
INITIALS = (
    ("ngh", "c"),
    ("ng", "c"),
    ("ch", "c"),
    ("g", "c"),
    ("c", "c"),
    ("mh", "p"),
    ("ph", "p"),
    ("ff", "ff"),
    ("f", "p"),
    ("b", "p"),
    ("m", "p"),
    ("p", "p"),
    ("nh", "t"),
    ("th", "t"),
    ("dd", "t"),
    ("d", "t"),
    ("n", "t"),
    ("t", "t"),
    ("ll", "l"),
    ("l", "l"),
    ("rh", "r"),
    ("r", "r"),
)
ENDINGS = tuple(sorted("iaeth aeth iaid iau au ion on od ydd wyr ig ol".split(), key=len, reverse=True))
# little words (articles, prepositions, possessives that cause the mutations), and family members
STOP_WORDS = frozenset(
    """
    y yr r a ac i o yn ar am at gan gyda efo fy ei eu ein eich ym yng w s mae sydd ydy yw oes na nad neu
    ond hefyd ble sut beth pwy pam pa mewn wedi bod gael cael angen help fab mab merch ferch plentyn
    iw ir or gydar maer ynghylch
    """.split()
)  # "iw", "ir", "or", "gydar", "maer": "i'w", "i'r", "o'r", "gyda'r", "mae'r" as the search words run them together


def key(word: str) -> str:
    """The word with its initial reduced to its mutation class's key (see the module's note)."""
    if len(word) > 1 and word[0] == "h" and word[1] in VOWELS:
        word = word[1:]  # h before a vowel: an aspirate mutation ("ei hysgol")
    for written, radical in INITIALS:
        if word.startswith(written):
            return radical + word[len(written) :] if len(word) > len(written) else word
    return word


def strip_ending(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The search term of a (folded, lower-case) Welsh word: its key, without its ending."""
    return strip_ending(key(word))


def words(text: str) -> list[str]:
    """The folded words of a Welsh text, stop words kept."""
    return _WORD.findall(fold(text))


def terms(text: str) -> list[str]:
    """The search terms of a Welsh text's meaningful words, in order (all if every word is a stop word)."""
    found = words(text)
    kept = [w for w in found if w not in STOP_WORDS] or found
    return [stem(w) for w in kept]


def query_forms(word: str) -> tuple[str, ...]:
    """What a typed (folded) word may match in Welsh text: its term, and, when it could be a word whose
    g was dropped by a soft mutation ("ofal" for "gofal"), the term of the word with g put back."""
    forms = [stem(word)]
    if word and (word[0] in VOWELS or word[0] in "lr"):
        forms.append(stem("g" + word))
    return tuple(dict.fromkeys(forms))
