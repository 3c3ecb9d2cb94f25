"""Every interface string a template passes to _() as a literal is in strings/en.json, the catalogue a
translator copies: a string missing there cannot be found to translate."""

from __future__ import annotations

import json
import re

from graph_app.config import PROJECT_ROOT
from graph_app.web.core.i18n import STRINGS_DIR

TEMPLATES = PROJECT_ROOT / "graph_app" / "web" / "templates"
# _("...") or _('...'), the literal Jinja string (backslash escapes allowed)
LITERAL = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def template_strings() -> dict[str, str]:
    """Each literal key -> the first template that uses it."""
    found: dict[str, str] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
            key = _unescape(match.group(1) if match.group(1) is not None else match.group(2))
            found.setdefault(key, path.name)
    return found


def test_the_scan_finds_the_frame_strings():
    found = template_strings()
    assert len(found) > 200
    assert found["Skip to main content"] == "base.html"
    assert "See all {count} results of this kind" in found


def test_every_template_string_is_in_the_english_catalogue():
    english = json.loads((STRINGS_DIR / "en.json").read_text(encoding="utf-8"))
    missing = {key: where for key, where in template_strings().items() if key not in english}
    assert not missing, f"{len(missing)} strings missing from strings/en.json, e.g. {sorted(missing.items())[:5]}"
