"""Gap analysis downloads that keep their context: what the table is, for which choices, from which
build, on which date, and whether it holds invented sample data.

Why a zip with CSV on the Web (CSVW) metadata rather than an XLSX workbook with a README sheet:
- CSVW (W3C Recommendation "Metadata Vocabulary for Tabular Data", 2015) is a standard a program can
  read: `csv-metadata.json` is JSON-LD naming the CSV file, each column (name, title, datatype) and
  the table's provenance, so the context travels in a form a validator or a data portal understands;
  a README sheet is only words for a person.
- The table itself stays a plain CSV that every spreadsheet, R, pandas and a text editor open, with a
  UTF-8 byte-order mark so Excel reads its dashes and accents as UTF-8 (without it "–" shows as "â€“").
- Python's standard library writes both (csv, json, zipfile); an XLSX needs a new dependency
  (openpyxl is not installed) and a binary format a text-diff cannot check.
The zip also holds README.txt: the same facts in plain English for someone who opens the folder.

A download is in English whatever the page's language (issue 16 translates the pages, not the files): its
column headings, names and words are the stored result's, the CSVW metadata names the columns with the
same titles, so a script, a pivot table or a data portal sees one set of columns from every council and
reader, and a file downloaded from a Welsh page and one from an English page are the same bytes (one
cached answer, comparable across councils). The page beside it shows the headings and names translated.

The plain .csv download stays for people who want only the table. Its metadata is not inside it (a
comment line above the header would break every CSV reader) but one request away: the response carries
`Link: <…csv-metadata.json>; rel="describedby"; type="application/csvm+json"`, the way the CSVW
"Model for Tabular Data" (section 5.2) says a client finds the metadata of a CSV it downloaded.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...gaps.analysis import GapResult
from ...slugs import slugify

BOM = "\ufeff"
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
METADATA_NAME = "csv-metadata.json"
FILE_PREFIX = "se7-gaps"
MAX_FILENAME = 150  # characters before ".csv": long enough for every filter, short enough for any file system


@dataclass(frozen=True)
class Filter:
    """One chosen parameter of the analysis: its name, its question, the value's words and the value."""

    name: str
    label: str
    value_label: str
    value: str  # the slug (a choice) or the value as checked (a number, a date)
    iri: str | None = None


@dataclass(frozen=True)
class ExportContext:
    """Everything a downloaded table must carry to be understood away from the page."""

    analysis: str  # the analysis's slug: "coverage-matrix"
    title: str
    description: str
    source: str  # the page's address, with the choices
    build_id: str  # the store's build id (changes with every build or published edit)
    built: str | None  # when the build was made (ISO date-time), if the store says
    exported: date
    sample_data: bool  # the store holds invented sample records
    population_is_sample: bool  # the rates use sample population figures
    filters: tuple[Filter, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """The same facts for the JSON twin (and README.txt)."""
        return {
            "analysis": self.analysis,
            "title": self.title,
            "source": self.source,
            "build_id": self.build_id,
            "built": self.built,
            "exported": self.exported.isoformat(),
            "sample_data": self.sample_data,
            "population_is_sample": self.population_is_sample,
            "filters": [
                {"parameter": f.name, "label": f.label, "value": f.value, "value_label": f.value_label, "iri": f.iri}
                for f in self.filters
            ],
        }


def filename(context: ExportContext, extension: str = "csv") -> str:
    """`se7-gaps-<analysis>-<filter values…>-<date>.<extension>`: lower-case letters, digits and hyphens
    only, so it is safe in a Content-Disposition header and on any file system."""
    # a choice's slug says what it is ("kent", "autism"); a number or date needs its parameter's name
    values = [f.value if f.iri else f"{f.name}-{f.value}" for f in context.filters]
    stem = "-".join(p for p in (slugify(p) for p in [FILE_PREFIX, context.analysis, *values]) if p)
    stem = stem[:MAX_FILENAME].rstrip("-")
    return f"{stem}-{context.exported.isoformat()}.{extension}"


def header_and_rows(result: GapResult) -> tuple[list[str], list[list[str]], list[tuple[str, str, str]]]:
    """(header, rows, columns as (name, title, datatype)): the table's words column for column, then the
    web address of each linked record. Headers are the columns' headings, never IRIs."""
    links = [c for c in result.columns if any(isinstance(r.get(c.key), dict) for r in result.rows)]
    columns = [(c.key, c.label, _datatype(result, c.key)) for c in result.columns]
    columns += [(f"{c.key}_link", f"{c.label} (link)", "anyURI") for c in links]
    rows = []
    for row, words in zip(result.rows, result.text_rows(), strict=True):
        iris = [row[c.key]["iri"] if isinstance(row.get(c.key), dict) else "" for c in links]
        rows.append([_csv_safe(w) for w in words] + iris)
    return [title for _, title, _ in columns], rows, columns


def _datatype(result: GapResult, key: str) -> str:
    values = [r.get(key) for r in result.rows if r.get(key) is not None]
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "decimal"
    return "string"  # words, yes/no and dates are shown as words (cell_text), so they are strings here


def _csv_safe(text: str) -> str:
    # a spreadsheet would run a cell starting with = + - @ as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_text(result: GapResult) -> str:
    """The table as CSV text starting with a UTF-8 byte-order mark (encode it as UTF-8)."""
    header, rows, _ = header_and_rows(result)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csvw_metadata(context: ExportContext, result: GapResult, csv_url: str) -> dict[str, Any]:
    """CSVW metadata (JSON-LD) describing the CSV at `csv_url`: its columns in order, with their
    headings as `titles` (so a CSVW validator checks them against the header row), and the context as
    Dublin Core and schema.org properties, which the CSVW context defines as `dc:` and `schema:`."""
    _, _, columns = header_and_rows(result)
    notes: list[dict[str, Any]] = [
        {
            "@type": "schema:PropertyValue",
            "schema:propertyID": f.name,
            "schema:name": f.label,
            "schema:value": f.value_label,
            **({"schema:url": {"@id": f.iri}} if f.iri else {}),
        }
        for f in context.filters
    ]
    notes.append(
        {
            "@type": "schema:PropertyValue",
            "schema:propertyID": "sample_data",
            "schema:name": "Holds invented sample data",
            "schema:value": context.sample_data,
        }
    )
    if context.population_is_sample:
        notes.append(
            {
                "@type": "schema:PropertyValue",
                "schema:propertyID": "population_is_sample",
                "schema:name": "Population figures are sample figures",
                "schema:value": True,
            }
        )
    return {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "url": csv_url,
        "dc:title": context.title,
        "dc:description": context.description,
        "dc:source": {"@id": context.source},
        "dc:created": {"@value": context.exported.isoformat(), "@type": "xsd:date"},
        "schema:version": context.build_id,
        **({"dc:modified": {"@value": context.built, "@type": "xsd:dateTime"}} if context.built else {}),
        "dc:publisher": "SE7 Local Offer Explorer",
        "notes": notes,
        "dialect": {"encoding": "utf-8", "header": True},
        "tableSchema": {
            "columns": [{"name": name, "titles": title, "datatype": kind} for name, title, kind in columns],
        },
    }


def readme(context: ExportContext, csv_name: str) -> str:
    """The context in plain English, for someone who opens the zip folder."""
    lines = [
        context.title,
        "=" * len(context.title),
        "",
        context.description,
        "",
        f"Table: {csv_name} (UTF-8 CSV, first row is the column headings)",
        f"Metadata for programs: {METADATA_NAME} (W3C CSV on the Web)",
        f"From: {context.source}",
        f"Downloaded on: {context.exported.isoformat()}",
        f"Build id: {context.build_id}" + (f" (built {context.built})" if context.built else ""),
        "",
        "Your choices:" if context.filters else "Your choices: none (every council, need and age band)",
    ]
    lines += [f"- {f.label}: {f.value_label}" for f in context.filters]
    lines.append("")
    if context.sample_data:
        lines.append("SAMPLE DATA: this build holds invented sample records. Do not use these figures for decisions.")
    if context.population_is_sample:
        lines.append("The population figures are sample figures, so the rates per 1,000 are illustrative.")
    return "\n".join(lines) + "\n"


def zip_bytes(context: ExportContext, result: GapResult) -> bytes:
    """A zip of the CSV (with byte-order mark), its CSVW metadata and README.txt."""
    csv_name = filename(context)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(csv_name, csv_text(result).encode("utf-8"))
        metadata = csvw_metadata(context, result, csv_name)
        archive.writestr(METADATA_NAME, json.dumps(metadata, indent=2, ensure_ascii=False).encode("utf-8"))
        archive.writestr("README.txt", readme(context, csv_name).encode("utf-8"))
    return out.getvalue()
