"""`graph-app journal ...`: what was published after the build, what failed, and publishing a failed change again."""

from __future__ import annotations

import argparse

from ..config import Settings
from ..private.db import open_private_db, private_db_exists
from . import journal
from .changes import PublishError
from .publisher import applied_seq, publish, recover


def add_journal_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("journal", help="changes published since the build: list, apply, retry, abandon")
    actions = parser.add_subparsers(dest="journal_action", required=True)
    listing = actions.add_parser("list", help="the newest changes, with what the live graph has applied")
    listing.add_argument("--failed", action="store_true", help="only changes that could not be published")
    listing.add_argument("--limit", type=int, default=50)
    actions.add_parser("apply", help="apply changes the live graph has not got (as the app does when it starts)")
    retry = actions.add_parser("retry", help="publish a failed change again, as a new entry")
    retry.add_argument("seq", type=int)
    abandon = actions.add_parser("abandon", help="never replay a change again (one that stops every build)")
    abandon.add_argument("seq", type=int)
    return parser


def run_journal_command(args: argparse.Namespace, settings: Settings) -> int:
    if not private_db_exists(settings):
        print(f"No private database at {settings.private_db}: nothing has been published.")
        return 0
    db = open_private_db(settings)
    if args.journal_action == "apply":
        print(f"Applied {recover(settings)} change(s); the live graph has every change up to {applied_seq(settings)}.")
        return 0
    if args.journal_action == "abandon":
        if journal.entry(db, args.seq) is None:
            print(f"There is no change number {args.seq} in the journal.")
            return 1
        journal.mark_failed(db, args.seq, "abandoned by an operator (graph-app journal abandon)")
        print(
            f"Change {args.seq} will not be replayed. Rebuild, or publish the record again, to remove it "
            "from the live graph."
        )
        return 0
    if args.journal_action == "retry":
        failed = journal.entry(db, args.seq)
        if failed is None:
            print(f"There is no change number {args.seq} in the journal.")
            return 1
        try:
            seq = publish(
                settings, failed.changes, actor=failed.actor, summary=f"{failed.summary} (retry of {args.seq})"
            )
        except PublishError as error:
            print(f"Change {args.seq} could not be published again: {error}")
            return 1
        print(f"Change {args.seq} is published again as change {seq}.")
        return 0
    print(f"The live graph has every change up to number {applied_seq(settings)}.")
    for item in journal.listing(db, args.failed, args.limit):
        print(f"{item.seq:>6}  {item.created_at}  {item.status:<7}  {item.actor}: {item.summary}")
        for subject in item.subjects:
            print(f"        {subject}")
        if item.error:
            print(f"        error: {item.error}")
    return 0
