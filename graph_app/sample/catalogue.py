"""The kinds of invented service the sample draws from: one entry per kind of real Local Offer entry.

Each kind says which sector it is in, who it is for, how you get it and how it is paid for, plus
label and sentence templates (see kind.Kind).
"""

from __future__ import annotations

from . import kinds_care_adulthood, kinds_education_health
from .kind import Kind

KINDS: tuple[Kind, ...] = kinds_education_health.KINDS + kinds_care_adulthood.KINDS
KIND_BY_KEY: dict[str, Kind] = {k.key: k for k in KINDS}

__all__ = ["KINDS", "KIND_BY_KEY", "Kind"]
