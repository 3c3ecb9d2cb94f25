"""Every test file that uses the private database is in the Makefile's POSTGRES_TESTS, so `make test-postgres`
(CI) runs it on PostgreSQL too: a new staff, comment, feedback or publishing test cannot be forgotten there.
"Uses" is read from the file: it opens the private database, makes or signs in staff, posts a comment or
feedback, or publishes into a copied build (the edit journal is in the private database)."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
MAKEFILE = TESTS.parent / "Makefile"
USES_PRIVATE_DB = re.compile(
    r"open_private_db|PrivateDB\(|make_staff|\blogin\(|sign_in\(|signed_in|copy_build|\.post\([^)]*/(comments|feedback)/new"
)
# files that match but do not use it, each with why
NOT_PRIVATE = {
    "tests/test_search.py": "only checks that results link to the comment form",
    "tests/browser/test_every_page_type_browser.py": "opens the comment and feedback forms, never sends one",
    "tests/test_postgres_list_complete.py": "this file, which names the patterns",
}


def postgres_tests() -> list[str]:
    text = MAKEFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(r"^POSTGRES_TESTS \?=(.*)$", text, re.MULTILINE)
    assert found, f"{MAKEFILE}: no POSTGRES_TESTS line"
    return found.group(1).split()


def test_every_listed_file_exists():
    missing = [name for name in postgres_tests() if not (TESTS.parent / name).is_file()]
    assert missing == [], f"POSTGRES_TESTS in {MAKEFILE} names files that do not exist: {missing}"


def test_every_file_that_uses_the_private_database_is_listed():
    listed = set(postgres_tests())
    unlisted = [
        name
        for path in sorted([*TESTS.glob("test_*.py"), *TESTS.glob("browser/test_*.py")])
        if (name := str(path.relative_to(TESTS.parent))) not in listed
        and name not in NOT_PRIVATE
        and USES_PRIVATE_DB.search(path.read_text(encoding="utf-8"))
    ]
    assert unlisted == [], f"add to POSTGRES_TESTS in {MAKEFILE} (after a run on PostgreSQL): {unlisted}"
