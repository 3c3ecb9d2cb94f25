"""The navigation projection (see DESIGN.md): a networkx graph of meaningful links only, for what SPARQL
does badly: ranking related nodes and finding how two nodes are connected. Built once per store version."""

from .catalogue import Entry, Part, catalogue
from .model import Projection, load_projection
from .neighbourhood import Group, neighbourhood
from .paths import Step, chain_steps, shortest_chain
from .rank import Suggestion, personalised_pagerank, related

__all__ = [
    "Entry",
    "Group",
    "Part",
    "Projection",
    "Step",
    "Suggestion",
    "catalogue",
    "chain_steps",
    "load_projection",
    "neighbourhood",
    "personalised_pagerank",
    "related",
    "shortest_chain",
]
