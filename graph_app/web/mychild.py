"""'My child': a personal map from age, area and needs, with nothing stored on the server."""

from __future__ import annotations

from flask import Blueprint

mychild = Blueprint("mychild", __name__)
