"""Polish search words: diacritics folded and inflection endings stripped, so "autyzm", "autyzmem" and
"autyzmu" meet, and "słuch" typed as "sluch" (a phone without Polish letters) still finds "słuchu".

Python has no Snowball stemmer for Polish, so this is a light stemmer of our own: one ending taken off,
the longest that leaves a stem of at least three letters, from the endings of nouns, adjectives and
verbal nouns (-anie/-enie) in their folded spelling (ą -> a, ę -> e, ó -> o, ł -> l). It is for matching
words that share a stem, not a linguistic analysis: two different words that reduce to one stem only
ever make a search find a little more. Tested in tests/test_search_languages.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold

LANGUAGE = "pl"
_WORD = re.compile(r"[a-z0-9]+")
MIN_STEM = 3

# endings, folded; the longest that fits is removed (so "owego" before "ego" before "o")
ENDINGS = tuple(
    sorted(
        """
        osciami osciach oscia osci osc
        owego owemu owych owymi owej owym owie owi owa owe owy ow
        ami ach ego emu ych ymi imi ich iem iach iami iom
        niach niami niem nia nie niu
        jach jami ja je ji ju
        ia ie ii iu em om ej ym im
        a e i o u y
        """.split(),
        key=len,
        reverse=True,
    )
)
# words that carry no meaning in a search, and the words for the family members around the ones that do
STOP_WORDS = frozenset(
    """
    a i w we z ze na do dla o od po przy u za przez pod nad przed bez oraz lub albo czy ale ze sie nie
    jest sa byc to ten ta te tego tej jak co gdzie kiedy ktory ktora ktore ktorzy moj moja moje mojego
    mojej moim mam ma mi mnie moze mozna jego jej ich nasz nasza nasze syn syna synem corka corki corka
    dziecko dziecka dzieckiem dzieci dzieciom dziecku
    """.split()
)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The word (folded, lower case) without its inflection ending."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def words(text: str) -> list[str]:
    """The folded words of a Polish text, stop words kept."""
    return _WORD.findall(fold(text))


def terms(text: str) -> list[str]:
    """The stems of a Polish text's meaningful words, in order (all of them if every word is a stop word)."""
    found = words(text)
    kept = [w for w in found if w not in STOP_WORDS] or found
    return [stem(w) for w in kept]


def query_forms(word: str) -> tuple[str, ...]:
    """What a typed (folded) word may match in Polish text: its stem."""
    return (stem(word),)
