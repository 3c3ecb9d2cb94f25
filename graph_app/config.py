"""Settings: every environment variable the app reads (GRAPH_APP_*) is declared once in SETTINGS, with its
default, type and meaning; settings_from_env and env_setting read them, nothing else reads os.environ
(child_environment hands it on to a child program)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .namespaces import DATA_BASE

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path(raw: str) -> Path:
    """A folder or file: relative to the working directory, as given on the command line."""
    return Path(raw).resolve()


def _text(raw: str) -> str:
    return raw


def _base(raw: str) -> str:
    return raw if raw.endswith("/") else raw + "/"


def _flag(raw: str) -> bool:
    return raw.strip().lower() not in ("0", "false", "no", "off")


def _megabytes(raw: str) -> float:
    try:
        return max(float(raw), 0.0)
    except ValueError:
        raise ValueError("a number of megabytes") from None


def _proxies(raw: str) -> int:
    """A small non-negative whole number (ValueError, which the reader turns into a message naming the variable)."""
    if not (raw.strip().isascii() and raw.strip().isdigit()) or int(raw) > 10:
        raise ValueError("a whole number from 0 to 10 (the reverse proxies in front)")
    return int(raw)


def _positive(top: int) -> Callable[[str], int]:
    def whole(raw: str) -> int:
        if not (raw.strip().isascii() and raw.strip().isdigit()) or not 1 <= int(raw) <= top:
            raise ValueError(f"a whole number from 1 to {top}")
        return int(raw)

    return whole


def _public_url(raw: str) -> str:
    """An http(s) origin with an optional path, ending with "/"."""
    parts = urlsplit(raw.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise ValueError("an http(s) address like https://localoffer.example.org/")
    url = raw.strip()
    return url if url.endswith("/") else url + "/"


def _database_url(raw: str) -> str:
    """A PostgreSQL connection URL (its password, if any, is never printed back)."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("postgresql", "postgres") or not (parts.path.strip("/") or parts.query):
        raise ValueError("a PostgreSQL URL like postgresql://app@db.example.org/localoffer")
    return raw.strip()


@dataclass(frozen=True)
class Setting:
    """One environment variable: `default` is the text used when it is unset (None: unset has its own
    meaning, said in `meaning`); `type` reads the text (ValueError for a bad value); `field` is the
    Settings attribute it fills, None for a setting read where it is used (web/core)."""

    name: str
    default: str | None
    type: Callable[[str], Any]
    meaning: str
    field: str | None = None


# Every setting the app reads, once: README.md's configuration table lists exactly these (tests/test_config.py).
SETTINGS: tuple[Setting, ...] = (
    Setting("GRAPH_APP_DATA_DIR", "var/", _path, "where builds, the search index and caches live", "data_dir"),
    Setting(
        "GRAPH_APP_SPARQL_URL",
        None,
        _text,
        "a SPARQL 1.1 endpoint to query instead of the embedded store",
        "sparql_url",
    ),
    Setting(
        "GRAPH_APP_SPARQL_UPDATE_URL",
        None,
        _text,
        "that endpoint's SPARQL 1.1 Update URL, where published changes go",
        "sparql_update_url",
    ),
    Setting("GRAPH_APP_BASE", DATA_BASE, _base, "the published IRI base, ending with /", "base"),
    Setting(
        "GRAPH_APP_PRIVATE_DB",
        None,
        _path,
        "the private database (staff accounts, comments, feedback, "
        "edit journal; never public); unset: data_dir/private/private.sqlite",
        "private_db_path",
    ),
    # read where it is used (graph_app/private/db.py open_private_db), so every Settings of a process agrees
    Setting(
        "GRAPH_APP_DATABASE_URL",
        None,
        _database_url,
        "a PostgreSQL database (postgresql://user@host/name) for the private database, which several machines "
        "then share; unset: the SQLite file",
    ),
    # 0 = none, so a visitor cannot pick their own address for the rate limits by sending the header themselves
    Setting(
        "GRAPH_APP_TRUSTED_PROXIES",
        "0",
        _proxies,
        "how many reverse proxies stand in front and add X-Forwarded-* headers",
        "trusted_proxies",
    ),
    # the Host header is the client's choice: absolute links must not follow it when this is set
    Setting(
        "GRAPH_APP_PUBLIC_URL",
        None,
        _public_url,
        "the site's public address, for absolute links; unset: the request's Host",
        "public_url",
    ),
    Setting(
        "GRAPH_APP_SERVE_WORKERS", "2", _positive(64), "`graph-app serve`: gunicorn worker processes", "serve_workers"
    ),
    Setting("GRAPH_APP_SERVE_THREADS", "8", _positive(256), "threads in each worker", "serve_threads"),
    Setting(
        "GRAPH_APP_SPARQL_WORKERS",
        "2",
        _positive(64),
        "/sparql query worker processes per web process (one address may use half)",
        "sparql_workers",
    ),
    Setting(
        "GRAPH_APP_SPARQL_MEMORY_MB",
        "1024",
        _positive(65536),
        "address space each /sparql query worker may use",
        "sparql_memory_mb",
    ),
    Setting(
        "GRAPH_APP_SECRET_KEY",
        None,
        _text,
        "signs cookie sessions and form tokens; unset: generated once into data_dir/private/secret_key",
    ),
    Setting(
        "GRAPH_APP_COOKIE_SECURE",
        None,
        _flag,
        "1: the session cookie is always Secure; 0: never; unset: Secure except on plain HTTP to localhost",
    ),
    # email (graph_app/mail): every email is kept in the private database's outbox; with no host it is only kept
    Setting(
        "GRAPH_APP_SMTP_HOST",
        None,
        _text,
        "the mail server emails are sent through; unset: kept, not sent",
        "smtp_host",
    ),
    Setting("GRAPH_APP_SMTP_PORT", "587", _positive(65535), "the mail server's port", "smtp_port"),
    Setting("GRAPH_APP_SMTP_USER", None, _text, "the user name to sign in to the mail server with", "smtp_user"),
    Setting("GRAPH_APP_SMTP_PASSWORD", None, _text, "the password to sign in to the mail server with", "smtp_password"),
    Setting(
        "GRAPH_APP_SMTP_STARTTLS", "1", _flag, "0: no STARTTLS (only for a server on this machine)", "smtp_starttls"
    ),
    Setting(
        "GRAPH_APP_MAIL_FROM",
        "Local Offer <no-reply@localhost>",
        _text,
        "the From address of every email",
        "mail_from",
    ),
    Setting("GRAPH_APP_PAGE_CACHE", "1", _flag, "0 turns the page cache off (e.g. to measure it)"),
    Setting("GRAPH_APP_PAGE_CACHE_MB", "64", _megabytes, "page cache memory per worker process (MB)"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The declared setting `name` (KeyError for a name not declared in SETTINGS)."""
    return _BY_NAME[name]


def env_setting(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The value of the declared setting `name` from the environment, or its default (None when it has
    none); a bad value is a ValueError naming the variable and what it must be."""
    declared = _BY_NAME[name]
    env = os.environ if environ is None else environ
    raw = env.get(name) or None
    if raw is None:
        return _default(declared)
    try:
        return declared.type(raw)
    except ValueError as error:
        shown = "the value given" if name == "GRAPH_APP_DATABASE_URL" else repr(raw)  # it may hold a password
        raise ValueError(f"{name} must be {error}, not {shown}") from None


def _default(declared: Setting) -> Any:
    if declared.default is None:
        return None
    if declared.type is _path:  # a default folder is the project's, wherever the command runs
        return PROJECT_ROOT / declared.default
    return declared.type(declared.default)


@dataclass(frozen=True)
class Settings:
    """Where things live and how the app runs. The fields filled from the environment take their defaults
    from SETTINGS above."""

    project_root: Path = PROJECT_ROOT
    data_dir: Path = _default(_BY_NAME["GRAPH_APP_DATA_DIR"])  # built stores, search index, caches
    sparql_url: str | None = None  # a remote SPARQL 1.1 endpoint instead of the embedded store
    sparql_update_url: str | None = None  # its SPARQL 1.1 Update endpoint, where published changes go
    base: str = _default(_BY_NAME["GRAPH_APP_BASE"])
    sources: tuple[Path, ...] = field(default=(PROJECT_ROOT / "ontology", PROJECT_ROOT / "data"))
    private_db_path: Path | None = None
    trusted_proxies: int = _default(_BY_NAME["GRAPH_APP_TRUSTED_PROXIES"])
    public_url: str | None = None
    serve_workers: int = _default(_BY_NAME["GRAPH_APP_SERVE_WORKERS"])
    serve_threads: int = _default(_BY_NAME["GRAPH_APP_SERVE_THREADS"])
    sparql_workers: int = _default(_BY_NAME["GRAPH_APP_SPARQL_WORKERS"])
    sparql_memory_mb: int = _default(_BY_NAME["GRAPH_APP_SPARQL_MEMORY_MB"])
    smtp_host: str | None = None  # unset: emails are kept in the outbox, not sent
    smtp_port: int = _default(_BY_NAME["GRAPH_APP_SMTP_PORT"])
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = _default(_BY_NAME["GRAPH_APP_SMTP_STARTTLS"])
    mail_from: str = _default(_BY_NAME["GRAPH_APP_MAIL_FROM"])

    @property
    def private_db(self) -> Path:
        return self.private_db_path or self.data_dir / "private" / "private.sqlite"

    @property
    def queries_dir(self) -> Path:
        return self.project_root / "queries"

    @property
    def shapes_file(self) -> Path:
        return self.project_root / "ontology" / "shapes.ttl"


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment: each declared setting with a Settings field, when set."""
    env = os.environ if environ is None else environ
    kwargs = {s.field: env_setting(s.name, env) for s in SETTINGS if s.field and env.get(s.name)}
    return Settings(**kwargs)


def child_environment(**extra: str) -> dict[str, str]:
    """This process's environment with `extra` added, for a child program that needs a value we must not put
    on its command line (pg_dump's password: a command line is readable by every user of the machine)."""
    return {**os.environ, **extra}
