"""The mind map, related topics and paths between nodes (filled in by the explorer issue)."""

from __future__ import annotations

from flask import Blueprint

maps = Blueprint("maps", __name__)
