"""Plain-English wording for invented services: who it is for, how to get it, cost and waiting time.

Sentences are picked from small pools per access level and funding route and combined with the
kind's own templates, so hundreds of descriptions read differently.
"""

from __future__ import annotations

import random

from .vocab import NEEDS


def ages_words(lo: int, hi: int) -> str:
    """'children aged 5 to 11', 'babies and children up to 4', 'young people aged 16 to 25'."""
    if lo == 0:
        return f"babies and children up to {hi}" if hi <= 5 else f"children and young people up to {hi}"
    if lo >= 16:
        return f"young people aged {lo} to {hi}"
    if hi >= 16:
        return f"children and young people aged {lo} to {hi}"
    return f"children aged {lo} to {hi}"


def needs_words(needs: list[str]) -> str:
    words = [NEEDS[n][0] for n in needs[:3]]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def who(lo: int, hi: int, needs: list[str]) -> str:
    return f"{ages_words(lo, hi)} with {needs_words(needs)}"


ACCESS_SENTENCES: dict[str, tuple[str, ...]] = {
    "self-referral": (
        "No referral needed: book online or phone us.",
        "Families can get in touch directly; you do not need a referral.",
        "Just turn up, or phone first if you would like to talk it through.",
        "You can refer yourself using the short online form.",
    ),
    "professional-referral": (
        "Ask your child's SENCO (special educational needs co-ordinator) to refer you.",
        "Referrals come from a GP, health visitor, school or college.",
        "A professional who knows your child, such as a teacher or health visitor, can refer.",
        "Schools refer through the SENCO (special educational needs co-ordinator), with your agreement.",
    ),
    "assessment": (
        "You get this service after a specialist assessment of your child's needs.",
        "It is offered after an assessment; ask your social worker or key worker about it.",
        "Children are seen after a specialist assessment, often as part of an EHC plan "
        "(education, health and care plan).",
    ),
}

COSTS: dict[str, tuple[str, ...]] = {
    "free": ("Free.", "Free of charge to families.", "There is no charge."),
    "charge": (
        "£4.50 a session; a parent or carer comes free.",
        "£6 a session, with reduced prices for families on low incomes.",
        "£35 a term, payable in instalments.",
        "£3 a session, first session free.",
        "£12 a session; ask about bursaries.",
    ),
    "personal-budget": (
        "Can be paid for from a personal budget or direct payment.",
        "Funded through a personal budget agreed after an assessment.",
    ),
}

WAITING: dict[str, tuple[str, ...]] = {
    "universal": (
        "No waiting list.",
        "Usually no wait; popular sessions can book up a week ahead.",
        "Places are usually available within two weeks.",
    ),
    "targeted": (
        "About 4 to 6 weeks from referral.",
        "Usually within a month.",
        "There is a waiting list of about 8 weeks in school holidays.",
        "Typically 3 weeks for a first contact.",
    ),
    "specialist": (
        "About 12 weeks from referral to first appointment.",
        "Around 18 weeks from referral; urgent cases sooner.",
        "Up to 6 months for a full assessment.",
        "About 10 weeks after the assessment is agreed.",
        "Currently about 9 months for a first appointment.",
    ),
}

# Each waiting sentence above as whole weeks (lo:waitingWeeks), so a service's number agrees with its words:
# a range gives its middle, "a month" 4 weeks, "6 months" 26 and "9 months" 39.
WAITING_WEEKS: dict[str, int] = {
    "No waiting list.": 0,
    "Usually no wait; popular sessions can book up a week ahead.": 0,
    "Places are usually available within two weeks.": 2,
    "About 4 to 6 weeks from referral.": 5,
    "Usually within a month.": 4,
    "There is a waiting list of about 8 weeks in school holidays.": 8,
    "Typically 3 weeks for a first contact.": 3,
    "About 12 weeks from referral to first appointment.": 12,
    "Around 18 weeks from referral; urgent cases sooner.": 18,
    "Up to 6 months for a full assessment.": 26,
    "About 10 weeks after the assessment is agreed.": 10,
    "Currently about 9 months for a first appointment.": 39,
}

DECIDED_BY: dict[str, tuple[str, ...]] = {
    "universal": (
        "Anyone who meets the age range can come; staff check bookings.",
        "The session leader, on the booking form.",
    ),
    "targeted": (
        "The service's duty worker reviews each referral within ten working days and writes to you with the outcome.",
        "A team leader checks referrals weekly; you can ask for the reasons in writing.",
        "Staff decide with you at a first meeting, using the published criteria.",
    ),
    "specialist": (
        "A multi-agency panel meets monthly and writes to you with its decision and reasons.",
        "A senior clinician decides after triage; you get a letter explaining why.",
        "The team manager decides after a social care assessment; you can ask for a review.",
        "The council's SEN (special educational needs) panel decides, using the published criteria.",
    ),
}

ELIGIBILITY: dict[str, tuple[str, ...]] = {
    "universal": ("Open to {who} living in {town}.", "Open to any family of {who}; no diagnosis needed."),
    "targeted": (
        "For {who} whose needs are not met by universal services.",
        "For {who}; a diagnosis is not required if needs are clear.",
    ),
    "specialist": (
        "For {who} whose needs are assessed as complex or long term.",
        "For {who}, after a specialist assessment shows the service can help.",
    ),
}

DAYS = (
    "on Saturday mornings",
    "after school on weekdays",
    "in school holidays",
    "on Tuesday evenings",
    "every weekday",
    "on Sunday afternoons",
    "in term time",
)


def description(
    rng: random.Random, what: str, detail: str, fields: dict[str, str], referral: str, extra_where: bool
) -> str:
    """Two to four sentences: what and who, what happens, how to get it, and sometimes where."""
    parts = [what.format(**fields), detail.format(**fields)]
    parts.append(rng.choice(ACCESS_SENTENCES[referral]))
    if extra_where:
        parts.append(f"It runs {fields['day']} at {fields['venue']}, {fields['town']}.")
    text = " ".join(parts)
    return text[0].upper() + text[1:]
