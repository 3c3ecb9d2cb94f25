"""On a heading's page, what the councils say under it: the chosen council's statement first (its text
paragraph by paragraph, when it was last checked, whether it may be out of date, whether it is sample
text), then what the seven SE7 councils say together under it (the region's statement, lo:Region), then a short list
of the other councils' statements. Without a chosen council, the region's statement leads, then the list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from pyoxigraph import Literal, NamedNode

from ..core.graph import Graph
from ..core.labels import literal_text, same_language
from ..core.links import Link, node_link
from ..core.plain_text import paragraphs
from ..core.staff_user import current_user
from .version_rows import rows_per_version

REVIEW_DAYS = 365  # without a date to check it again, a statement is due a year after its last check


@dataclass
class StatementView:
    iri: str
    url: str
    council: str
    title: str
    paragraphs: list[str]
    last_reviewed: str | None
    review_due: str | None
    out_of_date: bool  # past its date to check again
    is_sample: bool
    edit_url: str | None = None  # for a signed-in admin of its council


@dataclass
class CouncilStatements:
    council: str | None  # the chosen council's name
    chosen: StatementView | None  # the chosen council's statement, if it has one
    others: list[Link] = field(default_factory=list)  # the other councils' statements, by council name
    choose_url: str | None = None  # when no council is chosen
    regional: StatementView | None = None  # what the SE7 councils say together, under the chosen one's


def _text(value: object, languages: list[str]) -> tuple[int, str]:
    """A literal's rank among the reader's languages (lower is better) and its text."""
    if not isinstance(value, Literal):
        return (len(languages) + 1, "")
    lang = (value.language or "en").split("-")[0]
    return (languages.index(lang) if lang in languages else len(languages), literal_text(value))


def _out_of_date(reviewed: str | None, due: str | None, today: date) -> bool:
    try:
        if due:
            return date.fromisoformat(due) < today
        return reviewed is None or (today - date.fromisoformat(reviewed)).days > REVIEW_DAYS
    except ValueError:
        return True


def council_statements(
    graph: Graph,
    heading: str,
    area: str | None,
    area_name: str | None,
    languages: list[str],
    today: date,
    choose_url: str,
) -> CouncilStatements | None:
    """The councils' statements under a heading, the chosen council's apart; None when there are none."""
    rows = rows_per_version(graph, "navigate/heading_statements", heading=NamedNode(heading))
    if not rows:
        return None
    found: dict[str, dict] = {}
    for row in rows:  # one row per language of the title and text: keep the reader's best of each
        item = found.setdefault(
            row["statement"].value, {"area": row["area"].value, "title": (99, ""), "text": (99, "")}
        )
        item["council"] = literal_text(row["areaLabel"]) if "areaLabel" in row else row["area"].value.rsplit("/", 1)[-1]
        for key in ("title", "text"):
            source = "label" if key == "title" else "text"
            if source in row:
                item[key] = min(item[key], _text(row[source], languages))
        for key in ("reviewed", "due", "sample", "regional"):
            if key in row:
                item[key] = row[key].value
    result = CouncilStatements(area_name, None, choose_url=None if area else choose_url)
    user = current_user()
    for iri, item in sorted(found.items(), key=lambda pair: pair[1]["council"].lower()):
        may_edit = user is not None and user.can_edit_council(item["area"])
        if area and item["area"] == area and result.chosen is None:
            result.chosen = _view(graph, iri, item, today, may_edit)
        elif "regional" in item and result.regional is None:  # bound only for a region (engines spell true apart)
            result.regional = _view(graph, iri, item, today, may_edit)
        else:
            title = item["title"][1]  # the name in the title's language (labels.Label): a Welsh page marks English
            name = same_language(f"{item['council']}: {title}", title) if title else item["council"]
            result.others.append(node_link(iri, name, graph.id_base, item.get("sample") == "true"))
    return result


def _view(graph: Graph, iri: str, item: dict, today: date, may_edit: bool) -> StatementView:
    """One statement to read in full: its text by paragraph, its dates and marks, an edit link for its admins."""
    slug = iri.rsplit("/", 1)[-1]
    return StatementView(
        iri=iri,
        url=node_link(iri, item["title"][1], graph.id_base).url or iri,
        council=item["council"],
        title=item["title"][1],
        paragraphs=paragraphs(item["text"][1]),
        last_reviewed=item.get("reviewed"),
        review_due=item.get("due"),
        out_of_date=_out_of_date(item.get("reviewed"), item.get("due"), today),
        is_sample=item.get("sample") == "true",
        edit_url=url_for("editing.edit", kind="council-statement", slug=slug) if may_edit else None,
    )
