"""`graph-app notify send|due|digest`: the email jobs, for cron (the app has no scheduler of its own).

    */5 * * * *  graph-app notify send      # retry what failed (the running app also retries every minute)
    0 7 * * *    graph-app notify due       # records whose last check turned 11 months old: their editors
    0 7 * * 1    graph-app notify digest    # Monday: each member of staff's week

`due` and `digest` send what they queue at once; each is safe to run again (nothing is sent twice)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from ..config import Settings


def add_notify_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("notify", help="emails: send the outbox, review-due notices, weekly digests")
    actions = parser.add_subparsers(dest="notify_action", required=True)
    send = actions.add_parser("send", help="send the emails waiting in the outbox whose next try is due")
    send.add_argument("--all", action="store_true", help="try every waiting email now, however recently it failed")
    for name, text in (
        ("due", "tell editors about records last checked 11 months ago or more (once per record per due date)"),
        ("digest", "send this week's digest to each member of staff with something waiting (once a week)"),
    ):
        job = actions.add_parser(name, help=text)
        job.add_argument(
            "--site", help="the address the explorer is served at, for links (default: GRAPH_APP_PUBLIC_URL)"
        )
        job.add_argument("--today", type=date.fromisoformat, help="the date to work from, YYYY-MM-DD (default: today)")
    return parser


def run_notify_command(args: argparse.Namespace, settings: Settings) -> int:
    from ..mail import smtp
    from ..mail.sender import send_due
    from ..private.db import open_private_db

    db = open_private_db(settings)
    if args.notify_action != "send":
        site = args.site or settings.public_url
        if not site:
            print(
                "site: give --site https://... or set GRAPH_APP_PUBLIC_URL, for the links in the emails.",
                file=sys.stderr,
            )
            return 2
        from ..queries import QueryLibrary
        from ..store import StoreError, open_store
        from .digest import send_digests
        from .review_due import send_due_notices

        try:
            store = open_store(settings)
        except StoreError as error:
            print(error, file=sys.stderr)
            return 1
        library, today = QueryLibrary(settings.queries_dir), args.today or date.today()
        if args.notify_action == "due":
            records, emails = send_due_notices(settings, db, store, library, site, today)
            print(f"{records} record(s) newly due for review; {emails} email(s) queued.")
        else:
            print(f"{send_digests(settings, db, store, library, site, today)} digest(s) queued.")
    if not smtp.configured(settings):
        print("No mail server is set (GRAPH_APP_SMTP_HOST): the emails are kept in the outbox, not sent.")
        return 0
    sent, failed = send_due(settings, db, every=getattr(args, "all", False))
    print(f"Sent {sent} email(s); {failed} failed and will be tried again.")
    return 1 if failed and not sent else 0
