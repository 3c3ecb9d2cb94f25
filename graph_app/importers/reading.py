"""Read a file or fetch a URL for an importer; every failure becomes one plain ImportFailed message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests

from .records import ImportFailed

MAX_PAGES = 200  # a paged feed is followed at most this far: a loop in 'next' links must end
TIMEOUT_S = 30


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def shown(location: str) -> str:
    return location if is_url(location) else Path(location).name


def read_text(location: str, encoding: str = "utf-8") -> str:
    """The text of a file, or of a URL's body."""
    if is_url(location):
        return _fetch(location).text
    try:
        data = Path(location).read_bytes()
    except OSError as error:
        raise ImportFailed(f"{shown(location)}: cannot read the file: {error.strerror or error}") from None
    return decode(data, shown(location), encoding)


def decode(data: bytes, name: str, encoding: str = "utf-8") -> str:
    try:
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as error:
        raise ImportFailed(
            f"{name}: not {encoding.upper()} text (byte 0x{data[error.start]:02x} at position {error.start}); "
            "save it as UTF-8, or give the file's encoding with --encoding (GIAS downloads are cp1252)"
        ) from None
    except LookupError:
        raise ImportFailed(f"unknown encoding {encoding!r}") from None


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_constant=_not_json)  # NaN and Infinity: Python accepts them, JSON does not
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ImportFailed(f"{name}: not valid JSON at {where}: {error.msg}") from None
    except ValueError as error:
        raise ImportFailed(f"{name}: not valid JSON: {error}") from None
    except RecursionError:  # a hostile or broken file nested thousands deep
        raise ImportFailed(f"{name}: not an Open Referral UK document: arrays or objects nested too deeply") from None


def read_json_pages(location: str) -> list[Any]:
    """The document, or for a paged feed at a URL every page of it, at most MAX_PAGES: a 'next' link is
    followed; otherwise the 'page' query parameter counts up (from the URL's, or 1) until a page says it
    is the last ('last' in ORUK v1, 'last_page' in ORUK 3), is empty, or passes 'totalPages'/'total_pages'.
    Counting our own requests avoids guessing whether a feed numbers its pages from 0 or 1."""
    first = parse_json(read_text(location), shown(location))
    if not is_url(location) or not isinstance(first, dict):
        return [first]
    pages, url = [first], location
    requested = _page_param(location) or 1
    while len(pages) < MAX_PAGES:
        page = pages[-1]
        link = page.get("next")
        if isinstance(link, dict):
            link = link.get("href")
        if isinstance(link, str) and link:
            url = urljoin(url, link)
        else:
            total = page.get("totalPages", page.get("total_pages"))
            items = page.get("content", page.get("contents"))
            if page.get("last", page.get("last_page")) is not False or not items:
                break
            if isinstance(total, int) and requested >= total:
                break
            requested += 1
            url = _with_page(location, requested)
        pages.append(parse_json(_fetch(url).text, url))
    return pages


def _page_param(url: str) -> int | None:
    values = parse_qs(urlsplit(url).query).get("page")
    return int(values[0]) if values and values[0].isdigit() else None


def _with_page(url: str, number: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "page"] + [("page", str(number))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _fetch(url: str) -> requests.Response:
    try:
        response = requests.get(url, timeout=TIMEOUT_S, headers={"Accept": "application/json, text/csv;q=0.9"})
    except requests.RequestException as error:
        raise ImportFailed(f"{url}: cannot fetch: {type(error).__name__}") from None
    if response.status_code != 200:
        raise ImportFailed(f"{url}: cannot fetch: HTTP {response.status_code}")
    return response
