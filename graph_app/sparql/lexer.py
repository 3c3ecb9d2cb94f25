"""A linear-time lexer of the SPARQL 1.1 grammar's terminals (section 19.8 of the Query spec), so the
guards in front of the engine decide from tokens, never from patterns over the raw text.

Every token pattern is anchored at the current position and uses possessive quantifiers (no
backtracking), and each is tried once per position: a query of n characters costs O(n). A prefix run
that is not followed by ':' is remembered, so the words inside it are not scanned again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# PN_CHARS_BASE, PN_CHARS_U and PN_CHARS of the grammar (productions 164-166), as character classes
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_HEX = "0-9A-Fa-f"
_UCHAR = rf"\\u[{_HEX}]{{4}}|\\U[{_HEX}]{{8}}"
_ECHAR = r"""\\[tbnrf\\"']"""
_PLX = rf"%[{_HEX}]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%]"

_WS = re.compile(r"[\x20\t\r\n]++")
_COMMENT = re.compile(r"#[^\r\n]*+")
_IRIREF = re.compile(rf"""<(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*+>""")
_VAR = re.compile(rf"[?$][{_U}0-9][{_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*+")
_PREFIX_RUN = re.compile(rf"[{_BASE}][{_CHARS}.]*+")
_LOCAL = re.compile(rf"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}.:]|{_PLX})*+")
_BLANK = re.compile(rf"_:[{_U}0-9][{_CHARS}.]*+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*+")
_NUMBER = re.compile(r"(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)(?:[eE][+-]?+[0-9]++)?+")
_LANGTAG = re.compile(r"@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+")
_STRINGS = {
    '"""': re.compile(rf'"""(?:(?:""|")?+(?:[^"\\]|{_ECHAR}|{_UCHAR}))*+"""'),
    "'''": re.compile(rf"'''(?:(?:''|')?+(?:[^'\\]|{_ECHAR}|{_UCHAR}))*+'''"),
    '"': re.compile(rf'"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*+"'),
    "'": re.compile(rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*+'"),
}
_EMPTY = {q: re.compile(q * 2) for q in "\"'"}
_PUNCT2 = ("^^", "&&", "||", "!=", "<=", ">=")
_PUNCT1 = frozenset("{}()[];,.=<>!+-*/^|?")
_ESCAPE = re.compile(rf"\\u([{_HEX}]{{4}})|\\U([{_HEX}]{{8}})")


class LexError(ValueError):
    """Text that is no sequence of SPARQL terminals; `position` is the character offset."""

    def __init__(self, text: str, position: int, what: str) -> None:
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        super().__init__(f"line {line}, column {column}: {what}")
        self.position, self.line, self.column = position, line, column


@dataclass(frozen=True)
class Token:
    kind: str  # iri, var, pname, blank, word, number, string, langtag, punct
    text: str
    start: int
    prefix: str = ""  # the PN_PREFIX of a prefixed name ("" for ':x')


def decode_escapes(text: str) -> str:
    """The query with its codepoint escapes (backslash-u and four hex digits, backslash-U and eight) replaced
    by their characters, as the spec (19.2) says is done before parsing. One pass: an escape that decodes to
    a backslash starts no further escape."""

    def char(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(char, text)


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text` without whitespace and comments; LexError where no terminal fits."""
    pos, end = 0, len(text)
    no_colon_before = -1  # a prefix run ending here had no ':' after it: words inside it are only words
    while pos < end:
        c = text[pos]
        if c in " \t\r\n":
            pos = _WS.match(text, pos).end()
            continue
        if c == "#":
            pos = _COMMENT.match(text, pos).end()
            continue
        if c == "<":
            match = _IRIREF.match(text, pos)
            if match:
                yield Token("iri", match.group(0), pos)
                pos = match.end()
                continue
        if c in "?$":
            match = _VAR.match(text, pos)
            if match:
                yield Token("var", match.group(0), pos)
                pos = match.end()
                continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, pos) else c
            match = _STRINGS[quote].match(text, pos)
            if match is None and quote != c and text.startswith(c * 2, pos):
                match = _EMPTY[c].match(text, pos)  # '' or "": the empty string
            if match is None:
                raise LexError(text, pos, "a string is not closed (or has a bad escape)")
            yield Token("string", match.group(0), pos)
            pos = match.end()
            continue
        if c == "_" and text.startswith("_:", pos):
            match = _BLANK.match(text, pos)
            if match is None:
                raise LexError(text, pos, "a blank node label '_:' has no name")
            label_end = match.end()
            while text[label_end - 1] == ".":
                label_end -= 1
            yield Token("blank", text[pos:label_end], pos)
            pos = label_end
            continue
        if c == ":" or (pos >= no_colon_before and _PREFIX_RUN.match(text, pos)):
            prefix_end = pos
            if c != ":":
                prefix_end = _PREFIX_RUN.match(text, pos).end()
                while text[prefix_end - 1] == ".":
                    prefix_end -= 1
            if prefix_end < end and text[prefix_end] == ":":
                name_end = prefix_end + 1
                local = _LOCAL.match(text, name_end)
                if local:
                    name_end = local.end()
                    while text[name_end - 1] == "." and name_end > prefix_end + 1:
                        name_end -= 1
                yield Token("pname", text[pos:name_end], pos, prefix=text[pos:prefix_end])
                pos = name_end
                continue
            no_colon_before = prefix_end
        if c.isascii() and c.isalpha():
            match = _WORD.match(text, pos)
            yield Token("word", match.group(0), pos)
            pos = match.end()
            continue
        if c.isdigit() or (c == "." and pos + 1 < end and text[pos + 1].isdigit()):
            match = _NUMBER.match(text, pos)
            if match:
                yield Token("number", match.group(0), pos)
                pos = match.end()
                continue
        if c == "@":
            match = _LANGTAG.match(text, pos)
            if match:
                yield Token("langtag", match.group(0), pos)
                pos = match.end()
                continue
        pair = text[pos : pos + 2]
        punct = pair if pair in _PUNCT2 else c if c in _PUNCT1 else None
        if punct is None:
            raise LexError(text, pos, f"{c!r} starts no SPARQL token")
        yield Token("punct", punct, pos)
        pos += len(punct)
