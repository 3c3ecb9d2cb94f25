"""Linked open data: node IRIs answer RDF by content negotiation, dumps, the VoID/DCAT description,
sitemap.xml and robots.txt."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

import pyoxigraph as ox
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    send_file,
    stream_with_context,
)

from ...exporters import dump_status, dumps, void
from ...exporters.dump_writer import keep_writing, writing
from ...layout import Layout
from ...namespaces import KINDS, PREFIXES
from ...slugs import SLUG_TEXT, is_slug
from ...sparql import accept, formats
from ...store import RemoteStore, StoreError
from ..core.area import council_names
from ..core.graph import get_graph
from ..core.i18n import N_, translate
from ..core.public_url import absolute, public_root
from ..core.twin import respond, twin_route
from . import node_jsonld, vocabulary, void_page

lod = Blueprint("lod", __name__)


@lod.record_once
def _start_dump_writer(state: Any) -> None:
    """Every process writes each new version's dumps in the background (one at a time per machine)."""
    keep_writing(state.app)


@lod.before_request
def _dump_writer_running() -> None:
    """A server that forks workers after creating the app (gunicorn --preload) has no thread in them."""
    if writing(current_app):
        current_app.extensions["dump_writer"].ensure()


NODE_PATH = re.compile(rf"^/id/([a-z-]+)/({SLUG_TEXT})$")
EXTENSIONS = {"ttl": "ttl", "jsonld": "jsonld", "rdf": "rdfxml", "nt": "nt"}
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/json")
NOT_RDF_HERE = ("application/json", "application/xml", "text/xml", "text/plain")
SITEMAP_LIMIT = 50_000


def _rdf_choice() -> str | None:
    """'html' for browsers and the JSON twin, an RDF format key, or None when nothing offered fits."""
    header = request.headers.get("Accept")
    if not header:
        return "html"
    # HTML first, so `*/*` gets the page; the page's JSON twin last, so a tie with an RDF type goes to RDF
    # RDF by its own media types only: a browser's `application/xml` or `text/plain` must not get RDF/XML or N-Triples
    rdf = [media for media in formats.media_types("graph") if media not in NOT_RDF_HERE]
    chosen = accept.best(header, [*HTML_TYPES[:2], *rdf, "application/json"])
    if chosen == "application/json":
        # what jsonld.js, the JSON-LD playground and pyld send: `application/ld+json, application/json`
        ranges = accept.parse(header)
        if accept.preference(ranges, "application/ld+json").q >= accept.preference(ranges, chosen).q:
            return "jsonld"
    if chosen is None or chosen in HTML_TYPES:
        return None if chosen is None else "html"
    return formats.from_format_value("graph", chosen)


def negotiate_node() -> Response | None:
    match = NODE_PATH.match(request.path)
    if not match or match.group(1) not in KINDS:
        return None
    choice = _rdf_choice()
    if choice == "html":
        return None  # the HTML page (or its JSON twin) answers
    if choice is None:
        types = ", ".join(["text/html", "application/json", *(m for m, _f in formats.GRAPH.values())])
        return _vary(Response(f"This page is available as: {types}\n", status=406, mimetype="text/plain"))
    return _describe(match.group(1), match.group(2), choice)


FORMAT_NAMES = {"ttl": "Turtle", "jsonld": "JSON-LD", "rdf": "RDF/XML", "nt": "N-Triples"}


def rdf_format_links() -> dict[str, list[tuple[str, str, str]]]:
    """(extension, name, media type) of each RDF format a node page links to and names in its head."""
    return {"rdf_formats": [(ext, FORMAT_NAMES[ext], formats.GRAPH[key][0]) for ext, key in EXTENSIONS.items()]}


@lod.get("/id/<kind>/<slug>.<any(ttl, jsonld, rdf, nt):ext>")
def node_as(kind: str, slug: str, ext: str) -> Response:
    if kind not in KINDS or not is_slug(slug):
        abort(404)
    return _describe(kind, slug, EXTENSIONS[ext])


def vary_on_accept(response: Response) -> Response:
    if request.path.startswith("/id/"):
        response.vary.add("Accept")
    return response


def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def _describe(kind: str, slug: str, key: str) -> Response:
    graph = get_graph()
    iri = ox.NamedNode(f"{graph.id_base}{kind}/{slug}")
    triples = graph.library.construct(graph.store, "export/lod_describe_node", node=iri)
    if not any(t.subject == iri for t in triples):
        return _vary(Response(f"Nothing is recorded at {iri.value}\n", status=404, mimetype="text/plain"))
    prefixes = {**PREFIXES, "id": graph.id_base}
    if key == "ttl":
        body = ox.serialize(triples, format=formats.GRAPH[key][1], prefixes=prefixes)
    elif key == "jsonld":
        body = node_jsonld.compacted(triples, prefixes)  # with an @context, as JSON-LD clients expect
    else:
        body = formats.triples(triples, key)
    return _vary(Response(body, content_type=formats.content_type("graph", key)))


FORMAT_TITLES = {"nt": "N-Triples", "ttl": "Turtle", "jsonld": "JSON-LD"}


def _dump_rows() -> list[dict[str, Any]]:
    """One row per dump file: its name, address, what it holds, format and size (None until the file has
    been written: the background writer makes each version's files, exporters/dump_writer.py). Over a remote
    store nothing is kept here: each download is streamed from the store, so `streamed` is set and there is
    never a size."""
    graph = get_graph()
    current = None if isinstance(graph.store, RemoteStore) else Layout(graph.settings.data_dir).current()
    names = council_names()
    rows = []
    for subset in ("all", *(f"area-{c}" for c in dumps.COUNCILS)):
        for fmt in dumps.FORMATS:
            name = dumps.dump_name(subset, fmt)
            made = current.path / "dumps" / name if current is not None else None
            rows.append(
                {
                    "name": name,
                    "url": absolute("/dumps/" + name),
                    "path": "/dumps/" + name,
                    "subset": "all" if subset == "all" else subset[5:],
                    "holds": N_("Every council") if subset == "all" else names.get(subset[5:], subset[5:]),
                    "format": FORMAT_TITLES[fmt],
                    "media_type": dumps.FORMATS[fmt][1],
                    "bytes": made.stat().st_size if made is not None and made.exists() else None,
                    "streamed": current is None,
                    "in_background": writing(current_app),
                }
            )
    return rows


@twin_route(lod, "/dumps/")
def dump_index() -> Response | str:
    """The list of dump files: an HTML page for people, its JSON twin (/dumps.json) for programs, and the
    older plain-text list (one address a line) for clients that ask for text/plain."""
    rows = _dump_rows()
    remote = isinstance(get_graph().store, RemoteStore)
    best = request.accept_mimetypes.best_match(["text/html", "application/json", "text/plain"])
    if (
        best == "text/plain"
        and not request.path.endswith(".json")
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    ):
        lines = ["The public graph as gzip-compressed files (Open Government Licence v3.0):", ""]
        if remote:
            lines[1:1] = [REMOTE_NOTE]
        lines += [row["url"] for row in rows]
        response = Response("\n".join(lines) + "\n", mimetype="text/plain")
        response.vary.add("Accept")
        return response
    return respond(
        "publish/dumps.html",
        title=translate("Download the data"),
        files=rows,
        licence=LICENCE_URL,
        made_on_request=REMOTE_NOTE if remote else None,
        void=absolute("/.well-known/void"),
    )


REMOTE_NOTE = N_(
    "Each file is made on request from the SPARQL endpoint this site reads, so it may take a while to "
    "start; `graph-app export` writes the same files on the machine that builds the data."
)  # the page shows it through _(); the plain-text list for programs keeps the English
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@lod.get("/dumps/<name>")
def dump_file(name: str) -> Response:
    parsed = dumps.parse_dump_name(name)
    if parsed is None:
        abort(404)
    graph = get_graph()
    if isinstance(graph.store, RemoteStore):
        return _remote_dump(graph.store, name, *parsed)
    current = Layout(graph.settings.data_dir).current()
    store = getattr(graph.store, "pyoxigraph_store", None)
    if current is None or store is None:
        abort(404, "No built store here to make dumps from: run `graph-app build`, or `graph-app export`.")
    path = dump_status.folder_of(current) / name
    if not path.exists():
        if writing(current_app):  # never made here: the background writer is on it (exporters/dump_writer.py)
            current_app.extensions["dump_writer"].wake()
            return _being_prepared(name, dump_status.ready_in(graph.settings.data_dir, current, name))
        path = dumps.ensure_dump(store, graph.library, graph.settings.base, path.parent, *parsed)
    # served as the .gz file it is (no Content-Encoding), so a download stays compressed on disk; send_file
    # gives ETag and Last-Modified (a new version's file is a new file) and answers Range requests
    return send_file(path, mimetype="application/gzip", as_attachment=True, download_name=name, conditional=True)


def _being_prepared(name: str, seconds: int) -> Response:
    """503 with Retry-After: the file for the latest data is being written; plain text, or JSON if asked."""
    message = translate(
        "The file {name} is being prepared for the latest data. It should be ready in about {seconds} "
        "seconds: please try again then.",
        name=name,
        seconds=seconds,
    )
    if request.accept_mimetypes.best_match(["text/plain", "application/json"]) == "application/json":
        body = {"status": "being prepared", "file": name, "retry_after": seconds, "message": message}
        response = make_response(body)
    else:
        response = Response(message + "\n", mimetype="text/plain")
    response.status_code = 503
    response.headers["Retry-After"] = str(seconds)
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    return response


def _remote_dump(remote: RemoteStore, name: str, subset: str, fmt: str) -> Response:
    """Stream the dump from the remote SPARQL endpoint (no file on this machine to send). If the endpoint
    refuses, a 503 says so plainly; the endpoint's own words go to the log, not to the public."""
    graph = get_graph()
    try:
        body = dumps.stream_remote_dump(remote, graph.library, graph.settings.base, subset, fmt)
    except StoreError as error:
        current_app.logger.warning("dump %s from the remote store failed: %s", name, error)
        message = (
            f"The dump {name} could not be made just now: the SPARQL endpoint this site reads did not "
            "send it. Please try again later. The same files are written by `graph-app export` on "
            "the machine that builds the data.\n"
        )
        return Response(message, status=503, mimetype="text/plain", headers={"Retry-After": "60"})
    return Response(
        stream_with_context(body),
        mimetype="application/gzip",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@lod.get("/.well-known/void")
def void_description() -> Response:
    graph = get_graph()

    def compute() -> tuple[str, int, list[str]]:
        rows = graph.library.select(graph.store, "export/lod_modified")
        examples = [r["example"].value for r in graph.library.select(graph.store, "export/lod_example_resources")]
        return (rows[0]["m"].value if rows else None), graph.store.triple_count(), examples

    modified, triples, examples = graph.memo("void", compute)

    def page() -> str:
        data = void_page.page_data(graph.store.version(), modified, triples, examples, _dump_rows())
        return render_template("publish/void.html", **data)

    def statements() -> Any:
        return void.describe(public_root(), graph.settings.base, graph.store.version(), modified, triples, examples)

    prefixes = {"void": void.VOID, "dcat": PREFIXES["dcat"], "dcterms": PREFIXES["dcterms"]}
    return _page_or_rdf(page, statements, prefixes)


@lod.get("/def")
def vocabulary_description() -> Response:
    """The lo: vocabulary at its own address: a page for browsers, its statements for RDF clients."""
    return _page_or_rdf(
        lambda: render_template("publish/vocabulary.html", **vocabulary.page_data()),
        vocabulary.vocabulary_triples,
        PREFIXES,
    )


def _page_or_rdf(page: Callable[[], str], statements: Callable[[], Any], prefixes: dict[str, str]) -> Response:
    """A description for browsers and RDF clients at one address: the page, or the statements in the RDF
    format negotiated by _void_choice (Turtle with `prefixes`), or a 406 naming what is offered."""
    try:
        key = _void_choice()
    except formats.NotAcceptable as error:
        offered = ", ".join([*VOID_HTML, *error.offered])
        return _vary(Response(f"Acceptable formats: {offered}\n", status=406, mimetype="text/plain"))
    if key == "html":
        return _vary(make_response(page()))
    triples = statements()
    if key == "ttl":
        body = ox.serialize(triples, format=formats.GRAPH[key][1], prefixes=prefixes)
    else:
        body = formats.triples(triples, key)
    return _vary(Response(body, content_type=formats.content_type("graph", key)))


VOID_HTML = ("text/html", "application/xhtml+xml")


def _void_choice() -> str:
    """For the dataset description and the vocabulary: 'html' for browsers (text/html preferred over every
    RDF type), else the RDF format key: `format=` first, RDF on a tie (so `*/*` and RDF clients keep RDF),
    Turtle with no Accept at all."""
    header = request.headers.get("Accept")
    forced = request.args.get("format")
    if forced or not header or not header.strip():
        return formats.choose("graph", header, forced)
    chosen = accept.best(header, [*formats.media_types("graph"), *VOID_HTML])
    if chosen is None:
        raise formats.NotAcceptable(formats.media_types("graph"))
    return "html" if chosen in VOID_HTML else formats.choose("graph", chosen, None)


def _sitemap_urls() -> list[str]:
    graph = get_graph()

    def compute() -> list[str]:
        rows = graph.library.select(graph.store, "export/lod_sitemap_nodes", idbase=graph.id_base)
        return [row["node"].value[len(graph.id_base) :] for row in rows]

    return graph.memo("sitemap", compute)


@lod.get("/sitemap.xml")
def sitemap() -> Response:
    paths = _sitemap_urls()
    root = public_root().rstrip("/")
    if len(paths) + 1 > SITEMAP_LIMIT:
        parts = (len(paths) + SITEMAP_LIMIT - 1) // SITEMAP_LIMIT
        items = "".join(f"<sitemap><loc>{escape(root)}/sitemap-{n}.xml</loc></sitemap>" for n in range(1, parts + 1))
        body = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>\n'
        return Response(body, mimetype="application/xml")
    return _urlset([root + "/", *(f"{root}/id/{p}" for p in paths)])


@lod.get("/sitemap-<int:part>.xml")
def sitemap_part(part: int) -> Response:
    paths = _sitemap_urls()
    chunk = paths[(part - 1) * SITEMAP_LIMIT : part * SITEMAP_LIMIT]
    if part < 1 or not chunk:
        abort(404)
    root = public_root().rstrip("/")
    return _urlset([f"{root}/id/{p}" for p in chunk])


def _urlset(urls: list[str]) -> Response:
    items = "".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls)
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>\n'
    return Response(body, mimetype="application/xml")


@lod.get("/robots.txt")
def robots() -> Response:
    body = (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /sparql\n"  # queries are for programs, not crawlers
        "Disallow: /search\n"
        "Disallow: /dumps/\n"
        f"Sitemap: {absolute('/sitemap.xml')}\n"
    )
    return Response(body, mimetype="text/plain")
