"""Sample quality and outcomes (issue 19): invented inspections of the sample settings and of some sample
health, care and short-break services, and invented destinations figures for the sample schools and colleges
with pupils over 16, written beside the generated local offer as data/sample/quality.ttl.

Only records of the sample local offer get values (each is `lo:isSample true`), never a real school: a real
school's inspection comes from the register (graph_app/importers/gias.py), and ontology/shapes.ttl refuses a
sample value on a record that is not sample. Every value is marked `lo:isSample true`, its source is the sample
dataset and its report link is on example.org. About one setting in eight has no inspection recorded and about
one in five was last inspected more than five years before the reference date, so the page's "not inspected"
wording and the commissioning gap analysis have something to show. The same input always gives the same file:
`python -m graph_app.sample.quality --out data/sample/quality.ttl`.
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import LO
from .vocab import REFERENCE_DATE

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/se7-local-offer/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
GRADE_WEIGHTS = (20, 60, 15, 5)  # per cent, roughly the national spread of Ofsted grades
NONE_SHARE = 12  # per cent of settings with no inspection recorded
OLD_SHARE = 20  # per cent last inspected more than five years before the reference date
COHORT = "2022/23"
# service names (their start) an inspectorate inspects: NHS and care services by the CQC, children's
# residential short breaks (registered children's homes) by Ofsted
CQC_SERVICES = (
    "special care dental",
    "children's community nursing",
    "children's physiotherapy",
    "children's occupational therapy",
    "wheelchair and seating",
    "neurodevelopmental assessment",
)
OFSTED_SERVICES = ("specialist short breaks",)


@dataclass(frozen=True)
class Inspected:
    iri: str
    label: str
    kind: str  # setting or service
    body: str  # ofsted or cqc
    leavers: bool  # a school or college with pupils over 16: has destinations


def _share(slug: str, salt: str) -> int:
    """A stable number from 0 to 99 for a slug, so the same sample always gets the same values."""
    return int(hashlib.sha256(f"{salt}:{slug}".encode()).hexdigest()[:8], 16) % 100


def candidates(source: Path) -> list[Inspected]:
    """The sample settings, and the sample services an inspectorate would inspect, in IRI order."""
    types: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    max_age: dict[str, int] = {}
    invented: set[str] = set()
    for triple in ox.parse(path=str(source), format=ox.RdfFormat.TURTLE):
        subject, predicate, value = triple.subject.value, triple.predicate.value, triple.object
        if predicate == RDF_TYPE:
            types.setdefault(subject, set()).add(value.value)
        elif predicate == RDFS_LABEL and isinstance(value, ox.Literal) and value.language == "en":
            labels[subject] = value.value
        elif predicate == LO + "maxAge":
            max_age[subject] = int(value.value)
        elif predicate == LO + "isSample" and value.value == "true":
            invented.add(subject)
    found = []
    for iri in sorted(invented):
        kinds, label = types.get(iri, set()), labels.get(iri, "")
        if LO + "Setting" in kinds:
            school_or_college = bool({LO + "School", LO + "College"} & kinds)
            found.append(Inspected(iri, label, "setting", "ofsted", school_or_college and max_age.get(iri, 0) >= 16))
        elif LO + "Service" in kinds:
            name = label.lower()
            body = (
                "cqc"
                if any(w in name for w in CQC_SERVICES)
                else "ofsted"
                if any(w in name for w in OFSTED_SERVICES)
                else ""
            )
            if body:
                found.append(Inspected(iri, label, "service", body, False))
    return found


def _grade(slug: str) -> str:
    roll, total = _share(slug, "grade"), 0
    for grade, weight in zip(GRADES, GRADE_WEIGHTS, strict=True):
        total += weight
        if roll < total:
            return grade
    return GRADES[-1]


def _day(slug: str, reference: date) -> date | None:
    """The inspection day: none for NONE_SHARE, 5 to 9 years back for OLD_SHARE, else within 4.5 years."""
    roll = _share(slug, "when")
    if roll < NONE_SHARE:
        return None
    spread = _share(slug, "day") * 17  # up to about 4.6 years of days
    if roll < NONE_SHARE + OLD_SHARE:
        return reference - timedelta(days=5 * 366 + 30 + spread % 1400)
    return reference - timedelta(days=20 + spread % 1620)


def _destinations(slug: str, college: bool) -> dict[str, float]:
    """Believable shares that add up to 100: most leavers stay in education."""
    education = (58 if college else 82) + _share(slug, "edu") % 12
    employment = (14 if college else 3) + _share(slug, "emp") % 8
    training = 4 + _share(slug, "app") % 7
    rest = max(0, 100 - education - employment - training)
    return {"education": education, "employment": employment, "training": training, "not-sustained": rest}


def _text(value: str) -> str:
    return ox.Literal(value, language="en").__str__()


def turtle(found: list[Inspected], reference: date) -> tuple[str, int, int]:
    """The file's text, the number of inspections and of destinations figures."""
    lines: list[str] = []
    inspections = figures = 0
    for record in found:
        slug = record.iri.removeprefix(ID).replace("/", "-")
        day = _day(slug, reference)
        if day is not None:
            inspections += 1
            grade = _grade(slug)
            node = f"<{ID}inspection/{slug}-{day.isoformat()}>"
            body_name = "Ofsted" if record.body == "ofsted" else "CQC"
            name = _text(f"{record.label}: {body_name} inspection, {day.isoformat()} (invented sample)")
            lines += [
                f"<{record.iri}> lo:inspection {node} .",
                f"{node} a lo:Inspection ;",
                f"    rdfs:label {name} ;",
                f"    lo:inspectedBy organisation:{record.body} ;",
                f"    lo:judgement judgement:{record.body}-{grade} ;",
                f'    lo:inspectedOn "{day.isoformat()}"^^xsd:date ;',
                f"    schema:url <https://example.org/inspection-report/{slug}> ;",
                "    lo:isSample true ; dcterms:source dataset:sample .",
                "",
            ]
        if record.leavers:
            college = "college" in record.label.lower()
            for destination, share in _destinations(slug, college).items():
                figures += 1
                node = f"<{ID}destination-figure/{slug}-{COHORT.replace('/', '-')}-{destination}>"
                name = _text(f"{record.label}: leavers of {COHORT}, {destination} (invented sample)")
                lines += [
                    f"<{record.iri}> lo:destinationFigure {node} .",
                    f"{node} a lo:DestinationFigure ;",
                    f"    rdfs:label {name} ;",
                    f"    lo:destination destination:{destination} ;",
                    f'    lo:percentage "{share:.1f}"^^xsd:decimal ;',
                    f'    lo:cohortYear "{COHORT}" ;',
                    "    lo:isSample true ; dcterms:source dataset:sample .",
                    "",
                ]
    return "\n".join(lines), inspections, figures


HEADER = """# Sample quality and outcomes (invented, issue 19): inspections and destinations figures for records of the
# sample local offer only. Written by `python -m graph_app.sample.quality`; do not edit by hand.
# Every inspection, judgement date, report link and figure here is invented (lo:isSample true, source the
# sample dataset, reports on example.org). No real school is given a judgement: real ones come from the
# Department for Education's register (graph-app import gias). Some settings have no inspection and some were
# last inspected more than five years before {reference}, on purpose.

@prefix lo: <https://w3id.org/se7-local-offer/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dataset: <https://w3id.org/se7-local-offer/id/dataset/> .
@prefix organisation: <https://w3id.org/se7-local-offer/id/organisation/> .
@prefix judgement: <https://w3id.org/se7-local-offer/id/judgement/> .
@prefix destination: <https://w3id.org/se7-local-offer/id/destination/> .

"""


def write(out: Path, sample: Path = ROOT / "data/sample/local-offer.ttl") -> tuple[int, int]:
    reference = date(*REFERENCE_DATE)
    body, inspections, figures = turtle(candidates(sample), reference)
    out.write_text(HEADER.format(reference=reference.isoformat()) + body, encoding="utf-8")
    return inspections, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph_app.sample.quality", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "data/sample/quality.ttl")
    parser.add_argument("--sample", type=Path, default=ROOT / "data/sample/local-offer.ttl")
    args = parser.parse_args(argv)
    inspections, figures = write(args.out, args.sample)
    print(f"wrote {inspections} inspections and {figures} destinations figures to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
