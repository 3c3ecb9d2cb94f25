"""No interface text is written into a template in English only: every text node with letters, and every
attribute a reader hears or sees (alt, title, aria-label, placeholder), comes from _() / _n() (the
gettext catalogues), so a Welsh or Polish page has no English left in its frame.

How: each template is read with Jinja's own lexer. Its `data` tokens (the text outside {{ }}, {% %} and
{# #}) are kept in place, and everything Jinja writes is replaced by one private-use character, so line
numbers stay right and "{{ n }} more" still shows " more" as literal text. Python's HTML parser then
walks the result: a text node (outside <script>, <style> and code samples) or a heard attribute that
still has letters once the allowlisted words are taken out is a failure, named by file and line.

One test per template (parametrised), so each directory's owners see their own files fail."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

from graph_app.config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "graph_app" / "web" / "templates"
FILLED = "\ue000"  # what Jinja writes, whatever it is: not a letter, so never a failure by itself
LETTER = re.compile(r"[^\W\d_]")
HEARD_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# text inside these is not interface text: scripts and styles are code, and <code>, <pre>, <kbd> and
# <samp> hold code samples, file names, SPARQL and field names that are the same in every language
NOT_TEXT = {"script", "style", "code", "pre", "kbd", "samp"}

# Words that are the same in every language, each with why. A word is taken out of a text node before
# the letters check, so "SE7" alone passes but "SE7 councils" does not.
ALLOWED_WORDS = {
    "SE7": "the name of the seven councils' partnership, a proper name",
    "GOV.UK": "the UK government's website, a proper name",
    "ORUK": "Open Referral UK, the standard's name",
    "SPARQL": "the query language's name",
    "JSON": "a file format's name",
    "CSV": "a file format's name",
    "RDF": "a data model's name",
    "Turtle": "an RDF file format's name",
    "N-Triples": "an RDF file format's name",
    "JSON-LD": "an RDF file format's name",
    "gzip": "a compression format's name",
    "UTC": "the time zone's name",
}
# Whole text nodes that are not words a reader reads, each with why (exact text, spaces trimmed).
ALLOWED_TEXT = {
    "×": "a close sign, its meaning given by the control's translated label",
}

# text that is only attributes (`aria-describedby="…-hint"`), written by a macro into the caller's tag
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
ATTRIBUTES_ONLY = re.compile(r'(?:[\w:-]+="[^"]*"\s*)+')

_ENV = Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
_WORD_PATTERN = re.compile(
    r"(?<![\w.-])(" + "|".join(re.escape(w) for w in sorted(ALLOWED_WORDS, key=len, reverse=True)) + r")(?![\w-])"
)


def skeleton(source: str) -> str:
    """The template's literal text in place, with every piece Jinja writes replaced by FILLED; lines kept."""
    out: list[str] = []
    line = 1
    for lineno, token, value in _ENV.lex(source):
        if token == "data":
            if lineno > line:  # a tag, expression or comment that spanned lines
                out.append("\n" * (lineno - line))
                line = lineno
            out.append(value)
            line += value.count("\n")
        elif not out or not out[-1].endswith(FILLED):
            out.append(FILLED)
    return "".join(out)


def has_words(text: str) -> bool:
    """Whether text still has letters once FILLED and the allowlisted words are taken out."""
    text = text.replace(FILLED, " ").strip()
    if not text or text in ALLOWED_TEXT:
        return False
    return bool(LETTER.search(_WORD_PATTERN.sub(" ", text)))


class _Finder(HTMLParser):
    """Text nodes and heard attributes with letters, as (line, what)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside: list[str] = []
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in NOT_TEXT:
            self.inside.append(tag)
        for name, value in attrs:
            if name in HEARD_ATTRIBUTES and value and has_words(value):
                self.found.append((self.getpos()[0], f'{name}="{value.replace(FILLED, "…")}"'))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.inside:
            del self.inside[len(self.inside) - 1 - self.inside[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self.inside or not has_words(data):
            return
        fragment = ATTRIBUTES_ONLY.fullmatch(data.strip(FILLED + " \n\t"))
        if fragment:  # a macro that writes attributes for the tag that calls it: only heard ones are text
            for name, value in ATTRIBUTE.findall(fragment.group(0)):
                if name in HEARD_ATTRIBUTES and has_words(value):
                    self.found.append((self.getpos()[0], f'{name}="{value.replace(FILLED, "…")}"'))
            return
        # the line of the first letter, not of the text node's start (often the newline before it)
        line = self.getpos()[0] + data[: LETTER.search(data).start()].count("\n")
        self.found.append((line, " ".join(data.strip(FILLED + " \n\t").replace(FILLED, "…").split())))


def untranslated(path: Path) -> list[tuple[int, str]]:
    finder = _Finder()
    finder.feed(skeleton(path.read_text(encoding="utf-8")))
    finder.close()
    return finder.found


TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=[str(p.relative_to(TEMPLATES)) for p in TEMPLATE_FILES])
def test_template_text_goes_through_the_catalogue(path: Path) -> None:
    found = untranslated(path)
    where = str(path.relative_to(TEMPLATES))
    assert not found, f"{len(found)} English-only text(s) in {where}; wrap each in _() or _n():\n" + "\n".join(
        f"  {where}:{line}: {text[:100]}" for line, text in found
    )


# the lint itself: it must catch what it is for, and leave alone what it allows
@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("<p>Hello</p>", [(1, "Hello")]),
        ('<p>{{ _("Hello") }}</p>', []),
        ("<p>\n  {{ count }} more</p>", [(2, "more")]),
        ("<p>{{ a }} of {{ b }}</p>", [(1, "of")]),
        ('<a title="Open it">{{ _("x") }}</a>', [(1, 'title="Open it"')]),
        ('<a aria-label="{{ _("Open") }}">x{# a comment #}</a>', [(1, "x")]),
        ("{% if a %}Yes{% else %}{{ _('No') }}{% endif %}", [(1, "Yes")]),
        ("<p>SE7 · GOV.UK</p><p>SE7 councils</p>", [(1, "SE7 councils")]),
        ("<code>SELECT ?x</code><pre>PREFIX lo:</pre><script>var a = 'b';</script>", []),
        ('{% set x = "not text" %}<p>{{ x }} (2)</p>', []),
        ("{% block title %}A to Z{% endblock %}", [(1, "A to Z")]),
        ('{% macro m() %} aria-describedby="{{ k }}-hint"{% endmacro %}', []),
        ('{% macro m() %} aria-label="Close" data-x="{{ k }}"{% endmacro %}', [(1, 'aria-label="Close"')]),
    ],
)
def test_the_lint_finds_english_text(tmp_path: Path, source: str, caught: list[tuple[int, str]]) -> None:
    path = tmp_path / "t.html"
    path.write_text(source, encoding="utf-8")
    assert untranslated(path) == caught
