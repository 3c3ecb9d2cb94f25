"""Check the ontology with HermiT (through owlready2) and return the class hierarchy it infers.

HermiT runs over ontology/ only: the classes, properties and the controlled vocabularies (needs, age
bands, sectors, legislation...), whose size does not grow with the number of services. Inferences over
records (types from the hierarchy, defined classes, age bands, broader needs) are SPARQL rules in
queries/build/, linear in the data, because HermiT over 100,000 services would take hours.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import rdflib

from .errors import BuildError

RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class ReasoningResult:
    consistent: bool
    inferred_ntriples: str  # subclass and type triples, one per line
    class_count: int
    individual_count: int
    fingerprint: str


def fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def classify(files: list[Path], cache_dir: Path | None = None) -> ReasoningResult:
    """Run HermiT over the files; raise BuildError if the ontology is inconsistent.

    The result depends only on the files, so it is cached by their fingerprint."""
    key = fingerprint(files)
    cached = cache_dir / f"hermit-{key}.nt" if cache_dir else None
    if cached is not None and cached.exists():
        lines = cached.read_text(encoding="utf-8")
        return ReasoningResult(True, lines, -1, -1, key)
    result = _run_hermit(files, key)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(result.inferred_ntriples, encoding="utf-8")
    return result


def _run_hermit(files: list[Path], key: str) -> ReasoningResult:
    import owlready2  # imported here: it is heavy and only the build needs it

    graph = rdflib.Graph()
    for path in files:
        graph.parse(path, format="turtle")
    with tempfile.TemporaryDirectory() as tmp:
        owl_file = Path(tmp) / "ontology.owl"
        # owlready2 reads RDF/XML, N-Triples or OWL/XML, not Turtle
        graph.serialize(owl_file, format="xml")
        world = owlready2.World()
        ontology = world.get_ontology(owl_file.as_uri()).load()
        noise = io.StringIO()
        try:
            with contextlib.redirect_stdout(noise), contextlib.redirect_stderr(noise):
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            raise BuildError("HermiT found the ontology inconsistent", _explain(noise.getvalue())) from None
        except FileNotFoundError as error:
            raise BuildError("HermiT needs Java, which was not found", [str(error)]) from None
        unsatisfiable = [c.iri for c in world.inconsistent_classes() if getattr(c, "iri", None)]
        if unsatisfiable:
            raise BuildError("HermiT found classes that can have no members", unsatisfiable)
        lines = set()
        classes = [c for c in world.classes() if getattr(c, "iri", None)]
        for cls in classes:
            for ancestor in cls.ancestors(include_self=False):
                iri = getattr(ancestor, "iri", None)
                if iri and not iri.endswith("#Thing"):
                    lines.add(f"<{cls.iri}> <{RDFS_SUBCLASS}> <{iri}> .")
        # world.individuals() lists only owl:NamedIndividual declarations; our concepts are typed directly
        individuals = [e for e in world.search(iri="*/id/*") if isinstance(e, owlready2.Thing)]
        for individual in individuals:
            for cls in individual.is_a:
                iri = getattr(cls, "iri", None)
                if iri and not iri.endswith("#Thing"):
                    lines.add(f"<{individual.iri}> <{RDF_TYPE}> <{iri}> .")
        del ontology
        world.close()
    return ReasoningResult(True, "\n".join(sorted(lines)) + "\n", len(classes), len(individuals), key)


def _explain(output: str) -> list[str]:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-10:] or ["(HermiT gave no explanation)"]
