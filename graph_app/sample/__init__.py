"""Deterministic generator for the invented sample local offer (data/sample/local-offer.ttl).

from graph_app.sample import generate, write
write(Path("data/sample/local-offer.ttl"))          # scale 1, seed 2014
python -m graph_app.sample --scale 300 --out /tmp/national.nt
"""

from __future__ import annotations

from .gaps import GAPS, Gap
from .generator import generate, write

__all__ = ["GAPS", "Gap", "generate", "write"]
