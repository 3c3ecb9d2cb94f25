"""Search in Welsh and Polish (issue 16): the word analysis of each language (graph_app/search/polish.py,
welsh.py), the index holding @cy and @pl names in that analysis (a tiny store built here, and reindexing
it), and the real build: a Polish or Welsh query, inflected, mutated or typed without diacritics, ranks
the need first, names it in the reader's language and lists its services; English search is unchanged."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_app.config import PROJECT_ROOT
from graph_app.layout import Layout
from graph_app.namespaces import DATA_BASE
from graph_app.queries import QueryLibrary
from graph_app.search import SearchIndex, build_index, polish, welsh
from graph_app.search.build import reindex_nodes
from graph_app.search.languages import language_terms, query_forms
from graph_app.search.text import fold, words
from graph_app.store import EmbeddedStore


# -- Polish: diacritics and inflections ------------------------------------------------------------------
@pytest.mark.parametrize("word", ["autyzm", "autyzmem", "autyzmu", "autyzmie", "autyzmowi", "Autyzm"])
def test_polish_inflections_of_autism_meet(word):
    assert polish.terms(word) == ["autyzm"]


@pytest.mark.parametrize("word", ["słuch", "sluch", "słuchu", "SŁUCHEM", "słuchowy"])
def test_polish_hearing_with_or_without_diacritics_meets(word):
    assert polish.terms(word) == ["sluch"]


def test_polish_letters_fold_including_the_l_with_stroke():
    assert fold("Łódź ąęśćżźńó") == "lodz aesczzno"  # NFKD alone leaves ł as it is
    assert words("niedosłuch") == ["niedosluch"]


def test_polish_noun_and_adjective_of_disability_meet():
    assert polish.terms("niepełnosprawność") == polish.terms("niepełnosprawnych") == ["niepelnosprawn"]


def test_polish_different_words_stay_apart_and_stop_words_go():
    assert polish.terms("autyzm") != polish.terms("słuch")
    assert polish.terms("mój syn z autyzmem") == ["autyzm"]
    assert polish.stem("dom") == "dom"  # too short to lose an ending


# -- Welsh: mutations first ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("forms", "radical"),
    [
        (["plant", "blant", "mhlant", "phlant"], "plant"),  # children: soft, nasal, aspirate
        (["clyw", "glyw", "nghlyw", "chlyw"], "clyw"),  # hearing
        (["dysgu", "ddysgu", "nysgu"], "dysgu"),  # learning
        (["tad", "dad", "nhad", "thad"], "tad"),  # father
        (["llais", "lais"], "llais"),  # voice
        (["rhieni", "rieni"], "rhieni"),  # parents
        (["ysgol", "hysgol"], "ysgol"),  # school, after "ei" (her): h before a vowel
    ],
)
def test_welsh_mutated_forms_meet_their_radical(forms, radical):
    assert {welsh.stem(form) for form in forms} == {welsh.stem(radical)}


def test_welsh_soft_mutated_g_is_put_back_for_what_is_typed():
    # "gofal" (care) loses its g after "ei" (his): "ei ofal"; the typed word tries both
    assert welsh.stem("gofal") in welsh.query_forms("ofal")
    assert welsh.stem("gofal") not in welsh.query_forms("cofal") or welsh.stem("cofal") == welsh.stem("gofal")


def test_welsh_circumflex_and_endings():
    assert welsh.terms("tŷ") == welsh.terms("ty")
    assert welsh.terms("Awtistiaeth") == welsh.terms("awtistig") == ["awtist"]
    assert welsh.terms("addysgol") == welsh.terms("addysg")


def test_welsh_different_words_stay_apart_and_little_words_go():
    assert welsh.stem("clyw") != welsh.stem("plant") != welsh.stem("dysgu")
    assert welsh.stem("ff") == "ff" and welsh.terms("ffôn") != welsh.terms("bôn")  # ff is a radical, not a mutation
    assert welsh.terms("nam ar y clyw") == [welsh.stem("nam"), "clyw"]
    assert welsh.terms("i'w blant") == ["plant"]


def test_welsh_little_words_joined_by_an_apostrophe_say_nothing(index):
    found = index.search("gofal i'w blant", languages=("cy",))
    assert found.hits and not found.partial  # "i'w" is typed as one word, "iw": no result needs it


def test_query_forms_skip_a_languages_stop_words():
    assert query_forms("dla", ["pl"]) == []
    assert query_forms("autyzmem", ["pl", "cy"])[0] == ("pl", "autyzm")
    assert language_terms("Nam ar y clyw", "cy-GB") == welsh.terms("Nam ar y clyw")


# -- the index, on a small store -------------------------------------------------------------------------
NEED = DATA_BASE + "need/autism"
SERVICE = DATA_BASE + "service/outreach"
HEARING = DATA_BASE + "need/hearing-impairment"
OUT_OF_AREA = DATA_BASE + "heading/out-of-area"
ADHD = DATA_BASE + "need/adhd"
WETTING = DATA_BASE + "need/bladder-and-bowel"
TINY = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{NEED}> rdfs:label "Autism"@en, "Autyzm"@pl, "Awtistiaeth"@cy ; skos:altLabel "autistic"@en .
<{HEARING}> rdfs:label "Hearing impairment"@en, "Nam ar y clyw"@cy ; skos:altLabel "deaf"@en .
<{SERVICE}> rdfs:label "Autism outreach team"@en ; dcterms:description "Visits schools to help autistic pupils."@en .
<{OUT_OF_AREA}> rdfs:label "Schools in other areas"@en, "Placówki, z których będą korzystać"@pl .
<{ADHD}> rdfs:label "ADHD"@cy, "ADHD"@en, "ADHD"@pl ; skos:altLabel "can't sit still"@en .
<{WETTING}> rdfs:label "Bladder and bowel"@en ; skos:altLabel "wetting at night"@en .
"""


def _store(path: Path, turtle: str) -> EmbeddedStore:
    store = ox.Store(str(path))
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    store.flush()
    del store
    return EmbeddedStore(path)


@pytest.fixture()
def tiny(tmp_path) -> tuple[Path, EmbeddedStore, QueryLibrary]:
    library = QueryLibrary(PROJECT_ROOT / "queries")
    store = _store(tmp_path / "store", TINY)
    index_path = tmp_path / "search.sqlite"
    build_index(store, library, index_path, DATA_BASE)
    return index_path, store, library


def _first(index: SearchIndex, text: str, languages: tuple[str, ...] = ()) -> str | None:
    hits = index.search(text, languages=languages).hits
    return hits[0].iri if hits else None


def test_polish_and_welsh_names_are_indexed_in_their_own_analysis(tiny):
    index = SearchIndex(tiny[0])
    assert _first(index, "autyzmem", ("pl",)) == NEED
    assert _first(index, "autyzmu") == NEED  # an English page: a word English does not have is tried in each
    assert _first(index, "awtistig", ("cy",)) == NEED
    assert _first(index, "ei glyw", ("cy",)) == HEARING
    assert _first(index, "fy nghlyw", ("cy",)) == HEARING
    # the name that matched is the reader's, beside the English one
    hit = index.search("autyzmem", languages=("pl",)).hits[0]
    assert (hit.label, hit.matched, hit.matched_lang) == ("Autism", "Autyzm", "pl")
    assert index.suggest("awtist", languages=("cy",))[0].matched_lang == "cy"


def test_a_polish_word_is_not_an_english_word_of_the_index(tiny):
    """Welsh and Polish text stays out of the English vocabulary that misspellings are corrected against."""
    index = SearchIndex(tiny[0])
    word_df, _stems, _total = index._load_vocab()
    assert "autyzm" not in word_df and "awtistiaeth" not in word_df
    assert "autism" in word_df
    assert index._load_language_vocab()["pl"]["pl_autyzm"] == 1


def test_english_queries_ask_no_other_language(tiny):
    index = SearchIndex(tiny[0])
    groups, corrected = index.analyse("autism outreach")
    assert groups == [("autism",), ("outreach",)] and corrected is None
    assert _first(index, "autistic") == NEED


def test_a_polish_stem_never_answers_an_english_word(tiny):
    """ "będą" stems to "bed": marked "pl_bed" in the index, it is not the English "bed"."""
    index = SearchIndex(tiny[0])
    found = index.search("wetting at night in bed")
    assert OUT_OF_AREA not in [h.iri for h in found.hits]
    assert _first(index, "bed", ("pl",)) == OUT_OF_AREA  # a Polish reader's "bed" may be Polish


def test_a_name_given_alike_in_english_and_welsh_stays_english(tiny):
    hit = SearchIndex(tiny[0]).search("adhd").hits[0]
    assert (hit.iri, hit.matched) == (ADHD, None)  # never "matched ADHD" as if it were a Welsh name


def test_reindexing_adds_and_removes_a_welsh_name(tiny, tmp_path):
    index_path, before, library = tiny
    after = _store(tmp_path / "after", TINY.replace('"Awtistiaeth"@cy', '"Awtistiaeth"@cy, "Cyflwr sbectrwm"@cy'))
    reindex_nodes(index_path, before, after, library, DATA_BASE, [NEED])
    assert _first(SearchIndex(index_path), "gyflwr", ("cy",)) == NEED  # soft mutation of "cyflwr"
    reindex_nodes(index_path, after, before, library, DATA_BASE, [NEED])
    index = SearchIndex(index_path)
    assert _first(index, "gyflwr", ("cy",)) is None
    assert "cyflwr" not in str(index._load_language_vocab().get("cy", {}))
    assert _first(index, "awtistiaeth", ("cy",)) == NEED


# -- the real build --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def index(built) -> SearchIndex:
    return SearchIndex(Layout(built.data_dir).current().search_path)


@pytest.mark.parametrize(
    ("query", "languages", "need"),
    [
        ("autyzm", ("pl",), "autism"),
        ("dziecko z autyzmem", ("pl",), "autism"),
        ("autyzmu", (), "autism"),
        ("awtistiaeth", ("cy",), "autism"),
        ("plentyn awtistig", ("cy",), "autism"),
        ("sluch", ("pl",), "hearing-impairment"),
        ("niedosluch", ("pl",), "hearing-impairment"),
        ("nam ar ei glyw", ("cy",), "hearing-impairment"),
    ],
)
def test_a_welsh_or_polish_query_ranks_the_need_first(index, query, languages, need):
    found = index.search(query, languages=languages)
    assert found.hits, query
    assert (found.hits[0].kind, found.hits[0].slug) == ("need", need)
    assert found.corrected is None  # a Polish or Welsh word is no misspelling of an English one


@pytest.mark.parametrize(("query", "languages"), [("autyzmem", ("pl",)), ("awtistiaeth", ("cy",))])
def test_the_need_is_named_and_its_services_follow(index, query, languages):
    found = index.search(query, languages=languages)
    guessed = index.guess_need(query, found, languages)
    assert guessed is not None and guessed.slug == "autism"
    total, services = index.services_for_need("autism", limit=6, text=query, languages=languages)
    assert total > 0 and len(services) == 6
    # ranked by the need's English name, as an English search for it is: autism services first
    assert "autism" in services[0].label.lower()


def test_english_search_is_unchanged_by_other_languages(index):
    plain = index.search("autism", limit=10)
    with_polish = index.search("autism", limit=10, languages=("pl",))
    assert [h.iri for h in plain.hits] == [h.iri for h in with_polish.hits]
    assert plain.hits[0].slug == "autism" and plain.hits[0].matched is None


def test_the_search_page_in_polish_shows_the_need_and_its_services(client):
    page = client.get("/search", query_string={"q": "autyzmem", "lang": "pl"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "/id/need/autism" in text and "Autyzm" in text
    # on an English page the Polish name is marked as Polish
    english = client.get("/search", query_string={"q": "autyzmem", "lang": "en"}).get_data(as_text=True)
    assert '<span lang="pl">Autyzm</span>' in english
    twin = client.get("/search.json", query_string={"q": "nam ar ei glyw", "lang": "cy"}).get_json()
    assert twin["needs"][0]["url"].endswith("/need/hearing-impairment")
    assert twin["need_services"]


def test_autocomplete_offers_the_need_by_its_polish_name(index):
    hits = index.suggest("autyz", languages=("pl",))
    assert hits and hits[0].slug == "autism"
    assert hits[0].matched == "Autyzm"  # the reader's word, beside the English name
