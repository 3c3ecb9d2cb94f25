"""Hostile inputs shared by the corpus, fuzz and soak tests: SPARQL and IRI injection, markup, path
traversal, odd encodings and sizes. Each is something a real attacker or a broken client sends."""

from __future__ import annotations

SPARQL_INJECTION = [
    '" } ; DROP ALL ; #',
    'x" . ?s ?p ?o } UNION { ?s ?p ?o } #',
    "<http://example.org/a> } ; CLEAR DEFAULT ; SELECT * WHERE { ?s ?p ?o",
    "') } DELETE WHERE { ?s ?p ?o } #",
    "?s ?p ?o",
    "SERVICE <http://evil.example/sparql> { ?s ?p ?o }",
]
IRI_BREAKERS = [
    "http://example.org/a>b",
    "<http://evil.example/>",
    "http://example.org/{x}",
    "a\"b'c",
    "line one\nline two",
    "tab\there\r\nCRLF",
    "https://w3id.org/se7-local-offer/id/need/autism> . ?s ?p ?o . <x",
    "\\u003e\\u0022",
]
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "{{ 7*7 }}{% raw %}",
]
TRAVERSAL = [
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd",
    "..\\..\\windows\\win.ini",
    "%00",
]
ODD = [
    "",
    " ",
    "-1",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "\u202egnp.exe",
    "\U0001f600 emoji",
    "\x00nul",
    "x" * 5000,
]
ALL = SPARQL_INJECTION + IRI_BREAKERS + MARKUP + TRAVERSAL + ODD
# one or two of each family, for the sweep over every route in the normal run (HOSTILE_FULL=1: ALL)
QUICK = [
    SPARQL_INJECTION[0],
    SPARQL_INJECTION[2],
    IRI_BREAKERS[0],
    IRI_BREAKERS[4],
    IRI_BREAKERS[6],
    MARKUP[0],
    MARKUP[1],
    TRAVERSAL[0],
    TRAVERSAL[1],
    ODD[0],
    ODD[3],
    ODD[7],
    ODD[8],
    ODD[9],
]
# strings that must never come back unescaped in an HTML page
MUST_BE_ESCAPED = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>"]
