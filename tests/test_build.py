"""The build: real ontology and data build cleanly; broken inputs give exact messages and leave the
live store exactly as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from build_helpers import make_settings, quiet_build

from graph_app.build import BuildError, reasoning
from graph_app.config import PROJECT_ROOT
from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures" / "build"
ONTOLOGY = PROJECT_ROOT / "ontology"
ID = "https://w3id.org/se7-local-offer/id/"


@pytest.fixture
def minimal_build(tmp_path, hermit_cache):
    """A data folder whose live build is the ontology plus one small, complete set of records."""
    settings = make_settings(tmp_path / "var", ONTOLOGY, FIXTURES / "minimal")
    quiet_build(settings, hermit_cache)
    return settings


def failed_build(settings, hermit_cache, broken: str) -> BuildError:
    broken_settings = make_settings(settings.data_dir, ONTOLOGY, FIXTURES / "minimal", FIXTURES / broken)
    with pytest.raises(BuildError) as caught:
        quiet_build(broken_settings, hermit_cache)
    return caught.value


def snapshot(settings) -> tuple[str, int, list[str]]:
    layout = Layout(settings.data_dir)
    current = layout.current()
    store = EmbeddedStore(current.store_path)
    return current.build_id, store.triple_count(), sorted(p.name for p in layout.builds.iterdir())


@pytest.mark.parametrize(
    ("broken", "summary", "problem"),
    [
        (
            "syntax_error",
            "a data file could not be read",
            "tests/fixtures/build/syntax_error/broken.ttl:5:16: Unexpected end of file",
        ),
        (
            "dangling_link",
            "1 records contradict the ontology or link to nothing",
            f"<{ID}service/fixture-sensory-play> lo:meetsNeed: links to <{ID}need/sensory-procesing>, "
            "which no file describes",
        ),
        (
            "disjoint_types",
            "1 records contradict the ontology or link to nothing",
            f"<{ID}setting/fixture-school-and-college> rdf:type: is both lo:College and lo:School, "
            "which the ontology says cannot be",
        ),
        (
            "undeclared_term",
            "1 records contradict the ontology or link to nothing",
            f"<{ID}service/fixture-sensory-play> uses the property lo:openingTimes, which ontology/core.ttl does "
            "not declare with a label and comment; declare it there and in ontology/README.md, or correct the "
            "spelling",
        ),
    ],
)
def test_broken_input_gives_exact_message_and_store_is_unchanged(minimal_build, hermit_cache, broken, summary, problem):
    before = snapshot(minimal_build)
    error = failed_build(minimal_build, hermit_cache, broken)
    assert error.summary == summary
    assert problem in error.problems
    assert snapshot(minimal_build) == before


def test_shape_violations_name_record_field_and_message(minimal_build, hermit_cache):
    before = snapshot(minimal_build)
    error = failed_build(minimal_build, hermit_cache, "shape_violation")
    record = f"<{ID}service/fixture-no-contact>"
    assert error.summary == "2 SHACL violations in ontology/shapes.ttl checks"
    assert error.problems == [
        f"{record} lo:hasContact: A service needs at least one contact: a phone number, email or web page "
        "families can use.",
        f"{record} lo:minAge: A service needs one youngest age, a whole number from 0 to 25 and no more than "
        "the oldest age.",
    ]
    assert snapshot(minimal_build) == before


def test_minimal_build_infers_types_and_age_bands(minimal_build):
    store = EmbeddedStore(Layout(minimal_build.data_dir).current().store_path)
    service = f"<{ID}service/fixture-sensory-play>"
    bands = store.select(f"SELECT ?b WHERE {{ {service} <https://w3id.org/se7-local-offer/def#forAgeBand> ?b }}")
    assert sorted(r["b"].value.rsplit("/", 1)[1] for r in bands) == ["0-4", "5-10"]
    assert store.ask(f"ASK {{ {service} a <https://schema.org/Service> }}")


def test_special_school_is_inferred(built, embedded_store):
    rows = embedded_store.select(
        "PREFIX lo: <https://w3id.org/se7-local-offer/def#> SELECT ?s WHERE { ?s a lo:School, lo:SpecialistSetting }"
    )
    assert rows
    for row in rows:
        assert embedded_store.ask(
            "ASK WHERE { ?s a <https://w3id.org/se7-local-offer/def#SpecialSchool> }", {"s": row["s"]}
        )


def test_sample_data_builds_with_zero_shacl_violations(built):
    manifest = Layout(built.data_dir).current().manifest()
    assert manifest["counts"]["services"] >= 350
    assert "Validating records with SHACL" in manifest["timings"]


def test_hermit_finds_the_ontology_consistent():
    files = sorted(p for p in ONTOLOGY.glob("*.ttl") if p.name != "shapes.ttl")
    result = reasoning.classify(files, cache_dir=None)
    assert result.consistent
    assert (
        f"<{ID}need/autism> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/se7-local-offer/def#Need> ." in result.inferred_ntriples
    )
    assert (
        "def#SpecialSchool> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
        "<https://w3id.org/se7-local-offer/def#Setting> ." in result.inferred_ntriples
    )


def test_hermit_reports_an_inconsistent_ontology(tmp_path):
    contradiction = tmp_path / "contradiction.ttl"
    contradiction.write_text(
        f"@prefix lo: <https://w3id.org/se7-local-offer/def#> .\n<{ID}setting/impossible> a lo:School, lo:College .\n"
    )
    with pytest.raises(BuildError, match="HermiT found the ontology inconsistent"):
        reasoning.classify([ONTOLOGY / "core.ttl", contradiction], cache_dir=None)


def test_half_done_builds_are_never_current(minimal_build, hermit_cache):
    layout = Layout(minimal_build.data_dir)
    (layout.builds / "20990101T000000Z-1.partial").mkdir()
    quiet_build(minimal_build, hermit_cache)
    assert not [p for p in layout.builds.iterdir() if p.name.endswith(".partial")]


def test_a_copy_of_the_ontology_outside_the_project_is_classified_too(tmp_path, hermit_cache):
    """Benchmarks build from a copy of ontology/ (bench/, /work/scale300): HermiT must check it as it
    checks the project's own, and the build must derive the same classified types."""
    copy = tmp_path / "elsewhere" / "ontology"
    shutil.copytree(ONTOLOGY, copy)
    own = make_settings(tmp_path / "own", ONTOLOGY, FIXTURES / "minimal")
    copied = make_settings(tmp_path / "copied", copy, FIXTURES / "minimal")
    quiet_build(own, hermit_cache)
    quiet_build(copied, hermit_cache)
    assert snapshot(copied)[1] == snapshot(own)[1]


def test_the_manifest_counts_every_triple_including_the_build_description(minimal_build):
    """Counted once, before the build describes itself: the description's own triples are added on."""
    current = Layout(minimal_build.data_dir).current()
    manifest = json.loads(current.manifest_path.read_text(encoding="utf-8"))
    assert manifest["counts"]["triples"] == EmbeddedStore(current.store_path).triple_count()
