"""How hard a text is to read: the Flesch-Kincaid grade level, and the reading age it suggests.

Flesch-Kincaid grade = 0.39 x (words per sentence) + 11.8 x (syllables per word) - 15.59. It is a US
school grade; a reading age is about the grade plus 5 (grade 1 is read at about age 6). Syllables are
counted by a rule of thumb (groups of vowels, a silent final "e"), which is how readability tools do it:
good enough for a hint to the writer, not a verdict. Plain English guidance for the public aims at a
reading age of about 9 to 11 (GOV.UK content design).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TARGET_AGE = 11  # GOV.UK writes for a reading age of about 9; 11 is the upper end of "easy to read"
HARD_AGE = 14  # above this most readers, and many parents of disabled children under stress, struggle

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class ReadingAge:
    words: int
    sentences: int
    syllables: int
    grade: float  # Flesch-Kincaid grade level
    age: int  # the reading age it suggests, in whole years

    @property
    def level(self) -> str:
        """ "easy" (a reading age of TARGET_AGE or less), "fair" or "hard" (above HARD_AGE)."""
        if self.age <= TARGET_AGE:
            return "easy"
        return "fair" if self.age <= HARD_AGE else "hard"


def syllables(word: str) -> int:
    """The syllables of one English word, by rule of thumb (at least 1)."""
    word = word.lower().replace("’", "'").split("'")[0]
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        word = word[:-1]
    word = re.sub(r"(?:es|ed)$", "", word) if len(word) > 4 and not word.endswith(("ted", "ded")) else word
    return max(1, len(_VOWEL_GROUPS.findall(word)))


def sentence_count(text: str) -> int:
    """Sentences: runs of text ended by . ! ? or a paragraph break (a heading line counts as one)."""
    parts = [p for p in _SENTENCE_END.split(text) if _WORD.search(p)]
    return max(1, len(parts)) if text.strip() else 0


def reading_age(text: str) -> ReadingAge | None:
    """The Flesch-Kincaid grade and reading age of a text, or None when it has no words."""
    words = _WORD.findall(text or "")
    if not words:
        return None
    sentences = sentence_count(text)
    total = sum(syllables(w) for w in words)
    grade = 0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59
    grade = max(0.0, grade)
    return ReadingAge(len(words), sentences, total, round(grade, 1), max(5, round(grade + 5)))
