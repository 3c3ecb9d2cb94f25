"""What a visitor is told when a query ran out of the memory a query worker may use: said by the worker
(worker.py) and by the pool that sees a worker die (executor.py), which must not import each other."""

from __future__ import annotations

# The query's fault, like a timeout, not the server's: a 4xx, so no client retries it as if the server were busy.
MEMORY_STATUS = 422


def memory_message(memory_mb: int) -> str:
    return (
        f"The query needed more memory than the {memory_mb} MB a query may use, and was stopped. "
        "Make it more specific, add a LIMIT, or avoid sorting or grouping very large results."
    )
