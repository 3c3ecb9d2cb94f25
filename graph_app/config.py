"""Settings, read once from the environment (GRAPH_APP_*) with defaults for a local run."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .namespaces import DATA_BASE

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where things live. Every field has an environment variable named GRAPH_APP_<FIELD>."""

    project_root: Path = PROJECT_ROOT
    data_dir: Path = PROJECT_ROOT / "var"  # built stores, search index, caches
    sparql_url: str | None = None  # a remote SPARQL 1.1 endpoint instead of the embedded store
    sparql_update_url: str | None = None  # its SPARQL 1.1 Update endpoint, where published changes go
    base: str = DATA_BASE  # the published IRI base, ending with "/"
    sources: tuple[Path, ...] = field(default=(PROJECT_ROOT / "ontology", PROJECT_ROOT / "data"))

    private_db_path: Path | None = None  # staff accounts, comments, feedback, edit journal (never public)
    # how many reverse proxies (nginx, a load balancer) stand in front and add X-Forwarded-* headers; 0 = none,
    # so a visitor cannot pick their own address for the rate limits by sending the header themselves
    trusted_proxies: int = 0
    # the site's public address (e.g. https://localoffer.example.gov.uk/): absolute links in dumps, sitemap, VoID,
    # robots.txt and the OpenAPI file use it instead of the request's Host header, which a client can choose
    public_url: str | None = None
    serve_workers: int = 2  # `graph-app serve`: gunicorn worker processes...
    serve_threads: int = 8  # ...and threads in each (requests answered at once = workers x threads)
    sparql_workers: int = 2  # /sparql query worker processes per web process (one address may use half)
    sparql_memory_mb: int = 1024  # address space each query worker may use; a query needing more is stopped

    @property
    def private_db(self) -> Path:
        return self.private_db_path or self.data_dir / "private" / "private.sqlite"

    @property
    def queries_dir(self) -> Path:
        return self.project_root / "queries"

    @property
    def shapes_file(self) -> Path:
        return self.project_root / "ontology" / "shapes.ttl"


def settings_from_env(environ: dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    kwargs: dict[str, object] = {}
    if env.get("GRAPH_APP_DATA_DIR"):
        kwargs["data_dir"] = Path(env["GRAPH_APP_DATA_DIR"]).resolve()
    if env.get("GRAPH_APP_SPARQL_URL"):
        kwargs["sparql_url"] = env["GRAPH_APP_SPARQL_URL"]
    if env.get("GRAPH_APP_SPARQL_UPDATE_URL"):
        kwargs["sparql_update_url"] = env["GRAPH_APP_SPARQL_UPDATE_URL"]
    if env.get("GRAPH_APP_BASE"):
        base = env["GRAPH_APP_BASE"]
        kwargs["base"] = base if base.endswith("/") else base + "/"
    if env.get("GRAPH_APP_PRIVATE_DB"):
        kwargs["private_db_path"] = Path(env["GRAPH_APP_PRIVATE_DB"]).resolve()
    if env.get("GRAPH_APP_TRUSTED_PROXIES"):
        kwargs["trusted_proxies"] = _count("GRAPH_APP_TRUSTED_PROXIES", env["GRAPH_APP_TRUSTED_PROXIES"])
    if env.get("GRAPH_APP_PUBLIC_URL"):
        kwargs["public_url"] = _public_url(env["GRAPH_APP_PUBLIC_URL"])
    for name, top in (("serve_workers", 64), ("serve_threads", 256), ("sparql_workers", 64),
                      ("sparql_memory_mb", 65536)):
        raw = env.get(f"GRAPH_APP_{name.upper()}")
        if raw:
            kwargs[name] = _positive(f"GRAPH_APP_{name.upper()}", raw, top)
    return Settings(**kwargs)  # type: ignore[arg-type]


def _count(name: str, raw: str) -> int:
    """A small non-negative whole number from the environment, or a message naming the variable."""
    if not raw.strip().isdigit() or int(raw) > 10:
        raise ValueError(f"{name} must be a whole number from 0 to 10 (the reverse proxies in front), not {raw!r}")
    return int(raw)


def _positive(name: str, raw: str, top: int) -> int:
    """A whole number from 1 to `top`, or a message naming the variable."""
    if not raw.strip().isdigit() or not 1 <= int(raw) <= top:
        raise ValueError(f"{name} must be a whole number from 1 to {top}, not {raw!r}")
    return int(raw)


def _public_url(raw: str) -> str:
    """An http(s) origin with an optional path, ending with "/", or a message naming the variable."""
    from urllib.parse import urlsplit

    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise ValueError(f"GRAPH_APP_PUBLIC_URL must be an http(s) address like https://localoffer.example.org/, "
                         f"not {raw!r}")
    url = raw.strip()
    return url if url.endswith("/") else url + "/"
