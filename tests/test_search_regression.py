"""The search regression set (tests/search_regression.tsv): real-sounding questions from parents and young
people, each with the page that must come first and the need that should (or should not) be guessed. Run
against the real built index; prints first-result accuracy and the guess's precision and recall, which go
in the issue's note. Held-out queries are used as well, so the set is for the principle, not a lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph_app.layout import Layout
from graph_app.search import SearchIndex

CASES = Path(__file__).with_name("search_regression.tsv")
FIRST_RESULT_AT_LEAST = 0.90
GUESS_PRECISION_AT_LEAST = 0.95
GUESS_RECALL_AT_LEAST = 0.80


@dataclass(frozen=True)
class Case:
    query: str
    first: tuple[str, ...]  # kind/slug choices, any one is right
    guess: str | None  # need slug, or None for "no guess"


@dataclass
class Report:
    cases: int = 0
    first_right: int = 0
    guesses_made: int = 0
    guesses_right: int = 0
    guesses_expected: int = 0
    guesses_found: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def first_accuracy(self) -> float:
        return self.first_right / self.cases if self.cases else 0.0

    @property
    def guess_precision(self) -> float:
        return self.guesses_right / self.guesses_made if self.guesses_made else 1.0

    @property
    def guess_recall(self) -> float:
        return self.guesses_found / self.guesses_expected if self.guesses_expected else 1.0

    def summary(self) -> str:
        return (
            f"{self.cases} queries: first result right {self.first_right}/{self.cases} "
            f"({self.first_accuracy:.1%}); need guess precision {self.guesses_right}/{self.guesses_made} "
            f"({self.guess_precision:.1%}), recall {self.guesses_found}/{self.guesses_expected} "
            f"({self.guess_recall:.1%})"
        )


def load_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, first, guess = line.split("\t")
        cases.append(Case(query, tuple(first.split("|")), None if guess == "-" else guess))
    return cases


def _id(iri: str) -> str:
    return re.sub(r"^.*/id/", "", iri)


def evaluate(index: SearchIndex, cases: list[Case]) -> Report:
    """Each case as the results page runs it: the search, then the guess from those results."""
    report = Report()
    for case in cases:
        report.cases += 1
        found = index.search(case.query, limit=20)
        first = _id(found.hits[0].iri) if found.hits else None
        need = index.guess_need(case.query, found)
        guessed = need.slug if need else None
        if first in case.first:
            report.first_right += 1
        if guessed:
            report.guesses_made += 1
            report.guesses_right += guessed == case.guess
        if case.guess:
            report.guesses_expected += 1
            report.guesses_found += guessed == case.guess
        if first not in case.first or guessed != case.guess:
            report.failures.append(
                f"{case.query!r}: first {first} (want {'|'.join(case.first)}), guess {guessed} (want {case.guess})"
            )
    return report


@pytest.fixture(scope="module")
def index(built) -> SearchIndex:
    return SearchIndex(Layout(built.data_dir).current().search_path)


def test_the_set_is_big_and_varied():
    cases = load_cases()
    assert len(cases) >= 80
    assert len({c.query.lower() for c in cases}) == len(cases), "no duplicates"
    assert sum(c.guess is None for c in cases) >= 40, "most questions should not guess a need"
    assert sum("i'm" in c.query.lower() for c in cases) >= 3, "young people's own words"


def test_every_expected_page_exists(index):
    import sqlite3

    connection = sqlite3.connect(index.path)
    known = {_id(iri) for (iri,) in connection.execute("SELECT iri FROM docs")}
    for case in load_cases():
        assert set(case.first) & known, case
        assert case.guess is None or f"need/{case.guess}" in known, case


def test_regression_set_figures(index, capsys):
    report = evaluate(index, load_cases())
    with capsys.disabled():
        print("\nsearch regression:", report.summary())
        for failure in report.failures:
            print("  miss:", failure)
    assert report.first_accuracy >= FIRST_RESULT_AT_LEAST, report.failures
    assert report.guess_precision >= GUESS_PRECISION_AT_LEAST, report.failures
    assert report.guess_recall >= GUESS_RECALL_AT_LEAST, report.failures
