"""The text search index (kept as a module name for the build and the app); see graph_app/search/."""

from .search import Filters, Hit, Results, SearchIndex, build_index, kind_of

__all__ = ["Filters", "Hit", "Results", "SearchIndex", "build_index", "kind_of"]
