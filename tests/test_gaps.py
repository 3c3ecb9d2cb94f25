"""Every gap analysis on a small hand-made graph (tests/fixtures/gaps/small.ttl) in a real pyoxigraph
store. Each expected answer is worked out by hand from that file; the comments show the working."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_app.config import PROJECT_ROOT
from graph_app.gaps import Column, add_missing_labels, analyses, get_analysis, heat_level, median_date, run_gap
from graph_app.queries import QueryError, QueryLibrary
from graph_app.store import EmbeddedStore, GraphStore

FIXTURE = Path(__file__).parent / "fixtures" / "gaps" / "small.ttl"
ID = "https://w3id.org/se7-local-offer/id/"
NORTH, SOUTH = ID + "area/north", ID + "area/south"
YOUNG, OLDER = ID + "age-band/young", ID + "age-band/older"
AS_OF = "2026-11-28"


class FixtureStore(EmbeddedStore):
    """The GraphStore interface over a writable pyoxigraph store in a temporary folder."""

    def __init__(self, store: ox.Store) -> None:
        GraphStore.__init__(self)
        self._store = store


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> FixtureStore:
    raw = ox.Store(str(tmp_path_factory.mktemp("gaps-store")))
    raw.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    return FixtureStore(raw)


@pytest.fixture(scope="module")
def library() -> QueryLibrary:
    return QueryLibrary(PROJECT_ROOT / "queries")


def table(store, library, name, **params) -> list[list[str]]:
    return run_gap(store, library, name, **params).text_rows()


def test_every_analysis_is_listed_with_a_plain_description(library):
    names = {a.name for a in analyses(library)}
    assert names == {
        "coverage_matrix",
        "specialist_only",
        "care_pathways_without_adult_pathway",
        "unanswered_questions",
        "not_reviewed",
        "no_contact_or_referral",
        "out_of_area",
        "unlinked_duties",
        "comments_by_topic",
        "sufficiency",
        "council_content",
        "waiting_times",
        "places",
        "sen_reports",
        "not_inspected",
    }
    for analysis in analyses(library):
        assert "Children and Families Act 2014" in analysis.description, analysis.name
        assert "section" in analysis.description, analysis.name
        assert analysis.empty and analysis.columns


def test_coverage_matrix(store, library):
    # services: s1 Narrow(+Broad) young North-via-district; s2 Broad young+older North;
    #           s3 Other older South; s4 Narrow(+Broad) older South. Settings never count.
    # 2 councils x 4 needs x 2 bands = 16 cells.
    rows = table(store, library, "coverage_matrix")
    assert len(rows) == 16
    counted = {(r[0], r[1], r[2]): int(r[3]) for r in rows}
    nonzero = {k: v for k, v in counted.items() if v}
    assert nonzero == {
        ("North", "Broad", "Young (0 to 4)"): 2,  # s1 (through Narrow) and s2
        ("North", "Broad", "Older (5 to 10)"): 1,  # s2
        ("North", "Narrow", "Young (0 to 4)"): 1,  # s1, which serves North through North town
        ("South", "Broad", "Older (5 to 10)"): 1,  # s4 through Narrow
        ("South", "Narrow", "Older (5 to 10)"): 1,  # s4
        ("South", "Other", "Older (5 to 10)"): 1,  # s3
    }
    assert counted[("North", "Narrow", "Older (5 to 10)")] == 0


def test_coverage_matrix_parameters_and_heatmap(store, library):
    result = run_gap(store, library, "coverage_matrix", area=SOUTH, need=ID + "need/narrow")
    assert result.text_rows() == [
        ["South", "Narrow", "Young (0 to 4)", "0"],
        ["South", "Narrow", "Older (5 to 10)", "1"],
    ]
    heat = result.chart
    assert heat.kind == "heatmap" and len(heat.groups) == 1
    group = heat.groups[0]
    assert group.title == "South" and group.columns == ["Young (0 to 4)", "Older (5 to 10)"]
    assert [(c.value, c.level) for c in group.rows[0].cells] == [(0, 0), (1, 4)]
    assert group.gaps == 1
    one = run_gap(store, library, "coverage_matrix", area=NORTH, age_band=YOUNG, need=ID + "need/broad")
    assert one.text_rows() == [["North", "Broad", "Young (0 to 4)", "2"]]


def test_specialist_only(store, library):
    # North/Narrow: only s1 (specialist). North/Broad has s2 (open). South/Other: only s3 (specialist).
    assert table(store, library, "specialist_only") == [["North", "Narrow", "1"], ["South", "Other", "1"]]
    # older: s1 (young only) drops out, so North/Narrow has no service at all and is not listed here
    assert table(store, library, "specialist_only", age_band=OLDER) == [["South", "Other", "1"]]
    assert table(store, library, "specialist_only", age_band=YOUNG) == [["North", "Narrow", "1"]]
    assert table(store, library, "specialist_only", area=SOUTH, need=ID + "need/narrow") == []


def test_care_pathways_without_adult_pathway(store, library):
    # pw1 dovetails into pw-adult; pw2 (for Other, which leads to the adult need Adult X) does not
    # the last column: whether it is a region-wide template (lo:isTemplate), which the fixture's pathways are not
    assert table(store, library, "care_pathways_without_adult_pathway") == [
        ["Care pathway: other", "Other", "Adult X", "No"]
    ]
    assert table(store, library, "care_pathways_without_adult_pathway", need=ID + "need/narrow") == []


def test_unanswered_questions(store, library):
    # set1 answered question 1 of 3; set2 answered all three
    assert table(store, library, "unanswered_questions") == [["Setting one", "North", "Questions", "2", "2, 3"]]
    assert table(store, library, "unanswered_questions", area=SOUTH) == []


def test_not_reviewed(store, library):
    # on 2026-11-28, 12 months back: s2 (2025-01-15, 22 months) for Provider One; s3 (never reviewed)
    # for Provider Two; set1 (2024-06-30, 29 months) for Provider Three. s1, s4, set2 are recent.
    # Order: most records first (all 1), then oldest review, with none (never reviewed) first.
    assert table(store, library, "not_reviewed", as_of=AS_OF) == [
        ["Provider Two", "1", "1", ""],
        ["Provider Three", "1", "0", "2024-06-30"],
        ["Provider One", "1", "0", "2025-01-15"],
    ]
    assert table(store, library, "not_reviewed", as_of=AS_OF, area=NORTH) == [
        ["Provider Three", "1", "0", "2024-06-30"],
        ["Provider One", "1", "0", "2025-01-15"],
    ]


@pytest.mark.parametrize(
    ("as_of", "months", "stale"),
    [
        ("2026-11-28", 22, True),  # s2: 2025-01-15 is 22 whole months before
        ("2026-11-28", 23, False),
        ("2026-11-14", 22, False),  # the 14th is before the 15th: only 21 whole months
        ("2026-11-15", 22, True),
    ],
)
def test_not_reviewed_counts_whole_months(store, library, as_of, months, stale):
    providers = [r[0] for r in table(store, library, "not_reviewed", as_of=as_of, months=months, area=NORTH)]
    assert ("Provider One" in providers) is stale


def test_not_reviewed_counts_back_from_today_by_default(store, library):
    # every dated record is before today, so with 1 month the answer holds whatever the date
    providers = {r[0] for r in table(store, library, "not_reviewed", months=600)}
    assert providers == {"Provider Two"}  # only the never-reviewed record is older than 50 years


def test_no_contact_or_referral(store, library):
    # s2's only contact gives no phone, email or web page; s3 has no contact and no referral route
    assert table(store, library, "no_contact_or_referral") == [
        ["Service two", "North", "Provider One", "No", "Yes"],
        ["Service three", "South", "Provider Two", "No", "No"],
    ]
    assert table(store, library, "no_contact_or_referral", area=SOUTH) == [
        ["Service three", "South", "Provider Two", "No", "No"]
    ]


def test_out_of_area(store, library):
    # s2: listed by North, based in South. set2: listed by South, based in North town (in North).
    # s1 and set1 are in North town, which is part of North: not outside.
    assert table(store, library, "out_of_area") == [
        ["Service two", "North", "South", "South"],
        ["Setting two", "South", "North town", "North"],
    ]
    assert table(store, library, "out_of_area", age_band=YOUNG) == [["Service two", "North", "South", "South"]]
    chart = run_gap(store, library, "out_of_area").chart
    assert [(b.label, b.value) for b in chart.groups[0].bars] == [("North", 1), ("South", 1)]


def test_unlinked_duties(store, library):
    # section 1 is linked through its subsection 1(1) (s1); section 2 by a heading; section 4 by s3;
    # section 3 by nothing
    assert table(store, library, "unlinked_duties") == [
        ["Act, section 3", "Act", "http://www.legislation.gov.uk/example/section/3", ""]  # no template cites it
    ]
    # for North only: s3 (South) no longer counts, the heading still does
    assert [r[0] for r in table(store, library, "unlinked_duties", area=NORTH)] == ["Act, section 3", "Act, section 4"]
    # for South: s1 is North's, so section 1 and 1(1) are unlinked
    assert [r[0] for r in table(store, library, "unlinked_duties", area=SOUTH)] == [
        "Act, section 1",
        "Act, section 1(1)",
        "Act, section 3",
    ]


def test_comments_by_topic(store, library):
    # com1, com2 on s1 (topic: Topic one), com1 answered; com3 on South itself (no topic: South)
    assert table(store, library, "comments_by_topic") == [["Topic one", "2", "1", "1"], ["South", "1", "0", "1"]]
    assert table(store, library, "comments_by_topic", area=NORTH) == [["Topic one", "2", "1", "1"]]
    assert table(store, library, "comments_by_topic", area=SOUTH) == [["South", "1", "0", "1"]]


def test_comments_none_yet(library, tmp_path):
    raw = ox.Store(str(tmp_path / "empty"))
    result = run_gap(FixtureStore(raw), library, "comments_by_topic")
    assert result.rows == [] and result.chart is None
    assert get_analysis(library, "comments_by_topic").empty == "No published comments yet."


def test_sufficiency(store, library):
    # North: latest figure 2024 = 200,000 (sample). Broad: s1, s2 = 2 -> 0.010; Narrow: s1 -> 0.005.
    # South: 50,000 (not sample). Broad, Narrow: s4; Other: s3 -> 1 each -> 0.020.
    rows = table(store, library, "sufficiency")
    assert rows == [
        ["North", "Adult X", "0", "200000", "2024", "0.000", "Yes"],
        ["North", "Broad", "2", "200000", "2024", "0.010", "Yes"],
        ["North", "Narrow", "1", "200000", "2024", "0.005", "Yes"],
        ["North", "Other", "0", "200000", "2024", "0.000", "Yes"],
        ["South", "Adult X", "0", "50000", "2024", "0.000", "No"],
        ["South", "Broad", "1", "50000", "2024", "0.020", "No"],
        ["South", "Narrow", "1", "50000", "2024", "0.020", "No"],
        ["South", "Other", "1", "50000", "2024", "0.020", "No"],
    ]
    assert table(store, library, "sufficiency", area=SOUTH, need=ID + "need/other") == [
        ["South", "Other", "1", "50000", "2024", "0.020", "No"]
    ]


INJECTIONS = ['"; DROP ALL', "<x> } UNION {", "') .", "a\nb", "{ }", "} ; DELETE WHERE { ?s ?p ?o } #"]


@pytest.mark.parametrize("injection", INJECTIONS)
def test_injection_in_every_parameter_is_refused_or_bound(store, library, injection):
    before = len(store.pyoxigraph_store)
    for analysis in analyses(library):
        for param in analysis.query.params:
            try:
                result = run_gap(store, library, analysis.name, **{param.name: injection})
            except QueryError as error:
                assert param.name in str(error)
                continue
            # only a string parameter could take it, and then only as a value that matches nothing
            assert param.type == "string", (analysis.name, param.name)
            assert result.rows == []
    assert len(store.pyoxigraph_store) == before


def test_unknown_parameter_and_analysis_are_refused(store, library):
    with pytest.raises(QueryError, match="colour"):
        run_gap(store, library, "coverage_matrix", colour="red")
    with pytest.raises(QueryError):
        run_gap(store, library, "../navigate/labels")
    with pytest.raises(QueryError):
        run_gap(store, library, "report/councils")


def test_heat_levels_and_median():
    assert [heat_level(v, 8) for v in (0, 1, 2, 3, 6, 8)] == [0, 1, 1, 2, 3, 4]
    assert median_date(["2026-03-01", "2025-01-01", "2026-01-01"]) == "2026-01-01"
    assert median_date(["2026-03-01", "2025-01-01"]) == "2025-01-01"
    assert median_date([]) is None


def test_rows_are_ordered_by_council_and_need_names_then_by_age(store, library):
    """The names are looked up after the query (graph_app/gaps.py); the order still follows them."""
    rows = table(store, library, "coverage_matrix")
    pairs = [(r[0], r[1]) for r in rows]
    assert pairs == sorted(pairs, key=lambda p: (p[0].casefold(), p[1].casefold()))
    for start in range(0, len(rows), 2):  # two age bands per council and need, the youngest first
        assert [r[2] for r in rows[start : start + 2]] == ["Young (0 to 4)", "Older (5 to 10)"]
    counts = [int(r[1]) for r in table(store, library, "not_reviewed", as_of=AS_OF)]
    assert counts == sorted(counts, reverse=True)  # the providers with most records first


def test_names_are_looked_up_in_english_for_nodes_without_a_label_column(library):
    raw = ox.Store()
    raw.load(
        b"@prefix lo: <https://w3id.org/se7-local-offer/def#> . "
        b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
        b"<https://w3id.org/se7-local-offer/id/area/wales> a lo:LocalAuthority ; "
        b'rdfs:label "Cymru"@cy , "Wales"@en .',
        format=ox.RdfFormat.TURTLE,
    )
    rows = [{"area": ox.NamedNode(ID + "area/wales")}]
    add_missing_labels(FixtureStore(raw), library, rows, (Column("area", "Council"),))
    assert rows[0]["areaLabel"].value == "Wales"


def test_a_sort_header_must_name_a_shown_column(tmp_path):
    (tmp_path / "gaps").mkdir()
    (tmp_path / "gaps" / "broken.rq").write_text(
        "#+ title: T\n#+ description: D\n#+ columns: area=Council\n#+ sort: area need\n"
        "SELECT ?area WHERE { ?area a ?kind }\n"
    )
    with pytest.raises(QueryError, match="'#\\+ sort:' names 'need', which is not one of the columns"):
        get_analysis(QueryLibrary(tmp_path), "broken")
