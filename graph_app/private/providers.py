"""Which provider an editor account is for: a slug ("acme-trust") or full IRI, checked against the graph."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..namespaces import LO
from ..queries import QueryLibrary
from ..slugs import is_slug
from ..store import GraphStore
from .accounts import AccountError


def provider_iri(store: GraphStore | None, library: QueryLibrary, id_base: str, text: str) -> str:
    """The provider's IRI from a slug or an IRI; AccountError when it is not a provider in the graph
    (not checked when there is no store yet, so accounts can be set up before the first build)."""
    text = (text or "").strip()
    if text.startswith(id_base + "provider/"):
        text = text[len(id_base + "provider/") :]
    if not is_slug(text):
        raise AccountError(
            "provider",
            "Enter the provider's short name from its page address, like "
            "'sunrise-therapy' for /id/provider/sunrise-therapy.",
        )
    iri = f"{id_base}provider/{text}"
    if store is not None:
        types = {row["type"].value for row in library.select(store, "navigate/node_types", node=NamedNode(iri))}
        if LO + "Provider" not in types:
            raise AccountError("provider", "There is no provider at /id/provider/{slug}.", slug=text)
    return iri
