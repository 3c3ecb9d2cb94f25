"""What an importer needs to know about our own graph: the councils and districts (to match place
names), the needs (labels, census codes, kinds) and the types of every term a record may link to (so
the importer's SHACL check sees them as the build will)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from ..namespaces import DATA_BASE, LO

ID = DATA_BASE + "id/"
# the files that describe what imported records link to: the vocabulary, the areas and the question sets
VOCABULARY_FILES = (
    "ontology/core.ttl",
    "ontology/needs.ttl",
    "ontology/schemes.ttl",
    "data/areas.ttl",
    "data/framework/questions.ttl",
)
_COUNCIL_WORDS = re.compile(r"\b(county|borough|city|district|metropolitan)?\s*council\b")


def normalise(text: str) -> str:
    """Lower-case words only, '&' read as 'and', council suffixes dropped: 'Brighton & Hove City Council'
    and 'brighton and hove' compare equal."""
    text = text.lower().replace("&", " and ")
    text = _COUNCIL_WORDS.sub(" ", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


@dataclass
class Vocabulary:
    graph: rdflib.Graph
    areas: dict[str, str] = field(default_factory=dict)  # normalised name -> area IRI
    council_of: dict[str, str] = field(default_factory=dict)  # area IRI -> its council's IRI
    needs: dict[str, str] = field(default_factory=dict)  # need slug -> English preferred label
    need_kinds: dict[str, set[str]] = field(default_factory=dict)  # need slug -> class local names

    def types_of(self, iri: str) -> set[rdflib.URIRef]:
        """The node's classes and all their superclasses."""
        found: set[rdflib.URIRef] = set()
        for cls in self.graph.objects(rdflib.URIRef(iri), RDF.type):
            found.update(self.graph.transitive_objects(cls, RDFS.subClassOf))
        return {c for c in found if isinstance(c, rdflib.URIRef)}

    def area_named(self, text: str | None) -> str | None:
        return self.areas.get(normalise(text)) if text else None

    def areas_mentioned(self, text: str | None) -> list[str]:
        """Every council or district whose name appears as whole words in the text."""
        if not text:
            return []
        words = f" {normalise(text)} "
        return sorted({iri for name, iri in self.areas.items() if f" {name} " in words})


@cache
def load_vocabulary(project_root: Path) -> Vocabulary:
    graph = rdflib.Graph()
    for name in VOCABULARY_FILES:
        graph.parse(project_root / name, format="turtle")
    vocabulary = Vocabulary(graph)
    district_class = rdflib.URIRef(LO + "District")
    for area in set(graph.subjects(RDF.type, rdflib.URIRef(LO + "LocalAuthority"))) | set(
        graph.subjects(RDF.type, district_class)
    ):
        for label in graph.objects(area, RDFS.label):
            vocabulary.areas[normalise(str(label))] = str(area)
        parent = graph.value(area, rdflib.URIRef(LO + "partOfArea"))
        vocabulary.council_of[str(area)] = str(parent or area)
    for need in graph.subjects(SKOS.inScheme, rdflib.URIRef(ID + "scheme/needs")):
        slug = str(need).rsplit("/", 1)[-1]
        label = next((str(x) for x in graph.objects(need, SKOS.prefLabel) if x.language == "en"), slug)
        vocabulary.needs[slug] = label
        vocabulary.need_kinds[slug] = {str(c).removeprefix(LO) for c in graph.objects(need, RDF.type)}
    return vocabulary
