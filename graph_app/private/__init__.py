"""Private data: staff accounts, pending comments, confidential feedback and the edit journal.

It lives in its own SQLite database (never in the public graph), so the SPARQL endpoint, dumps, LOD pages
and the search index cannot reach it.
"""

from .db import PrivateDB, open_private_db

__all__ = ["PrivateDB", "open_private_db"]
