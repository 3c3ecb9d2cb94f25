"""Schools from the DfE "Get Information About Schools" (GIAS) establishment extract (CSV) to settings.

One row is one establishment. The phase class comes from PhaseOfEducation and TypeOfEstablishment, the
setting is specialist when it is a special school or has resourced provision or an SEN unit (special
educational needs unit), its needs come from SEN1..SEN13 through data/mappings/gias-sen.csv, and its
council from 'LA (code)' through data/mappings/gias-la-codes.csv: rows outside the seven SE7 councils
are reported and skipped, as are closed establishments. A resource base or SEN unit is kept as data
(TypeOfResourcedProvision, the SEN codes it is for, ResourcedProvisionCapacity, SenUnitCapacity), with
the address (Street, Locality, Town), the postcode and the district (DistrictAdministrative) it serves."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import rdflib

from .common import WEB_ADDRESS, add_contact
from .gias_inspection import add_inspection
from .records import DCT, LOV, RDF, RDFS, SCH, ImportFailed, ImportResult, Record, RecordError, day, en, node
from .tables import gias_la_table, gias_sen_table
from .vocabulary import Vocabulary

REQUIRED_COLUMNS = (
    "URN",
    "EstablishmentName",
    "LA (code)",
    "LA (name)",
    "TypeOfEstablishment (name)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Postcode",
    "SchoolWebsite",
)
SEN_COLUMNS = tuple(f"SEN{n} (name)" for n in range(1, 14))
ESTABLISHMENT_PAGE = "https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/"
EARLY_YEARS_PHASES = {"nursery"}
COLLEGE_PHASES = {"16 plus"}
COLLEGE_TYPES = ("further education", "sixth form centre")
# TypeOfResourcedProvision (name) -> the kinds of specialist provision it names
PROVISION_TYPES: dict[str, tuple[rdflib.URIRef, ...]] = {
    "resourced provision": (LOV.ResourceBaseProvision,),
    "sen unit": (LOV.SENUnitProvision,),
    "resourced provision and sen unit": (LOV.ResourceBaseProvision, LOV.SENUnitProvision),
    "not applicable": (),
    "": (),
}
# TypeOfEstablishment (name) of the schools whose governing body or proprietor must publish an SEN information
# report (Children and Families Act 2014, s.69(1): maintained schools, maintained nursery schools and academy
# schools; 16 to 19 and alternative provision academies, pupil referral units, independent and non-maintained
# schools and colleges are not named). GIAS's SchoolWebsite stays the school's website (schema:url), where the
# report is to be found: the register does not give the report's own address, so lo:senInformationReport is
# left for the council or the school to add: in the staff editor, or in a column of its own the council adds
# to the extract (REPORT_COLUMN), filled only with addresses the schools gave it.
REPORT_COLUMN = "SENInformationReport"
SEN_REPORT_DUTY_TYPES = frozenset(
    {
        "community school",
        "voluntary aided school",
        "voluntary controlled school",
        "foundation school",
        "community special school",
        "foundation special school",
        "local authority nursery school",
        "academy converter",
        "academy sponsor led",
        "academy special converter",
        "academy special sponsor led",
        "free schools",
        "free schools special",
        "studio schools",
        "university technical college",
        "city technology college",
    }
)
POSTCODE = re.compile(r"^[A-Za-z]{1,2}[0-9][0-9A-Za-z]? ?[0-9][A-Za-z]{2}$")


@dataclass
class GiasContext:
    council: str | None  # when given, only rows of this council are imported
    vocabulary: Vocabulary
    mappings_dir: Path
    source: rdflib.term.Node
    today: date


def read_rows(text: str, name: str) -> list[dict[str, str]]:
    if "\x00" in text:  # a binary or UTF-16 file read as text; NUL would also end up in the published names
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed(
            f"{name}: line {line}: contains a NUL byte, so it is not a CSV text file "
            "(if it is UTF-16, save it as UTF-8)"
        )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        headers = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED_COLUMNS if c not in headers]
        if missing:
            raise ImportFailed(
                f"{name}: not a GIAS establishment extract: missing columns {', '.join(repr(c) for c in missing)}"
            )
        return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    except csv.Error as error:  # e.g. a field longer than the csv module's limit (131072 characters)
        # line_num counts the lines finished; the error is in the one being read
        raise ImportFailed(f"{name}: line {reader.line_num + 1}: not readable as CSV: {error}") from None


def map_rows(rows: list[dict[str, str]], context: GiasContext) -> ImportResult:
    result = ImportResult(source=str(context.source))
    result.read = {"establishments": len(rows)}
    councils = gias_la_table(context.mappings_dir)
    for position, row in enumerate(rows, start=2):  # line 1 holds the headers
        record_id = row.get("URN") or f"line {position} (no URN)"
        try:
            result.records.append(map_row(row, councils, context))
        except RecordError as error:
            result.skip("establishment", record_id, error)
    if result.records:
        result.notes.append(
            "every establishment: GIAS gives no date its record was checked, so 'last checked' is the import date"
        )
    return result


def map_row(row: dict[str, str], councils: dict[str, str], context: GiasContext) -> Record:
    urn = row.get("URN", "")
    if not urn:
        raise RecordError("URN", "missing: every establishment needs its unique reference number")
    if not urn.isdigit():
        raise RecordError("URN", f"expected a number, got {urn[:40]!r}")
    name = row.get("EstablishmentName") or ""
    if not name:
        raise RecordError("EstablishmentName", "missing")
    council = councils.get(row.get("LA (code)", ""))
    if council is None:
        raise RecordError(
            "LA (code)",
            f"{row.get('LA (code)')!r} ({row.get('LA (name)') or 'no name'}) is not one of the seven SE7 councils",
        )
    if context.council and council != context.council:
        raise RecordError("LA (code)", f"{row.get('LA (name)')} is not the council being imported ({context.council})")
    status = row.get("EstablishmentStatus (name)", "Open").lower()
    if status.startswith("closed"):
        raise RecordError("EstablishmentStatus (name)", "the establishment is closed")
    record = Record("establishment", urn, node("setting", f"gias-{urn}"))
    iri = record.iri
    phase_class, phase_words = _phase(row)
    specialist = _specialist(row)
    record.add(iri, RDF.type, LOV.Setting)
    record.add(iri, RDF.type, phase_class)
    record.add(iri, RDF.type, LOV.SpecialistSetting if specialist else LOV.MainstreamSetting)
    if row.get("TypeOfEstablishment (name)", "").lower() in SEN_REPORT_DUTY_TYPES:
        record.add(iri, RDF.type, LOV.MaintainedSchool)  # must publish an SEN information report (s.69)
    record.add(iri, RDFS.label, en(name))
    low, high = _age(row, "StatutoryLowAge"), _age(row, "StatutoryHighAge")
    if low > high:
        raise RecordError("StatutoryLowAge", f"{low} is more than StatutoryHighAge {high}")
    clamped = (min(max(low, 0), 25), min(max(high, 0), 25))
    if clamped != (low, high):
        record.add(
            iri,
            RDFS.comment,
            en(
                f"GIAS gives ages {low} to {high}; the SE7 local offer covers ages 0 to 25, "
                f"so this record says {clamped[0]} to {clamped[1]}."
            ),
        )
    record.add(iri, LOV.minAge, rdflib.Literal(clamped[0]))
    record.add(iri, LOV.maxAge, rdflib.Literal(clamped[1]))
    needs = _needs(row, context)
    for need in needs:
        record.add(iri, LOV.meetsNeed, node("need", need))
    kinds, capacities = _provision(row)
    for kind in kinds:
        record.add(iri, LOV.specialistProvision, kind)
    for prop, places in capacities.items():
        record.add(iri, prop, rdflib.Literal(places))
    if kinds:  # GIAS's SEN codes say which needs the school's SEN provision is for
        for need in needs:
            record.add(iri, LOV.specialistProvisionFor, node("need", need))
    _address(record, row)
    record.add(iri, DCT.description, en(_description(row, phase_words, specialist, needs, context)))
    council_iri = node("area", council)
    district = context.vocabulary.area_named(row.get("DistrictAdministrative (name)"))
    in_council = district and context.vocabulary.council_of.get(district) == str(council_iri)
    record.add(iri, LOV.locatedIn, rdflib.URIRef(district) if in_council else council_iri)
    if in_council:  # the district the school serves, so "nearby" means the family's own district
        record.add(iri, LOV.servesArea, rdflib.URIRef(district))
    record.add(iri, LOV.inLocalOfferOf, council_iri)
    for question_set in _question_sets(phase_class, clamped[1]):
        record.add(iri, LOV.usesQuestionSet, node("question-set", question_set))
    website = _website(row.get("SchoolWebsite", ""))
    phone = row.get("TelephoneNum", "")
    if not website and not re.search(r"\d", phone):
        raise RecordError("SchoolWebsite", "no website or telephone number to contact the establishment")
    record.add(iri, SCH.url, website)
    _report(record, row)
    phones = [phone] if re.search(r"\d", phone) else []
    add_contact(record, f"gias-{urn}-office", f"{name}: school office", None, phones, website, context.today)
    add_inspection(record, row, context.today)  # the last Ofsted inspection, as the register gives it
    record.add(iri, LOV.lastReviewed, day(context.today))
    record.provenance(context.source, rdflib.URIRef(ESTABLISHMENT_PAGE + urn))
    return record


def _phase(row: dict[str, str]) -> tuple[rdflib.URIRef, str]:
    """The phase class and words for the description. 'Not applicable' phases (special schools, further
    education) are read from the type of establishment."""
    phase = row.get("PhaseOfEducation (name)", "").lower()
    kind = row.get("TypeOfEstablishment (name)", "").lower()
    if phase in COLLEGE_PHASES or any(t in kind for t in COLLEGE_TYPES):
        return LOV.College, "college"
    if phase in EARLY_YEARS_PHASES or kind.startswith("nursery"):
        return LOV.EarlyYearsSetting, "nursery school"
    words = {
        "primary": "primary school",
        "middle deemed primary": "middle school",
        "secondary": "secondary school",
        "middle deemed secondary": "middle school",
        "all-through": "all-through school",
    }.get(phase, "school")
    return LOV.School, words


def _specialist(row: dict[str, str]) -> bool:
    kind = row.get("TypeOfEstablishment (name)", "").lower()
    return (
        "special" in kind
        or _count(row, "ResourcedProvisionOnRoll") > 0
        or _count(row, "SenUnitOnRoll") > 0
        or bool(_provision(row)[0])
    )


def _provision(row: dict[str, str]) -> tuple[list[rdflib.URIRef], dict[rdflib.URIRef, int]]:
    """The kinds of specialist provision (resource base, SEN unit) and their places. A capacity without a
    type still says which kind the school has (older extracts leave the type blank)."""
    value = row.get("TypeOfResourcedProvision (name)", "")
    if value.lower() not in PROVISION_TYPES:
        raise RecordError(
            "TypeOfResourcedProvision (name)",
            f"{value[:60]!r} is not one of: Resourced provision, SEN unit, "
            "Resourced provision and SEN unit, Not applicable",
        )
    kinds = list(PROVISION_TYPES[value.lower()])
    capacities: dict[rdflib.URIRef, int] = {}
    for column, prop, kind in (
        ("ResourcedProvisionCapacity", LOV.resourceBaseCapacity, LOV.ResourceBaseProvision),
        ("SenUnitCapacity", LOV.senUnitCapacity, LOV.SENUnitProvision),
    ):
        if row.get(column, ""):
            capacities[prop] = _count(row, column)
            if kind not in kinds:
                kinds.append(kind)
    return kinds, capacities


def _address(record: Record, row: dict[str, str]) -> None:
    """Street and locality as the street address, town and postcode, as GIAS gives them."""
    iri = record.iri
    street = ", ".join(part for part in (row.get("Street", ""), row.get("Locality", "")) if part)
    record.add(iri, SCH.streetAddress, rdflib.Literal(street) if street else None)
    town = row.get("Town", "")
    record.add(iri, SCH.addressLocality, rdflib.Literal(town) if town else None)
    postcode = " ".join(row.get("Postcode", "").split()).upper()
    if postcode and POSTCODE.match(postcode):
        record.add(iri, SCH.postalCode, rdflib.Literal(postcode))
    elif postcode:
        record.note("Postcode", f"{postcode[:20]!r} is not a UK postcode: left out")


def _count(row: dict[str, str], column: str) -> int:
    value = row.get(column, "")
    if value and not value.isdigit():
        raise RecordError(column, f"expected a whole number, got {value[:40]!r}")
    return int(value) if value else 0


def _age(row: dict[str, str], column: str) -> int:
    value = row.get(column, "")
    if not value:
        raise RecordError(column, "missing")
    if not value.isdigit():
        raise RecordError(column, f"expected a whole number, got {value[:40]!r}")
    return int(value)


def _needs(row: dict[str, str], context: GiasContext) -> list[str]:
    table = gias_sen_table(context.mappings_dir)
    needs = []
    for column in SEN_COLUMNS:
        value = row.get(column, "")
        if not value:
            continue
        code = value.split(" - ", 1)[0].strip().lower()
        if code not in table:
            raise RecordError(column, f"{value[:60]!r} is not a SEN provision type in data/mappings/gias-sen.csv")
        needs.append(table[code])
    return list(dict.fromkeys(needs))


def _description(
    row: dict[str, str], phase_words: str, specialist: bool, needs: list[str], context: GiasContext
) -> str:
    """A plain description from the extract's own facts: kind, ages, place and provision."""
    kind = row.get("TypeOfEstablishment (name)", "")
    place = row.get("Town") or row.get("LA (name)", "")
    text = (
        f"A {phase_words} ({kind.lower() or 'type not given'}) for pupils aged {row.get('StatutoryLowAge')} to "
        f"{row.get('StatutoryHighAge')} in {place}."
    )
    provision = []
    kinds, _capacities = _provision(row)
    if _count(row, "ResourcedProvisionOnRoll") or LOV.ResourceBaseProvision in kinds:
        provision.append("a resource base (resourced provision)")
    if _count(row, "SenUnitOnRoll") or LOV.SENUnitProvision in kinds:
        provision.append("a special educational needs (SEN) unit")
    if provision:
        text += f" It has {' and '.join(provision)}."
    if needs:
        labels = [context.vocabulary.needs.get(n, n).lower() for n in needs]
        text += f" Its special educational needs provision is for: {', '.join(labels)}."
    elif specialist:
        text += " It is a specialist setting."
    return text + " From the Department for Education's Get Information About Schools register."


def _question_sets(phase_class: rdflib.URIRef, high: int) -> list[str]:
    """Parents and carers answer for younger children; young people from secondary age answer too."""
    if phase_class == LOV.College:
        return ["young-person"]
    if phase_class == LOV.School and high >= 11:
        return ["parent-carer", "young-person"]
    return ["parent-carer"]


def _report(record: Record, row: dict[str, str]) -> None:
    """The SEN information report's own address, when the council added it to the extract (https:// only)."""
    value = row.get(REPORT_COLUMN, "").strip()
    if value and value.lower().startswith("https://") and WEB_ADDRESS.match(value):
        record.add(record.iri, LOV.senInformationReport, rdflib.URIRef(value))
    elif value:
        record.note(REPORT_COLUMN, f"{value[:60]!r} is not a web address starting with https://: left out")


def _website(value: str) -> rdflib.URIRef | None:
    """GIAS websites are often written without the scheme ('www.example.sch.uk'): add http://."""
    value = value.strip()
    if not value:
        return None
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "http://" + value
    return rdflib.URIRef(value) if WEB_ADDRESS.match(value) else None


__all__ = ["map_rows", "read_rows"]
