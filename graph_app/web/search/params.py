"""Reading a search's address: the words, the page and the filters, each checked (a bad one gets a 400
naming the parameter), and the address of this search with some parameters changed."""

from __future__ import annotations

from flask import abort, request, url_for

from ...search import Filters, SearchIndex
from ...search.index import RATED_VALUES
from ...search.provision import asks_for_provision
from ..core.context import family_context, here_with
from ..core.i18n import N_, translate

MAX_QUERY = 300
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("", "0", "false", "no", "off")
# the inspection filter's choices (issue 19): the newest inspection's grade, Ofsted's or the CQC's
RATED_LABELS = {
    "good-or-outstanding": N_("Inspected and rated Good or Outstanding"),
    "outstanding": N_("Rated Outstanding"),
    "good": N_("Rated Good"),
    "requires-improvement": N_("Rated Requires improvement"),
    "inadequate": N_("Rated Inadequate"),
}


def _choice(name: str, allowed: list[str], what: str) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if raw not in allowed:
        said = translate(
            "The '{name}' parameter must be {what}; '{value}' is not one.",
            name=name,
            what=what,
            value=raw[:60],
        )
        abort(400, said)
    return raw


def read_filters(index: SearchIndex) -> Filters:
    """The filters in the address, each checked against the values the index holds."""
    values = index.facet_values()
    slugs = {facet: [v[0] for v in values.get(facet, [])] for facet in ("age", "area", "need", "sector")}
    kind = _choice("kind", index.kinds(), translate("a kind of page such as need, service or pathway"))
    context = family_context()  # area (else the cookie), age and need, checked in core/context.py
    age, age_band = context.age, None
    if context.age_band:
        bands = ", ".join(slugs["age"])
        age_band = _choice("age", slugs["age"], translate("an age from 0 to 25 or an age band ({bands})", bands=bands))
    area = context.area_slug if context.area_slug in slugs["area"] else None
    need = context.needs[0] if context.needs else None
    sector = _choice("sector", slugs["sector"], translate("a sector: {sectors}", sectors=", ".join(slugs["sector"])))
    raw_open = request.args.get("no_assessment", "").strip().lower()
    if raw_open not in TRUE_WORDS + FALSE_WORDS:
        abort(
            400, translate("The 'no_assessment' parameter must be 1 (only what needs no specialist assessment) or 0.")
        )
    return Filters(
        kind=kind,
        age_band=age_band,
        age=age,
        area=area,
        need=need,
        sector=sector,
        open_only=raw_open in TRUE_WORDS,
        provision=read_provision(read_query())[0],
        rated=_choice(
            "rated",
            list(RATED_VALUES),
            translate("the newest inspection's grade: {grades}", grades=", ".join(RATED_VALUES)),
        ),
    )


def read_provision(text: str) -> tuple[bool, str | None]:
    """The "Has a resource base or SEN unit" filter and where it came from: the address (provision=1, or 0
    to turn it off), else the words typed ("resource base for hearing impairment" sets it)."""
    raw = request.args.get("provision", "").strip().lower()
    if raw not in TRUE_WORDS + FALSE_WORDS:
        abort(
            400, translate("The 'provision' parameter must be 1 (only settings with a resource base or SEN unit) or 0.")
        )
    if raw:
        return (True, "address") if raw in TRUE_WORDS else (False, None)
    if asks_for_provision(text):
        return True, "your words"
    return False, None


def read_query() -> str:
    text = request.args.get("q", "")
    if len(text) > MAX_QUERY:
        abort(400, translate("The 'q' parameter is too long: at most {most} characters, please.", most=MAX_QUERY))
    return " ".join(text.split())


def read_page() -> int:
    raw = request.args.get("page", "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        abort(400, translate("The 'page' parameter must be a whole number from 1 to 500."))
    return int(raw)


def page_url(**changes: object) -> str:
    """This search's address with some parameters changed (None removes one); the context goes into the
    link, so it works without the cookie."""
    return here_with(url_for("search.results"), **changes)
