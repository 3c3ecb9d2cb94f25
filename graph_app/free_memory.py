"""Give freed heap memory back to the operating system after a burst of background work.

A worker's gap warm-up or dump writer allocates hundreds of megabytes of query rows at national scale and
frees them again; glibc keeps the freed pages in its arenas, so each of four gunicorn workers would go on
holding them. `malloc_trim(0)` returns them. Elsewhere (musl, macOS) there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _trim_function() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


def give_back_free_memory() -> bool:
    """Return the heap's free pages to the system; False where the C library has no malloc_trim."""
    trim = _trim_function()
    if trim is None:
        return False
    trim(0)
    return True
