"""Search in families' own words: the index written at build time (build.py) and searched by the app
(index.py), with the text analysis both share (text.py)."""

from .build import build_index, kind_of
from .facet_counts import FACETS
from .index import Filters, Hit, Results, SearchIndex
from .text import normalise, terms

__all__ = ["FACETS", "Filters", "Hit", "Results", "SearchIndex", "build_index", "kind_of", "normalise", "terms"]
