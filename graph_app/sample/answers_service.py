"""Invented answers to the SE7 service questions (question/service-01 .. -09), built from the facts
of the service itself so that each answer agrees with the record it belongs to."""

from __future__ import annotations

import random

_HOW_LONG = (
    "We support a family for up to a year, and you can come back later if things change.",
    "Support carries on for as long as it helps.",
    "Most families use the service for a block of six to ten sessions.",
    "There is no time limit; we review together every six months.",
)
_COVERAGE = (
    "Some sessions are also offered online for families who live further away.",
    "The offer is the same across the area, though rural sessions run less often.",
    "We can visit you at home if travelling is hard.",
)
_NOT_FOR = (
    "If we are not the right service, we will tell you who is.",
    "We cannot offer one-to-one nursing care, but we will help you find it.",
    "We do not offer overnight care.",
)
_COMMUNICATION = (
    "We ask families for feedback after every block of sessions and publish what we changed.",
    "Staff use Makaton signing, symbols and easy-read letters.",
    "We can arrange an interpreter, including British Sign Language, at no cost to you.",
    "Young people sit on our advisory group and help interview new staff.",
    "We run free workshops for parent carers twice a year.",
)
_BUILDING = (  # one of these: they describe the building in different ways
    "Our building is step-free, with an accessible toilet and a changing place facility.",
    "The ground floor is wheelchair accessible; the upstairs rooms are reached by a lift.",
    "There is no changing place facility yet, but there is a hoist in the accessible toilet.",
    "We meet in community venues that are all step-free; ask us about toilets at each one.",
)
_ACCESS = (
    "The waiting room has a quiet corner and ear defenders you can borrow.",
    "Staff adapt every activity so that your child can take part.",
    "Rooms have been fitted with softer lighting and carpets to cut down echo.",
)
_TRAINING = (
    "All staff have disability awareness and safeguarding training each year.",
    "Staff are trained in autism awareness, Makaton and positive behaviour support.",
    "Several of the team hold specialist qualifications, and we work closely with local schools.",
    "We work closely with the sensory support and speech and language therapy teams.",
)


def service_answers(rng: random.Random, f: dict[str, str], serves: list[str]) -> list[str]:
    """Nine answers, in question order, from the service's own facts (see services.service)."""
    council = f["council"]
    serves_words = ", ".join(serves[:-1]) + " and " + serves[-1] if len(serves) > 1 else serves[0]
    if serves == [f["town"]]:
        serves_words = "the whole area"
    return [
        f"{f['what']} {f['detail']} {rng.choice(_HOW_LONG)}",
        f"We are based in {f['town']} and work across {serves_words}. {rng.choice(_COVERAGE)}",
        f"{f['eligibility']} {rng.choice(_NOT_FOR)}",
        f"{f['referral']} Cost: {f['cost']} Waiting time: {f['waiting']}",
        f"{f['decided_by']} We will explain any decision and help you understand it.",
        " ".join(rng.sample(_COMMUNICATION, 2)),
        f"{rng.choice(_BUILDING)} {rng.choice(_ACCESS)}",
        " ".join(rng.sample(_TRAINING, 2)),
        f"Phone {f['phone']} or email {f['email']}. The {council} information, advice and support "
        "service for special educational needs and disabilities (SENDIASS) can also help you "
        "decide whether the service is right for your child.",
    ]
