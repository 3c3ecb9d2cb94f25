"""SPARQL parse errors in plain English for the query editor (/sparql): what is wrong, where (line and
column), and what to try, with the engine's own message kept underneath for experts.

The engine's words differ by engine (Oxigraph says "error at 1:29: expected one of …", an outside
endpoint says something else), so the common mistakes are found here, by reading the query itself with a
small tokeniser that knows strings, IRIs, comments, variables and prefixed names: a text value never
closed, a prefix used but not declared, a misspelt keyword, a bracket never closed or closed by the
wrong one, a bare word where a name is needed, and (from Oxigraph's message) a variable that is neither
grouped nor totalled. Anything else is the engine's position and the words it expected, in a sentence.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ...namespaces import PREFIXES
from ..core.i18n import translate

KEYWORDS = frozenset(
    """BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK FROM NAMED WHERE ORDER BY ASC DESC LIMIT OFFSET DISTINCT
    REDUCED OPTIONAL UNION GRAPH SERVICE SILENT BIND AS VALUES FILTER MINUS UNDEF GROUP HAVING NOT IN EXISTS
    TRUE FALSE A STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN
    UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES
    SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM
    ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT
    SEPARATOR""".split()
)
# the words a misspelling is most likely of (functions are matched too, but need a closer spelling)
CLAUSES = (
    "PREFIX",
    "SELECT",
    "DISTINCT",
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "ORDER",
    "GROUP",
    "LIMIT",
    "OFFSET",
    "VALUES",
    "BIND",
    "HAVING",
    "CONSTRUCT",
    "DESCRIBE",
    "MINUS",
    "EXISTS",
    "COUNT",
)
_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<open>["\'])'  # a quote whose string is not closed on its line
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r"|(?P<var>[?$]\w+)"
    r"|(?P<bnode>_:[\w-]+)"
    r"|(?P<pname>(?:[A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?:[\w%-]|\\.|\.(?=[\w%-]))*)"
    r"|(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<punct>\^\^|&&|\|\||[!<>=]=?|\S)"
)
_POSITION = re.compile(r"\bat (\d+):(\d+)|\bline (\d+), column (\d+)")  # Oxigraph's, and the guard's
_EXPECTED = re.compile(r"expected (?:one of )?(.*)", re.S)
_EXPECTED_WORD = re.compile(r'"([^"\s]{1,12})"|\b([A-Z][A-Z_]{1,15})\b')
_PAIRS = {"{": "}", "(": ")", "[": "]"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class Explanation:
    """A mistake in words a commissioner can act on."""

    kind: str  # unclosed_string, undeclared_prefix, misspelt_keyword, unclosed_bracket, wrong_bracket,
    # extra_bracket, bare_word, ungrouped_variable, syntax
    message: str  # what is wrong, in plain English
    advice: str  # what to try
    line: int | None
    column: int | None
    engine: str  # the engine's own message, for experts


def tokens(query: str) -> list[Token]:
    """The query's tokens, whitespace left out."""
    return [Token(m.lastgroup or "punct", m.group(0), m.start()) for m in _TOKEN.finditer(query)]


def position(query: str, offset: int) -> tuple[int, int]:
    """(line, column), both counted from 1, of a character offset."""
    line = query.count("\n", 0, offset) + 1
    return line, offset - (query.rfind("\n", 0, offset) + 1) + 1


def explain(query: str, engine: str) -> Explanation:
    """The first mistake found in `query`, else the engine's message (`engine`) in a sentence."""
    found = tokens(query)
    for check in (_unclosed_string, _undeclared_prefix, _misspelt_keyword, _brackets, _bare_word):
        result = check(query, found, engine)
        if result is not None:
            return result
    return _from_engine(query, engine)


def _at(query: str, kind: str, message: str, advice: str, offset: int, engine: str) -> Explanation:
    line, column = position(query, offset)
    return Explanation(kind, message, advice, line, column, engine)


def _unclosed_string(query: str, found: list[Token], engine: str) -> Explanation | None:
    token = next((t for t in found if t.kind == "open"), None)
    if token is None:
        return None
    line, _ = position(query, token.offset)
    return _at(
        query,
        "unclosed_string",
        translate("A text value that starts with {quote} on line {line} is not closed.", quote=token.text, line=line),
        translate("Add the closing {quote} on the same line, after the end of the text.", quote=token.text),
        token.offset,
        engine,
    )


def _declared(found: list[Token]) -> set[str]:
    return {
        b.text[:-1]
        for a, b in zip(found, found[1:], strict=False)
        if a.kind == "word" and a.text.upper() == "PREFIX" and b.kind == "pname" and b.text.endswith(":")
    }


def _undeclared_prefix(query: str, found: list[Token], engine: str) -> Explanation | None:
    declared = _declared(found)
    for before, token in zip([None, *found], found, strict=False):
        if token.kind != "pname":
            continue
        prefix = token.text.split(":", 1)[0]
        if prefix in declared or (before is not None and before.text.upper() == "PREFIX"):
            continue
        line, _ = position(query, token.offset)
        known = PREFIXES.get(prefix)
        return _at(
            query,
            "undeclared_prefix",
            translate(
                "The prefix {prefix}: in {name} on line {line} is not declared, so the query cannot tell which "
                "vocabulary it means.",
                prefix=prefix,
                name=token.text,
                line=line,
            ),
            translate("Add this line at the top of your query: {line}", line=f"PREFIX {prefix}: <{known}>")
            if known
            else translate(
                "Add a line PREFIX {prefix}: <…> at the top of your query with the web address of that vocabulary, "
                "or use one of the prefixes listed below the box.",
                prefix=prefix,
            ),
            token.offset,
            engine,
        )
    return None


def _misspelt_keyword(query: str, found: list[Token], engine: str) -> Explanation | None:
    for before, token in zip([None, *found], found, strict=False):
        if token.kind != "word" or token.text.upper() in KEYWORDS or len(token.text) < 3:
            continue
        if before is not None and before.text in ("@", "^^"):  # a language tag such as @en
            continue
        guess = difflib.get_close_matches(token.text.upper(), CLAUSES, n=1, cutoff=0.75)
        guess = guess or difflib.get_close_matches(token.text.upper(), sorted(KEYWORDS), n=1, cutoff=0.85)
        if not guess:
            continue
        line, _ = position(query, token.offset)
        return _at(
            query,
            "misspelt_keyword",
            translate("{word} on line {line} is not a SPARQL word.", word=token.text, line=line),
            translate("Did you mean {keyword}? Check its spelling.", keyword=guess[0]),
            token.offset,
            engine,
        )
    return None


def _brackets(query: str, found: list[Token], engine: str) -> Explanation | None:
    stack: list[Token] = []
    for token in found:
        if token.text in _PAIRS:
            stack.append(token)
        elif token.text in _PAIRS.values():
            if not stack:
                line, _ = position(query, token.offset)
                return _at(
                    query,
                    "extra_bracket",
                    translate(
                        "There is a {bracket} on line {line} with nothing open for it to close.",
                        bracket=token.text,
                        line=line,
                    ),
                    translate("Remove it, or add the opening bracket it was meant to close."),
                    token.offset,
                    engine,
                )
            opened = stack.pop()
            if _PAIRS[opened.text] != token.text:
                line, _ = position(query, token.offset)
                opened_line, _ = position(query, opened.offset)
                return _at(
                    query,
                    "wrong_bracket",
                    translate(
                        "The {opened} opened on line {opened_line} is closed by a {bracket} on line {line}.",
                        opened=opened.text,
                        opened_line=opened_line,
                        bracket=token.text,
                        line=line,
                    ),
                    translate(
                        "Close it with {closing} first: each bracket needs its own kind of closing bracket.",
                        closing=_PAIRS[opened.text],
                    ),
                    token.offset,
                    engine,
                )
    if stack:
        opened = stack[-1]
        line, _ = position(query, opened.offset)
        return _at(
            query,
            "unclosed_bracket",
            translate("The {opened} on line {line} is never closed.", opened=opened.text, line=line),
            translate(
                "Add a {closing} where that part of the query ends: every {opened} needs a matching {closing}.",
                opened=opened.text,
                closing=_PAIRS[opened.text],
            ),
            opened.offset,
            engine,
        )
    return None


def _bare_word(query: str, found: list[Token], engine: str) -> Explanation | None:
    """A word that is no keyword, probably a name without its prefix (Service for lo:Service)."""
    for before, token in zip([None, *found], found, strict=False):
        after_a = before is not None and before.text == "a"  # only a class can follow 'a' ("?s a Service")
        if token.kind != "word" or (token.text.upper() in KEYWORDS and not after_a):
            continue
        if before is not None and before.text in ("@", "^^"):
            continue
        line, _ = position(query, token.offset)
        return _at(
            query,
            "bare_word",
            translate("{word} on line {line} is not a SPARQL word, a variable or a name.", word=token.text, line=line),
            translate(
                "A variable starts with ? (like ?{word}); a name from the vocabulary needs its prefix "
                '(like lo:{word}); text goes in quotes ("{word}").',
                word=token.text,
            ),
            token.offset,
            engine,
        )
    return None


def _from_engine(query: str, engine: str) -> Explanation:
    if "variable that is unbound" in engine or "not grouped" in engine.lower():
        variable = _ungrouped(query)
        line, column = position(query, variable.offset) if variable else _engine_position(engine)
        name = variable.text if variable else "?variable"
        return Explanation(
            "ungrouped_variable",
            translate(
                "The query counts or totals rows (COUNT, SUM …) but also selects {variable}, which is not grouped.",
                variable=name,
            ),
            translate(
                "Add {variable} to GROUP BY, or take one value of it with (SAMPLE({variable}) AS ?one).",
                variable=name,
            ),
            line,
            column,
            engine,
        )
    line, column = _engine_position(engine)
    expected = _expected_words(engine)
    where = (
        translate("The query stops making sense at line {line}, column {column}.", line=line, column=column)
        if line is not None
        else translate("The query could not be read.")
    )
    if expected:
        where += " " + translate("Something like {expected} was expected there.", expected=", ".join(expected))
    return Explanation(
        "syntax",
        where,
        translate(
            "Check the words just before that point: a keyword may be missing (such as BY after ORDER or GROUP), "
            "or a full stop, comma or bracket may be missing or extra."
        ),
        line,
        column,
        engine,
    )


def _ungrouped(query: str) -> Token | None:
    """The first variable selected on its own (outside brackets) that GROUP BY does not list."""
    found = tokens(query)
    grouped: set[str] = set()
    for a, b in zip(found, found[1:], strict=False):
        if a.text.upper() == "GROUP" and b.text.upper() == "BY":
            start = found.index(b) + 1
            grouped = {t.text[1:] for t in found[start:] if t.kind == "var"}
    depth, selecting = 0, False
    for token in found:
        upper = token.text.upper()
        if upper == "SELECT":
            selecting = True
        elif upper in ("WHERE", "{") and selecting:
            return None
        elif token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif selecting and depth == 0 and token.kind == "var" and token.text[1:] not in grouped:
            return token
    return None


def _engine_position(engine: str) -> tuple[int | None, int | None]:
    match = _POSITION.search(engine)
    if not match:
        return None, None
    line, column = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return int(line), int(column)


def _expected_words(engine: str) -> list[str]:
    """The keywords and punctuation the engine expected (its character classes left out), at most six."""
    match = _EXPECTED.search(engine)
    if not match:
        return []
    words = []
    listed = re.sub(r"\[[^\]]*\]", " ", match.group(1))  # character classes such as ['A' ..= 'Z'] say nothing
    for found in _EXPECTED_WORD.finditer(listed):
        word = found.group(1) or found.group(2)
        if word and word not in words:
            words.append(word)
    return words[:6]
