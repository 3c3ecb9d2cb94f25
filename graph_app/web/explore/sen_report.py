"""On a school's page, its SEN (special educational needs) information report (issue 19): a link to read it
when the record gives the report's own address (lo:senInformationReport), else, for a maintained school,
maintained nursery school or academy (lo:MaintainedSchool), a plain sentence saying what the report is and
that every such school must publish one (Children and Families Act 2014, section 69; SEND Regulations 2014,
regulation 51 and Schedule 1; SEND Code of Practice, paragraphs 6.79 to 6.83), with the school's website
as the place to look. The school's website is never shown as if it were the report."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..core.graph import get_graph
from ..core.links import node_url

LAW_SLUG = "clause/cfa-2014-s69"  # Children and Families Act 2014, section 69: SEN information report


@dataclass(frozen=True)
class SenReport:
    report_url: str  # the report's own address, "" when none is recorded
    must_publish: bool  # a maintained school, maintained nursery school or academy (s.69(1))
    website: str  # the school's own website, where to look when no report is linked ("" when none)
    law_url: str  # this explorer's page for section 69

    def __bool__(self) -> bool:
        return bool(self.report_url or self.must_publish)


def sen_report(record_iri: str) -> SenReport | None:
    """The report part of a setting's page; None for other records and for settings without the duty or a link."""
    graph = get_graph()
    if not record_iri.startswith(f"{graph.id_base}setting/"):
        return None  # only settings have one: no query for any other page
    report = website = ""
    duty = False
    for row in graph.library.select(graph.store, "navigate/sen_report", node=NamedNode(record_iri)):
        if row.get("report") is not None and _web(row["report"].value):
            report = report or row["report"].value
        if row.get("website") is not None and _web(row["website"].value):
            website = min(website or row["website"].value, row["website"].value)  # the same one every time
        if row.get("duty") is not None:
            duty = True
    found = SenReport(report, duty, website, node_url(graph.id_base + LAW_SLUG, graph.id_base) or "")
    return found if found else None


def _web(address: str) -> bool:
    """Only web pages become links (imported data could hold any IRI scheme, such as javascript:)."""
    return address.startswith(("https://", "http://"))
