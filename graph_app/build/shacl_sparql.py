"""SHACL validation compiled to SPARQL and run by pyoxigraph: the same shapes, the same messages as
pyshacl, but each property shape is one query (its constraints a UNION of linear passes over its
targets), so a national graph (millions of triples) validates in minutes
where pyshacl, walking an rdflib graph in Python, takes hours.

Supports the SHACL Core features ontology/shapes.ttl uses: sh:targetClass; property paths (IRI,
inverse, alternative, sequence); sh:minCount, sh:maxCount, sh:nodeKind, sh:datatype, sh:class,
sh:minLength, sh:maxLength, sh:pattern (with sh:flags), sh:minInclusive, sh:maxInclusive, sh:lessThanOrEquals,
sh:uniqueLang, sh:or of value constraints or of property shapes, and a property shape's SHACL-SPARQL
constraint (sh:sparql with sh:select, $this only, full IRIs). Anything else in a shape is
refused with the shape's name, so a new feature is never silently skipped.

Why hand-written, beside pyshacl (issue 13 kept it): pyshacl took 3.2 s for 10k services on one shape
(DESIGN.md), hours at national scale; compiled, every shape at scale 30 takes 6 s
(bench/results/latest.md, build steps). pyshacl stays the reference the tests compare messages with."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from ..namespaces import LO
from ..namespaces import RDF as RDF_NS
from .validation import Violation, compact

Select = Callable[[str], list[dict]]
IGNORED = {
    SH.name,
    SH.description,
    SH.message,
    SH.order,
    SH.group,
    SH.path,
    SH.property,
    SH.targetClass,
    SH.severity,
    RDF.type,
    rdflib.RDFS.label,
    rdflib.RDFS.comment,
    SH.flags,
    SH.deactivated,
    rdflib.URIRef("https://w3id.org/se7-local-offer/def/shapes#choicesGroupedBy"),  # how a form lists choices
    rdflib.URIRef("https://w3id.org/se7-local-offer/def/shapes#systemSet"),  # the app sets it, the form hides it
    # a text area for a text of the record's own dependent (live/owned_text.py): how a form shows it
    rdflib.URIRef("https://w3id.org/se7-local-offer/def/shapes#ownedText"),
    rdflib.URIRef("https://w3id.org/se7-local-offer/def/shapes#dependentKind"),
    rdflib.URIRef("https://w3id.org/se7-local-offer/def/shapes#dependentRole"),
    rdflib.URIRef("https://w3id.org/se7-local-offer/def/shapes#choiceScheme"),  # the concepts a form offers
    # a repeatable sub-form's annotations (live/subrecords.py): how the form shows items, not constraints
    *(
        rdflib.URIRef("https://w3id.org/se7-local-offer/def/shapes#" + name)
        for name in ("subForm", "itemName", "mayBePrivate", "widget", "hiddenInSubForm")
    ),
}
VALUE_LEVEL = {
    SH.nodeKind,
    SH.datatype,
    SH["class"],
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.minInclusive,
    SH.maxInclusive,
    SH["or"],
}


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature this compiler does not implement."""


@dataclass(frozen=True)
class Check:
    """One SPARQL query whose rows (?focus) are violations, with the result's field and message."""

    query: str
    field: str
    message: str
    severity: str
    # a query (LIMIT 1) that has a row whenever `query` has one (it relaxes it): when it has none, `query`
    # is not run. None: the query always runs
    precheck: str | None = None
    # several property shapes' counts in one query (compile_shapes(merge_counts=True)): each row's ?shape
    # is the index of its (field, message, severity) here, and the fields above are unused
    variants: tuple[tuple[str, str, str], ...] = ()


def term(node: rdflib.term.Node) -> str:
    return node.n3()


def path_sparql(graph: rdflib.Graph, path: rdflib.term.Node) -> str:
    if isinstance(path, rdflib.URIRef):
        return term(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^({path_sparql(graph, inverse)})"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_sparql(graph, p) for p in Collection(graph, alternatives)) + ")"
    if graph.value(path, RDF.first) is not None:
        return "(" + "/".join(path_sparql(graph, p) for p in Collection(graph, path)) + ")"
    raise UnsupportedShape(f"unsupported property path {path}")


def value_condition(
    graph: rdflib.Graph, shape: rdflib.term.Node, var: str, classes: list[list[rdflib.term.Node]] | None = None
) -> str:
    """A SPARQL expression true when the value in `var` meets the shape's value-level constraints.

    Given `classes`, the class tests (sh:class, and sh:or of sh:class only) are left out of the expression
    and added to it instead, each as the classes one of which the value must have."""
    parts = []
    for predicate, obj in graph.predicate_objects(shape):
        if classes is not None and predicate == SH["class"]:
            classes.append([obj])
            continue
        if classes is not None and predicate == SH["or"]:
            members = list(Collection(graph, obj))
            if all(set(graph.predicates(m)) == {SH["class"]} for m in members):
                classes.append([c for m in members for c in graph.objects(m, SH["class"])])
                continue
        if predicate == SH.nodeKind:
            parts.append(
                {
                    SH.IRI: f"isIRI({var})",
                    SH.Literal: f"isLiteral({var})",
                    SH.BlankNode: f"isBlank({var})",
                    SH.BlankNodeOrIRI: f"(isIRI({var}) || isBlank({var}))",
                    SH.IRIOrLiteral: f"(isIRI({var}) || isLiteral({var}))",
                    SH.BlankNodeOrLiteral: f"(isBlank({var}) || isLiteral({var}))",
                }[obj]
            )
        elif predicate == SH.datatype:
            parts.append(f"(isLiteral({var}) && DATATYPE({var}) = {term(obj)})")
        elif predicate == SH["class"]:
            parts.append(f"EXISTS {{ {var} <{RDF_NS}type> {term(obj)} }}")
        elif predicate == SH.minLength:
            parts.append(f"(!isBlank({var}) && STRLEN(STR({var})) >= {int(obj)})")
        elif predicate == SH.maxLength:
            parts.append(f"(!isBlank({var}) && STRLEN(STR({var})) <= {int(obj)})")
        elif predicate == SH.pattern:
            flags = graph.value(shape, SH.flags)
            flag_arg = f", {term(rdflib.Literal(str(flags)))}" if flags is not None else ""
            parts.append(f"(!isBlank({var}) && REGEX(STR({var}), {term(rdflib.Literal(str(obj)))}{flag_arg}))")
        elif predicate == SH.minInclusive:
            parts.append(f"COALESCE({var} >= {term(obj)}, false)")
        elif predicate == SH.maxInclusive:
            parts.append(f"COALESCE({var} <= {term(obj)}, false)")
        elif predicate == SH["or"]:
            members = [m for m in Collection(graph, obj)]
            if all(graph.value(m, SH.path) is None for m in members):
                parts.append("(" + " || ".join(value_condition(graph, m, var) for m in members) + ")")
    return " && ".join(parts) if parts else "true"


def node_alternatives(graph: rdflib.Graph, members: list) -> str:
    """For sh:or of property shapes on a node: an expression true when ?focus meets any of them."""
    options = []
    for member in members:
        path = path_sparql(graph, graph.value(member, SH.path))
        minimum = graph.value(member, SH.minCount)
        if minimum is None or int(minimum) != 1 or set(graph.predicates(member)) - {SH.path, SH.minCount}:
            raise UnsupportedShape(f"sh:or member {member}: only 'path with minCount 1' is supported")
        options.append(f"EXISTS {{ ?focus {path} ?any }}")
    return "(" + " || ".join(options) + ")"


def compile_shapes(shapes_file: Path, merge_counts: bool = False) -> list[Check]:
    """The checks of every shape. `merge_counts`: the sh:minCount/sh:maxCount of a node shape's property
    shapes with a plain IRI path in one query (one scan of the targets instead of one per property: 5.4 s
    against 4.1 s CPU at scale 30), whose rows say which shape each violation is of (Check.variants)."""
    graph = rdflib.Graph().parse(shapes_file, format="turtle")
    checks: list[Check] = []
    for node_shape in sorted(set(graph.subjects(SH.targetClass, None))):
        targets = " ".join(term(c) for c in graph.objects(node_shape, SH.targetClass))
        focus = f"VALUES ?targetClass {{ {targets} }} ?focus <{RDF_NS}type> ?targetClass ."
        node_message = str(graph.value(node_shape, SH.message) or "does not conform")
        for predicate, obj in graph.predicate_objects(node_shape):
            if predicate in IGNORED:
                continue
            if predicate == SH["or"]:
                members = list(Collection(graph, obj))
                if all(graph.value(m, SH.path) is not None for m in members):
                    condition = node_alternatives(graph, members)
                else:
                    condition = value_condition(graph, node_shape, "?focus")
                checks.append(
                    _check(
                        f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER(!({condition})) }}",
                        "(record)",
                        node_message,
                        node_shape,
                        graph,
                    )
                )
            elif predicate in VALUE_LEVEL:
                continue  # value constraints on the focus node itself are handled with sh:or above
            else:
                raise UnsupportedShape(f"{node_shape}: unsupported {predicate}")
        counted: list[tuple[str, str, str, tuple[str, str, str]]] | None = [] if merge_counts else None
        for prop in graph.objects(node_shape, SH.property):
            checks += _property_checks(graph, prop, focus, node_shape, counted)
        if counted:
            checks.append(_counts_check(focus, counted))
    return checks


def _counts_check(focus: str, counted: list[tuple[str, str, str, tuple[str, str, str]]]) -> Check:
    """One query for the counts of several property shapes of one node shape: a row per target, shape and
    path, kept when its number of values is below the shape's minimum or above its maximum (UNDEF when the
    shape has none: the comparison errs, and `||` is true when the other side is)."""
    table = " ".join(f"({path} {low} {high} {n})" for n, (path, low, high, _) in enumerate(counted))
    query = (
        f"SELECT ?focus ?shape WHERE {{ {focus} VALUES (?p ?min ?max ?shape) {{ {table} }} "
        "OPTIONAL { ?focus ?p ?value } } GROUP BY ?focus ?p ?min ?max ?shape "
        "HAVING (COUNT(DISTINCT ?value) < ?min || COUNT(DISTINCT ?value) > ?max)"
    )
    return Check(query, "", "", "", variants=tuple(variant for *_, variant in counted))


def _check(
    query: str, field: str, message: str, shape: rdflib.term.Node, graph: rdflib.Graph, precheck: str | None = None
) -> Check:
    return Check(query, field, message, _severity(shape, graph), precheck)


def _severity(shape: rdflib.term.Node, graph: rdflib.Graph) -> str:
    severity = graph.value(shape, SH.severity)
    return str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation"


def _property_checks(
    graph: rdflib.Graph,
    prop: rdflib.term.Node,
    focus: str,
    node_shape,
    counted: list[tuple[str, str, str, tuple[str, str, str]]] | None = None,
) -> list[Check]:
    """The checks of a property shape. Given `counted`, its sh:minCount/sh:maxCount on a plain IRI path go
    there (path, minimum, maximum, (field, message, severity)) for one query of the node shape's counts."""
    raw_path = graph.value(prop, SH.path)
    path = path_sparql(graph, raw_path)
    field = compact(raw_path, graph)
    message = str(graph.value(prop, SH.message) or graph.value(node_shape, SH.message) or "does not conform")
    unknown = (
        set(graph.predicates(prop))
        - IGNORED
        - VALUE_LEVEL
        - {SH.minCount, SH.maxCount, SH.lessThanOrEquals, SH.uniqueLang, SH.sparql}
    )
    if unknown:
        raise UnsupportedShape(f"{prop}: unsupported {', '.join(sorted(map(str, unknown)))}")
    # Every constraint of a property shape gives the same field, message and severity, so one query per
    # shape finds the records that break any of them, each constraint in the form oxigraph runs fastest.
    blocks = []
    minimum, maximum = graph.value(prop, SH.minCount), graph.value(prop, SH.maxCount)
    counts = []
    if minimum is not None and int(minimum) > 0:
        counts.append(f"COUNT(DISTINCT ?value) < {int(minimum)}")
    if maximum is not None:
        counts.append(f"COUNT(DISTINCT ?value) > {int(maximum)}")
    if counts and counted is not None and isinstance(raw_path, rdflib.URIRef):
        low = str(int(minimum)) if minimum is not None and int(minimum) > 0 else "UNDEF"
        high = str(int(maximum)) if maximum is not None else "UNDEF"
        counted.append((path, low, high, (field, message, _severity(prop, graph))))
    elif counts:
        blocks.append(
            f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {path} ?value }} }} GROUP BY ?focus "
            f"HAVING ({' || '.join(counts)})"
        )
    classes: list[list[rdflib.term.Node]] = []
    class_checks = []
    tests = []
    condition = value_condition(graph, prop, "?value", classes)
    if condition != "true":
        tests.append(f"!({condition})")
    other = graph.value(prop, SH.lessThanOrEquals)
    if other is not None:
        tests.append(f"EXISTS {{ ?focus {term(other)} ?other . FILTER(!COALESCE(?value <= ?other, false)) }}")
    if tests:
        # `||`: true when any test is, even if another errs, as the tests run one by one would find.
        # Tested per record and value, not once per distinct value: a sub-select of the distinct values
        # joined back to the records measured 40 % more CPU at scale 30 (the join costs more than the
        # tests), and an anti-join for "at least one value" instead of the count saved nothing overall
        wrong = f"?focus {path} ?value . FILTER({' || '.join(f'({t})' for t in tests)})"
        if other is None and isinstance(raw_path, rdflib.URIRef) and str(raw_path).startswith(LO):
            # a lo: property's subjects are (nearly) the shape's targets, so asking all of them first
            # (no join with the targets, as for the class checks below) costs less than the joined query
            # it saves when no value is wrong: 5.5 s against 2.8 s at scale 30. Not for shared vocabularies
            # (rdfs:label, dcterms:, schema:), whose subjects far outnumber one class's (2.4 s against 14.3 s)
            query = f"SELECT DISTINCT ?focus WHERE {{ {focus} {wrong} }}"
            precheck = f"SELECT ?focus WHERE {{ {wrong} }} LIMIT 1"
            class_checks.append(_check(query, field, message, prop, graph, precheck))
        else:
            blocks.append(f"SELECT ?focus WHERE {{ {focus} {wrong} }}")
    for alternatives in classes:
        # values of none of the classes: an anti-join against each class's members, read once, is many
        # times faster than asking EXISTS { ?value a C } of every value. Its own check, first asked of every
        # subject of the path, targets or not (no join with the targets): a value of none of the classes
        # anywhere is rare, so the query joined with the targets seldom runs (3.1 s against 0.4 s at scale 30,
        # bench/results/build_speed.md). Sound: each row of the query is a row of the precheck's pattern
        wrong = (
            f"?focus {path} ?value . MINUS {{ VALUES ?class "
            f"{{ {' '.join(term(c) for c in alternatives)} }} ?value <{RDF_NS}type> ?class }}"
        )
        query = f"SELECT DISTINCT ?focus WHERE {{ {focus} {wrong} }}"
        precheck = f"SELECT ?focus WHERE {{ {wrong} }} LIMIT 1"
        class_checks.append(_check(query, field, message, prop, graph, precheck))
    if graph.value(prop, SH.uniqueLang) == rdflib.Literal(True):
        # two different values in one language: counted per language, not compared in pairs
        blocks.append(
            f"SELECT ?focus WHERE {{ {{ SELECT ?focus ?language WHERE {{ {focus} ?focus {path} ?value }} "
            f"GROUP BY ?focus (LANG(?value) AS ?language) HAVING (COUNT(DISTINCT ?value) > 1) }} "
            f'FILTER(?language != "") }}'
        )
    sparql = [
        _sparql_check(graph, constraint, focus, field, message, prop) for constraint in graph.objects(prop, SH.sparql)
    ]
    if not blocks:
        return class_checks + sparql
    query = "SELECT DISTINCT ?focus WHERE { " + " UNION ".join(f"{{ {b} }}" for b in blocks) + " }"
    return [_check(query, field, message, prop, graph), *class_checks, *sparql]


def _sparql_check(
    graph: rdflib.Graph, constraint: rdflib.term.Node, focus: str, field: str, message: str, shape
) -> Check:
    """A SHACL-SPARQL constraint: its SELECT's $this rows are the violations, run on the shape's targets.
    Only $this is pre-bound (no $PATH, no sh:prefixes): the queries in shapes.ttl write full IRIs."""
    select = graph.value(constraint, SH.select)
    if select is None or graph.value(constraint, SH.prefixes) is not None or "$PATH" in str(select):
        raise UnsupportedShape(f"{shape}: a sh:sparql constraint needs sh:select with full IRIs, $this only")
    inner = str(select).replace("$this", "?focus")
    own = graph.value(constraint, SH.message)
    query = f"SELECT DISTINCT ?focus WHERE {{ {focus} {{ {inner} }} }}"
    return _check(query, field, str(own) if own is not None else message, shape, graph)


def validate(select: Select, shapes_file: Path, workers: int = 2) -> list[Violation]:
    """Every violation of the shapes in the store that `select` queries, sorted like pyshacl's.

    The queries run `workers` at a time: pyoxigraph lets go of the GIL while it evaluates one, so on
    two cores two queries take little longer than one."""
    checks = compile_shapes(shapes_file, merge_counts=True)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        answers = pool.map(lambda check: _rows(select, check), checks)
        return sorted(
            {
                Violation(row["focus"].value, *_field_message_severity(check, row))
                for check, rows in zip(checks, answers, strict=True)
                for row in rows
            }
        )


def _rows(select: Select, check: Check) -> list[dict]:
    """The check's violating rows; none without running it when its precheck finds nothing."""
    if check.precheck is not None and not select(check.precheck):  # no row: the query has none either
        return []
    return select(check.query)


def _field_message_severity(check: Check, row) -> tuple[str, str, str]:
    if check.variants:
        return check.variants[int(row["shape"].value)]
    return check.field, check.message, check.severity
