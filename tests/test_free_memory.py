"""After a burst of background work a worker gives the heap memory it freed back to the system
(graph_app/free_memory.py, called by version_worker.py after a round that worked): in a real process, the
resident size falls once the freed memory is given back, and stays up without it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from graph_app.free_memory import give_back_free_memory

BURST = """
import sys
from graph_app.free_memory import give_back_free_memory

def resident_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024

held = [bytes(2000) for _ in range(150_000)]  # ~300 MB of separate malloc'd blocks, like query rows
pin = bytes(2000)  # allocated last, so the heap cannot simply shrink from its top when the rest is freed
del held
before = resident_mb()
if sys.argv[1] == "give back":
    give_back_free_memory()
print(before, resident_mb())
"""


def _burst(how: str) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", BURST, how], capture_output=True, text=True, check=True)
    before, after = map(int, done.stdout.split())
    return before, after


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and glibc's malloc_trim")
def test_memory_freed_after_a_burst_goes_back_to_the_system():
    assert give_back_free_memory() is True  # glibc: the call exists here
    kept_before, kept_after = _burst("keep")
    given_before, given_after = _burst("give back")
    assert kept_before > 250 and kept_after > 250, (kept_before, kept_after)  # freed but still resident
    assert given_before > 250 and given_after < given_before - 200, (given_before, given_after)
