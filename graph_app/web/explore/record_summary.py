"""The plain-English summary rows at the top of a record page, the other recorded facts below them, and
the date it was last checked (moved out of node_page.py, which gathers the page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...namespaces import DCTERMS, LO, RDFS, SCHEMA, SKOS
from ..core.i18n import translate
from ..core.labels import same_language
from ..core.links import Link
from ..core.plain_text import paragraphs
from ..core.staleness import Review as Review  # the one staleness rule, shared with lists (re-exported)
from ..core.staleness import review as review
from .first_screen import ContactView
from .shaping import VALUE_NAMES

NAME_PROPERTIES = {RDFS + "label", SKOS + "prefLabel"}
# literal values the page never lists as facts: names, machine flags, and what the summary already says
QUIET_VALUES = NAME_PROPERTIES | {
    LO + "isSample",
    LO + "buildId",
    LO + "lastReviewed",
    SKOS + "hiddenLabel",
    LO + "minAge",
    LO + "maxAge",
    LO + "position",
    LO + "deadlineWeeks",
}


@dataclass
class SummaryRow:
    name: str
    # each text from the data is a labels.Label (it knows its language: the page marks English on a Welsh
    # page, WCAG 2.2 SC 3.1.2); interface text (ages) is a plain str
    texts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    web: list[str] = field(default_factory=list)  # web addresses outside the explorer
    contacts: list[ContactView] = field(default_factory=list)  # phone, email, web page (How to get it)


def ages(values: dict[str, list[str]]) -> str | None:
    """The ages in the page's language (interface words around the data's numbers)."""
    low, high = values.get(LO + "minAge"), values.get(LO + "maxAge")
    if low and high:
        if low[0] == high[0]:
            return translate("{age} years", age=low[0])
        return translate("{low} to {high} years", low=low[0], high=high[0])
    if low:
        return translate("{low} years and over", low=low[0])
    if high:
        return translate("Up to {high} years", high=high[0])
    return None


def summary_rows(kind: str, values: dict[str, list[str]], out: dict[str, list[str]], link) -> list[SummaryRow]:
    """The plain-English summary at the top: what it is, who it is for, ages, where, how to get it, cost."""
    rows: list[SummaryRow] = []

    def add(
        name: str, texts: list[str] | None = None, props: tuple[str, ...] = (), web: list[str] | None = None
    ) -> None:
        links = [link(t) for p in props for t in dict.fromkeys(out.get(p, []))]
        row = SummaryRow(name, list(texts or []), sorted(links, key=lambda item: item.label.lower()), list(web or []))
        if row.texts or row.links or row.web:
            rows.append(row)

    definition = values.get(SKOS + "definition", [])
    description = values.get(DCTERMS + "description", [])
    if kind == "need":
        add("What it means", definition or description)
        add("Other words people use", other_words(values))
        add("Part of", props=(SKOS + "broader",))
        add("Leads on to, in adulthood", props=(LO + "dovetailsInto",))
    elif kind in ("service", "setting"):
        add("What it is", description)
        add("How to get it", props=(LO + "referralRoute", LO + "accessLevel"))
        add("Who it is for", props=(LO + "meetsNeed",))
        add("Ages", [a] if (a := ages(values)) else [])
        add("Where", props=(LO + "servesArea",))
        add("Waiting time", values.get(LO + "waitingTime"))
        add("Cost", values.get(LO + "cost"), props=(LO + "fundingRoute",))
        add("Who runs it", props=(LO + "providedBy", LO + "runBy"))
        add("Website", web=out.get(SCHEMA + "url"))
    elif kind == "clause":
        add("What it says", description)
        add("Part of", props=(LO + "partOfLegislation", LO + "subdivisionOf"))
        add("Read the law", web=[u for u in out.get(RDFS + "seeAlso", []) if "legislation.gov.uk/" in u])
    elif kind == "legislation":
        add("What it is", description)
        add("Read the law", web=[u for u in out.get(RDFS + "seeAlso", []) if "legislation.gov.uk/" in u])
    elif kind == "step":
        add("What to do" if description else "What happens", description)
        add("Time limit", values.get(LO + "timescale"))
        add("Who is responsible", values.get(LO + "responsibleParty"))
        add("If it goes wrong", values.get(LO + "ifThingsGoWrong"))
        add("Part of", props=(LO + "stepOf",))
    elif kind == "pathway":
        add("What it is", description)
        add("For", props=(LO + "forNeed",))
        add("Ages", props=(LO + "forAgeBand",))
        add("What comes next", props=(LO + "dovetailsInto",))
    elif kind == "answer":
        add("The question", props=(LO + "answers",))
        add("The answer", values.get(LO + "answerText"))
        add("Answer given by", props=(LO + "answerOf",))
    elif kind == "contact":
        add("What it is", description)
        add("Phone", values.get(SCHEMA + "telephone"))
        add("Email", values.get(SCHEMA + "email"))
        add("Website", web=out.get(SCHEMA + "url"))
    elif kind == "council-statement":  # what one council says under a heading, paragraph by paragraph
        add("What the council says", [p for text in values.get(LO + "statementText", []) for p in paragraphs(text)])
        add("Council", props=(LO + "statementOf",))
        add("Under the heading", props=(LO + "aboutHeading",))
        add("To be checked by", values.get(LO + "reviewDue"))
    elif kind == "age-band":
        add("What it means", definition or description)
        add("Ages", [a] if (a := ages(values)) else [])
    elif kind == "provider":
        add("What it is", description)
        add("Kind of organisation", props=(LO + "organisationType",))
        add("Where it is based", props=(LO + "locatedIn",))
        add("Website", web=out.get(SCHEMA + "url"))
    else:
        add("What it means" if definition else "What it is", definition or description)
        add("Other words people use", other_words(values))
        add("Part of", props=(SKOS + "broader", LO + "partOfArea", LO + "inQuestionSet"))
        add("Website", web=out.get(SCHEMA + "url"))
    return rows


def other_words(values: dict[str, list[str]]) -> list[str]:
    """The other names people use, on one line, each once whatever its capitals."""
    seen: dict[str, str] = {}
    for word in values.get(SKOS + "altLabel", []):
        seen.setdefault(word.strip().lower(), same_language(word.strip(), word))
    return [same_language(", ".join(seen.values()), next(iter(seen.values())))] if seen else []


SUMMARISED = {
    DCTERMS + "description",
    LO + "easyRead",  # shown first, in its own box (easy_read.py)
    SKOS + "definition",
    SKOS + "altLabel",
    LO + "cost",
    LO + "waitingTime",
    LO + "timescale",
    LO + "responsibleParty",
    LO + "ifThingsGoWrong",
    LO + "answerText",
    LO + "statementText",
    LO + "reviewDue",
    SCHEMA + "telephone",
    SCHEMA + "email",
}


def detail_rows(values: dict[str, list[str]], labels: dict[str, str]) -> list[SummaryRow]:
    """Other recorded facts the summary does not already say (codes, who decides, notes...)."""
    rows = []
    for prop, texts in sorted(values.items()):
        if prop in QUIET_VALUES or prop in SUMMARISED or VALUE_NAMES.get(prop) == "":
            continue
        name = VALUE_NAMES.get(prop) or labels.get(prop) or prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        rows.append(SummaryRow(same_language(name[:1].upper() + name[1:], name), texts))
    return rows
