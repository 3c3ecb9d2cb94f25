"""How text becomes search terms, the same way for the index and for what someone types.

Families write "won't", "wont", "won’t" and "will not" for the same thing, "behaviour" or "behavior",
"my son" and "my daughter" around the words that matter. Each piece of text is lower-cased, stripped of
accents, contractions are spelled out, spelling variants are folded to one form, words that carry no
meaning in a search ("my", "the", "won't") are dropped, and the rest are stemmed (Snowball English) so plurals and
-ing forms meet.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

# Snowball's English stemmer (Porter2), the maintained successor of the Porter stemmer this module used to
# carry; measured on tests/search_regression.tsv and test_search_quality.py before and after the change.
# One per thread: a stemmer keeps the word it works on in itself, so two threads sharing one (requests of a
# threaded server, the build's index beside its checks) get each other's stems or an IndexError.
_STEMMERS = threading.local()


def _snowball() -> snowballstemmer.stemmer:
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer


# typographic apostrophes made plain; the Polish ł, which Unicode does not decompose into l and a mark
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ł": "l", "Ł": "l"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# contractions spelled out; the apostrophe-less forms are how people type on phones
CONTRACTIONS = {
    "won't": "will not",
    "wont": "will not",
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "doesnt": "does not",
    "didn't": "did not",
    "didnt": "did not",
    "isn't": "is not",
    "isnt": "is not",
    "aren't": "are not",
    "wasn't": "was not",
    "wasnt": "was not",
    "haven't": "have not",
    "havent": "have not",
    "hasn't": "has not",
    "shouldn't": "should not",
    "couldn't": "could not",
    "couldnt": "could not",
    "wouldn't": "would not",
    "wouldnt": "would not",
    "i'm": "i am",
    "im": "i am",
    "it's": "it is",
    "he's": "he is",
    "she's": "she is",
    "they're": "they are",
    "we're": "we are",
    "you're": "you are",
    "i've": "i have",
    "ive": "i have",
    "i'll": "i will",
    "let's": "let us",
}
# British and American spellings and everyday variants, folded to the form the data uses
VARIANTS = {
    "behavior": "behaviour",
    "behaviors": "behaviours",
    "behavioral": "behavioural",
    "color": "colour",
    "center": "centre",
    "pediatrician": "paediatrician",
    "pediatric": "paediatric",
    "program": "programme",
    "diarrhea": "diarrhoea",
    "anemia": "anaemia",
    "organize": "organise",
    "organized": "organised",
    "socialize": "socialise",
    "recognize": "recognise",
    "mom": "mum",
    "moms": "mums",
    "mommy": "mummy",
    "diaper": "nappy",
    "diapers": "nappies",
    "stutter": "stammer",
    "stutters": "stammers",
    "stuttering": "stammering",
    "stuttered": "stammered",
    "autistic": "autism",
    "aspergers": "asperger",
    "asperger's": "asperger",
    "ehcp": "ehc plan",
    "ehcps": "ehc plans",
}
# words that say nothing about what is being looked for
STOP_WORDS = frozenset(
    """
a about above after again against all am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
of off on once only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yourself yourselves
also really quite lot lots always never often sometimes still even much many get gets got getting
son sons daughter daughters child children childs kid kids boy boys girl girls baby toddler teen teenager
year years old aged age yr yrs need needs help please want wants like thing things any anything something
say says said tell tells know think ok might maybe may perhaps possibly probably everything everyone nothing
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty
""".split()
)
# kept even though they are short or common: they are what people search for
KEEP = frozenset(
    {
        "deaf",
        "add",
        "adhd",
        "asd",
        "ehc",
        "send",
        "sen",
        "ot",
        "cp",
        "mld",
        "sld",
        "pmld",
        "vi",
        "hi",
        "msi",
        "pd",
        "slcn",
        "senco",
    }
)
# words that say "needs" or "help" in general, or that almost every record has ("school"): dropped when
# the query has other words, so "how do I ask for help with school transport" is matched on "transport"
WEAK_WORDS = frozenset(
    {
        "need",
        "needs",
        "difficulty",
        "difficulties",
        "problem",
        "problems",
        "issue",
        "issues",
        "support",
        "supports",
        "service",
        "services",
        "struggle",
        "struggles",
        "struggling",
        "hard",
        "trouble",
        "school",
        "schools",
        "help",
        "helps",
        "ask",
        "asking",
        "find",
        "finding",
        "looking",
        "look",
        "child",
        "children",
        "young",
        "person",
        "people",
        "someone",
        "family",
        "families",
        "parent",
        "parents",
        "information",
        "info",
        "local",
        "available",
        "options",
        "option",
        "best",
        "way",
        "ways",
        "go",
        "going",
        "apply",
        "applying",
        "disabled",
        "disability",
        "disabilities",
    }
)


def fold(text: str) -> str:
    """Lower case, typographic apostrophes made plain, accents removed ("słuch" -> "sluch", "â" -> "a")."""
    text = text.translate(_APOSTROPHES).lower()
    if text.isascii():  # most texts: nothing to decompose, and this loop was half the index build's time
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Every word, contractions and spelling variants expanded, possessives dropped ("council's")."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        expanded = CONTRACTIONS.get(word)
        if expanded is None:
            if word.endswith("'s"):
                word = word[:-2]
            word = word.replace("'", "")
            expanded = VARIANTS.get(word, word)
        out.extend(expanded.split())
    return out


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball, then the endings that name a condition or the person with it ("dyslexia", "dyslexic")."""
    stemmed = _snowball().stemWord(word)
    for ending in ("ia", "ic", "ism", "ist"):
        if stemmed.endswith(ending) and len(stemmed) - len(ending) >= 4:
            return stemmed[: -len(ending)]
    return stemmed


def is_stop(word: str) -> bool:
    return word in STOP_WORDS and word not in KEEP


def terms(text: str, keep_stop_words: bool = False) -> list[str]:
    """The stemmed search terms of a text, in order, stop words dropped (all kept if nothing else is)."""
    return terms_of_words(words(text), keep_stop_words)


def terms_of_words(all_words: list[str], keep_stop_words: bool = False) -> list[str]:
    """`terms` of a text whose `words` are known (the index build has each text's words already)."""
    kept = all_words if keep_stop_words else [w for w in all_words if not is_stop(w)]
    if not kept:
        kept = all_words
    return [stem(w) for w in kept]


def normalise(text: str) -> str:
    """A text's terms joined by spaces: what two phrasings share when they mean the same."""
    return " ".join(terms(text))
