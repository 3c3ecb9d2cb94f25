"""Every interface string is translated in every language the site offers (issue 16).

For each catalogue in graph_app/web/translations/ other than English (cy and pl today; a council that adds
a folder is checked with no change here), against the English catalogue:
- every English key has a translation that is non-empty and not marked fuzzy (a translator's "unsure");
- a translation keeps every `{placeholder}` of its English message and adds none (the code fills only
  those; a missing one drops a name or number from the page, a new one is a KeyError when the page runs);
  a plural form may leave out `{count}` ("one result" in words), never the other placeholders;
- a plural message fills every form the language's Plural-Forms header has (Polish 3, Welsh 6).

Each failure names the language and the key. The checks are plain functions, tried on a small catalogue
written to a temporary folder, so the test is known to fail when a catalogue is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from graph_app.web.core.i18n import TRANSLATIONS_DIR

DEFAULT = "en"
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
COUNT = "count"


def read_catalogues(root: Path = TRANSLATIONS_DIR) -> dict[str, Catalog]:
    """Every catalogue under `root` by its folder's language code (read fresh: not the app's cached copy)."""
    found = {}
    for path in sorted(root.glob("*/LC_MESSAGES/messages.po")):
        language = path.parent.parent.name
        with path.open("rb") as po:
            found[language] = read_po(po, locale=language)
    return found


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(message: Message) -> list[str]:
    string = message.string
    return list(string) if isinstance(string, (list, tuple)) else [string or ""]


def _placeholders(*texts: str) -> set[str]:
    return {name for text in texts for name in PLACEHOLDER.findall(text or "")}


def missing_translations(english: Catalog, other: Catalog, language: str) -> list[str]:
    """'<lang>: <key>: why' for each English key without a usable translation."""
    problems = []
    for message in english:
        if not message.id:
            continue
        key = _key(message)
        found = other.get(key)
        if found is None:
            problems.append(f"{language}: {key!r}: missing from the catalogue")
        elif found.fuzzy:
            problems.append(f"{language}: {key!r}: marked fuzzy")
        elif not any(form.strip() for form in _forms(found)):
            problems.append(f"{language}: {key!r}: empty translation")
    return problems


def placeholder_problems(english: Catalog, other: Catalog, language: str) -> list[str]:
    """Translations that lose a placeholder of the English message or bring in a new one."""
    problems = []
    for message in english:
        if not message.id:
            continue
        key = _key(message)
        found = other.get(key)
        if found is None:
            continue  # reported by missing_translations
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        # a key that is not English text ("language.native_name") has its placeholders in the English msgstr
        expected = _placeholders(*ids, *_forms(message))
        plural = not isinstance(found.id, str)
        for number, form in enumerate(_forms(found)):
            if not form.strip():
                continue  # reported by missing_translations or plural_problems
            present = _placeholders(form)
            lost = expected - present - ({COUNT} if plural else set())
            new = present - expected
            where = f"{language}: {key!r}" + (f" form {number}" if plural else "")
            if lost:
                problems.append(f"{where}: loses {{{'}, {'.join(sorted(lost))}}}")
            if new:
                problems.append(f"{where}: adds {{{'}, {'.join(sorted(new))}}}")
    return problems


def plural_problems(english: Catalog, other: Catalog, language: str) -> list[str]:
    """Plural messages without exactly the language's number of forms, each filled."""
    problems = []
    wanted = other.num_plurals
    for message in english:
        if not message.id or isinstance(message.id, str):
            continue
        key = _key(message)
        found = other.get(key)
        if found is None:
            continue
        if isinstance(found.id, str):
            problems.append(f"{language}: {key!r}: a plural message translated as a single string")
            continue
        forms = _forms(found)
        if len(forms) != wanted:
            problems.append(f"{language}: {key!r}: {len(forms)} plural forms, the language has {wanted}")
        empty = [str(n) for n, form in enumerate(forms) if not form.strip()]
        if empty and len(empty) < len(forms):  # all empty: reported once, as an empty translation
            problems.append(f"{language}: {key!r}: plural form(s) {', '.join(empty)} empty")
    return problems


def _report(problems: list[str], limit: int = 40) -> str:
    shown = "\n".join(problems[:limit])
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n{shown}{more}"


CATALOGUES = read_catalogues()
OTHER_LANGUAGES = sorted(code for code in CATALOGUES if code != DEFAULT)


def test_there_are_catalogues_to_check() -> None:
    assert DEFAULT in CATALOGUES
    assert {"cy", "pl"} <= set(OTHER_LANGUAGES)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_english_key_is_translated(language: str) -> None:
    problems = missing_translations(CATALOGUES[DEFAULT], CATALOGUES[language], language)
    assert not problems, _report(problems)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    problems = placeholder_problems(CATALOGUES[DEFAULT], CATALOGUES[language], language)
    assert not problems, _report(problems)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_plural_messages_fill_every_form(language: str) -> None:
    problems = plural_problems(CATALOGUES[DEFAULT], CATALOGUES[language], language)
    assert not problems, _report(problems)


ENGLISH_PO = r"""msgid ""
msgstr ""
"Language: en\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "language.native_name"
msgstr "English"

msgid "Search"
msgstr "Search"

msgid "Hello {name}"
msgstr "Hello {name}"

msgid "Services in {area}"
msgstr "Services in {area}"

msgid "Unsure"
msgstr "Unsure"

msgid "Not there"
msgstr "Not there"

msgid "{count} result for {query}"
msgid_plural "{count} results for {query}"
msgstr[0] "{count} result for {query}"
msgstr[1] "{count} results for {query}"

msgid "{count} place"
msgid_plural "{count} places"
msgstr[0] "{count} place"
msgstr[1] "{count} places"
"""

# Polish-like: three plural forms; every kind of mistake once, and correct entries that must pass
BROKEN_PO = r"""msgid ""
msgstr ""
"Language: xx\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "language.native_name"
msgstr "Xx"

msgid "Search"
msgstr ""

msgid "Hello {name}"
msgstr "Cześć {imie}"

msgid "Services in {area}"
msgstr "Usługi w {area}"

#, fuzzy
msgid "Unsure"
msgstr "Niepewne"

msgid "{count} result for {query}"
msgid_plural "{count} results for {query}"
msgstr[0] "jeden wynik dla {query}"
msgstr[1] "{count} wyniki"
msgstr[2] ""

msgid "{count} place"
msgid_plural "{count} places"
msgstr[0] "{count} miejsce"
msgstr[1] "{count} miejsca"
msgstr[2] "{count} miejsc"
"""


@pytest.fixture()
def tmp_catalogues(tmp_path: Path) -> dict[str, Catalog]:
    for code, text in (("en", ENGLISH_PO), ("xx", BROKEN_PO)):
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text(text, encoding="utf-8")
    return read_catalogues(tmp_path)


def test_the_checks_find_every_kind_of_gap(tmp_catalogues: dict[str, Catalog]) -> None:
    english, broken = tmp_catalogues["en"], tmp_catalogues["xx"]
    assert broken.num_plurals == 3
    missing = missing_translations(english, broken, "xx")
    assert missing == [
        "xx: 'Search': empty translation",
        "xx: 'Unsure': marked fuzzy",
        "xx: 'Not there': missing from the catalogue",
    ]
    placeholders = placeholder_problems(english, broken, "xx")
    assert placeholders == [
        "xx: 'Hello {name}': loses {name}",
        "xx: 'Hello {name}': adds {imie}",
        # form 0 may leave out {count} ("jeden"), form 1 may not drop {query}
        "xx: '{count} result for {query}' form 1: loses {query}",
    ]
    plurals = plural_problems(english, broken, "xx")
    assert plurals == ["xx: '{count} result for {query}': plural form(s) 2 empty"]


def test_a_complete_catalogue_passes(tmp_catalogues: dict[str, Catalog]) -> None:
    english = tmp_catalogues["en"]
    assert not missing_translations(english, english, "en")
    assert not placeholder_problems(english, english, "en")
    assert not plural_problems(english, english, "en")


def test_too_few_plural_forms_are_found(tmp_path: Path) -> None:
    """A catalogue copied from a two-form language into a three-form one keeps two msgstr[] lines."""
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    two_forms = BROKEN_PO.replace('msgstr[2] "{count} miejsc"\n', "")
    (folder / "messages.po").write_text(two_forms, encoding="utf-8")
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "en" / "LC_MESSAGES" / "messages.po").write_text(ENGLISH_PO, encoding="utf-8")
    found = read_catalogues(tmp_path)
    problems = plural_problems(found["en"], found["xx"], "xx")
    assert any("'{count} place'" in p and "plural form" in p for p in problems), problems
