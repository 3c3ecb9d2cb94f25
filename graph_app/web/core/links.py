"""Links to record pages and reading record IRIs: `node_url` (IRI -> local address), `Link` and
`node_link`. Every area links to records, so this lives in core/ and imports no area."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, url_for

from ...namespaces import KINDS
from ...slugs import SLUG


@dataclass(frozen=True)
class Link:
    iri: str
    label: str
    url: str | None
    kind: str
    is_sample: bool = False
    last_checked: str | None = None  # ISO date the record was last checked (core/staleness.py), when known
    out_of_date: bool = False


def kind_of(iri: str, id_base: str) -> str:
    """The kind path segment of a node IRI ('service'), or '' for IRIs outside the instance base."""
    if not iri.startswith(id_base):
        return ""
    kind = iri[len(id_base) :].split("/", 1)[0]
    return kind if kind in KINDS else ""


def node_link(iri: str, label: str, id_base: str, is_sample: bool = False) -> Link:
    return Link(iri, label, node_url(iri, id_base), KINDS.get(kind_of(iri, id_base), ("", "", ""))[1], is_sample)


def node_url(iri: str, id_base: str) -> str | None:
    if not iri.startswith(id_base):
        return None
    parts = iri[len(id_base) :].split("/")
    if len(parts) != 2 or parts[0] not in KINDS or not SLUG.match(parts[1]):
        return None
    # kinds and slugs are plain letters, digits and hyphens (checked above), so the address is the
    # route's prefix plus them: url_for per link was a fifth of a hub page's time
    if "node_url_prefix" not in g:
        g.node_url_prefix = url_for("explore.node", kind="need", slug="x")[: -len("need/x")]
    return f"{g.node_url_prefix}{parts[0]}/{parts[1]}"
