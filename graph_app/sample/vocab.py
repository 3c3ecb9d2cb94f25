"""Fixed slugs the sample refers to (see ontology/README.md) and the plain words for them.

Nothing here is invented data: councils, districts, needs and age bands are the framework's own
slugs, so the sample links to the nodes other files define.
"""

from __future__ import annotations

# The seven SE7 councils and their districts (unitary councils have none: records sit in the
# council itself). District slugs are the districts' names, as data/areas.ttl writes them.
DISTRICTS: dict[str, tuple[str, ...]] = {
    "brighton-and-hove": (),
    "east-sussex": ("eastbourne", "hastings", "lewes", "rother", "wealden"),
    "hampshire": (
        "basingstoke-and-deane",
        "east-hampshire",
        "eastleigh",
        "fareham",
        "gosport",
        "hart",
        "havant",
        "new-forest",
        "rushmoor",
        "test-valley",
        "winchester",
    ),
    "kent": (
        "ashford",
        "canterbury",
        "dartford",
        "dover",
        "folkestone-and-hythe",
        "gravesham",
        "maidstone",
        "sevenoaks",
        "swale",
        "thanet",
        "tonbridge-and-malling",
        "tunbridge-wells",
    ),
    "medway": (),
    "surrey": (
        "elmbridge",
        "epsom-and-ewell",
        "guildford",
        "mole-valley",
        "reigate-and-banstead",
        "runnymede",
        "spelthorne",
        "surrey-heath",
        "tandridge",
        "waverley",
        "woking",
    ),
    "west-sussex": ("adur", "arun", "chichester", "crawley", "horsham", "mid-sussex", "worthing"),
}
SE7_COUNCILS: tuple[str, ...] = tuple(DISTRICTS)

# Neighbours a family may cross the border to (provision outside the area).
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "brighton-and-hove": ("east-sussex", "west-sussex"),
    "east-sussex": ("brighton-and-hove", "kent", "west-sussex"),
    "hampshire": ("surrey", "west-sussex"),
    "kent": ("medway", "east-sussex", "surrey"),
    "medway": ("kent",),
    "surrey": ("hampshire", "kent", "west-sussex"),
    "west-sussex": ("brighton-and-hove", "east-sussex", "hampshire", "surrey"),
}

AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-4": (0, 4),
    "5-10": (5, 10),
    "11-15": (11, 15),
    "16-18": (16, 18),
    "19-25": (19, 25),
}

# need slug -> (plain words used in descriptions, broad area of need it sits under or "")
NEEDS: dict[str, tuple[str, str]] = {
    "broad-communication-and-interaction": ("communication and interaction needs", ""),
    "broad-cognition-and-learning": ("learning needs", ""),
    "broad-social-emotional-mental-health": ("social, emotional and mental health needs", ""),
    "broad-sensory-and-physical": ("sensory or physical needs", ""),
    "specific-learning-difficulty": ("a specific learning difficulty such as dyslexia", "broad-cognition-and-learning"),
    "moderate-learning-difficulty": ("moderate learning difficulties", "broad-cognition-and-learning"),
    "severe-learning-difficulty": ("severe learning difficulties", "broad-cognition-and-learning"),
    "profound-and-multiple-learning-difficulty": (
        "profound and multiple learning difficulties",
        "broad-cognition-and-learning",
    ),
    "social-emotional-mental-health": (
        "social, emotional or mental health needs",
        "broad-social-emotional-mental-health",
    ),
    "speech-language-communication": (
        "speech, language and communication needs",
        "broad-communication-and-interaction",
    ),
    "hearing-impairment": ("deafness or hearing loss", "broad-sensory-and-physical"),
    "vision-impairment": ("blindness or a vision impairment", "broad-sensory-and-physical"),
    "multi-sensory-impairment": (
        "multi-sensory impairment (both hearing and sight loss)",
        "broad-sensory-and-physical",
    ),
    "physical-disability": ("a physical disability", "broad-sensory-and-physical"),
    "autism": ("autism", "broad-communication-and-interaction"),
    "other-difficulty": ("other additional needs", ""),
    "slcn-feeding": ("eating, drinking or swallowing difficulties", "broad-sensory-and-physical"),
    "physical-impairment": ("a physical impairment", "broad-sensory-and-physical"),
    "sensory-impairment": ("a sensory impairment", "broad-sensory-and-physical"),
    "complex-health-needs": ("complex health needs", ""),
    "palliative-care": ("a life-limiting or life-threatening condition", ""),
    "long-term-conditions": ("a long-term health condition", ""),
    "global-developmental-delay": (
        "global developmental delay (slower progress in several areas of development)",
        "broad-cognition-and-learning",
    ),
    "bladder-and-bowel": ("bladder or bowel problems", ""),
    "dyspraxia": ("dyspraxia (developmental co-ordination disorder)", "broad-sensory-and-physical"),
    "specialist-dental": ("dental needs that a high-street dentist cannot meet", ""),
    "mental-health": ("mental health difficulties", "broad-social-emotional-mental-health"),
    "challenging-behaviour": ("behaviour that challenges", "broad-social-emotional-mental-health"),
    "acquired-brain-injury": ("an acquired brain injury", "broad-sensory-and-physical"),
    "adult-learning-disabilities": ("a learning disability", ""),
    "adult-physical-disabilities": ("a physical disability", ""),
    "adult-sensory-impairment": ("sight or hearing loss", ""),
    "adult-mental-health": ("mental health difficulties", ""),
    "dyslexia": ("dyslexia", "broad-cognition-and-learning"),
    "dyscalculia": ("dyscalculia (difficulty with numbers)", "broad-cognition-and-learning"),
    "adhd": ("ADHD (attention deficit hyperactivity disorder)", "broad-social-emotional-mental-health"),
    "anxiety": ("anxiety", "broad-social-emotional-mental-health"),
    "attachment-difficulties": ("attachment difficulties", "broad-social-emotional-mental-health"),
    "developmental-language-disorder": ("DLD (developmental language disorder)", "broad-communication-and-interaction"),
    "stammering": ("a stammer", "broad-communication-and-interaction"),
    "selective-mutism": ("selective mutism", "broad-communication-and-interaction"),
    "cerebral-palsy": ("cerebral palsy", "broad-sensory-and-physical"),
    "epilepsy": ("epilepsy", ""),
    "diabetes": ("diabetes", ""),
    "asthma": ("asthma", ""),
    "sensory-processing": ("sensory processing differences", "broad-sensory-and-physical"),
}
BROAD_NEEDS: tuple[str, ...] = tuple(n for n in NEEDS if n.startswith("broad-"))
ADULT_NEEDS: tuple[str, ...] = tuple(n for n in NEEDS if n.startswith("adult-"))

SECTORS: tuple[str, ...] = (
    "education",
    "health",
    "social-care",
    "preparation-for-adulthood",
    "leisure",
    "employment",
    "housing",
)
ACCESS_LEVELS: tuple[str, ...] = ("universal", "targeted", "specialist")
ORGANISATION_TYPES: tuple[str, ...] = ("statutory", "voluntary-community", "private")

# The section heading each sector's services sit under.
SECTION_OF_SECTOR: dict[str, str] = {
    "education": "education",
    "health": "health",
    "social-care": "social-care",
    "leisure": "social-care",
    "preparation-for-adulthood": "preparation-for-adulthood",
    "employment": "preparation-for-adulthood",
    "housing": "preparation-for-adulthood",
}

QUESTION_SETS: dict[str, int] = {"parent-carer": 14, "young-person": 13, "service": 9}

# Legislation clauses the sample cites, and only where the link is honest.
CLAUSE_SHORT_BREAKS = "ca-1989-s17"
CLAUSE_PFA = "cfa-2014-s30-2-e"
CLAUSE_IASS = "cfa-2014-s32"

REFERENCE_DATE = (2026, 11, 1)  # review dates count back from here, never from the clock
