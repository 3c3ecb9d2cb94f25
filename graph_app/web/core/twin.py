"""Every HTML page has a JSON twin, as in Datasette: the same data, chosen by `Accept:
application/json` or by a `.json` suffix on the path."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request


def wants_json() -> bool:
    if request.path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def respond(template: str, **data: Any) -> Response | str:
    """Render the template, or return the same data as JSON for the twin."""
    if wants_json():
        response = jsonify(to_json(data))
        response.vary.add("Accept")
        return response
    html = render_template(template, **data)
    return html


def to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: to_json(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_json(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def twin_route(blueprint: Blueprint, rule: str, **options: Any) -> Callable:
    """Register a view at `rule` and at `rule.json` (the JSON twin)."""

    def decorator(view: Callable) -> Callable:
        blueprint.add_url_rule(rule, view_func=view, methods=["GET"], **options)
        json_rule = "/index.json" if rule == "/" else rule.rstrip("/") + ".json"
        blueprint.add_url_rule(json_rule, endpoint=view.__name__ + "_json", view_func=view, methods=["GET"], **options)
        return view

    return decorator
