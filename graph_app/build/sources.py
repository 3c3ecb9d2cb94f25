"""Find the RDF files of ontology/ and data/ and load them into the store being built."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import DATA_BASE
from .errors import BuildError

RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
# not graph data: SHACL shapes validate the graph, fixtures feed importers and tests
EXCLUDED_NAMES = {"shapes.ttl"}
EXCLUDED_DIRS = {"fixtures"}


def discover(roots: Iterable[Path]) -> list[Path]:
    """Every RDF file under the roots, in a stable order, except shapes and fixtures."""
    found: list[Path] = []
    for root in roots:
        for path in sorted(Path(root).rglob("*")):
            # hidden files are never sources: an import being staged is one until its build succeeds
            if path.suffix not in RDF_SUFFIXES or path.name in EXCLUDED_NAMES or path.name.startswith("."):
                continue
            if EXCLUDED_DIRS.intersection(path.relative_to(root).parts[:-1]):
                continue
            found.append(path)
    return found


def load(store: ox.Store, path: Path, base: str = DATA_BASE, display_root: Path | None = None) -> None:
    """Load one file into the default graph; a syntax error becomes 'file:line:column: message'."""
    fmt = RDF_SUFFIXES[path.suffix]
    try:
        if base == DATA_BASE:
            store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
        else:
            store.extend(_rebased(ox.parse(path=str(path), format=fmt), base))
    except SyntaxError as error:
        raise BuildError("a data file could not be read", [syntax_message(path, error, display_root)]) from None
    except (OSError, ValueError) as error:
        raise BuildError("a data file could not be read", [f"{_shown(path, display_root)}: {error}"]) from None


def syntax_message(path: Path, error: SyntaxError, display_root: Path | None = None) -> str:
    text = str(error.args[0]) if error.args else str(error)
    text = re.sub(
        r"^Parser error (at line \d+ between columns \d+ and \d+|between line .*? and line \d+ column \d+"
        r"|at line \d+ column \d+): ",
        "",
        text,
    )
    # a binary file's bytes (NUL, escape codes) are shown escaped, not written raw to the terminal
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    if error.lineno is None:  # e.g. a JSON-LD @context error: the parser gives no position
        return f"{_shown(path, display_root)}: {text}"
    return f"{_shown(path, display_root)}:{error.lineno}:{error.offset}: {text}"


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def _rebased(quads: Iterator[ox.Quad], base: str) -> Iterator[ox.Quad]:
    """Rewrite node IRIs ({DATA_BASE}id/...) to the published base; vocabulary IRIs stay."""
    old = DATA_BASE + "id/"

    def term(t):  # any pyoxigraph term
        if isinstance(t, ox.NamedNode) and t.value.startswith(old):
            return ox.NamedNode(base + "id/" + t.value[len(old) :])
        return t

    for quad in quads:
        yield ox.Quad(term(quad.subject), quad.predicate, term(quad.object), ox.DefaultGraph())
