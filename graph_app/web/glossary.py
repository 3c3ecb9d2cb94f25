"""The glossary of acronyms and terms."""

from __future__ import annotations

from flask import Blueprint

glossary = Blueprint("glossary", __name__)
