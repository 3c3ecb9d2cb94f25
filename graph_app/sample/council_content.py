"""Sample council statements: for each SE7 council, invented text under every framework heading a council
writes for (queries/gaps/council_content/headings.rq), and for the SE7 region (area/se7) under each heading the
seven councils answer together (data/framework/region.ttl), so heading pages, the editor and the gap analysis
have something to show until the councils write their own.

Every statement is plainly marked: `lo:isSample true`, the sample dataset as its source, and a body that
starts "Sample text:". The text stays general on purpose: no phone numbers, no amounts, no deadlines or
criteria that could be taken for a council's real policy. The same reference date always gives the same
file: `python -m graph_app.sample.council_content --out data/sample/council-content.ttl`.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox

from ..live.generation import OpenStore
from ..namespaces import LO
from ..queries import QueryLibrary
from . import terms as t
from .vocab import REFERENCE_DATE, SE7_COUNCILS

ROOT = Path(__file__).resolve().parents[2]
HEADINGS_QUERY = "gaps/council_content/headings"
SUPERCLASS_TYPES = "sample/superclass_types.ru"  # an update, which the query library does not hold
# region.ttl names the charter heading (lo:charterHeading), which the headings query includes
SOURCES = ("ontology/core.ttl", "data/framework/headings.ttl", "data/pathways.ttl", "data/framework/region.ttl")
REGION_SOURCE = "data/framework/region.ttl"  # the SE7 region and the headings it answers together
REGION = "se7"
REGION_NAME = "The SE7 councils"
COUNCIL_NAMES = {
    "brighton-and-hove": "Brighton & Hove City Council",
    "east-sussex": "East Sussex County Council",
    "hampshire": "Hampshire County Council",
    "kent": "Kent County Council",
    "medway": "Medway Council",
    "surrey": "Surrey County Council",
    "west-sussex": "West Sussex County Council",
    REGION: REGION_NAME,
}
MARK = "Sample text: "
OVERDUE_EVERY = 23  # about one statement in 23 is past its date to check again, so the gap analysis has rows
HEADING_PREFIXES = ("preparation-for-adulthood-", "social-care-", "education-", "health-")

STATEMENT = t.lo("CouncilStatement")
STATEMENT_OF = t.lo("statementOf")
ABOUT_HEADING = t.lo("aboutHeading")
TEXT = t.lo("statementText")
LAST_REVIEWED = t.lo("lastReviewed")
REVIEW_DUE = t.lo("reviewDue")

# topic -> (title, paragraphs); {council} is the council's name, {meaning} the heading's definition
_OPENING = (
    MARK + "{council} has not written this part yet. This made-up example shows what it could say. Do not rely on it."
)
_ASK = (
    "Not sure what applies to you? Ask the council's SEND team. SEND means special educational needs and "
    "disabilities. You can also ask your SENDIASS. It gives free advice, and it is not part of the council."
)
TEMPLATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "mission-statement": (
        "What {council} wants for children and young people with SEND",
        (
            "We want every child and young person to be safe, healthy and included, and to get the right "
            "help at the right time.",
            "We work with parent carers, young people, schools and the NHS to plan this help together. "
            "We check each year how well we are doing and tell you what we find.",
        ),
    ),
    "travel-policy": (
        "Help with travel in {council}",
        (
            "Here {council} explains who can get help with travel, what kind of help there is and how we decide.",
            "Help can mean a bus pass, travel training or a shared taxi, depending on your child's needs. "
            "You apply to the council, and we write to you with our decision and the reasons for it.",
            "If you disagree with the decision, you can ask us to look at it again.",
        ),
    ),
    "short-breaks": (
        "Short breaks in {council}",
        (
            "Short breaks give disabled children and young people time to have fun away from home, and give "
            "their families a rest.",
            "Some short breaks are open to everyone: you can book them yourself. Others need an assessment "
            "first. {council}'s short breaks statement will list both and say how to ask.",
        ),
    ),
    "funding-personal-budget": (
        "Paying for support and asking for a personal budget in {council}",
        (
            "A personal budget is money you can have a say in spending on your child's support. You can ask "
            "for one when an education, health and care (EHC) plan is being made or reviewed.",
            "{council} will explain what a budget can pay for, how it is worked out and how you can receive "
            "it, for example as a direct payment.",
        ),
    ),
    "moving-area": (
        "Moving to or from {council}",
        (
            "If you move, tell both your old council and your new one as early as you can.",
            "If your child has an education, health and care (EHC) plan, the new council must take it on. "
            "{council} will explain how it does this and who to talk to.",
        ),
    ),
    "concerns": (
        "If you are unhappy or worried: {council}",
        (
            "Talk to the person involved first. Most worries are sorted out this way.",
            "If that does not help, put your concern in writing and use the complaints procedure. "
            "{council} will say how to complain, who will reply and what happens next.",
        ),
    ),
    "not-met": (
        "If your child's setting is not meeting their needs: {council}",
        (
            "Talk to the special educational needs coordinator (SENCO) first and ask for a meeting.",
            "If that does not help, {council} will explain the next steps, including how to ask for an "
            "education, health and care (EHC) needs assessment.",
        ),
    ),
    "request-ehc-assessment": (
        "Asking {council} for an EHC needs assessment",
        (
            "An education, health and care (EHC) needs assessment looks at what help your child needs. You, "
            "your child's school or college, or a young person aged 16 to 25 can ask for one.",
            "{council} will explain how to ask, what it looks at and how it decides. It must follow the "
            "time limits in the law.",
        ),
    ),
    "mediation-appeal": (
        "Mediation and appeals in {council}",
        (
            "If you disagree with a decision about an EHC needs assessment or plan, you can talk to a "
            "mediation adviser and you can appeal to the SEND Tribunal.",
            "{council}'s decision letter names the mediation adviser and the dates that apply to you.",
        ),
    ),
    "parent-carer-advice": (
        "Information and advice for parent carers in {council}",
        (
            "You can get free, impartial advice from your SEND information, advice and support service "
            "(SENDIASS) and meet other families through your parent carer forum.",
            "{council} will list where to find them and what each can help with.",
        ),
    ),
    "young-people-advice": (
        "Information and advice for children and young people in {council}",
        (
            "You can get help and advice in your own right, in a way that suits you.",
            "{council} will list who you can talk to, including the SEND information, advice and support "
            "service (SENDIASS) for young people.",
        ),
    ),
    "other-areas": (
        "Getting help from services in other areas: {council}",
        (
            "Sometimes the best service for you is run by another council or NHS area.",
            "{council} will explain who pays for it and who to ask.",
        ),
    ),
    "childcare-list": (
        "Finding childcare in {council}",
        (
            "{council} keeps a list of childcare providers, including those with experience of children with SEND.",
            "You can ask the family information service to help you find a place.",
        ),
    ),
    "end-of-ehc-plan": (
        "When an EHC plan ends: {council}",
        (
            "An education, health and care (EHC) plan can last up to age 25. {council} will explain what "
            "support there is after it ends and how to plan for that in good time.",
        ),
    ),
}
# slug endings that share a template (the same item appears in several sections)
ALIASES = {
    "short-breaks-statement": "short-breaks",
    "specialist-short-breaks": "short-breaks",
    "family-support-personal-budgets": "funding-personal-budget",
    "out-of-area-support": "other-areas",
    "information-advice-guidance": "young-people-advice",
}
# What the seven councils say together (data/framework/region.ttl lists the headings); {meaning} as above
_REGION_OPENING = (
    MARK + "The seven SE7 councils have not written this together yet. This made-up example shows what "
    "they could say. Do not rely on it."
)
_REGION_ASK = (
    "Your own council says more about this on the same page. Not sure which council is yours? It is the "
    "council for the area where your child lives."
)
REGION_TEMPLATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "mission-statement": (
        "What the seven SE7 councils want together",
        (
            "Brighton & Hove, East Sussex, Hampshire, Kent, Medway, Surrey and West Sussex agreed one framework "
            "for their Local Offers, written with parent carers and young people.",
            "Together we want every Local Offer to be clear, honest about what is available, easy to find and "
            "kept up to date, and to help you without needing to know what to look for.",
        ),
    ),
    "how-we-work": (
        "{title}: how the seven SE7 councils work together",
        (
            "This part is about: {meaning}",
            "The seven councils use the same headings, so you find the same things in the same place in each "
            "council's Local Offer. Parent carer forums and young people from all seven areas help check it.",
        ),
    ),
    "moving-area": (
        "Moving between the SE7 councils",
        (
            "If you move from one SE7 council to another, both councils agree to talk to each other early, so "
            "your child's support carries on while things change.",
            "If your child has an education, health and care (EHC) plan, your new council must take it on. Tell "
            "both councils as soon as you know you are moving.",
        ),
    ),
    "other-areas": (
        "Using services across SE7 council borders",
        (
            "Sometimes the nearest or best service is run by another of the seven councils or another NHS area.",
            "The SE7 councils agree who pays and who to ask in each case, so you do not have to sort it out "
            "between them yourself.",
        ),
    ),
    "concerns": (
        "Raising a concern: what all seven SE7 councils promise",
        (
            "All seven councils follow the same principles: we will listen, explain our decisions clearly, and "
            "try to sort things out early and informally.",
            "We will tell you about free, impartial support, such as your SEND information, advice and support "
            "service (SENDIASS), and how each stage of raising a concern works.",
        ),
    ),
    "mediation-appeal": (
        "Mediation and appeals in the SE7 councils",
        (
            "If you disagree with a decision about an education, health and care (EHC) needs assessment or "
            "plan, you can talk to a mediation adviser and you can appeal to the SEND Tribunal.",
            "Trying to sort things out locally does not take away your right to appeal. Your council's "
            "decision letter gives the dates that apply to you.",
        ),
    ),
}
REGION_ALIASES = {"vision-policy": "mission-statement", "out-of-area-support": "other-areas"}

# The commitment statement or charter the framework asks each council for ("Vision / Commitment"), under the
# heading the region names with lo:charterHeading (issue 19). Written after every other statement, so adding it
# left the others' dates as they were; each council's and the region's plainly marked, like the rest.
CHARTER = (
    "Our commitment to families: {council}",
    (
        "We will put you and your child at the centre of decisions about their support, and plan it with you.",
        "We will talk options through openly. If a service is not right for your child, or you do not meet "
        "its criteria, we will tell you where else to go rather than just turning you away.",
        "We will explain our decisions clearly, keep listening when we disagree, and tell you about free, "
        "impartial advice from your SEND information, advice and support service (SENDIASS).",
        "If we fall short of this, tell us: raise a concern with the service or with the council.",
    ),
)
REGION_CHARTER = (
    "Our shared commitment: the seven SE7 councils",
    (
        "Brighton & Hove, East Sussex, Hampshire, Kent, Medway, Surrey and West Sussex agreed to work with "
        "families in the same way, and to write their Local Offers with parent carers and young people.",
        "Together we aim to stop disagreements arising in the first place: we listen, we explain our "
        "decisions, and when a service cannot help we point you to one that can.",
        "Each council also sets out its own commitment, shown beside this one.",
    ),
)
CHARTER_OPENING = (
    MARK + "{council} has not written its commitment yet. This made-up example shows what it could say. "
    "Do not rely on it."
)

GENERIC = (
    "{title}: {council}",
    (
        "This part of {council}'s Local Offer is about: {meaning}",
        "{council} will explain what is available, who it is for and how to get it.",
    ),
)


def topic_of(slug: str) -> str | None:
    """The template for a heading's slug (its section prefix dropped), or None for the generic one."""
    rest = slug
    for prefix in HEADING_PREFIXES:
        rest = rest.removeprefix(prefix)
    for key in (*ALIASES, *TEMPLATES):
        if rest.endswith(key):
            return ALIASES.get(key, key)
    return None


def region_topic_of(slug: str) -> str:
    """The region's template for a heading's slug (the area-wide offer headings: how the councils work together)."""
    rest = slug
    for prefix in HEADING_PREFIXES:
        rest = rest.removeprefix(prefix)
    for key in (*REGION_ALIASES, *REGION_TEMPLATES):
        if rest.endswith(key):
            return REGION_ALIASES.get(key, key)
    return "how-we-work"


def regional_headings(root: Path = ROOT) -> set[str]:
    """The slugs of the headings the SE7 region answers together (data/framework/region.ttl)."""
    graph = ox.Store()
    graph.load(path=str(root / REGION_SOURCE), format=ox.RdfFormat.TURTLE, base_iri=t.ID)
    prefix = t.ID + "heading/"
    quads = graph.quads_for_pattern(t.vnode("area", REGION), t.lo("regionalHeading"), None)
    heads = [q.object.value for q in quads if isinstance(q.object, ox.NamedNode)]
    return {h[len(prefix) :] for h in heads if h.startswith(prefix)}


def headings(root: Path = ROOT) -> list[tuple[str, str, str]]:
    """(slug, label, definition) of every heading a council writes for, from the framework's files."""
    store = ox.Store()
    for name in SOURCES:
        store.load(path=str(root / name), format=ox.RdfFormat.TURTLE, base_iri=t.ID)
    # the superclass types the build states (a care pathway is a pathway), which the query relies on
    store.update((root / "queries" / SUPERCLASS_TYPES).read_text(encoding="utf-8"))
    rows = QueryLibrary(root / "queries").select(OpenStore(store), HEADINGS_QUERY)
    prefix = t.ID + "heading/"
    return [
        (
            r["heading"].value[len(prefix) :],
            r["label"].value if "label" in r else "",
            r["definition"].value if "definition" in r else "",
        )
        for r in rows
        if r["heading"].value.startswith(prefix)
    ]


def charter_heading(root: Path = ROOT) -> str | None:
    """The slug of the heading the councils' commitment statements are written under (data/framework/region.ttl)."""
    graph = ox.Store()
    graph.load(path=str(root / REGION_SOURCE), format=ox.RdfFormat.TURTLE, base_iri=t.ID)
    prefix = t.ID + "heading/"
    for quad in graph.quads_for_pattern(t.vnode("area", REGION), t.lo("charterHeading"), None):
        if quad.object.value.startswith(prefix):
            return quad.object.value[len(prefix) :]
    return None


def charter_text(council: str) -> tuple[str, str]:
    """(title, body) of a council's (or the region's) sample commitment statement."""
    title, paragraphs = REGION_CHARTER if council == REGION else CHARTER
    words = {"council": COUNCIL_NAMES.get(council, council)}
    opening = _REGION_OPENING if council == REGION else CHARTER_OPENING.format(**words)
    body = [opening, *(p.format(**words) for p in paragraphs)]
    return title.format(**words), "\n\n".join(body)


def statement_text(council: str, label: str, definition: str, topic: str | None) -> tuple[str, str]:
    """(title, body) of a council's (or, for REGION, the seven councils') sample statement; paragraphs are
    separated by an empty line."""
    region = council == REGION
    if region:
        title, paragraphs = REGION_TEMPLATES[topic or "how-we-work"]
    else:
        title, paragraphs = TEMPLATES[topic] if topic else GENERIC
    meaning = definition or label
    short = label.split(" (")[0]
    words = {"council": COUNCIL_NAMES.get(council, council), "meaning": meaning, "title": short}
    opening, ask = (_REGION_OPENING, _REGION_ASK) if region else (_OPENING, _ASK)
    body = [opening.format(**words), *(p.format(**words) for p in paragraphs), ask]
    return title.format(**words), "\n\n".join(body)


def generate(root: Path = ROOT) -> Iterator[ox.Triple]:
    reference = date(*REFERENCE_DATE)
    count = 0
    regional = regional_headings(root)
    charter = charter_heading(root)
    for council in (*SE7_COUNCILS, REGION):
        area = t.vnode("area", council)
        for slug, label, definition in headings(root):
            if slug == charter or (council == REGION and slug not in regional):
                continue  # the charter is written last (_charters), so the others keep their dates
            count += 1
            subject = t.node("council-statement", f"{council}-{slug}")
            topic = region_topic_of(slug) if council == REGION else topic_of(slug)
            title, body = statement_text(council, label, definition, topic)
            yield from t.record(subject, STATEMENT, title)
            yield ox.Triple(subject, STATEMENT_OF, area)
            yield ox.Triple(subject, ABOUT_HEADING, t.vnode("heading", slug))
            yield ox.Triple(subject, TEXT, t.en(body))
            reviewed = reference - timedelta(days=(count * 37) % 330)
            overdue = count % OVERDUE_EVERY == 0
            due = reference - timedelta(days=30) if overdue else reviewed + timedelta(days=365)
            if overdue:
                reviewed = due - timedelta(days=365)
            yield ox.Triple(subject, LAST_REVIEWED, t.date(reviewed.isoformat()))
            yield ox.Triple(subject, REVIEW_DUE, t.date(due.isoformat()))
    yield from _charters(root, reference)


def _charters(root: Path, reference: date) -> Iterator[ox.Triple]:
    """Each council's and the region's sample commitment statement (charter), checked in the last few months."""
    slug = charter_heading(root)
    if slug is None:
        return
    for number, council in enumerate((*SE7_COUNCILS, REGION)):
        subject = t.node("council-statement", f"{council}-{slug}")
        title, body = charter_text(council)
        yield from t.record(subject, STATEMENT, title)
        yield ox.Triple(subject, STATEMENT_OF, t.vnode("area", council))
        yield ox.Triple(subject, ABOUT_HEADING, t.vnode("heading", slug))
        yield ox.Triple(subject, TEXT, t.en(body))
        reviewed = reference - timedelta(days=20 + 9 * number)
        yield ox.Triple(subject, LAST_REVIEWED, t.date(reviewed.isoformat()))
        yield ox.Triple(subject, REVIEW_DUE, t.date((reviewed + timedelta(days=365)).isoformat()))


HEADER = (
    "# Sample council statements (invented): one per SE7 council and framework heading a council writes for.\n"
    "# and the SE7 region's own statement under each heading it answers together (data/framework/region.ttl).\n"
    "# Written by `python -m graph_app.sample.council_content`; do not edit by hand. Every statement carries\n"
    '# lo:isSample true and starts "Sample text:"; none of it is a council\'s real policy.\n'
)


def write(path: Path, root: Path = ROOT) -> int:
    triples = list(generate(root))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(HEADER.encode("utf-8"))
        ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes={**t.PREFIXES, "lo": LO})
    return len(triples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph_app.sample.council_content", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "data/sample/council-content.ttl")
    args = parser.parse_args(argv)
    print(f"wrote {write(args.out)} triples to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
