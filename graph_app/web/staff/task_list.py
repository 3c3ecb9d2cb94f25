"""The parts of a service's or setting's editing task list (issue 18), each its own page with its own Save.

A part is one form section (sh:group in ontology/shapes.ttl) or the SE7 answers; its fields come from the
shapes, so a new field joins its section's part by itself. Each part's status comes from the same shapes
check a publish runs, read for that part's fields only:
- "Cannot start yet": the SE7 answers, until About names the questions the record answers;
- "There is a problem": a field of the part holds a value the shapes refuse;
- "Incomplete": a field the record must have is empty;
- "Completed": neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...live.forms import Field
from ...namespaces import LO
from ..core.i18n import N_

# part slug -> the sh:group label its fields carry (the shapes' rdfs:label of the group)
PARTS: tuple[tuple[str, str], ...] = (
    ("about", "About"),
    ("who", "Who it is for"),
    ("where", "Where"),
    ("how", "How to get it"),
    ("cost", "Cost and times"),
    ("contact", "Contact"),
    ("answers", N_("SE7 answers")),
)
ANSWERS = "answers"
GROUP_PART = {label: slug for slug, label in PARTS}
# fields whose part is not their section's in shapes.ttl: opening times belong with "Cost and times", the
# places a service runs at with "Where"
# (the places it runs stay in How to get it, as shapes.ttl files them: Where is 36 Tab presses without them,
# and a place's fieldset adds 13, over the 40 a part may take)
PATH_PART = {LO + "hasSchedule": "cost"}
# templates other modules place inside a part (repeatable sub-forms): part slug -> template names
PART_INCLUDES: dict[str, list[str]] = {}

COMPLETED, INCOMPLETE, CANNOT_START, PROBLEM = "completed", "incomplete", "cannot-start", "problem"
STATUS_TEXT = {
    COMPLETED: N_("Completed"),
    INCOMPLETE: N_("Incomplete"),
    CANNOT_START: N_("Cannot start yet"),
    PROBLEM: N_("There is a problem"),
}


@dataclass
class Part:
    slug: str
    label: str
    fields: list[Field] = field(default_factory=list)
    status: str = INCOMPLETE

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


def part_of(item: Field) -> str:
    """The part a field belongs to (About when its section is none of the parts')."""
    return PATH_PART.get(item.path) or GROUP_PART.get(item.group, "about")


def parts_of(fields: list[Field]) -> list[Part]:
    """The record's parts in task-list order: those with fields (or included sub-forms), and the answers."""
    found = {slug: Part(slug, label) for slug, label in PARTS}
    for item in fields:
        found[part_of(item)].fields.append(item)
    return [part for slug, part in found.items() if part.fields or PART_INCLUDES.get(slug) or slug == ANSWERS]


def settle_statuses(
    parts: list[Part],
    values: dict[str, list[str]],
    errors: dict[str, str],
    question_keys: list[str],
    sets_chosen: bool,
) -> None:
    """Each part's status from the shapes check's errors (field key -> message) and the values it holds."""
    for part in parts:
        if part.slug == ANSWERS:
            if not sets_chosen:
                part.status = CANNOT_START
            elif any(k in errors for k in question_keys):
                part.status = PROBLEM
            else:
                part.status = COMPLETED if any(values.get(k) for k in question_keys) else INCOMPLETE
            continue
        # a sub-form's errors are on its items' boxes (sub-schedule-2-lo-opensAt): the part has a problem too
        wrong = [
            f for f in part.fields if f.key in errors or (f.sub_form and any(k.startswith(f.key + "-") for k in errors))
        ]
        if any(values.get(f.key) for f in wrong):
            part.status = PROBLEM  # something given is refused
        elif wrong:
            part.status = INCOMPLETE  # something needed is missing
        else:
            part.status = COMPLETED


def counts_as_done(part: Part) -> bool:
    """Whether a part lets the record be published: completed, or the SE7 answers without a problem (the
    shapes ask for none, and a record whose About names no question sets has none to give)."""
    if part.slug == ANSWERS:
        return part.status != PROBLEM
    return part.status == COMPLETED


def part_keys(part: Part, question_keys: list[str]) -> list[str]:
    """The form names a part's page posts (what its Save replaces in the draft)."""
    return question_keys if part.slug == ANSWERS else [f.key for f in part.fields if not f.fixed]
