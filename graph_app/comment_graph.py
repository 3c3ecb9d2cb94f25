"""A published comment and the council's response as RDF, for graph_app.live.publish.

The comment carries no personal data: its text, the page it is about, when it was made, and the public
name only when the person chose one. The response says which council gave it and when (PROV-O).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyoxigraph as ox

from .namespaces import DCTERMS, LO, PROV, RDF, RDFS, SCHEMA, XSD
from .ntriples import ntriples
from .private.comments import StoredComment


def comment_iri(id_base: str, comment_id: int) -> str:
    return f"{id_base}comment/{comment_id}"


def response_iri(id_base: str, comment_id: int) -> str:
    return f"{id_base}response/{comment_id}"


def _ntriples(subject: str, pairs: list[tuple[str, ox.NamedNode | ox.Literal]]) -> str:
    node = ox.NamedNode(subject)
    return ntriples(ox.Triple(node, ox.NamedNode(predicate), value) for predicate, value in pairs)


def _when(text: str) -> ox.Literal:
    moment = datetime.fromisoformat(text).astimezone(UTC).replace(microsecond=0)
    return ox.Literal(moment.isoformat().replace("+00:00", "Z"), datatype=ox.NamedNode(XSD + "dateTime"))


def comment_triples(id_base: str, comment: StoredComment, council_iri: str) -> str:
    pairs = [
        (RDF + "type", ox.NamedNode(LO + "Comment")),
        (RDFS + "label", ox.Literal(f"Comment {comment.id}", language="en")),
        (LO + "commentOn", ox.NamedNode(comment.subject_iri)),
        (SCHEMA + "text", ox.Literal(comment.body, language="en")),
        (DCTERMS + "created", _when(comment.created_at)),
        (DCTERMS + "publisher", ox.NamedNode(council_iri)),
    ]
    if comment.display_name:
        pairs.append((LO + "publicName", ox.Literal(comment.display_name)))
    return _ntriples(comment_iri(id_base, comment.id), pairs)


def response_triples(
    id_base: str, comment_id: int, response: str, action_taken: str | None, council_iri: str, when: str
) -> str:
    pairs = [
        (RDF + "type", ox.NamedNode(LO + "Response")),
        (RDFS + "label", ox.Literal(f"Council response {comment_id}", language="en")),
        (LO + "respondsTo", ox.NamedNode(comment_iri(id_base, comment_id))),
        (SCHEMA + "text", ox.Literal(response, language="en")),
        (PROV + "wasAttributedTo", ox.NamedNode(council_iri)),
        (PROV + "generatedAtTime", _when(when)),
    ]
    if action_taken:
        pairs.append((LO + "actionTaken", ox.Literal(action_taken, language="en")))
    return _ntriples(response_iri(id_base, comment_id), pairs)
