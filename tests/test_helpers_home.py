"""Each small helper has one home (issue 13): the councils' slugs, the slug pattern and slugify in
graph_app/slugs.py, N-Triples text in graph_app/ntriples.py, atomic file replacement in graph_app/atomic.py,
the email check in graph_app/email_address.py; no module writes its own copy again."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_app.atomic import atomic_write
from graph_app.email_address import is_email_address
from graph_app.ntriples import ntriples
from graph_app.slugs import COUNCILS, is_slug, slugify

PACKAGE = Path(__file__).resolve().parent.parent / "graph_app"
COPIES = {
    "the councils' slugs": (re.compile(r'"brighton-and-hove", "east-sussex", "hampshire", "kent"'), "slugs.py"),
    "the slug pattern": (re.compile(r"\[a-z0-9\]\[a-z0-9-\]"), "slugs.py"),
    "slugify": (re.compile(r"def _?slugify\(|\[\^a-z0-9\]\+"), "slugs.py"),
    "N-Triples lines": (re.compile(r'\} \."'), "ntriples.py"),
    "an email check": (re.compile(r'rpartition\("@"\)|partition\("@"\)\s*$', re.MULTILINE), "email_address.py"),
    "an atomic write": (re.compile(r"os\.replace\(|\.replace\(out\)|\.tmp\""), "atomic.py"),
}
# renames that are not a file write of ours: a build folder and the current-build link, a restored database
ATOMIC_ELSEWHERE = {"layout.py", "backup.py", "writing.py"}
# Turtle written with prefixed names (not N-Triples of pyoxigraph terms): the invented inspection sample
TURTLE_ELSEWHERE = {"sample/quality.py"}


def _sources() -> dict[str, str]:
    return {p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}


@pytest.mark.parametrize("what", sorted(COPIES))
def test_no_module_holds_its_own_copy(what):
    pattern, home = COPIES[what]
    sources = _sources()
    assert pattern.search(sources[home]), f"the check for {what} no longer matches its home"  # it can fail
    copies = [
        path
        for path, text in sources.items()
        if path != home
        and pattern.search(text)
        and not (what == "an atomic write" and Path(path).name in ATOMIC_ELSEWHERE)
        and not (what == "N-Triples lines" and path in TURTLE_ELSEWHERE)
    ]
    assert copies == [], f"{what} written again in {copies}"


def test_slugs():
    assert slugify("St Mary's Primary -- School!") == "st-marys-primary-school"
    assert slugify("x" * 300, 80) == "x" * 80 and slugify("!!") == ""
    assert all(is_slug(c) for c in COUNCILS) and not is_slug("-kent") and not is_slug("Kent")


def test_ntriples_escapes_and_joins():
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    text = ntriples([ox.Triple(s, p, ox.Literal('say "hi"\nthen go', language="en")), ox.Triple(s, p, s)])
    parsed = list(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert [t.object for t in parsed] == [ox.Literal('say "hi"\nthen go', language="en"), s]


@pytest.mark.parametrize(
    "text, ok",
    [
        ("name@example.org", True),
        ("a@b@example.org", True),
        ("@example.org", False),
        ("name@localhost", False),
        ("na me@example.org", False),
        ("x" * 250 + "@e.org", False),
    ],
)
def test_email_check(text, ok):
    assert is_email_address(text) is ok


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target, "w") as out:
        out.write("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]
    with atomic_write(target, "w") as out:
        out.write("new")
    assert target.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]
