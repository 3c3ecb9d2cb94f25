"""The bad-file corpus: broken Turtle, N-Triples and JSON-LD for the build, and broken ORUK JSON and GIAS CSV
for the importers (truncated, wrong encoding, huge lines, wrong types, missing ids, binary, deep nesting).
Each gives a message naming the file and where, through the real build and importers, and nothing already
stored changes: the live build, its triple count, the builds folder and the imports folder."""

from __future__ import annotations

import json

import pytest
from build_helpers import make_settings, quiet_build
from test_import_oruk import TODAY, small_project, snapshot

from graph_app.build import BuildError
from graph_app.config import PROJECT_ROOT
from graph_app.importers import ImportFailed, run_import
from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

ONTOLOGY = PROJECT_ROOT / "ontology"
MINIMAL = PROJECT_ROOT / "tests" / "fixtures" / "build" / "minimal"
LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"

# file name, content, what the build prints after the file's path (:line:column: what)
BROKEN_RDF = [
    (
        "unterminated_iri.ttl",
        f"@prefix lo: <{LO}> .\n<{ID}service/x> a lo:Service ;\n  lo:meetsNeed <{ID}need/x\n",
        ":3:16: Unexpected end of file",
    ),
    ("undeclared_prefix.ttl", f"<{ID}service/x> a nope:Service .\n", ":1:51: The prefix nope: has not been declared"),
    ("iri_with_space.ttl", f"<{ID}service/has space> a <{LO}Service> .\n", ":1:1: Invalid IRI code point ' '"),
    (
        "literal_newline.ttl",
        f'<{ID}service/x> <{LO}name> "line one\nline two" .\n',
        ":1:102: Line jumps are not allowed in string literals, use \\n",
    ),
    (
        "truncated.ttl",
        f'@prefix lo: <{LO}> .\n<{ID}service/x> a lo:Service ;\n  lo:name "Half',
        ":3:11: Unexpected end of file",
    ),
    ("braces.ttl", f"<{ID}service/x> a <{LO}Service> }} {{ .\n", ":1:98: } is not a valid subject or graph name"),
    ("relative.nt", f'<service/x> <{LO}name> "x" .\n', ":1:1: No scheme found in an absolute IRI"),
    (
        "prefixed.nt",
        f"@prefix lo: <{LO}> .\n<{ID}service/x> a lo:Service .\n",
        ":1:1: The subject of a triple must be an IRI or a blank node",
    ),
    ("no_dot.nt", f'<{ID}service/x> <{LO}name> "x"\n', ":2:1: Quads must be followed by a dot"),
    ("bad_json.jsonld", '{"@id": "x", ', ":1:14: Object keys must be strings"),
    (
        "bad_context.jsonld",
        json.dumps({"@context": 5, "@id": ID + "service/x"}),
        ": @context value must be null, a string or an object",
    ),
    (
        "not_utf8.ttl",
        f'<{ID}service/x> <{LO}name> "caf\xe9" .\n'.encode("latin-1"),
        ":1:97: Invalid UTF-8: incomplete utf-8 byte sequence from index 3",
    ),
    ("binary.nt", bytes(range(256)) * 4, ":1:1: '\\x00' is not allowed at the beginning of a prefix name"),
]


@pytest.fixture(scope="module")
def minimal_build(tmp_path_factory, hermit_cache):
    settings = make_settings(tmp_path_factory.mktemp("bad-files") / "var", ONTOLOGY, MINIMAL)
    quiet_build(settings, hermit_cache)
    return settings


def build_state(settings) -> tuple:
    layout = Layout(settings.data_dir)
    current = layout.current()
    return (
        current.build_id,
        EmbeddedStore(current.store_path).triple_count(),
        current.manifest_path.read_text(),
        sorted(p.name for p in layout.builds.iterdir()),
    )


@pytest.mark.parametrize(("name", "content", "where"), BROKEN_RDF, ids=[b[0] for b in BROKEN_RDF])
def test_broken_rdf_names_file_and_place_and_changes_nothing(
    minimal_build, hermit_cache, tmp_path, name, content, where
):
    broken = tmp_path / "broken"
    broken.mkdir()
    path = broken / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = build_state(minimal_build)
    with pytest.raises(BuildError) as caught:
        quiet_build(make_settings(minimal_build.data_dir, ONTOLOGY, MINIMAL, broken), hermit_cache)
    assert caught.value.summary == "a data file could not be read"
    assert caught.value.problems == [f"{path}{where}"]
    assert build_state(minimal_build) == before


@pytest.fixture(scope="module")
def project(tmp_path_factory, hermit_cache):
    return small_project(tmp_path_factory.mktemp("bad-imports"), hermit_cache)


def _service(**fields) -> dict:
    return {"id": "4f0c0d2e-1111-4222-8333-944455556666", "name": "Sensory play", "description": "x", **fields}


# name, bytes, the start of the message (ImportFailed) or None when the file reads but every record is skipped
BROKEN_ORUK = [
    ("empty.json", b"", "empty.json: not valid JSON at line 1, column 1"),
    ("truncated_mid_key.json", b'{"contents": [{"id": "a", "na', "truncated_mid_key.json: not valid JSON"),
    ("latin1.json", '{"contents": [{"id": "a", "name": "caf\xe9"}]}'.encode("latin-1"), "latin1.json:"),
    ("utf16.json", json.dumps(_service()).encode("utf-16"), "utf16.json:"),
    ("nan.json", b'{"id": "x", "name": NaN}', "nan.json: not valid JSON: NaN is not a JSON value"),
    (
        "deep.json",
        b"[" * 100_000 + b"]" * 100_000,
        "deep.json: not an Open Referral UK document: arrays or objects nested too deeply",
    ),
    ("huge_line.json", json.dumps(_service(description="y" * 3_000_000)).encode(), None),
    ("binary.json", bytes(range(256)), "binary.json:"),
    ("list_of_numbers.json", b"[1, 2, 3]", None),
    (
        "wrong_types_everywhere.json",
        json.dumps(
            {
                "contents": [
                    {"id": 5, "name": ["x"], "description": {"a": 1}},
                    {"id": None, "name": None},
                    {"id": "ok-id", "name": 3.5, "eligibilitys": "nope", "service_areas": 7, "organization": "nope"},
                ],
                "total_items": "three",
                "total_pages": -1,
            }
        ).encode(),
        None,
    ),
    ("missing_ids.json", json.dumps({"contents": [{"name": "no id"}, {"id": "", "name": "empty id"}]}).encode(), None),
]


@pytest.mark.parametrize(("name", "content", "message"), BROKEN_ORUK, ids=[b[0] for b in BROKEN_ORUK])
def test_broken_oruk_files(project, tmp_path, name, content, message):
    settings, imports = project
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(settings, imports)
    if message is None:  # readable: every record is reported and skipped, nothing written
        outcome = run_import("oruk", str(path), settings, council="kent", target_dir=imports, today=TODAY)
        assert outcome.written is None
        assert outcome.result.problems or not outcome.result.records
    else:
        with pytest.raises(ImportFailed) as caught:
            run_import("oruk", str(path), settings, council="kent", target_dir=imports, today=TODAY)
        assert caught.value.message.startswith(message) or message in caught.value.message, caught.value.message
        assert "Traceback" not in caught.value.message
    assert snapshot(settings, imports) == before


GIAS_HEADER = (
    "URN,EstablishmentName,LA (code),LA (name),TypeOfEstablishment (name),PhaseOfEducation (name),"
    "StatutoryLowAge,StatutoryHighAge,Postcode,SchoolWebsite"
)
GIAS_ROW = "999001,Fixture School,886,Kent,Community school,Primary,4,11,ME1 1AA,https://example.org"
BROKEN_GIAS = [
    ("empty.csv", b"", "empty.csv:"),
    ("header_only.csv", (GIAS_HEADER + "\n").encode(), None),
    ("truncated_in_quotes.csv", (GIAS_HEADER + "\n" + '999001,"Fixture Sch').encode(), None),
    (
        "nul_bytes.csv",
        (GIAS_HEADER + "\n" + GIAS_ROW.replace("Fixture", "Fix\x00ture")).encode(),
        "nul_bytes.csv: line 2: contains a NUL byte, so it is not a CSV text file",
    ),
    (
        "huge_field.csv",
        (GIAS_HEADER + "\n" + GIAS_ROW.replace("Fixture School", '"' + "z" * 300_000 + '"')).encode(),
        "huge_field.csv: line 2: not readable as CSV: field larger than field limit (131072)",
    ),
    ("wrong_types.csv", (GIAS_HEADER + "\n" + GIAS_ROW.replace(",4,11,", ",four,-3,")).encode(), None),
    ("missing_urn.csv", (GIAS_HEADER + "\n" + GIAS_ROW.replace("999001", "")).encode(), None),
    ("utf16.csv", (GIAS_HEADER + "\n" + GIAS_ROW).encode("utf-16"), "utf16.csv:"),
    ("binary.csv", bytes(range(256)) * 10, "binary.csv:"),
]


@pytest.mark.parametrize(("name", "content", "message"), BROKEN_GIAS, ids=[b[0] for b in BROKEN_GIAS])
def test_broken_gias_files(project, tmp_path, name, content, message):
    settings, imports = project
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(settings, imports)
    if message is None:
        outcome = run_import("gias", str(path), settings, council=None, target_dir=imports, today=TODAY)
        assert outcome.written is None
        if "999001" in content.decode("utf-8", "replace"):
            assert outcome.result.problems, "a bad row must be reported, not dropped silently"
            assert all("999001" in str(p) or "line" in str(p) for p in outcome.result.problems)
    else:
        with pytest.raises(ImportFailed) as caught:
            run_import("gias", str(path), settings, council=None, target_dir=imports, today=TODAY)
        assert message in caught.value.message, caught.value.message
    assert snapshot(settings, imports) == before
