"""Every interface string graph_app asks for is in the English catalogue (translations/en/.../messages.po),
the catalogue a translator copies: a string missing there cannot be found to translate.

Python is read with ast (calls to translate, translate_plural and the N_ marker that tables of strings
use), templates with Jinja's own gettext extractor (calls to _ and _n). Keys that are computed at run
time (`_(group.title)`) cannot be checked here: tables of them are marked with N_ so they are."""

from __future__ import annotations

import ast
from pathlib import Path

from jinja2 import Environment

from graph_app.config import PROJECT_ROOT
from graph_app.web.core.i18n import catalogues

GRAPH_APP = PROJECT_ROOT / "graph_app"
TEMPLATES = GRAPH_APP / "web" / "templates"
SINGULAR_CALLS = {"translate", "_", "N_"}
PLURAL_CALLS = {"translate_plural", "_n"}


def _literal(node: ast.expr) -> list[str] | None:
    """The string(s) an argument can be: a literal, or either branch of `a if c else b` of literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal(node.body), _literal(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def python_keys(root: Path = GRAPH_APP) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(singular key -> first place, (singular, plural) -> first place) of literal keys in Python."""
    singular: dict[str, str] = {}
    plural: dict[tuple[str, str], str] = {}
    for path in sorted(root.rglob("*.py")):
        where = str(path.relative_to(root.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=where)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id in SINGULAR_CALLS and node.args:
                for key in _literal(node.args[0]) or []:
                    singular.setdefault(key, f"{where}:{node.lineno}")
            elif node.func.id in PLURAL_CALLS and len(node.args) >= 2:
                one, many = _literal(node.args[0]), _literal(node.args[1])
                if one and many and len(one) == len(many) == 1:
                    plural.setdefault((one[0], many[0]), f"{where}:{node.lineno}")
    return singular, plural


def template_keys(root: Path = TEMPLATES) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """The same for templates, with Jinja's parser (so a key in a string inside an expression counts)."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    singular: dict[str, str] = {}
    plural: dict[tuple[str, str], str] = {}
    for path in sorted(root.rglob("*.html")):
        where = str(path.relative_to(root))
        source = path.read_text(encoding="utf-8")
        for lineno, function, message in env.extract_translations(source, gettext_functions=("_", "_n")):
            if function == "_" and isinstance(message, tuple) and isinstance(message[0], str):
                message = message[0]  # `_("… {name}", name=x)`: Jinja gives the keyword arguments as None
            if function == "_" and isinstance(message, str):
                singular.setdefault(message, f"{where}:{lineno}")
            elif function == "_n" and isinstance(message, tuple) and all(isinstance(m, str) for m in message[:2]):
                plural.setdefault((message[0], message[1]), f"{where}:{lineno}")
    return singular, plural


def english() -> tuple[set[str], dict[str, str]]:
    """(singular msgids, singular -> msgid_plural of each plural message) of the English catalogue."""
    singles, plurals = set(), {}
    for message in catalogues()["en"]:
        if isinstance(message.id, str) and message.id:
            singles.add(message.id)
        elif isinstance(message.id, tuple):
            plurals[message.id[0]] = message.id[1]
    return singles, plurals


def test_the_scans_find_what_they_should():
    """The scans are not empty by accident: known strings of each kind are found where they are."""
    t_single, t_plural = template_keys()
    p_single, p_plural = python_keys()
    assert len(t_single) > 200
    assert t_single["Skip to main content"].startswith("core/base.html:")
    assert ("{count} result", "{count} results") in t_plural
    assert t_single["{count} more"].startswith("explore/_node_groups.html:")  # a key with keyword arguments
    assert p_single["Enter your child's age in years"].startswith("graph_app/web/mychild/choice.py:")
    assert "Available without an assessment" in p_single  # an N_-marked table
    # a literal plural call is found (SUMMARY_LINES reaches translate_plural through N_: singular keys)
    assert p_plural[("{count} second", "{count} seconds")].startswith("graph_app/web/staff/sign_in.py:")


def test_every_template_string_is_in_the_english_catalogue():
    singles, plurals = english()
    t_single, t_plural = template_keys()
    missing = {key: where for key, where in t_single.items() if key not in singles}
    assert not missing, f"{len(missing)} template strings not in en messages.po, e.g. {sorted(missing.items())[:5]}"
    wrong = {pair: where for pair, where in t_plural.items() if plurals.get(pair[0]) != pair[1]}
    assert not wrong, f"plural strings missing from en messages.po (msgid + msgid_plural): {sorted(wrong.items())[:5]}"


def test_every_python_string_is_in_the_english_catalogue():
    singles, plurals = english()
    p_single, p_plural = python_keys()
    known = singles | set(plurals) | set(plurals.values())  # an N_-marked plural half is known too
    missing = {key: where for key, where in p_single.items() if key not in known}
    assert not missing, f"{len(missing)} Python strings not in en messages.po, e.g. {sorted(missing.items())[:5]}"
    wrong = {pair: where for pair, where in p_plural.items() if plurals.get(pair[0]) != pair[1]}
    assert not wrong, f"plural strings missing from en messages.po: {sorted(wrong.items())[:5]}"


def test_the_python_scan_can_fail(tmp_path):
    """A new translate() call with a string the catalogue lacks is found (the scan reads real files)."""
    (tmp_path / "m.py").write_text('translate("No such string x1")\ntranslate_plural("a {count}", "b {count}", 2)\n')
    singular, plural = python_keys(tmp_path)
    assert set(singular) == {"No such string x1"} and set(plural) == {("a {count}", "b {count}")}
    assert "No such string x1" not in english()[0]
