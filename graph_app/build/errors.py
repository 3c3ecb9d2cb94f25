"""The one exception a build raises: every message names where the problem is."""

from __future__ import annotations


class BuildError(Exception):
    """A build that cannot finish. `problems` holds one line per problem (file:line:column, or
    record IRI and field); the store that was live before the build stays live."""

    def __init__(self, summary: str, problems: list[str] | None = None) -> None:
        self.summary = summary
        self.problems = problems or []
        super().__init__(summary if not self.problems else summary + "\n" + "\n".join(self.problems))
