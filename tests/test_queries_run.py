"""Every named query runs on the built store, with parameters bound, and returns rows where the
sample data guarantees some."""

import pytest

from graph_app.config import PROJECT_ROOT
from graph_app.queries import QueryLibrary

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
EXAMPLE_VALUES = {
    "min_age": "5",
    "max_age": "18",
    "service": ID + "service/send-advice-drop-in-brighton-and-hove",
    "provider": ID + "provider/marram-shore-sensory-support",
    "node": ID + "need/autism",
    "property": "http://www.w3.org/2004/02/skos/core#broader",
    "class": LO + "Service",
    "idbase": ID,
    "need": ID + "need/autism",
    "heading": ID + "heading/ehc-assessment",
    "question": ID + "question/parent-carer-05",
    "setting": ID + "setting/larkmarsh-infant-and-junior-school",
    "area": ID + "area/kent",
    "age_band": ID + "age-band/5-10",
    "months": "12",
    "as_of": "2026-11-01",
    "cover": "most",
    "settings": "true",
    "word": "autism",
    "lang": "cy",  # a language other than English: the My child queries prefer it, English where none
    "age": "7",
    "pathway": ID + "pathway/ehc-needs-assessment",
    "scheme": ID + "scheme/glossary",
    "record": ID + "service/send-advice-drop-in-brighton-and-hove",
    "subject": ID + "service/send-advice-drop-in-brighton-and-hove",
    "path": LO + "hasContact",
    "set": [ID + "question-set/setting", ID + "question-set/service"],
    "term": LO + "meetsNeed",
    "step": ID + "step/ehc-01-request",
    "council": ID + "area/kent",
    "kind": LO + "ResourceBaseProvision",
    "owner": [ID + "service/send-advice-drop-in-brighton-and-hove"],
    "day": "MO",
    "start_time": "09:00:00",
    "end_time": "17:00:00",
    "before": "2026-11-01",  # staff "Due for review": records last checked on or before this date
    "reach": "1",  # My child's nearby settings: the district and the districts next to it
    "duty": ID + "clause/cfa-2014-s30",  # the Local Offer duty (build/checks/services_law)
    "change": ID + "change/service-send-advice-drop-in-brighton-and-hove-2",  # a published change's IRI
    "district": ID + "area/dartford",  # the district drill-down (queries/gaps/districts/)
    "place": ID + "area/kent",  # a district's or council's services behind a district figure
    "specialist": "false",
    "since": "2026-09-01",  # the changes page (queries/changes/): changes published since this day
    "shape": "https://w3id.org/se7-local-offer/def/shapes#ScheduleShape",  # a sub-form's item shape (shapes.ttl)
    "note": [ID + "note/co-production", ID + "note/parent-carer-forums"],  # guidance notes (issue 19)
}
# per query, where the default example would rightly find nothing
OVERRIDES = {"navigate/in_links": {"property": LO + "meetsNeed"}}
OVERRIDES["navigate/mychild_pathways"] = {"need": ID + "need/mental-health"}  # autism has no care pathway
OVERRIDES["navigate/mychild_adulthood"] = {"age": "16"}  # preparing for adulthood starts at 14
OVERRIDES["navigate/clause_official"] = {"node": ID + "clause/cfa-2014-s30"}  # a piece of law
OVERRIDES["navigate/law_behind"] = {"node": ID + "step/ehc-02-decision-to-assess"}  # needs have no legal basis
OVERRIDES["navigate/node_answers"] = {"node": ID + "setting/foxridge-primary-academy"}  # answers are settings'
OVERRIDES["navigate/in_links_of"] = {"property": [LO + "meetsNeed"]}  # nothing is narrower than autism
OVERRIDES["navigate/in_links_first"] = {"property": LO + "meetsNeed"}
OVERRIDES["navigate/in_links_all"] = {"property": LO + "meetsNeed"}
# record pages (issue 14): a sample service with a contact and criteria
OVERRIDES["navigate/record_contacts"] = {"node": ID + "service/send-advice-drop-in-brighton-and-hove"}
OVERRIDES["navigate/record_criteria"] = {"node": ID + "service/send-advice-drop-in-brighton-and-hove"}
# a printed list (issue 19): the contacts of the records on it, in one query
OVERRIDES["navigate/print_contacts"] = {"node": [ID + "service/send-advice-drop-in-brighton-and-hove"]}
# queries whose correct answer on the sample data is empty (checks that find problems)
EXPECTED_EMPTY = {"live/form_fields"}  # it reads ontology/shapes.ttl, which the store does not hold
# gap analyses: the sample's deliberate gaps, and checks the sample rightly passes (no comments yet)
OVERRIDES["gaps/care_pathways_without_adult_pathway"] = {"need": ID + "need/specialist-dental"}
OVERRIDES["gaps/specialist_only"] = {"area": ID + "area/surrey", "need": ID + "need/vision-impairment"}
OVERRIDES["gaps/districts/services"] = {"age_band": ID + "age-band/5-10"}  # Kent's council-wide autism club (5-11)
EXPECTED_EMPTY |= {"gaps/comments_by_topic", "gaps/no_contact_or_referral"}
# published comments: none in the built sample (tests/test_comments.py publishes some on a build of its own)
EXPECTED_EMPTY |= {"navigate/node_comments", "navigate/you_said_we_did"}
# public history: the sample is as built, unedited (tests/test_public_history.py publishes changes)
EXPECTED_EMPTY |= {"navigate/record_changes", "navigate/change_fields", "gaps/report/last_checked_by"}
# ORUK details an import keeps (opening times as days and times, places' postcodes): none in the sample
# (the sample's own opening times, data/sample/service-details.ttl, are found by oruk_has_schedules)
EXPECTED_EMPTY |= {"export/oruk_parts", "export/oruk_postcodes"}
EXPECTED_EMPTY.add("export/schema_org_offers")  # prices are kept cost options, which only an import brings
# the sample has no opening times as days and times; the glossary and that provider hold no autism services
OVERRIDES["export/oruk_services"] = dict.fromkeys(("day", "start_time", "end_time", "scheme", "provider"))
OVERRIDES["navigate/feedback_target"] = {"node": ID + "service/send-advice-drop-in-brighton-and-hove"}
OVERRIDES["navigate/local_offer_of"] = {"node": ID + "service/send-advice-drop-in-brighton-and-hove"}
OVERRIDES["search/provisions"] = {"node": ID + "setting/clovercombe-high-school"}  # a setting with a resource base
OVERRIDES["navigate/time_limit"] = {"node": ID + "step/ehc-02-decision-to-assess"}  # a step with a statutory time limit
OVERRIDES["search/summaries_in_language"] = {"node": [ID + "need/autism"]}  # a need with a Welsh definition
OVERRIDES["navigate/heading_statements"] = {"heading": ID + "heading/education-travel-policy"}  # councils write
# issue 19: the sample's closed service (data/sample/service-changes.ttl)
CLOSED = ID + "service/friday-night-social-bramblehurst-family-hub"
OVERRIDES["changes/alternatives"] = {"node": CLOSED}
OVERRIDES["changes/record_closure"] = {"node": CLOSED}
OVERRIDES["search/closures"] = {"node": [CLOSED]}
# issue 18: the sample's opening times, prices and places (data/sample/service-details.ttl)
DETAILED = ID + "service/after-school-short-breaks-club-dungate-community-hall"
for _name in ("navigate/record_schedules", "navigate/record_prices", "navigate/record_places"):
    OVERRIDES[_name] = {"node": DETAILED}
EXPECTED_EMPTY.add("live/sub_form_fields")  # it reads ontology/shapes.ttl, which the store does not hold
# issue 19, quality and outcomes: a sample school with an inspection and leavers' destinations (data/sample/quality.ttl)
for _name in ("navigate/record_inspections", "navigate/record_destinations"):
    OVERRIDES[_name] = {"node": ID + "setting/otterfield-high-school"}
# issue 19, SEN information reports: a sample school with a report (data/sample/sen-reports.ttl)
OVERRIDES["navigate/sen_report"] = {"node": ID + "setting/foxridge-primary-academy"}
# issue 19, how to get involved: a sample Kent consultation (data/sample/involvement.ttl)
OVERRIDES["navigate/involvement_record"] = {"record": ID + "consultation/kent-travel-policy-consultation"}
LIBRARY = QueryLibrary(PROJECT_ROOT / "queries")


@pytest.mark.parametrize("name", LIBRARY.names())
def test_named_query_runs(name, embedded_store):
    query = LIBRARY.get(name)
    missing = [p.name for p in query.params if p.name not in EXAMPLE_VALUES]
    assert not missing, f"add example values for {missing} to EXAMPLE_VALUES"
    values = {p.name: EXAMPLE_VALUES[p.name] for p in query.params} | OVERRIDES.get(name, {})
    if query.form == "ASK":
        assert LIBRARY.ask(embedded_store, name, **values) in (True, False)
        return
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        assert embedded_store.construct(query.text, query.terms(values)), f"{name} described nothing"
        return
    rows = LIBRARY.select(embedded_store, name, **values)
    if name in EXPECTED_EMPTY:
        assert rows == [], rows[:3]
    else:
        assert rows, f"{name} returned nothing on the sample data"


def test_build_rules_have_headers():
    from graph_app.queries import parse_query_file

    rules = sorted((PROJECT_ROOT / "queries" / "build").glob("*.ru"))
    assert len(rules) >= 5
    for rule in rules:
        parsed = parse_query_file(rule, rule.stem)
        assert "INSERT" in parsed.text
