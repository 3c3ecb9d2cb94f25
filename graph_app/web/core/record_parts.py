"""Parts of a record page (/id/<kind>/<slug>) that other areas give: the map around the record and the
records related to it (map/), what families said about it (feedback/) and its schema.org description
(publish/). explore/ imports no other area, so create_app names each part's builder here and the record
view calls them all: the HTML page and its JSON twin get the same parts, section for section."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

RecordPart = Callable[[str], Any]  # the record's IRI -> the part's data (plain values, dataclasses)


def add_record_part(app: Flask, name: str, build: RecordPart) -> None:
    """Give every record page the part `name`, built from the record's IRI by `build`."""
    app.extensions.setdefault("record_parts", {})[name] = build


def record_parts(iri: str) -> dict[str, Any]:
    """name -> data of every part registered for record pages, in the order create_app added them."""
    return {name: build(iri) for name, build in current_app.extensions.get("record_parts", {}).items()}
