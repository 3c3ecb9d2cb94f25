"""The private database's modules on both engines (the `private_db` fixture: the SQLite file, and a new database
on a real PostgreSQL server): each test runs twice and must find the same answers, so the SQL the modules write
for SQLite means the same on PostgreSQL (graph_app/private/dialect.py, pg.py)."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime

import pytest

from graph_app.gaps import snapshots
from graph_app.live import journal
from graph_app.live.changes import Replace
from graph_app.mail import outbox
from graph_app.notify import recipients
from graph_app.private import (
    accounts,
    comments,
    drafts,
    feedback,
    login_throttle,
    rate_limits,
    report_commentary,
    search_demand,
    staff_sessions,
)

ID = "https://w3id.org/se7-local-offer/id/"
KENT = f"{ID}area/kent"


def test_every_migration_is_applied_once_and_recorded(private_db):
    private_db.migrate()
    with private_db.connect() as conn:
        names = [row["name"] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names[0] == "001_accounts.sql" and names[-1].endswith(".sql") and len(names) == len(set(names)) >= 18
    with private_db.connect() as conn:  # a second process (here: connection) finds nothing left to apply
        again = conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert again == len(names)


def test_accounts_emails_ignore_case_and_a_second_account_for_one_is_refused(private_db):
    made = accounts.create_user(private_db, "Ann.Admin@Example.org", "Ann", "admin", password="a long enough pass")
    assert made.id >= 1
    assert accounts.user_by_email(private_db, "ann.admin@example.ORG").id == made.id
    assert accounts.authenticate(private_db, "ANN.ADMIN@example.org", "a long enough pass").id == made.id
    with pytest.raises(accounts.AccountError):
        accounts.create_user(private_db, "ann.admin@example.org", "Ann again", "moderator")
    with pytest.raises(sqlite3.IntegrityError):  # the database's own UNIQUE, raised as sqlite3's on both engines
        with private_db.connect(immediate=True) as conn:
            conn.execute(
                "INSERT INTO users (email, name, role, created_at) VALUES (?, 'X', 'admin', 'now')",
                ("ANN.admin@example.org",),
            )


def test_councils_are_listed_with_each_account_and_names_sort_ignoring_case(private_db):
    password = "a long enough pass"
    accounts.create_user(private_db, "b@example.org", "bea", "moderator", password=password, councils=[KENT])
    accounts.create_user(private_db, "a@example.org", "Al", "moderator", password=password)
    listed = accounts.list_accounts(private_db)
    assert [a.name for a in listed] == ["Al", "bea"]
    assert listed[1].councils == (KENT,)
    with private_db.connect() as conn:
        assert [u.name for u in recipients.moderators(conn, KENT)] == ["bea", "Al"]  # in the order they were made
        assert [u.name for u in recipients.moderators(conn, f"{ID}area/medway")] == ["Al"]


def test_sessions_start_are_found_and_end(private_db):
    user = accounts.create_user(private_db, "s@example.org", "Sam", "admin")
    session = staff_sessions.start_session(private_db, user)
    assert staff_sessions.session_user(private_db, session, 3600.0, 36000.0).email == "s@example.org"
    staff_sessions.touch(private_db, session)
    staff_sessions.end_session(private_db, session)
    assert staff_sessions.session_user(private_db, session, 3600.0, 36000.0) is None


def test_comments_are_numbered_in_order_and_moderated(private_db):
    first = comments.add_comment(private_db, "/id/service/a", f"{ID}service/a", "First", None, None)
    second = comments.add_comment(private_db, "/id/service/a", f"{ID}service/a", "100% sure?", "Jo", "jo@x.org")
    assert second == first + 1
    assert comments.pending_count(private_db) == 2
    moderator = accounts.create_user(private_db, "m@example.org", "Mo", "moderator")
    assert comments.mark_rejected(private_db, first, moderator.id)
    assert [c.body for c in comments.pending_comments(private_db)] == ["100% sure?"]
    assert comments.get_comment(private_db, first).status == "rejected"


def test_feedback_and_its_email_are_kept_together_with_the_new_rows_id(private_db):
    seen: list[int] = []

    def then(conn, feedback_id: int, reference: str) -> None:
        seen.append(feedback_id)
        outbox.queue(
            conn, "noreply@example.org", kind="feedback", to_address="p@example.org", subject=reference, body="New"
        )

    reference = feedback.add_feedback(private_db, f"{ID}service/a", "A", f"{ID}provider/p", "Body", None, None, then)
    admin = accounts.create_user(private_db, "f@example.org", "Fay", "admin")
    items = feedback.feedback_for(private_db, admin)
    assert [i.reference for i in items] == [reference] and seen == [items[0].id]
    assert [e.subject for e in outbox.claim(private_db, every=True)] == [reference]


def test_drafts_are_replaced_in_place_and_discarded(private_db):
    user = accounts.create_user(private_db, "d@example.org", "Di", "admin")
    drafts.save(private_db, user.id, "new:service", 0, {"name": ["One"]})
    drafts.save(private_db, user.id, "new:service", 2, {"name": ["Two"]})
    assert drafts.load(private_db, user.id, "new:service").fields == {"name": ["Two"]}
    assert drafts.discard(private_db, user.id, "new:service") and not drafts.discard(private_db, user.id, "new:service")


def test_the_journal_numbers_entries_and_keeps_the_highest_applied_per_endpoint(private_db):
    seq = journal.append(private_db, [Replace(f"{ID}service/a", "")], "Ann", "removed a")
    assert journal.append(private_db, [Replace(f"{ID}service/b", "")], "Ann", "removed b") == seq + 1
    assert [e.seq for e in journal.pending(private_db, after=0)] == [seq, seq + 1]
    journal.record_applied_remote(private_db, "http://store/update", seq + 1)
    journal.record_applied_remote(private_db, "http://store/update", seq)  # a slower publisher: never backwards
    assert journal.applied_remote(private_db, "http://store/update") == seq + 1
    journal.mark_failed(private_db, seq, "bad")
    assert journal.status(private_db, seq) == ("failed", "bad")


def test_rate_limits_and_sign_in_throttle_count_and_take_back(private_db):
    limit = rate_limits.Limit("comment", 2, 600.0)
    assert rate_limits.retry_after(private_db, limit, "k") is None
    rate_limits.record(private_db, limit, "k")
    rate_limits.record(private_db, limit, "k")
    assert rate_limits.retry_after(private_db, limit, "k") >= 1
    attempt = login_throttle.reserve(private_db, login_throttle.Policy(), "addr", "acct")
    assert isinstance(attempt, login_throttle.Attempt) and attempt.event_ids
    login_throttle.succeeded(private_db, attempt, "acct")
    with private_db.connect() as conn:
        assert conn.execute("SELECT count(*) FROM rate_events WHERE bucket != 'comment'").fetchone()[0] == 0


def test_search_demand_counts_add_up_in_place(private_db):
    day = date(2026, 12, 7)
    for found in (True, False, False):
        search_demand.count_search(private_db, "autism", "kent", found, day)
    [row] = search_demand.demand(private_db, day, area="kent")
    assert (row.need, row.searches, row.found_nothing) == ("autism", 3, 2)


def test_report_figures_keep_the_first_per_version_and_find_the_previous(private_db):
    report_commentary.record_figures(private_db, KENT, "v1", None, {"gaps": 3})
    report_commentary.record_figures(private_db, KENT, "v1", None, {"gaps": 99})  # ignored: the first wins
    report_commentary.record_figures(private_db, KENT, "v2", None, {"gaps": 5})
    assert report_commentary.previous_figures(private_db, KENT, "v3").figures == {"gaps": 5}
    assert report_commentary.previous_figures(private_db, KENT, "v2").figures == {"gaps": 3}


def test_gap_snapshots_keep_binary_results_and_trends_in_order(private_db):
    day_one, day_two = datetime(2026, 12, 6, tzinfo=UTC), datetime(2026, 12, 7, tzinfo=UTC)
    assert snapshots.record_version(private_db, "v1", None, {KENT: {"a": 1.0}}, now=day_one)
    assert not snapshots.record_version(private_db, "v1", None, {KENT: {"a": 9.0}}, now=day_one)
    snapshots.record_version(private_db, "v0", None, {KENT: {"a": 7.0}}, now=day_two)
    snapshots.record_version(private_db, "v2", None, {KENT: {"a": 2.5}}, now=day_two)  # the day's last (rowid)
    taken = snapshots.take(private_db, "End of term", "v2", None, {"a": {"columns": [], "rows": [["é"]]}})
    assert snapshots.result_of(private_db, taken.id, "a") == {"columns": [], "rows": [["é"]]}
    assert [p.count for p in snapshots.trend(private_db, KENT)["a"]] == [1.0, 2.5]
    quarter = snapshots.take(private_db, "Q3", "v2", None, {}, period="2026-Q3")
    assert quarter is not None and snapshots.take(private_db, "Q3", "v2", None, {}, period="2026-Q3") is None


def test_a_failed_transaction_leaves_nothing_and_the_next_one_works(private_db):
    with pytest.raises(RuntimeError):
        with private_db.connect(immediate=True) as conn:
            conn.execute("INSERT INTO history_backfill (ran_at, activities) VALUES (?, ?)", ("now", 1))
            raise RuntimeError("stop")
    with pytest.raises(sqlite3.OperationalError):  # no such table, on both engines
        with private_db.connect() as conn:
            conn.execute("SELECT * FROM no_such_table")
    with private_db.connect() as conn:
        assert conn.execute("SELECT count(*) FROM history_backfill").fetchone()[0] == 0


def test_immediate_transactions_are_one_at_a_time(private_db):
    """Read-modify-write under `immediate` never loses an update, with threads (connections) racing."""
    private_db.migrate()
    with private_db.connect(immediate=True) as conn:
        conn.execute("INSERT INTO history_backfill (ran_at, activities) VALUES ('x', 0)")

    def bump() -> None:
        for _ in range(10):
            with private_db.connect(immediate=True) as conn:
                count = conn.execute("SELECT activities FROM history_backfill").fetchone()[0]
                conn.execute("UPDATE history_backfill SET activities = ?", (count + 1,))

    workers = [threading.Thread(target=bump) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    with private_db.connect() as conn:
        assert conn.execute("SELECT activities FROM history_backfill").fetchone()[0] == 40


def test_a_kept_connection_the_server_has_closed_is_replaced(postgres_cluster, tmp_path):
    """PostgreSQL only: connections are kept between requests; one the server ended (a restart, an idle
    timeout) is replaced at the next transaction instead of failing a request."""
    import psycopg

    from graph_app.private.db import PrivateDB

    url = postgres_cluster.new_database()
    db = PrivateDB(tmp_path / "unused.sqlite", url=url)
    comments.add_comment(db, "/id/service/a", f"{ID}service/a", "Kept", None, None)
    with psycopg.connect(url, autocommit=True) as admin:
        ended = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert ended >= 1  # the kept connection was there, and is gone
    assert comments.pending_count(db) == 1


def test_dates_are_stored_as_sqlite_stores_them(private_db):
    private_db.migrate()
    with private_db.connect(immediate=True) as conn:
        conn.execute(
            "INSERT INTO review_notices (record_iri, due_on, sent_at) VALUES (?, ?, ?)", ("r", date(2026, 1, 2), "x")
        )
    with private_db.connect() as conn:
        assert conn.execute("SELECT due_on FROM review_notices").fetchone()[0] == "2026-01-02"
