"""The web layer's rooms and the habits that keep them (issue 13): no import cycles anywhere in graph_app
(counting imports inside functions), each audience folder of graph_app/web/ imports only web/core/ and the
layers below the web, core/ imports no area, no SPARQL text outside queries/, and every named query runs
through the one function that names, times and logs it."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graph_app"
WEB = PACKAGE / "web"
AREAS = ("explore", "map", "search", "mychild", "commission", "publish", "feedback", "staff", "about")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every graph_app module this file imports, at the top or inside a function; `from . import x` names
    the module x when there is one."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("graph_app"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("graph_app"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if _exists(sub) else target)
    return found


def _exists(module: str) -> bool:
    path = ROOT / module.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        source = module_name(path)
        graph.add_node(source)
        for target in imports(path):
            if target != source:
                graph.add_edge(source, target)
    return graph


def test_the_import_reader_sees_imports_inside_functions(tmp_path):
    """The cycle test must be able to fail: an import inside a function counts."""
    probe = PACKAGE / "web" / "explore" / "node_page.py"
    assert "graph_app.web.core.graph" in imports(probe)
    tree = ast.parse("def f():\n    from .records import x\n")
    assert any(isinstance(n, ast.ImportFrom) for n in ast.walk(tree))


def test_no_import_cycles_in_graph_app():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], f"import cycles: {cycles[:5]}"


def test_each_audience_folder_imports_only_core_and_the_layers_below_the_web():
    graph = import_graph()
    wrong = []
    for source, target in graph.edges:
        if not source.startswith("graph_app.web.") or not target.startswith("graph_app.web"):
            continue
        area = source.split(".")[2]
        target_area = target.split(".")[2] if target.count(".") >= 2 else ""
        if area == "core" and target_area != "core":
            wrong.append((source, target))  # core imports no area
        elif area in AREAS and target_area not in (area, "core"):
            wrong.append((source, target))
    assert wrong == []


def test_the_web_holds_core_and_the_audience_folders_and_at_most_three_loose_modules():
    folders = {p.name for p in WEB.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == {"core", *AREAS}
    loose = [p.name for p in WEB.glob("*.py")]
    assert len(loose) <= 3, loose
    templates = WEB / "templates"
    assert not list(templates.glob("*.html")), "templates live in their area's folder"
    assert {p.name for p in templates.iterdir() if p.is_dir()} <= {"core", *AREAS}


SPARQL = re.compile(
    r"""["'](?:[^"'\n]*\s)?(SELECT\s+(?:DISTINCT\s+)?[?(*]|CONSTRUCT\s*(?:WHERE\s*)?\{|ASK\s*\{|"""
    r"""INSERT\s*(?:DATA\s*)?\{|DELETE\s*(?:DATA\s*|WHERE\s*)?\{|DESCRIBE\s+[?<])""",
    re.IGNORECASE,
)
# text that builds SPARQL rather than holding a query: each with why it cannot be a .rq file
GENERATORS = {
    "graph_app/build/shacl_sparql.py": "compiles SHACL shapes to SPARQL (the measured reason is in its docstring)",
    "graph_app/live/changes.py": "writes INSERT DATA from the triples of a published change",
    "graph_app/sparql/worker.py": "re-serialises an endpoint's own results (CONSTRUCT WHERE / ASK {})",
}


def sparql_outside_queries() -> list[str]:
    found = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative in GENERATORS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if SPARQL.search(line) and "FROM " not in line.upper() and "INTO " not in line.upper():
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_the_sparql_finder_finds_an_inline_query():
    assert SPARQL.search('rows = store.select("SELECT ?m WHERE { ?d ?p ?m }")')
    assert SPARQL.search('store.update("INSERT { ?r a ?s } WHERE { ?r a ?c }")')


def test_no_sparql_text_outside_queries():
    assert sparql_outside_queries() == []


def test_every_named_query_runs_through_one_function(embedded_store, library, caplog):
    """QueryLibrary.select/ask/construct/select_table all go through QueryLibrary.run, which logs the
    query's name, its time and its parameters at debug level; nothing else reads a query's text to run it."""
    store = embedded_store
    with caplog.at_level(logging.DEBUG, logger="graph_app.queries"):
        library.select(store, "export/lod_example_resources")
        library.ask(store, "navigate/has_sample_data")
    names = [r.getMessage() for r in caplog.records]
    assert any("export/lod_example_resources" in m and "parameters" in m and "ms" in m for m in names)
    assert any("navigate/has_sample_data" in m for m in names)
    # reading a query's text is allowed only where it is not run here: the editor shows it, and a remote
    # dump streams the endpoint's answer straight to the reader (no rows to count or cap)
    shown_or_streamed = {"graph_app/web/publish/sparql_endpoint.py", "graph_app/exporters/dumps.py"}
    callers = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if re.search(r"\.get\([^)]*\)\.text", path.read_text(encoding="utf-8")) and relative not in shown_or_streamed:
            callers.append(relative)
    assert callers == [], "named queries run around QueryLibrary.run"


def test_the_row_cap_is_enforced(embedded_store, library):
    from graph_app.queries import QueryError, QueryLibrary

    capped = QueryLibrary(library.root, row_cap=1)
    try:
        capped.select(embedded_store, "export/lod_example_resources")
    except QueryError as error:
        assert "export/lod_example_resources" in str(error) and "cap" in str(error)
    else:
        raise AssertionError("a result over the row cap was not refused")


# ---- tests build the app and start servers one way (issue 13, "Habits") -------------------------------

TESTS = ROOT / "tests"
HELPERS = {"tests/conftest.py", "tests/server_process.py"}  # the app maker and the server helper
# the only other places that build an app or serve HTTP themselves: exactly what each calls, and why
OWN_APP_OR_SERVER = {
    "tests/soak.py": (
        {"create_app"},
        "gunicorn's app factory for raised rate limits, in the server process server_process.app_process starts",
    ),
    "tests/short_session_app.py": (
        {"create_app"},
        "gunicorn's app factory with a short staff idle time, in the server process server_process.app_server starts",
    ),
    "tests/test_import_oruk.py": ({"serve_forever"}, "a fake ORUK feed (a third party's API) in a thread"),
    "tests/test_remote_resilience.py": ({"serve_forever"}, "a fake SPARQL endpoint that fails on cue, in a thread"),
    "tests/test_sparql_ssrf.py": ({"serve_forever"}, "a listener a SERVICE clause would call, in a thread"),
    "tests/test_cors.py": ({"serve_forever"}, "a blank page on another origin for Chromium's cross-origin fetches"),
}
SERVER_WORDS = {"serve", "gunicorn"}


def _called(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def own_apps_and_servers(source: str) -> list[str]:
    """The lines of a test module that build the app or start a server without the shared helpers: a call
    to create_app, a Popen whose command names `serve` or gunicorn, a server's make_server or serve_forever."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "serve_forever":
            found.append(f"{node.lineno}: serve_forever")
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        words = {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        if name in ("create_app", "make_server") or (name == "Popen" and words & SERVER_WORDS):
            found.append(f"{node.lineno}: {name}")
    return found


def test_the_finder_sees_an_own_app_and_an_own_server():
    source = (
        "app = create_app({'TESTING': True}, settings=built)\n"
        "p = subprocess.Popen([sys.executable, '-m', 'graph_app.cli', 'serve', '--port', '1'])\n"
        "threading.Thread(target=make_server('127.0.0.1', 0, app).serve_forever).start()\n"
        "subprocess.Popen([sys.executable, '-c', 'print(1)'])  # not a server\n"
    )
    assert own_apps_and_servers(source) == ["1: create_app", "2: Popen", "3: serve_forever", "3: make_server"]


def test_tests_build_the_app_with_make_app_and_start_servers_with_server_process():
    """conftest.py's make_app / make_module_app close what they made; server_process.py starts, waits for,
    stops and kills every server. A copy of either in a test module fails here."""
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in HELPERS:
            continue
        lines = own_apps_and_servers(path.read_text(encoding="utf-8"))
        allowed = OWN_APP_OR_SERVER.get(relative, (set(), ""))[0]
        if {line.split(": ")[1] for line in lines} != allowed:
            found[relative] = lines  # a new copy, or an exception no longer needed
    assert found == {}
