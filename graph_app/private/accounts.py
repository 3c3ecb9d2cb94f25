"""Staff accounts: council admins, moderators and provider editors, with invitations and passwords.

Passwords are hashed with scrypt (werkzeug.security, memory-hard, salted); invitation tokens and session
ids are kept only as SHA-256 hashes, so a copy of the database gives no way in.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from ..email_address import is_email_address
from .db import PrivateDB

ROLES = ("admin", "moderator", "editor")
ROLE_NAMES = {"admin": "Council admin", "moderator": "Moderator", "editor": "Provider editor"}
PASSWORD_MIN = 12  # NCSC: length beats complexity rules
PASSWORD_MAX = 256
# zxcvbn scores 0-4; 3 means about 10^8 guesses or more: out of reach of online guessing under the sign-in limits,
# and it refuses the common passwords, words with digits, dates, keyboard walks and l33t spellings that breach
# lists are made of (its frequency lists come from real leaked passwords)
PASSWORD_SCORE = 3
INVITATION_DAYS = 7
# checked against when the email is unknown, so a wrong address takes as long as a wrong password
_DUMMY_HASH = generate_password_hash("not a real password, only here for even timing")


class AccountError(ValueError):
    """Bad account input (role, email, password...), with a plain message naming the field. `message` is a
    key of the interface catalogue with `{name}` placeholders filled from `values`; `.message` says it in
    the reader's language when a page reads it (English where there is no request, as on the command line).
    `said` names values that are catalogue keys themselves (zxcvbn's English warning)."""

    def __init__(self, field: str, message: str, *, said: tuple[str, ...] = (), **values: object) -> None:
        super().__init__(message.format(**values) if values else message)
        self.field = field
        self.key = message
        self.values = values
        self.said = said

    @property
    def message(self) -> str:
        # imported here: the private database layer loads (CLI, backups) without the web app
        from ..web.core.i18n import translate

        values = {name: translate(str(v)) if name in self.said else v for name, v in self.values.items()}
        return translate(self.key, **values)


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    role: str  # "admin" | "moderator" | "editor"
    provider_iri: str | None
    council_iri: str | None = None  # a council admin's council (an area IRI); None for a regional admin
    # the councils an admin or moderator is scoped to (issue 18); empty: regional staff, who see every council
    councils: tuple[str, ...] = ()

    @property
    def can_moderate(self) -> bool:
        return self.role in ("admin", "moderator")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def can_edit_council(self, area_iri: str | None) -> bool:
        """A council's own content (its statements under the framework's headings): that council's admins
        and regional admins (an admin with no council) only; never editors or moderators."""
        if self.role != "admin" or area_iri is None:
            return False
        return self.sees_council(area_iri)

    @property
    def scoped(self) -> bool:
        """An admin or moderator given councils: they see only those councils' work."""
        return self.role in ("admin", "moderator") and bool(self.scope)

    @property
    def scope(self) -> tuple[str, ...]:
        return self.councils or ((self.council_iri,) if self.council_iri else ())

    def sees_council(self, council_iri: str | None) -> bool:
        """Whether this admin or moderator looks after the council of a record (its feedback, comments,
        accounts, approvals): regional staff every one, scoped staff theirs only (never a record with no
        council). Editors: never by council (they see their own provider's)."""
        if self.role not in ("admin", "moderator"):
            return False
        return not self.scope or council_iri in self.scope

    def can_edit(self, provider_iri: str | None) -> bool:
        """Admins edit any record; an editor only their own provider's; moderators none."""
        if self.role == "admin":
            return True
        return self.role == "editor" and provider_iri is not None and provider_iri == self.provider_iri


@dataclass(frozen=True)
class Account(User):
    """A user as the admin page lists them, with the state a User leaves out."""

    disabled: bool = False
    has_password: bool = False
    created_at: str = ""


def now_text() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# a users row's councils, as one column (council IRIs hold no spaces): `SELECT users.*, {COUNCILS} ...`
COUNCILS = "(SELECT group_concat(council_iri, ' ') FROM user_councils WHERE user_id = users.id) AS councils"


def _councils(row: sqlite3.Row) -> tuple[str, ...]:
    listed = row["councils"] if "councils" in row.keys() else None
    if listed:
        return tuple(sorted(listed.split()))
    return (row["council_iri"],) if row["council_iri"] else ()


def _user(row: sqlite3.Row) -> User:
    return User(
        row["id"], row["email"], row["name"], row["role"], row["provider_iri"], row["council_iri"], _councils(row)
    )


def check_email(email: str) -> str:
    email = (email or "").strip()
    if not is_email_address(email):
        raise AccountError("email", "Enter an email address in the correct format, like name@example.org.")
    return email


def check_role(role: str, provider_iri: str | None) -> None:
    if role not in ROLES:
        raise AccountError(
            "role", "The role must be one of: {roles} (got '{role}').", roles=", ".join(ROLES), role=role
        )
    if role == "editor" and not provider_iri:
        raise AccountError("provider", "A provider editor needs the provider whose records they look after.")
    if role != "editor" and provider_iri:
        raise AccountError("provider", "Only a provider editor has a provider; leave it empty for this role.")


def check_council(role: str, council_iri: str | None | Sequence[str]) -> None:
    if council_iri and role not in ("admin", "moderator"):
        raise AccountError("council", "Only a council admin or moderator has councils; leave it empty for this role.")


def _councils_given(council_iri: str | None, councils: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(councils or ((council_iri,) if council_iri else ())))


def set_councils(conn: sqlite3.Connection, user_id: int, councils: Sequence[str]) -> None:
    """An account's councils (inside the caller's transaction); users.council_iri keeps the first of them."""
    conn.execute("DELETE FROM user_councils WHERE user_id = ?", (user_id,))
    conn.executemany("INSERT INTO user_councils (user_id, council_iri) VALUES (?, ?)", [(user_id, c) for c in councils])
    conn.execute("UPDATE users SET council_iri = ? WHERE id = ?", (councils[0] if councils else None, user_id))


def check_password(password: str, email: str = "") -> None:
    if len(password or "") < PASSWORD_MIN:
        raise AccountError("password", "The password must be at least {count} characters long.", count=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        raise AccountError("password", "The password must be at most {count} characters long.", count=PASSWORD_MAX)
    if email and password.strip().lower() == email.strip().lower():
        raise AccountError("password", "The password must not be your email address.")
    # only the first 100 characters are scored: zxcvbn's matching grows quickly with length, and a longer
    # password that is strong in its first 100 is strong
    verdict = zxcvbn(password[:100], user_inputs=[part for part in (email, email.partition("@")[0]) if part])
    if verdict["score"] < PASSWORD_SCORE:
        why = verdict["feedback"].get("warning") or "It follows a pattern that password-guessing tools try early."
        raise AccountError(
            "password",
            "This password is too easy to guess. {why} Passwords like it are in the lists attackers try first; "
            "use three or four uncommon words.",
            why=why,  # zxcvbn's warnings are keys of the catalogue too (unknown ones stay English)
            said=("why",),
        )


def create_user(
    db: PrivateDB,
    email: str,
    name: str,
    role: str,
    provider_iri: str | None = None,
    password: str | None = None,
    council_iri: str | None = None,
    councils: Sequence[str] | None = None,
) -> User:
    """Add an account (`council_iri`: a council admin's council; `councils`: an admin's or moderator's
    councils, the first being their own). Raises AccountError for bad input or an email already in use."""
    councils = _councils_given(council_iri, councils)
    council_iri = councils[0] if councils else None
    email = check_email(email)
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise AccountError("name", "Enter the person's name (at most 120 characters).")
    check_role(role, provider_iri)
    check_council(role, councils)
    if password is not None:
        check_password(password, email)
    hashed = generate_password_hash(password) if password is not None else None
    with db.connect(immediate=True) as conn:
        if conn.execute("SELECT 1 FROM users WHERE email = ?", (email,)).fetchone():
            raise AccountError("email", "There is already an account for {email}.", email=email)
        cursor = conn.execute(
            "INSERT INTO users (email, name, role, provider_iri, password_hash, created_at, council_iri) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (email, name, role, provider_iri, hashed, now_text(), council_iri),
        )
        set_councils(conn, cursor.lastrowid, councils)
        return User(cursor.lastrowid, email, name, role, provider_iri, council_iri, councils)


def _end_invitations(conn: sqlite3.Connection, user_id: int) -> None:
    """Use up every open invitation of this account: a link sent before a password was set, the account
    disabled or its role changed must not set a password (or grant the old role) later."""
    conn.execute("UPDATE invitations SET used_at = ? WHERE user_id = ? AND used_at IS NULL", (now_text(), user_id))


def set_password(db: PrivateDB, user_id: int, password: str) -> None:
    """Set (or replace) a password; every session of that account ends."""
    with db.connect(immediate=True) as conn:
        row = conn.execute("SELECT email FROM users WHERE id = ?", (user_id,)).fetchone()
        if row is None:
            raise AccountError("email", "There is no account number {number}.", number=user_id)
        check_password(password, row["email"])
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (generate_password_hash(password), user_id))
        conn.execute("DELETE FROM staff_sessions WHERE user_id = ?", (user_id,))
        _end_invitations(conn, user_id)


def invite(
    db: PrivateDB,
    email: str,
    name: str,
    role: str,
    provider_iri: str | None = None,
    days: int = INVITATION_DAYS,
    council_iri: str | None = None,
    councils: Sequence[str] | None = None,
) -> str:
    """Create the account (or reuse an unused one with the same email) and a one-time link token,
    valid for `days`. Only the token's hash is stored: show the token once and forget it."""
    email = check_email(email)
    check_role(role, provider_iri)
    councils = _councils_given(council_iri, councils)
    council_iri = councils[0] if councils else None
    check_council(role, councils)
    with db.connect() as conn:
        row = conn.execute("SELECT id, password_hash FROM users WHERE email = ?", (email,)).fetchone()
    if row is None:
        user_id = create_user(db, email, name, role, provider_iri, councils=councils).id
    elif row["password_hash"]:
        raise AccountError(
            "email", "{email} already has an account with a password; change their role instead.", email=email
        )
    else:
        user_id = row["id"]
        with db.connect(immediate=True) as conn:
            conn.execute(
                "UPDATE users SET name = COALESCE(NULLIF(?, ''), name), role = ?, provider_iri = ?, council_iri = ? "
                "WHERE id = ?",
                ((name or "").strip(), role, provider_iri, council_iri, user_id),
            )
            set_councils(conn, user_id, councils)
    token = secrets.token_urlsafe(32)
    expires = (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()
    with db.connect(immediate=True) as conn:
        _end_invitations(conn, user_id)  # a new link replaces any earlier one still unused
        conn.execute(
            "INSERT INTO invitations (user_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)",
            (user_id, token_hash(token), expires, now_text()),
        )
    return token


def invitation_user(db: PrivateDB, token: str) -> User | None:
    """The account an unused, unexpired invitation is for; None otherwise."""
    with db.connect() as conn:
        row = conn.execute(
            f"SELECT users.*, {COUNCILS} FROM invitations JOIN users ON users.id = invitations.user_id "
            "WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? AND users.disabled = 0",
            (token_hash(token or ""), now_text()),
        ).fetchone()
    return _user(row) if row else None


def accept_invitation(db: PrivateDB, token: str, password: str) -> User:
    """Set the password through an invitation and use the invitation up (in one transaction)."""
    with db.connect(immediate=True) as conn:
        row = conn.execute(
            f"SELECT invitations.id AS invitation_id, users.*, {COUNCILS} FROM invitations "
            "JOIN users ON users.id = invitations.user_id "
            "WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? AND users.disabled = 0",
            (token_hash(token or ""), now_text()),
        ).fetchone()
        if row is None:
            raise AccountError(
                "token", "This invitation link has expired or has already been used. Ask a council admin for a new one."
            )
        check_password(password, row["email"])
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (generate_password_hash(password), row["id"]))
        conn.execute("UPDATE invitations SET used_at = ? WHERE id = ?", (now_text(), row["invitation_id"]))
        conn.execute("DELETE FROM staff_sessions WHERE user_id = ?", (row["id"],))
        _end_invitations(conn, row["id"])
        return _user(row)


def authenticate(db: PrivateDB, email: str, password: str) -> User | None:
    """The account when the email and password match and it is not disabled; else None."""
    row = _by_email(db, email)
    stored = row["password_hash"] if row is not None and row["password_hash"] else None
    matches = check_password_hash(stored or _DUMMY_HASH, password or "")
    if row is None or stored is None or not matches or row["disabled"]:
        return None
    return _user(row)


def user_by_email(db: PrivateDB, email: str) -> User | None:
    row = _by_email(db, email)
    return _user(row) if row else None


def _by_email(db: PrivateDB, email: str) -> sqlite3.Row | None:
    email = (email or "").strip()
    if "\x00" in email:  # no account has one (PostgreSQL cannot even compare a text holding it): none, not a 500
        return None
    with db.connect() as conn:
        return conn.execute(f"SELECT users.*, {COUNCILS} FROM users WHERE email = ?", (email,)).fetchone()


def list_accounts(db: PrivateDB) -> list[Account]:
    with db.connect() as conn:
        rows = conn.execute(
            f"SELECT users.*, {COUNCILS} FROM users ORDER BY disabled, role, name COLLATE NOCASE"
        ).fetchall()
    return [
        Account(
            r["id"],
            r["email"],
            r["name"],
            r["role"],
            r["provider_iri"],
            r["council_iri"],
            _councils(r),
            bool(r["disabled"]),
            bool(r["password_hash"]),
            r["created_at"],
        )
        for r in rows
    ]


def change_role(
    db: PrivateDB, user_id: int, role: str, provider_iri: str | None = None, councils: Sequence[str] | None = None
) -> None:
    """A new role; `councils` (None: kept as they are) for an admin or moderator, and none for an editor."""
    check_role(role, provider_iri)
    check_council(role, councils)
    with db.connect(immediate=True) as conn:
        if (
            conn.execute(
                "UPDATE users SET role = ?, provider_iri = ? WHERE id = ?", (role, provider_iri, user_id)
            ).rowcount
            != 1
        ):
            raise AccountError("user", f"There is no account number {user_id}.")
        if role == "editor" or councils is not None:
            set_councils(conn, user_id, tuple(councils or ()) if role != "editor" else ())
        conn.execute("DELETE FROM staff_sessions WHERE user_id = ?", (user_id,))
        _end_invitations(conn, user_id)


def get_account(db: PrivateDB, user_id: int) -> Account | None:
    return next((a for a in list_accounts(db) if a.id == user_id), None)


def set_disabled(db: PrivateDB, user_id: int, disabled: bool) -> None:
    """Disable (or enable again) an account; disabling ends its sessions at once."""
    with db.connect(immediate=True) as conn:
        if conn.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user_id)).rowcount != 1:
            raise AccountError("user", f"There is no account number {user_id}.")
        if disabled:
            conn.execute("DELETE FROM staff_sessions WHERE user_id = ?", (user_id,))
            _end_invitations(conn, user_id)
