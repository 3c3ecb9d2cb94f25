"""The property of issue 12 item 4, end to end: after any publish by a provider editor, no statement about a
record owned by someone else (another provider's service, setting or the provider itself, or a dependent of
one: its answers, contacts, eligibility criteria) has changed, and the editor's own change did land.

Two editors of two providers act through the real web app (Flask test client, a private copy of the real
build, real private database, forms with their CSRF tokens) in generated sequences: they create services and
settings whose slug is the slug of another provider's record of any kind, answering that record's questions
(under the old answer IRIs, answer/{slug}-{question}, that took over its answers), edit answers, pick contacts
and eligibility criteria, and tamper with forms (another provider's record in the URL, its provider in the
owner field, its contact or criterion in a choice field): those are refused (403/400) and publish nothing.
Who owns what is read from the graph before each action, never listed here. URLs only: no web module."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login, make_staff

from graph_app.layout import Layout

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWNER = {"service": "lo-providedBy", "setting": "lo-runBy"}
OWNER_PATH = {"service": LO + "providedBy", "setting": LO + "runBy"}
DEPENDENT_FIELDS = ("lo-hasContact", "lo-hasEligibilityCriterion")
# a record not owned by ?mine (any service, setting or provider but ?mine and what ?mine runs)
_RECORD = f"""VALUES ?class {{ <{LO}Service> <{LO}Setting> <{LO}Provider> }} ?record a ?class .
    FILTER(?record != ?mine) FILTER NOT EXISTS {{ ?record <{LO}providedBy>|<{LO}runBy> ?mine }}"""
# every statement whose subject is such a record or one of its dependents (answers, contacts, criteria)
OTHERS = f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  {{ {_RECORD} ?record ?p ?o . BIND(?record AS ?s) }}
  UNION {{ {_RECORD} ?s <{LO}answerOf> ?record . ?s ?p ?o }}
  UNION {{ {_RECORD} ?record <{LO}hasContact>|<{LO}hasEligibilityCriterion> ?s . ?s ?p ?o }} }}"""


@pytest.fixture(scope="module")
def world(built, tmp_path_factory, make_module_app):
    """A private copy of the build, the app over it, an admin (to read forms as templates) and two editors
    of two providers: one that runs a setting with answers, one that provides services."""
    data = copy_build(built, tmp_path_factory.mktemp("editor-property") / "data")
    app = make_module_app(data)
    store = current_store(data)
    first = store.select(f"SELECT ?p WHERE {{ ?s <{LO}runBy> ?p . ?a <{LO}answerOf> ?s }} ORDER BY ?p LIMIT 1")
    mine = first[0]["p"].value
    second = store.select(f"SELECT ?p WHERE {{ ?s <{LO}providedBy> ?p FILTER(?p != <{mine}>) }} ORDER BY ?p LIMIT 1")
    editors = [(_signed_in(app, data, "editor", provider), provider) for provider in (mine, second[0]["p"].value)]
    return {"settings": data, "app": app, "admin": _signed_in(app, data, "admin"), "editors": editors}


def _signed_in(app, data, role, provider=None):
    client = app.test_client()
    user, password = make_staff(data, role, provider)
    assert login(client, user.email, password).status_code == 303
    return client


# -- reading the graph ---------------------------------------------------------------------------------------
def _store(world):
    return current_store(world["settings"])


def _others(world, mine: str) -> set[tuple[str, str, str]]:
    """The statements about records owned by someone else and their dependents (blank nodes as one term)."""
    # written into the text, not bound: a binding joined after the groups would leave their FILTERs unbound
    rows = _store(world).select(OTHERS.replace("?mine", str(ox.NamedNode(mine))))
    return {tuple("_:" if isinstance(r[k], ox.BlankNode) else str(r[k]) for k in ("s", "p", "o")) for r in rows}


def _journal_seq(world) -> int:
    return int(Layout(world["settings"].data_dir).current().manifest().get("journal_seq", 0))


def _records(world, owner: str, mine: bool) -> list[tuple[str, str]]:
    """(kind, slug) of the services and settings `owner` runs (mine) or of every record of any kind,
    the provider included, that `owner` does not own."""
    base = world["settings"].base + "id/"
    if mine:
        query = f"SELECT ?r WHERE {{ ?r <{LO}providedBy>|<{LO}runBy> <{owner}> }} ORDER BY ?r"
    else:
        query = (
            f"SELECT ?r WHERE {{ VALUES ?c {{ <{LO}Service> <{LO}Setting> <{LO}Provider> }} ?r a ?c "
            f"FILTER(?r != <{owner}>) FILTER NOT EXISTS {{ ?r <{LO}providedBy>|<{LO}runBy> <{owner}> }} }} "
            "ORDER BY ?r"
        )
    found = [r["r"].value.removeprefix(base).split("/", 1) for r in _store(world).select(query)]
    return [(kind, slug) for kind, slug in found if kind in ("service", "setting", "provider")]


def _answered(world, records: list[tuple[str, str]]) -> list[tuple[str, str]]:
    base = world["settings"].base + "id/"
    rows = _store(world).select(f"SELECT DISTINCT ?r WHERE {{ ?a <{LO}answerOf> ?r }}")
    answered = {r["r"].value for r in rows}
    return [(kind, slug) for kind, slug in records if f"{base}{kind}/{slug}" in answered]


def _answers(world, record: str) -> dict[str, str]:
    """question local name -> English answer text of a record's answers."""
    rows = _store(world).select(
        f"SELECT ?q ?t WHERE {{ ?a <{LO}answerOf> <{record}> ; <{LO}answers> ?q ; "
        f"<{LO}answerText> ?t FILTER(LANGMATCHES(LANG(?t), 'en')) }}"
    )
    return {r["q"].value.rsplit("/", 1)[-1]: r["t"].value for r in rows}


def _values(world, record: str, path: str) -> set[str]:
    return {r["v"].value for r in _store(world).select(f"SELECT ?v WHERE {{ <{record}> <{path}> ?v }}")}


def _dependents(world, record: str) -> dict[str, set[str]]:
    return {key: _values(world, record, LO + key.removeprefix("lo-")) for key in DEPENDENT_FIELDS}


def _offered(page: str) -> dict[str, list[str]]:
    """The values a form offers for each choice field (checkboxes, radios, selects)."""
    offered: dict[str, list[str]] = {}
    for name, value in re.findall(r'name="([^"]+)" type="(?:checkbox|radio)" value="([^"]+)"', page):
        offered.setdefault(name, []).append(value)
    for name, body in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        offered.setdefault(name, []).extend(v for v in re.findall(r'<option value="([^"]+)"', body))
    return offered


# -- the actions -----------------------------------------------------------------------------------------------
def _create(world, editor, provider, kind: str, victim: tuple[str, str], words: str) -> None:
    """A new record of `kind` named so that its slug is the victim's, answering the victim's questions."""
    client = editor
    base = world["settings"].base + "id/"
    victim_iri = base + "/".join(victim)
    page = client.get(f"/staff/records/new/{kind}").get_data(as_text=True)
    offered = _offered(page)
    # a filled form of the same kind, read by the admin (any record will do), then only what this editor is
    # offered kept in its choice fields: what the editor could have filled in by hand
    template = (
        _store(world)
        .select(f"SELECT ?r WHERE {{ ?r a <{LO}{kind.title()}> ; <{LO}hasContact> ?c }} ORDER BY ?r LIMIT 1")[0]["r"]
        .value.removeprefix(base + kind + "/")
    )
    shown = world["admin"].get(f"/staff/records/{kind}/{template}/edit").get_data(as_text=True)
    data = {
        k: v for k, v in form_data(shown).items() if k not in ("based_on", OWNER[kind]) and not k.startswith("answer-")
    }
    for key in set(data) & set(_offered(shown)):
        data[key] = [v for v in data[key] if v in offered.get(key, [])] or offered.get(key, [])[:1]
    data["lo-hasContact"] = offered["lo-hasContact"][:1]
    data.update(csrf_token=[csrf_from(page)], summary=["property test"], based_on=["0"])
    data["rdfs-label"] = [victim[1].replace("-", " ").title()]  # slugs back to the victim's slug
    data["dcterms-description"] = [f"Made by the property test: {words}."]
    answered = _store(world).select(
        f"SELECT DISTINCT ?s WHERE {{ ?a <{LO}answerOf> <{victim_iri}> ; <{LO}answers>/<{LO}inQuestionSet> ?s }}"
    )
    sets = {r["s"].value for r in answered} & set(offered.get("lo-usesQuestionSet", []))
    if sets:
        data["lo-usesQuestionSet"] = sorted(sets)
    asked = {q.rsplit("/", 1)[-1] for s in data.get("lo-usesQuestionSet", []) for q in _questions(world, s)}
    answers = {q: f"{words} answer {i}" for i, q in enumerate(sorted(set(_answers(world, victim_iri)) | asked))}
    data.update({f"answer-{q}": [text] for q, text in answers.items()})
    before = set(_records(world, provider, mine=True))
    response = client.post(f"/staff/records/new/{kind}", data=data)
    assert response.status_code == 303, _problems(response)
    made = set(_records(world, provider, mine=True)) - before
    assert len(made) == 1 and next(iter(made))[0] == kind, made
    slug = next(iter(made))[1]
    # the victim's slug, or the next free one when a record of this kind already has it
    assert slug == victim[1] or slug.startswith(victim[1] + "-"), (slug, victim)
    iri = f"{base}{kind}/{slug}"
    assert _values(world, iri, OWNER_PATH[kind]) == {provider}
    expected = {q: t for q, t in answers.items() if q in asked}
    assert _answers(world, iri) == expected
    assert not sets or expected  # the victim's questions were answered by the new record: a collision tried


def _questions(world, question_set: str) -> list[str]:
    rows = _store(world).select(f"SELECT ?q WHERE {{ ?q <{LO}inQuestionSet> <{question_set}> }}")
    return [r["q"].value for r in rows]


def _own_form(world, editor, provider, pick: int) -> tuple[str, str, dict[str, list[str]], str]:
    kind, slug = _records(world, provider, mine=True)[pick % len(_records(world, provider, mine=True))]
    page = editor.get(f"/staff/records/{kind}/{slug}/edit").get_data(as_text=True)
    return kind, slug, form_data(page), page


def _edit_answers(world, editor, provider, pick: int, words: str, empty: int) -> None:
    kind, slug, data, _ = _own_form(world, editor, provider, pick)
    keys = sorted(k for k in data if k.startswith("answer-"))
    if not keys:
        return _edit_links(world, editor, provider, pick, words, 1)
    expected = {k.removeprefix("answer-"): v[0] for k, v in data.items() if k in keys and v and v[0]}
    for i, key in enumerate(keys[:3]):
        text = "" if i == empty % 3 and len(expected) > 1 else f"{words} {i}"
        data[key] = [text]
        if text:
            expected[key.removeprefix("answer-")] = text
        else:
            expected.pop(key.removeprefix("answer-"), None)
    response = editor.post(f"/staff/records/{kind}/{slug}/edit", data=data)
    assert response.status_code == 303, _problems(response)
    assert _answers(world, f"{world['settings'].base}id/{kind}/{slug}") == expected
    return None


def _edit_links(world, editor, provider, pick: int, words: str, choice: int) -> None:
    """Contacts and eligibility criteria chosen among those offered, and the description changed."""
    kind, slug, data, page = _own_form(world, editor, provider, pick)
    offered = _offered(page)
    for key in DEPENDENT_FIELDS:
        if offered.get(key):
            values = offered[key]
            data[key] = sorted({values[choice % len(values)], *data.get(key, [])[:1]})
    data["dcterms-description"] = [f"Links edited by the property test: {words}."]
    response = editor.post(f"/staff/records/{kind}/{slug}/edit", data=data)
    assert response.status_code == 303, _problems(response)
    iri = f"{world['settings'].base}id/{kind}/{slug}"
    own = f"{world['settings'].base}id/contact/{kind}-{slug}-"  # its own contacts: the contacts sub-form's (issue 18)
    for key in DEPENDENT_FIELDS:
        if offered.get(key):
            linked = {v for v in _values(world, iri, LO + key.removeprefix("lo-")) if not v.startswith(own)}
            assert linked == set(data[key])
    assert f"Links edited by the property test: {words}." in _values(world, iri, "http://purl.org/dc/terms/description")


def _tamper(world, editor, provider, way: int, victim: tuple[str, str]) -> None:
    """A forged request aimed at another provider's record: refused, and nothing published."""
    base = world["settings"].base + "id/"
    victim_iri = base + "/".join(victim)
    owner = (
        victim_iri if victim[0] == "provider" else next(iter(_values(world, victim_iri, OWNER_PATH[victim[0]])), None)
    )
    kind, slug, data, _ = _own_form(world, editor, provider, way)
    way %= 6
    if way == 0 and victim[0] != "provider":  # the victim's own URLs, with this editor's valid token
        response = editor.post(f"/staff/records/{victim[0]}/{victim[1]}/edit", data=data)
    elif way == 1 and victim[0] != "provider":
        response = editor.post(
            f"/staff/records/{victim[0]}/{victim[1]}/reviewed", data={"csrf_token": data["csrf_token"], "based_on": "0"}
        )
    elif way == 2 and victim[0] != "provider":
        response = editor.post(
            f"/staff/records/{victim[0]}/{victim[1]}/versions/1/rollback",
            data={"csrf_token": data["csrf_token"], "based_on": "1"},
        )
    elif way == 3 and owner:  # the victim's provider in the owner field, of this editor's own record
        data[OWNER[kind]] = [owner]
        response = editor.post(f"/staff/records/{kind}/{slug}/edit", data=data)
    elif way == 4 and owner:  # ... or of a new record
        data[OWNER[kind]] = [owner]
        data["rdfs-label"] = [victim[1].replace("-", " ")]
        response = editor.post(f"/staff/records/new/{kind}", data={k: v for k, v in data.items() if k != "based_on"})
    else:  # the victim's contact or criterion (one of its dependents) added to a choice field of our record
        taken = _dependents(world, victim_iri)
        keys = [k for k in DEPENDENT_FIELDS if taken[k] and (k == "lo-hasContact" or kind == "service")]
        if not keys:
            return
        key = keys[-1]
        data[key] = [*data.get(key, []), sorted(taken[key])[0]]
        response = editor.post(f"/staff/records/{kind}/{slug}/edit", data=data)
        assert response.status_code == 400 and key in response.get_data(as_text=True), _problems(response)
        return
    assert response.status_code in (400, 403), (way, victim, response.status_code, _problems(response))


def _problems(response) -> str:
    html = response.get_data(as_text=True)
    start = html.find("govuk-error-summary")
    return html[start : start + 2000] if start >= 0 else html[:1500]


# -- the property ------------------------------------------------------------------------------------------------
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=20).map(str.strip).filter(bool)
actions = st.one_of(
    st.tuples(
        st.just("create"),
        st.integers(0, 1),
        st.sampled_from(["service", "setting"]),
        st.integers(0, 10**6),
        words,
        st.booleans(),
    ),
    st.tuples(st.just("answers"), st.integers(0, 1), st.integers(0, 50), words, st.integers(0, 2)),
    st.tuples(st.just("links"), st.integers(0, 1), st.integers(0, 50), words, st.integers(0, 50)),
    st.tuples(st.just("tamper"), st.integers(0, 1), st.integers(0, 5), st.integers(0, 10**6)),
)


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(actions, min_size=2, max_size=3))
def test_an_editors_publish_changes_nothing_owned_by_someone_else(world, steps):
    for step in steps:
        editor, provider = world["editors"][step[1]]
        before, seq = _others(world, provider), _journal_seq(world)
        others = _records(world, provider, mine=False)
        if step[0] == "create":  # half the time a victim with answers, whose IRIs the old scheme gave away
            victims = _answered(world, others) if step[5] else others
            victim = victims[step[3] % len(victims)]
            # a record of the kind the victim is not (of its own kind, the next free slug would be taken)
            kind = {"service": "setting", "setting": "service"}.get(victim[0], step[2]) if step[5] else step[2]
            _create(world, editor, provider, kind, victim, step[4])
        elif step[0] == "answers":
            _edit_answers(world, editor, provider, step[2], step[3], step[4])
        elif step[0] == "links":
            _edit_links(world, editor, provider, step[2], step[3], step[4])
        else:
            _tamper(world, editor, provider, step[2], others[step[3] % len(others)])
            assert _journal_seq(world) == seq, "a refused request published a change"
        after = _others(world, provider)
        assert after == before, (
            f"{step}: statements about others' records changed:\n"
            f"removed {sorted(before - after)[:5]}\nadded {sorted(after - before)[:5]}"
        )
