"""The sample local offer: invented services and settings for the SE7 councils, as RDF triples.

`generate(scale, seed)` yields pyoxigraph triples one record at a time (memory stays bounded at
national scale); `write()` streams them to Turtle or N-Triples. The same scale and seed always
give the same triples in the same order: one random.Random(seed) and a fixed reference date.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
from pyoxigraph import Triple

from . import terms as t
from .gaps import GAPS, comment_lines
from .providers import service_providers
from .records import Ctx
from .services import Council, Provider, Want, service
from .settings import PATTERN, SettingMaker
from .vocab import DISTRICTS, NEEDS, NEIGHBOURS, SE7_COUNCILS, SECTORS

SERVICES_PER_COUNCIL = 52  # at scale 1: 7 x 52 = 364 services
SETTINGS_PER_COUNCIL = 11  # at scale 1: 7 x 11 = 77 settings
NATIONAL_FROM_SCALE = 30  # from here on, invent extra councils (about one per 2 scale units)
SAMPLE_DISTRICTS = 3
# Records the gaps and the "outside the area" story rely on, made first in their council.
GUARANTEED: dict[str, tuple[Want, ...]] = {
    "surrey": (Want(kind="sensory-teaching", need="vision-impairment", access="specialist", referral="assessment"),),
}
OUT_OF_AREA_SETTINGS = {"kent": ("special", "medway")}  # a Kent child's special school in Medway
OUT_OF_AREA_SETTING_SHARE = 0.2  # of special schools and specialist colleges

DATASET_TITLE = "Sample local offer (invented)"
DATASET_DESCRIPTION = (
    "A sample Local Offer of special educational needs and disabilities (SEND) provision for the "
    "seven SE7 councils. Every service, setting, provider and "
    "contact in it is invented for demonstration: the names, phone numbers (Ofcom's drama range "
    "01632 960000 to 960999), email addresses (example.org) and web pages do not exist. The "
    "councils, districts, needs, headings and law it links to are real."
)


def councils_for(scale: float) -> dict[str, Council]:
    """The seven SE7 councils, plus invented ones at national scale (area/sample-council-{n})."""
    councils = {c: Council(c, DISTRICTS[c], NEIGHBOURS[c]) for c in SE7_COUNCILS}
    extra = max(0, round(scale / 2) - len(SE7_COUNCILS)) if scale >= NATIONAL_FROM_SCALE else 0
    for n in range(1, extra + 1):
        slug = f"sample-council-{n}"
        near = tuple(f"sample-council-{m}" for m in (n - 1, n + 1) if 1 <= m <= extra)
        districts = tuple(f"{slug}-district-{k}" for k in range(1, SAMPLE_DISTRICTS + 1))
        councils[slug] = Council(slug, districts, near)
    return councils


def _plan(council: Council, index: int, n: int) -> list[Want]:
    """Wanted services for a council: the guarantees, its share of the needs, then each sector."""
    wants = list(GUARANTEED.get(council.slug, ()))
    if council.slug in SE7_COUNCILS:
        wants += [Want(need=need) for need in list(NEEDS)[index :: len(SE7_COUNCILS)]]
    wants += [Want(sector=sector) for sector in SECTORS]
    return (wants + [Want()] * n)[:n]


def _dataset() -> Iterator[Triple]:
    d = t.DATASET
    yield Triple(d, t.TYPE, t.DCAT_DATASET)
    yield Triple(d, t.LABEL, t.en(DATASET_TITLE))
    yield Triple(d, t.TITLE, t.en(DATASET_TITLE))
    yield Triple(d, t.DESCRIPTION, t.en(DATASET_DESCRIPTION))
    yield Triple(d, t.IS_SAMPLE, t.TRUE)


def _sample_council(ctx: Ctx, council: Council) -> Iterator[Triple]:
    """An invented council (national scale only), with invented names for it and its districts."""
    a = t.vnode("area", council.slug)
    yield from t.record(a, t.C["LocalAuthority"], ctx.place(council.slug))
    for district in council.districts:
        d = t.vnode("area", district)
        yield from t.record(d, t.C["District"], ctx.place(district))
        yield Triple(d, t.P["partOfArea"], a)


def generate(scale: float = 1.0, seed: int = 2014) -> Iterator[Triple]:
    """Yield the sample local offer's triples; deterministic for a given scale and seed."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    ctx = Ctx(seed)
    councils = councils_for(scale)
    share = scale * len(SE7_COUNCILS) / len(councils)  # per-council size relative to scale 1
    n_services = max(1, round(SERVICES_PER_COUNCIL * share))
    n_settings = round(SETTINGS_PER_COUNCIL * share)
    n_providers = min(40, max(3, round(4 + n_services / 6)))
    settings = SettingMaker(ctx)
    labels: set[str] = set()  # service names already used, so each one is distinct
    for council in councils.values():  # name invented councils first: neighbours mention them
        if council.slug not in SE7_COUNCILS:
            for area in (council.slug, *council.districts):
                ctx.area_labels[area] = ctx.area_names.take()
    yield from _dataset()
    for index, council in enumerate(councils.values()):
        if council.slug not in SE7_COUNCILS:
            yield from _sample_council(ctx, council)
        providers: list[Provider] = []
        yield from service_providers(ctx, council, n_providers, providers)
        for want in _plan(council, index, n_services):
            yield from service(ctx, council, councils, providers, want, labels)
        forced = OUT_OF_AREA_SETTINGS.get(council.slug)
        start = (index % 2) * SETTINGS_PER_COUNCIL
        for j in range(n_settings):
            kind = PATTERN[(start + j) % len(PATTERN)]
            away = None
            if forced and kind == forced[0]:
                away, forced = councils[forced[1]], None
            elif (
                kind in ("special", "specialist-college")
                and council.neighbours
                and ctx.rng.random() < OUT_OF_AREA_SETTING_SHARE
            ):
                away = councils[ctx.rng.choice(council.neighbours)]
            yield from settings.setting(council, councils, kind, away)


def header(scale: float, seed: int) -> str:
    """The comment written at the top of every output file."""
    lines = [
        f"# {DATASET_TITLE}: generated by `python -m graph_app.sample --scale {scale:g} "
        f"--seed {seed}`; do not edit by hand.",
        "# Every service, setting, provider and contact here is invented for demonstration",
        "# (lo:isSample true). Phone numbers are in Ofcom's drama range; addresses are example.org.",
        "# Deliberate gaps (nothing in the sample meets these, so gap analyses have something to find):",
        *comment_lines(),
    ]
    return "\n".join(lines) + "\n\n"


class _Counter:
    def __init__(self, triples: Iterator[Triple]) -> None:
        self.triples, self.n = triples, 0

    def __iter__(self) -> Iterator[Triple]:
        for triple in self.triples:
            self.n += 1
            yield triple


def write(path: Path, scale: float = 1.0, seed: int = 2014, format: str | None = None) -> int:
    """Stream the sample to `path` (Turtle for .ttl, N-Triples for .nt); return the triple count."""
    path = Path(path)
    name = (format or path.suffix.lstrip(".")).lower()
    rdf_format = {
        "ttl": pyoxigraph.RdfFormat.TURTLE,
        "turtle": pyoxigraph.RdfFormat.TURTLE,
        "nt": pyoxigraph.RdfFormat.N_TRIPLES,
        "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
        "n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    }.get(name)
    if rdf_format is None:
        raise ValueError(f"unsupported format {name!r}: use .ttl or .nt")
    prefixes = t.PREFIXES if rdf_format == pyoxigraph.RdfFormat.TURTLE else None
    counter = _Counter(generate(scale, seed))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(header(scale, seed).encode("utf-8"))
        pyoxigraph.serialize(iter(counter), out, rdf_format, prefixes=prefixes)
    return counter.n


__all__ = ["GAPS", "generate", "header", "write"]
