"""Record versions in the private database: stale saves, rollback changes, and versions a crash left
unconfirmed (graph_app/live/versions.py and records.py)."""

from __future__ import annotations

import pytest

from graph_app.live import Replace, journal, records, versions
from graph_app.private.db import PrivateDB

RECORD = "https://w3id.org/se7-local-offer/id/service/example"
ANSWER = "https://w3id.org/se7-local-offer/id/answer/example-service-01"
NAME = "<https://w3id.org/se7-local-offer/id/service/example> <http://www.w3.org/2000/01/rdf-schema#label>"


@pytest.fixture
def db(tmp_path):
    return PrivateDB(tmp_path / "private.sqlite")


def test_the_first_save_keeps_the_original_as_version_0_and_a_stale_save_is_refused(db):
    assert versions.reserve(db, RECORD, 0, f'{NAME} "Old"@en .', f'{NAME} "New"@en .', 1, "Ann", "first") == 1
    assert [v.number for v in versions.history(db, RECORD)] == [1, 0]
    with pytest.raises(versions.StaleEdit) as refused:
        versions.reserve(db, RECORD, 0, "", f'{NAME} "Other"@en .', 2, "Bob", "second")
    assert refused.value.latest.user_name == "Ann" and refused.value.latest.number == 1
    assert versions.reserve(db, RECORD, 1, "", f'{NAME} "Newer"@en .', 2, "Bob", "second") == 2


def test_rolling_back_removes_what_was_added_since(db):
    target = f'{NAME} "Old"@en .'
    current = f'{NAME} "New"@en .\n<{ANSWER}> <https://w3id.org/se7-local-offer/def#answerText> "Hi"@en .'
    changes = versions.changes_between(current, target)
    assert changes == [Replace(RECORD, f'{NAME} "Old"@en .'), Replace(ANSWER, "")]


def test_unconfirmed_versions_are_settled_from_the_journal(db):
    for number in (1, 2):
        versions.reserve(db, RECORD, number - 1, "", f'{NAME} "v{number}"@en .', 1, "Ann", f"v{number}")
    with db.connect(immediate=True) as connection:
        connection.execute("UPDATE record_versions SET created_at = '2000-01-01T00:00:00+00:00'")
    # version 1 reached the journal before the crash; version 2 did not
    seq = journal.append(db, [Replace(RECORD, f'{NAME} "v1"@en .')], "Ann", f"v1 [{records.version_marker(RECORD, 1)}]")
    assert records.repair_unconfirmed(db) == 2
    assert versions.get(db, RECORD, 1).journal_seq == seq
    assert versions.get(db, RECORD, 2) is None
    assert records.repair_unconfirmed(db) == 0


def test_recent_unconfirmed_versions_are_left_alone(db):
    versions.reserve(db, RECORD, 0, "", f'{NAME} "v1"@en .', 1, "Ann", "in progress")
    assert records.repair_unconfirmed(db) == 0
    assert versions.get(db, RECORD, 1) is not None


@pytest.mark.parametrize(
    ("reviewed", "every", "status"),
    [
        (None, 12, "overdue"),
        ("2025-11-28", 12, "overdue"),  # exactly 12 months before
        ("2025-11-29", 12, "due"),  # a day short of 12 months
        ("2025-12-28", 12, "due"),  # 11 months
        ("2026-01-29", 12, "ok"),
        ("2026-05-28", 6, "overdue"),  # a council that reviews every 6 months
        ("not a date", 12, "overdue"),
    ],
)
def test_review_status(reviewed, every, status):
    from datetime import date

    assert records.review_status(reviewed, date(2026, 11, 28), every) == status
