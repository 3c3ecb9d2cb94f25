"""The navigation projection (see DESIGN.md): the meaningful links only, as arrays, for what SPARQL does
badly: ranking related nodes and finding how two nodes are connected. Built once per store version into
files that every worker maps read-only (shared.py)."""

from .catalogue import Entry, Part, catalogue
from .model import Projection, load_projection
from .neighbourhood import Group, neighbourhood
from .paths import Step, chain_steps, shortest_chain
from .rank import Suggestion, personalised_pagerank, related
from .shared import BrokenProjection, ProjectionFiles, projection_folder

__all__ = [
    "BrokenProjection",
    "Entry",
    "Group",
    "Part",
    "Projection",
    "ProjectionFiles",
    "Step",
    "Suggestion",
    "catalogue",
    "chain_steps",
    "load_projection",
    "neighbourhood",
    "personalised_pagerank",
    "projection_folder",
    "related",
    "shortest_chain",
]
