"""What the guards need to know about a query, read from its tokens (lexer.py): its first keyword, where
it names SERVICE, and how deeply its brackets nest."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexer import LexError, decode_escapes
from .lexer import tokens as _tokens

MAX_DEPTH = 64  # nested { ( [ : the engine's parser recurses, and ~5,000 levels overflow its stack
_OPEN, _CLOSE = "{([", "})]"


@dataclass(frozen=True)
class QueryShape:
    first_keyword: str  # upper case; "" when there is none
    service: str | None  # where SERVICE (or a name the engine could read as it) appears: "line 1, column 9 ('x')"
    too_deep: str | None  # where the nesting first goes past MAX_DEPTH
    unreadable: str | None  # why and where no SPARQL token fits (what came before it is still read)


@lru_cache(maxsize=16)  # the protocol check and the guards read the same query once
def scan(query: str) -> QueryShape:
    """The shape of `query`, read as sent and, when it has \\u escapes, as decoded (the spec decodes them
    before parsing; oxigraph decodes them only inside strings and IRIs): either reading may name SERVICE."""
    readings = [query]
    if "\\u" in query or "\\U" in query:
        readings.append(decode_escapes(query))
    shapes = [_shape(text, " (after its \\u escapes were decoded)" if n else "") for n, text in enumerate(readings)]
    return QueryShape(
        shapes[0].first_keyword,
        *(
            next((getattr(s, name) for s in shapes if getattr(s, name)), None)
            for name in ("service", "too_deep", "unreadable")
        ),
    )


def _shape(text: str, reading: str) -> QueryShape:
    first, service, too_deep, depth = "", None, None, 0
    try:
        for token in _tokens(text):
            if token.kind == "word":
                word = token.text.upper()
                if not first and word not in ("BASE", "PREFIX"):
                    first = word
                # the engine matches keywords without a word boundary: SERVICEsilent and trueSERVICE reach it too
                if "SERVICE" in word and service is None:
                    service = _where(text, token.start, token.text)
            elif token.kind == "pname" and "SERVICE" in token.prefix.upper() and service is None:
                service = _where(text, token.start, token.text)  # `SERVICE:x` is read as SERVICE then `:x`
            elif token.kind == "punct" and token.text in _OPEN:
                depth += 1
                if depth > MAX_DEPTH and too_deep is None:
                    too_deep = _where(text, token.start, token.text)
            elif token.kind == "punct" and token.text in _CLOSE:
                depth = max(0, depth - 1)
    except LexError as error:
        return QueryShape(first, service, too_deep, f"The query could not be read{reading} at {error}.")
    return QueryShape(first, service, too_deep, None)


def _where(text: str, position: int, shown: str) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"line {line}, column {column} ({shown[:40]!r})"
