"""Dependent records' IRIs (graph_app/live/dependents.py): unique to their parent and its kind for every slug
and role (generated), checked by the build (a dependent with two parents, or one named after another
record, is refused, naming it), and old journal entries moved to the new IRIs or refused."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_app.build.record_checks import dependent_owners
from graph_app.live.changes import Replace
from graph_app.live.dependents import answer_iri, dependent_iri, migrate_changes, split
from graph_app.live.generation import OpenStore

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
kinds = st.sampled_from(["service", "setting", "provider", "area"])
slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
roles = st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True)


@given(kinds, slugs, roles, kinds, slugs, roles)
def test_two_parents_never_share_a_dependent_iri(kind_a, slug_a, role_a, kind_b, slug_b, role_b):
    a = dependent_iri(ID, "answer", f"{ID}{kind_a}/{slug_a}", role_a)
    b = dependent_iri(ID, "answer", f"{ID}{kind_b}/{slug_b}", role_b)
    assert (a == b) == ((kind_a, slug_a, role_a) == (kind_b, slug_b, role_b))
    assert split(ID, a) == ("answer", kind_a, slug_a, role_a)  # it parses back one way only


def test_a_setting_with_a_services_slug_gets_other_answer_iris():
    question = ID + "question/service-01"
    assert answer_iri(ID, ID + "service/x", question) == ID + "answer/service-x-qservice01"
    assert answer_iri(ID, ID + "setting/x", question) != answer_iri(ID, ID + "service/x", question)


def _store(triples: list[tuple[str, str, str]]) -> OpenStore:
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), ox.DefaultGraph()) for s, p, o in triples)
    return OpenStore(store)


def test_the_build_refuses_dependents_that_are_not_their_parents_own(library):
    q = ID + "question/service-01"
    good = answer_iri(ID, ID + "service/x", q)
    shared = answer_iri(ID, ID + "service/y", q)
    assert (
        dependent_owners(_store([(good, LO + "answerOf", ID + "service/x"), (good, LO + "answers", q)]), library, ID)
        == []
    )
    problems = dependent_owners(
        _store(
            [
                (shared, LO + "answerOf", ID + "service/y"),
                (shared, LO + "answers", q),
                (shared, LO + "answerOf", ID + "setting/y"),  # taken over by a setting with the same slug
                (ID + "answer/y-service-01", LO + "answerOf", ID + "service/y"),  # old scheme: not derived
                (ID + "answer/y-service-01", LO + "answers", q),
                (ID + "service/z", LO + "hasContact", ID + "contact/service-y-enquiries"),  # another record's contact
                (ID + "service/y", LO + "hasEligibilityCriterion", ID + "criterion/service-y-eligibility"),
                (ID + "setting/y", LO + "hasEligibilityCriterion", ID + "criterion/service-y-eligibility"),
            ]
        ),
        library,
        ID,
    )
    text = "\n".join(problems)
    assert len(problems) == 4, text
    assert f"<{shared}>: belongs to 2 records" in text
    assert "<" + ID + "answer/y-service-01>: belongs to" in text
    assert "<" + ID + "contact/service-y-enquiries>: belongs to <" + ID + "service/z>" in text
    assert "<" + ID + "criterion/service-y-eligibility>: belongs to 2 records" in text


def test_old_journal_entries_move_to_the_new_iris():
    record, q = ID + "setting/x", ID + "question/parent-carer-01"
    old = ID + "answer/x-parent-carer-01"
    text = f"<{old}> <{LO}answerOf> <{record}> .\n<{old}> <{LO}answers> <{q}> ."
    moved = migrate_changes(f"Edited X [{record} version 3]", [Replace(record, "<a> <b> <c> ."), Replace(old, text)])
    new = ID + "answer/setting-x-qparentcarer01"
    assert moved[1] == Replace(new, text.replace(old, new)) and moved[0].subject_iri == record
    removal = migrate_changes(f"Edited X [{record} version 4]", [Replace(old, "")])
    assert removal == [Replace(new, "")]


@pytest.mark.parametrize(
    "summary, change",
    [
        ("Edited without a marker", Replace(ID + "answer/x-service-01", "")),  # whose answer? not known
        (f"Edited [{ID}setting/x version 2]", Replace(ID + "answer/service-x-qservice01", "")),  # another's answer
        (f"Edited [{ID}setting/x version 2]", Replace(ID + "answer/y-service-01", "")),  # not the record's slug
    ],
)
def test_journal_entries_that_cannot_be_moved_are_refused(summary, change):
    with pytest.raises(ValueError, match="answer"):
        migrate_changes(summary, [change])


def test_one_providers_records_may_share_its_contacts_but_other_providers_may_not(library):
    """Editors give a new service one of their provider's contacts; sharing across providers is refused."""
    contact = ID + "contact/provider-p-office"
    mine = [
        (ID + "service/a", LO + "providedBy", ID + "provider/p"),
        (ID + "service/b", LO + "providedBy", ID + "provider/p"),
        (ID + "provider/p", LO + "hasContact", contact),
        (ID + "service/a", LO + "hasContact", contact),
        (ID + "service/b", LO + "hasContact", contact),
    ]
    assert dependent_owners(_store(mine), library, ID) == []
    theirs = mine + [
        (ID + "service/c", LO + "providedBy", ID + "provider/q"),
        (ID + "service/c", LO + "hasContact", contact),
    ]
    problems = dependent_owners(_store(theirs), library, ID)
    assert len(problems) == 1 and f"<{contact}>: belongs to 4 records (" in problems[0] and "of 2 owners" in problems[0]
