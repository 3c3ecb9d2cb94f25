"""A setting's (or service's) answers to its SE7 question set, and for settings, side by side with the
area-wide offer expectations of education providers, so a parent can see whether the setting meets them."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ..core.graph import Graph
from ..core.labels import label_map
from ..core.links import Link, node_link
from .shaping import pick_values

NOT_ANSWERED = "Not answered yet"
# question-set slug -> the name of the view it gives (tabs on the setting page)
VIEW_NAMES = {"parent-carer": "Parent carer view", "young-person": "Young person view", "service": "Answers"}


@dataclass
class AnswerRow:
    position: int
    question: Link
    answer: str | None  # None: not answered yet
    answer_link: Link | None = None


@dataclass
class ExpectationCheck:
    position: int
    expectation: Link
    description: str
    evidence: list[AnswerRow] = field(default_factory=list)  # answers to the questions that check it

    @property
    def answered(self) -> bool:
        return any(row.answer for row in self.evidence)


@dataclass
class AnswerView:
    key: str  # the question set's slug
    name: str
    question_set: Link
    rows: list[AnswerRow]
    expectations: list[ExpectationCheck]

    @property
    def answered(self) -> int:
        return sum(1 for row in self.rows if row.answer)


@dataclass
class Expectation:
    iri: str
    position: int
    descriptions: list
    questions: list[str]


def area_wide_expectations(graph: Graph) -> list[Expectation]:
    """Every expectation in order with the questions related to it, once per store version."""

    def compute() -> list[Expectation]:
        found: dict[str, Expectation] = {}
        for row in graph.library.select(graph.store, "navigate/expectations"):
            entry = found.setdefault(
                row["expectation"].value, Expectation(row["expectation"].value, int(row["position"].value), [], [])
            )
            if "description" in row and row["description"] not in entry.descriptions:
                entry.descriptions.append(row["description"])
            if "question" in row and row["question"].value not in entry.questions:
                entry.questions.append(row["question"].value)
        return sorted(found.values(), key=lambda e: (e.position, e.iri))

    return graph.memo("area_wide_expectations", compute)


def question_sets(graph: Graph) -> dict[str, list[tuple[int, str]]]:
    """question set IRI -> its questions as (position, IRI) in order, once per store version."""

    def compute() -> dict[str, list[tuple[int, str]]]:
        found: dict[str, list[tuple[int, str]]] = {}
        for row in graph.library.select(graph.store, "navigate/question_sets"):
            found.setdefault(row["set"].value, []).append((int(row["position"].value), row["question"].value))
        return {key: sorted(set(value)) for key, value in found.items()}

    return graph.memo("question_sets", compute)


def answer_views(
    graph: Graph, node: str, uses: list[str], with_expectations: bool, languages: list[str]
) -> list[AnswerView]:
    """One view per question set the node uses (`uses`) or has answered; the fullest view comes first.
    Every question of the set is listed: those without an answer show as not answered yet."""
    rows = graph.library.select(graph.store, "navigate/node_answers", node=NamedNode(node))
    sets = question_sets(graph)
    chosen = [s for s in dict.fromkeys([*uses, *(r["set"].value for r in rows)]) if s in sets]
    if not chosen:
        return []
    texts: dict[str, list] = {}
    answers: dict[str, str] = {}
    for row in rows:
        question = row["question"].value
        answers[question] = row["answer"].value
        if "text" in row:
            texts.setdefault(question, []).append(row["text"])
    expectations = area_wide_expectations(graph) if with_expectations else []
    iris = set(chosen) | set(answers.values()) | {q for s in chosen for _p, q in sets[s]}
    iris |= {e.iri for e in expectations}
    names = label_map(graph, iris, languages)
    views = []
    for question_set in chosen:
        by_question: dict[str, AnswerRow] = {}
        for position, question in sets[question_set]:
            picked = pick_values(texts.get(question, []), languages)
            answer = answers.get(question)
            by_question[question] = AnswerRow(
                position,
                _link(graph, question, names),
                picked[0] if picked else None,
                _link(graph, answer, names) if answer else None,
            )
        key = question_set.rsplit("/", 1)[-1]
        checks = [
            ExpectationCheck(
                e.position,
                _link(graph, e.iri, names),
                (pick_values(e.descriptions, languages) or [""])[0],
                [by_question[q] for q in e.questions if q in by_question],
            )
            for e in expectations
        ]
        views.append(
            AnswerView(
                key,
                VIEW_NAMES.get(key, names.get(question_set, key)),
                _link(graph, question_set, names),
                list(by_question.values()),
                checks,
            )
        )
    return sorted(views, key=lambda v: -v.answered)


def _link(graph: Graph, iri: str, names: dict[str, str]) -> Link:
    return node_link(iri, names.get(iri, iri.rsplit("/", 1)[-1]), graph.id_base)
