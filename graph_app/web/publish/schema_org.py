"""schema.org JSON-LD for service, setting and provider pages, so search engines understand them
(the framework: "easily found through internet search engines")."""

from __future__ import annotations

import json

from markupsafe import Markup
from pyoxigraph import NamedNode

from ..core.graph import get_graph

KIND_TYPES = {"service": "GovernmentService", "setting": "EducationalOrganization", "provider": "Organization"}
FREE = "funding-route/free"  # under the configured id base (GRAPH_APP_BASE)


def schema_org_data(node_iri: str) -> dict | None:
    graph = get_graph()
    kind = node_iri[len(graph.id_base) :].split("/", 1)[0] if node_iri.startswith(graph.id_base) else ""
    if kind not in KIND_TYPES:
        return None
    rows = graph.library.select(graph.store, "export/schema_org_record", node=NamedNode(node_iri))
    fields: dict[str, list] = {}
    for row in rows:
        value = row["valueLabel"].value if "valueLabel" in row else row["value"].value
        fields.setdefault(row["field"].value, [])
        if value not in fields[row["field"].value]:
            fields[row["field"].value].append(value)
    if "name" not in fields:
        return None
    data: dict = {
        "@context": "https://schema.org",
        "@type": KIND_TYPES[kind],
        "@id": node_iri,
        "name": fields["name"][0],
    }
    if "description" in fields:
        data["description"] = fields["description"][0]
    if fields.get("provider"):
        key = "provider" if kind == "service" else "parentOrganization"
        data[key] = {"@type": "Organization", "name": fields["provider"][0]}
    if fields.get("area"):
        key = "areaServed" if kind == "service" else "areaServed"
        data[key] = [{"@type": "AdministrativeArea", "name": a} for a in fields["area"]]
    if fields.get("minAge") or fields.get("maxAge"):
        audience: dict = {"@type": "PeopleAudience"}
        if fields.get("minAge"):
            audience["suggestedMinAge"] = int(fields["minAge"][0])
        if fields.get("maxAge"):
            audience["suggestedMaxAge"] = int(fields["maxAge"][0])
        if fields.get("need"):
            audience["audienceType"] = "Children and young people with: " + ", ".join(fields["need"])
        data["audience"] = audience
    channel = {k: fields[k][0] for k in ("telephone", "email", "url") if fields.get(k)}
    if channel:
        if kind == "service":
            point = {"@type": "ServiceChannel"}
            if "url" in channel:
                point["serviceUrl"] = channel["url"]
            if "telephone" in channel:
                point["servicePhone"] = {"@type": "ContactPoint", "telephone": channel["telephone"]}
            if "email" in channel:
                point["description"] = f"Email {channel['email']}"
            data["availableChannel"] = point
        else:
            data["contactPoint"] = {"@type": "ContactPoint", **channel}
    if kind == "service" and (fields.get("cost") or fields.get("funding")):
        free = graph.id_base + FREE in fields.get("funding", [])
        offer: dict = {"@type": "Offer", "price": "0" if free else None, "priceCurrency": "GBP"}
        if fields.get("cost"):
            offer["description"] = fields["cost"][0]
        data["offers"] = {k: v for k, v in offer.items() if v is not None}
    return data


def schema_org_json(node_iri: str) -> Markup:
    """A <script type="application/ld+json"> block, or nothing for other kinds of page."""
    return script_tag(schema_org_data(node_iri))


def script_tag(data: dict | None) -> Markup:
    """The JSON-LD as a <script> block (the `ld_json` filter: record pages get the data from their view)."""
    if data is None:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False)
    # a string in the data must never close the script element
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')
