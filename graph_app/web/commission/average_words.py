"""The name of the average the councils are compared with, in the page's language: "SE7 average" where every
council in the data is one region's (graph_app/gaps/average_name.py works that out), otherwise "average of the
15 councils". `average_name` goes after "the" in a sentence; `average_heading` heads a column."""

from __future__ import annotations

from ...gaps.average_name import AverageOf, average_of
from ..core.graph import Graph, get_graph
from ..core.i18n import translate, translate_plural
from .choices import gaps, options


def average_found(graph: Graph) -> AverageOf:
    every = [o.iri for o in options(graph)["area"]]  # compare.py averages over every council
    return graph.memo("gaps:average-of", lambda: average_of(graph.store, graph.library, every))


def average_words(graph: Graph) -> dict[str, str]:
    found = average_found(graph)
    if found.region:
        name = translate("{region} average", region=found.region)
        return {"average_name": name, "average_heading": name}
    n = found.councils
    return {
        "average_name": translate_plural("average of the {count} council", "average of the {count} councils", n),
        "average_heading": translate_plural("Average of the {count} council", "Average of the {count} councils", n),
    }


@gaps.context_processor
def average_helpers() -> dict[str, str]:
    return average_words(get_graph())
