"""Side-by-side comparison of two versions of a record, word by word (issue 18).

Each changed field is one row: its values before and after, with the words removed marked <del> on the left and
the words added marked <ins> on the right. Colour is not the only cue: <del> is struck through and <ins>
underlined, and a visually hidden "removed:" / "added:" says it to a screen reader. Every word is escaped here
before any markup is put round it, so text a user typed can never become markup.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pyoxigraph as ox
from markupsafe import Markup, escape

from ...live import comparable, records
from ..core.i18n import translate
from . import record_form

_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Row:
    subject: str
    field: str
    before: Markup
    after: Markup
    change: str  # "changed", "added" (no value before) or "removed" (no value after)


def _marked(words: list[str], tag: str, said: str) -> Markup:
    text = "".join(words)
    if not text.strip():
        return Markup(escape(text))
    lead = text[: len(text) - len(text.lstrip())]
    core = text.strip()
    trail = text[len(lead) + len(core) :]
    return Markup('{}<{tag}><span class="govuk-visually-hidden">{said} </span>{}</{tag}>{}').format(
        lead, core, trail, tag=Markup(tag), said=said
    )


def word_diff(before: str, after: str) -> tuple[Markup, Markup]:
    """(before, after) as escaped HTML, the words only one side has marked <del> / <ins>."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    left, right = [], []
    removed, added = translate("removed:"), translate("added:")
    for op, i1, i2, j1, j2 in _runs(difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes(), old):
        if op == "equal":
            left.append(escape("".join(old[i1:i2])))
            right.append(escape("".join(new[j1:j2])))
            continue
        if i2 > i1:
            left.append(_marked(old[i1:i2], "del", removed))
        if j2 > j1:
            right.append(_marked(new[j1:j2], "ins", added))
    return Markup("").join(left), Markup("").join(right)


def _runs(opcodes: list[tuple[str, int, int, int, int]], old: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The opcodes with a change, the spaces after it and the change after those made one: "Friendly otters"
    replacing "Free" is one marked phrase, not a mark per word with the spaces between them left unmarked."""
    merged: list[tuple[str, int, int, int, int]] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        spaces_only = op == "equal" and all(not token.strip() for token in old[i1:i2])
        between = 0 < index < len(opcodes) - 1 and merged and merged[-1][0] != "equal"
        if merged and merged[-1][0] != "equal" and (op != "equal" or (spaces_only and between)):
            _, a1, _, b1, _ = merged[-1]
            merged[-1] = ("replace", a1, i2, b1, j2)
        else:
            merged.append((op, i1, i2, j1, j2))
    return merged


def compared_rows(record: records.Record, old: list[ox.Triple], new: list[ox.Triple]) -> list[Row]:
    """One row per changed field (by meaning: live/comparable.py), its values before and after word by word."""
    added, removed = comparable.real_changes(old, new)
    grouped: dict[tuple[str, str], dict[str, list[str]]] = {}
    for side, triples in (("after", added), ("before", removed)):
        for row in record_form.described_changes(record, triples, side):
            values = grouped.setdefault((row["subject"], row["property"]), {"before": [], "after": []})
            values[side].append(str(row["value"]))
    rows = []
    for (subject, field), values in grouped.items():
        before, after = "\n".join(sorted(values["before"])), "\n".join(sorted(values["after"]))
        change = "changed" if before and after else ("added" if after else "removed")
        left, right = word_diff(before, after)
        rows.append(Row(subject, field, left, right, change))
    rows.sort(key=lambda r: (r.subject != record.label, r.subject, r.field))
    return rows
