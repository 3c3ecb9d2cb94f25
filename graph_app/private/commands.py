"""`graph-app staff ...`: invite staff, set a password, list and disable accounts from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys

from ..config import Settings
from ..slugs import is_slug
from . import accounts, open_private_db
from .accounts import AccountError


def add_staff_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("staff", help="staff accounts: invite, set-password, list, disable")
    actions = parser.add_subparsers(dest="staff_action", required=True)
    invite = actions.add_parser("invite", help="make an account and print its one-time invitation link")
    invite.add_argument("email")
    invite.add_argument("--role", required=True, choices=accounts.ROLES)
    invite.add_argument("--provider", metavar="SLUG", help="the provider a provider editor looks after")
    invite.add_argument("--name", required=True, help="the person's full name")
    invite.add_argument(
        "--council",
        metavar="SLUG",
        action="append",
        default=[],
        help="a council an admin or moderator looks after, like kent (repeat for several; none: every council)",
    )
    invite.add_argument(
        "--site",
        default="http://127.0.0.1:5000",
        help="the address the explorer is served at, for the link (default: %(default)s)",
    )
    password = actions.add_parser("set-password", help="set a password (asked for, or read from standard input)")
    password.add_argument("email")
    actions.add_parser("list", help="every account with its role and state")
    disable = actions.add_parser("disable", help="disable an account (its sessions end at once)")
    disable.add_argument("email")
    return parser


def run_staff_command(args: argparse.Namespace, settings: Settings) -> int:
    db = open_private_db(settings)
    try:
        if args.staff_action == "invite":
            return _invite(args, settings, db)
        if args.staff_action == "set-password":
            return _set_password(args, db)
        if args.staff_action == "disable":
            return _disable(args, db)
        return _list(db)
    except AccountError as error:
        print(f"{error.field}: {error.message}", file=sys.stderr)
        return 2


def _provider(args: argparse.Namespace, settings: Settings) -> str | None:
    if not args.provider:
        return None
    from ..queries import QueryLibrary
    from ..store import StoreError, open_store
    from .providers import provider_iri

    try:
        store = open_store(settings)
    except StoreError:
        store = None
        print("No built store, so the provider is not checked.", file=sys.stderr)
    return provider_iri(store, QueryLibrary(settings.queries_dir), settings.base + "id/", args.provider)


def _invite(args: argparse.Namespace, settings: Settings, db) -> int:  # PrivateDB
    from ..mail import smtp
    from ..mail.message import MailError, refuse_breaks
    from ..mail.sender import send_due
    from ..notify.events import invitation

    try:
        refuse_breaks("name", args.name)  # checked before the account is made: it goes into the email
    except MailError:
        raise AccountError("name", "Enter the person's name on one line.") from None
    councils = [f"{settings.base}id/area/{slug.strip()}" for slug in args.council]
    if any(not is_slug(slug.strip()) for slug in args.council):
        raise AccountError("council", "Give each council by its short name, like kent.")
    token = accounts.invite(db, args.email, args.name, args.role, _provider(args, settings), councils=councils)
    print(f"Invited {args.email} as {accounts.ROLE_NAMES[args.role].lower()}.")
    site = settings.public_url or args.site
    invited = accounts.user_by_email(db, args.email)
    assert invited is not None  # accounts.invite has just made or found it
    with db.connect(immediate=True) as conn:  # kept in the outbox (and on /staff/emails) whether sent or not
        invitation(conn, settings, invited, token, site)
    if smtp.configured(settings):
        sent, _failed = send_due(settings, db)
        print(
            f"Emailed them the link (it works once, for {accounts.INVITATION_DAYS} days)."
            if sent
            else "The email could not be sent now; it is kept and tried again (graph-app notify send)."
        )
        return 0
    print(f"Send them this link (it works once, for {accounts.INVITATION_DAYS} days, and is not shown again):")
    print(f"{site.rstrip('/')}/staff/invitation/{token}")
    return 0


def _set_password(args: argparse.Namespace, db) -> int:  # PrivateDB
    user = accounts.user_by_email(db, args.email)
    if user is None:
        print(f"email: there is no account for {args.email}; invite them first.", file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        first = getpass.getpass("New password: ")
        if getpass.getpass("Type it again: ") != first:
            print("password: the two passwords are not the same; nothing changed.", file=sys.stderr)
            return 2
    else:  # piped in: the first line (never a command-line argument, which other users could see)
        first = sys.stdin.readline().rstrip("\r\n")
    accounts.set_password(db, user.id, first)
    print(f"Password set for {user.email}.")
    return 0


def _disable(args: argparse.Namespace, db) -> int:  # PrivateDB
    user = accounts.user_by_email(db, args.email)
    if user is None:
        print(f"email: there is no account for {args.email}.", file=sys.stderr)
        return 2
    accounts.set_disabled(db, user.id, True)
    print(f"Disabled {user.email}.")
    return 0


def _list(db) -> int:  # PrivateDB
    for account in accounts.list_accounts(db):
        state = "disabled" if account.disabled else ("active" if account.has_password else "invited")
        provider = f"  {account.provider_iri}" if account.provider_iri else ""
        councils = "".join(f"  {council}" for council in account.scope)  # none: every council
        print(f"{account.email}\t{account.role}\t{state}\t{account.name}{provider}{councils}")
    return 0


def add_private_db_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("private-db", help="the private database: copy it from SQLite to PostgreSQL")
    actions = parser.add_subparsers(dest="private_db_action", required=True)
    copy = actions.add_parser(
        "copy",
        help="copy the SQLite private database (GRAPH_APP_PRIVATE_DB) into a new, empty PostgreSQL database, "
        "all or nothing",
    )
    copy.add_argument(
        "--to",
        metavar="URL",
        help="postgresql://user@host/database (default: GRAPH_APP_DATABASE_URL; a password is better kept in "
        "~/.pgpass or PGPASSWORD than on the command line, where other users can see it)",
    )
    return parser


def run_private_db_command(args: argparse.Namespace, settings: Settings) -> int:
    from ..config import env_setting
    from .copy import CopyError, copy_to_postgres
    from .pg import redacted

    url = args.to or env_setting("GRAPH_APP_DATABASE_URL")
    if not url or not url.startswith(("postgresql://", "postgres://")):
        print("--to: give the PostgreSQL database to copy into, as postgresql://user@host/database", file=sys.stderr)
        return 2
    try:
        report = copy_to_postgres(settings.private_db, url, progress=lambda line: print(line, flush=True))
    except CopyError as error:
        print(f"Copy failed: {error}", file=sys.stderr)
        return 1
    print(f"Copied {report.rows} rows in {len(report.tables)} tables from {settings.private_db} to {redacted(url)}.")
    print("Row counts checked. Set GRAPH_APP_DATABASE_URL to it on every machine and restart the app.")
    return 0
