"""IRIs of dependent records (answers, contacts, eligibility criteria): each is unique to its parent record,
its kind included, and flat: {id_base}{dependent}/{parent kind}-{parent slug}-{role}.

Why they cannot collide: a parent kind is letters only (service, setting, provider, area) and a role is
letters and digits only (no hyphen), while a slug is letters, digits and hyphens. So the local name splits
one way only: the kind is what comes before its first hyphen, the role what comes after its last, the
slug everything between. Two different (kind, slug, role) give two different IRIs; a setting with a
service's slug gets `setting-{slug}-...`, never the service's `service-{slug}-...`. An answer's role is
"q" plus its question's local name without hyphens ("q" + "parentcarer01"); the build check
(build/record_checks.dependent_owners) refuses any answer whose IRI is not the one its parent and question
give, so two questions whose names differ only in hyphens could not share one unnoticed.

The IRIs before this scheme were {dependent}/{slug}-{suffix} (answer/{slug}-{question}): their last part
is all digits for an answer, which no role here is ("q..."), so old and new never meet either.
"""

from __future__ import annotations

import re

from ..slugs import SLUG_TEXT, is_slug

PARENT_KIND = re.compile(r"[a-z]+")
ROLE = re.compile(r"[a-z0-9]+")
LOCAL = re.compile(rf"(?P<kind>[a-z]+)-(?P<slug>{SLUG_TEXT})-(?P<role>[a-z0-9]+)")


def dependent_iri(id_base: str, dependent: str, parent_iri: str, role: str) -> str:
    """The IRI of the `dependent` ("answer", "contact", "criterion") of this role that belongs to the parent."""
    kind, slug = parent_parts(id_base, parent_iri)
    if not ROLE.fullmatch(role):
        raise ValueError(f"a dependent's role is letters and digits only, not {role!r}")
    return f"{id_base}{dependent}/{kind}-{slug}-{role}"


def answer_role(question_iri: str) -> str:
    return "q" + question_iri.rstrip("/").rsplit("/", 1)[-1].replace("-", "")


def answer_iri(id_base: str, parent_iri: str, question_iri: str) -> str:
    return dependent_iri(id_base, "answer", parent_iri, answer_role(question_iri))


def parent_parts(id_base: str, parent_iri: str) -> tuple[str, str]:
    """(kind, slug) of a record IRI {id_base}{kind}/{slug}; ValueError for anything else."""
    kind, _, slug = parent_iri.removeprefix(id_base).partition("/")
    if not parent_iri.startswith(id_base) or not PARENT_KIND.fullmatch(kind) or not is_slug(slug):
        raise ValueError(f"not a record IRI with a plain kind and slug: {parent_iri}")
    return kind, slug


def split(id_base: str, iri: str) -> tuple[str, str, str, str] | None:
    """(dependent, parent kind, parent slug, role) of an IRI in this scheme, else None."""
    dependent, _, local = iri.removeprefix(id_base).partition("/")
    found = LOCAL.fullmatch(local) if iri.startswith(id_base) else None
    return (dependent, found["kind"], found["slug"], found["role"]) if found else None


ANSWER_OF = "<https://w3id.org/se7-local-offer/def#answerOf>"
ANSWERS = "<https://w3id.org/se7-local-offer/def#answers>"
_OBJECT = r"\s+<([^>\s]+)>\s*\."
_MARKER = re.compile(r"\[(\S+) version \d+\]$")


def migrate_changes(summary: str, changes: list) -> list:
    """A journal entry's changes with answers written under the IRIs before this scheme
    ({id_base}answer/{slug}-{question}) moved to the ones their record gives; ValueError, saying why, when an
    answer's record cannot be told or an answer claims another record's IRI (the entry is then refused)."""
    from .changes import Replace  # here, not at the top: changes.py needs nothing of this module

    marker = _MARKER.search(summary or "")
    record = marker.group(1) if marker else None
    moved = []
    for change in changes:
        if "/answer/" not in change.subject_iri:
            moved.append(change)
            continue
        old = change.subject_iri
        parent = _object(change.ntriples, old, ANSWER_OF) or record
        if parent is None:
            raise ValueError(f"the answer <{old}> names no record, so its new IRI cannot be told")
        id_base = parent.rsplit("/", 2)[0] + "/"
        kind, slug = parent_parts(id_base, parent)
        question = _object(change.ntriples, old, ANSWERS)
        if question is None:  # a removal: the old IRI was {slug}-{question's local name}
            local = old.rsplit("/", 1)[-1]
            parsed = _new_answer(id_base, old)
            if parsed and parsed[1:3] == (kind, slug):
                moved.append(change)  # already in this scheme, and the record's own
                continue
            if not local.startswith(slug + "-"):
                raise ValueError(f"the answer <{old}> is not one of <{parent}>'s answers")
            question = f"{id_base}question/{local[len(slug) + 1 :]}"
        new = answer_iri(id_base, parent, question)
        if _new_answer(id_base, old) and old != new:
            raise ValueError(f"the answer <{old}> is not <{parent}>'s own: its IRI is {new}")
        moved.append(Replace(new, change.ntriples.replace(f"<{old}>", f"<{new}>")) if old != new else change)
    return moved


def _new_answer(id_base: str, iri: str) -> tuple[str, str, str, str] | None:
    """The parts of an answer IRI in this scheme (its role starts "q"; an old one ended in digits only)."""
    parsed = split(id_base, iri)
    return parsed if parsed and parsed[0] == "answer" and parsed[3].startswith("q") else None


def _object(ntriples: str, subject: str, predicate: str) -> str | None:
    found = re.search(rf"^<{re.escape(subject)}>\s+{re.escape(predicate)}{_OBJECT}", ntriples, re.MULTILINE)
    return found.group(1) if found else None
