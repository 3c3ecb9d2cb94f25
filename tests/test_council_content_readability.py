"""The reading-age hint of the council statement editor (graph_app/readability.py): Flesch-Kincaid grade
and the reading age it suggests, and the plain-text paragraphs the heading page shows."""

from __future__ import annotations

import pytest

from graph_app.readability import HARD_AGE, TARGET_AGE, reading_age, sentence_count, syllables
from graph_app.web.core.plain_text import paragraphs

EASY = "You can ask us for help. We will call you back. It is free."
HARD = (
    "The local authority's determination regarding eligibility for discretionary transportation assistance "
    "necessitates consideration of individualised circumstances, notwithstanding the availability of "
    "alternative educational provision within reasonable geographical proximity."
)


@pytest.mark.parametrize(
    ("word", "count"),
    [("you", 1), ("help", 1), ("table", 2), ("council", 2), ("education", 4), ("independent", 4), ("make", 1)],
)
def test_syllables_by_rule_of_thumb(word: str, count: int) -> None:
    assert syllables(word) == count


def test_sentences_end_at_full_stops_and_paragraph_breaks() -> None:
    assert sentence_count("One. Two! Three?") == 3
    assert sentence_count("A heading\n\nA sentence after it.") == 2
    assert sentence_count("   ") == 0


def test_the_grade_follows_the_flesch_kincaid_formula() -> None:
    result = reading_age(EASY)
    assert result is not None
    words, sentences, syllable_count = result.words, result.sentences, result.syllables
    assert (words, sentences) == (14, 3)
    expected = 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59
    assert result.grade == round(max(0.0, expected), 1)
    assert result.age == max(5, round(result.grade + 5))


def test_plain_short_sentences_read_young_and_long_latinate_ones_old() -> None:
    easy, hard = reading_age(EASY), reading_age(HARD)
    assert easy is not None and hard is not None
    assert easy.level == "easy" and easy.age <= TARGET_AGE
    assert hard.level == "hard" and hard.age > HARD_AGE
    # the same words cut into shorter sentences read younger: the measure sees sentence length
    shorter = reading_age(HARD.replace(", ", ". "))
    assert shorter is not None and shorter.grade < hard.grade


def test_no_words_no_reading_age() -> None:
    assert reading_age("") is None
    assert reading_age("12 34 !!") is None


def test_paragraphs_are_split_on_empty_lines_and_never_markup() -> None:
    text = "First line\ncontinues here.\n\n  \nSecond <b>paragraph</b>.\r\n\r\nThird."
    assert paragraphs(text) == ["First line continues here.", "Second <b>paragraph</b>.", "Third."]
    assert paragraphs("") == []
