"""A school's last Ofsted inspection from the DfE register's own columns (issue 19): OfstedLastInsp (the day,
written 14-03-2024 in GIAS downloads), OfstedRating (name) (the overall grade) and, where the extract has them,
InspectorateName (name) and InspectorateReport (the report's address).

Only what the register says is recorded, as an lo:Inspection with the register as its source: a blank date
records nothing (a grade without a date is reported, not kept), a grade we cannot read is reported and left
out, a date in the future is reported and left out, and a school inspected by another inspectorate (the
Independent Schools Inspectorate, for example) is reported, not recorded as Ofsted's. Nothing is ever
filled in or guessed for a real school. From September 2024 Ofsted gives state schools no single-word grade,
so a recent inspection may have a date and no grade: it is recorded without a judgement."""

from __future__ import annotations

import re
from datetime import date

import rdflib

from .records import DCT, LOV, RDF, RDFS, SCH, Record, day, en, node

GIAS = rdflib.URIRef("https://get-information-schools.service.gov.uk/")
# Ofsted's reports site finds a provider by its URN under this address and forwards to its page
OFSTED_REPORTS = "https://reports.ofsted.gov.uk/provider/ELS/"
# OfstedRating (name) -> our Ofsted grade; serious weaknesses and special measures are the two
# categories of an Inadequate judgement
GRADES = {
    "outstanding": "ofsted-outstanding",
    "good": "ofsted-good",
    "requires improvement": "ofsted-requires-improvement",
    "satisfactory": "ofsted-requires-improvement",  # the grade 3 Ofsted used until September 2012
    "inadequate": "ofsted-inadequate",
    "serious weaknesses": "ofsted-inadequate",
    "special measures": "ofsted-inadequate",
}
DATE = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")
WEB = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$", re.IGNORECASE)


def add_inspection(record: Record, row: dict[str, str], today: date) -> None:
    """Add the establishment's last inspection to `record` when the register gives its date."""
    urn = record.source_id
    when_text, grade_text = row.get("OfstedLastInsp", ""), row.get("OfstedRating (name)", "")
    if not when_text:
        if grade_text:
            record.note("OfstedLastInsp", f"blank, so the rating {grade_text[:40]!r} is not recorded (no date)")
        return
    inspectorate = row.get("InspectorateName (name)", "")
    if inspectorate and inspectorate.lower() != "ofsted":
        record.note("InspectorateName (name)", f"{inspectorate[:60]!r} is not Ofsted: its inspection is not recorded")
        return
    when = _date(when_text)
    if when is None:
        record.note("OfstedLastInsp", f"{when_text[:20]!r} is not a date (DD-MM-YYYY): no inspection recorded")
        return
    if when > today:
        record.note("OfstedLastInsp", f"{when.isoformat()} is in the future: no inspection recorded")
        return
    inspection = node("inspection", f"setting-gias-{urn}-{when.isoformat()}")
    record.add(record.iri, LOV.inspection, inspection)
    record.add(inspection, RDF.type, LOV.Inspection)
    record.add(inspection, RDFS.label, en(f"Ofsted inspection of URN {urn}, {when.isoformat()}"))
    record.add(inspection, LOV.inspectedBy, node("organisation", "ofsted"))
    record.add(inspection, LOV.inspectedOn, day(when))
    grade = GRADES.get(grade_text.lower())
    if grade:
        record.add(inspection, LOV.judgement, node("judgement", grade))
    elif grade_text and grade_text.lower() not in ("null", "not applicable"):
        record.note("OfstedRating (name)", f"{grade_text[:40]!r} is not an Ofsted grade: the judgement is left out")
    report = row.get("InspectorateReport", "")
    record.add(inspection, SCH.url, rdflib.URIRef(report if WEB.match(report) else OFSTED_REPORTS + urn))
    record.add(inspection, DCT.source, GIAS)


def _date(text: str) -> date | None:
    match = DATE.match(text.strip())
    if not match:
        return None
    day_, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.group(6, 5, 4)
    try:
        return date(int(year), int(month), int(day_))
    except ValueError:
        return None
