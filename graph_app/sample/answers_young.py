"""Invented answers to the SE7 young person questions (question/young-person-01 .. -13).

Written to the young person ("you"). Groups: "school" (secondary school sixth form), "college"
(mainstream college) and "specialist" (specialist college). Placeholders as in answers_parent.
"""

from __future__ import annotations

Answers = dict[str, tuple[str, ...]]

YOUNG_PERSON: tuple[Answers, ...] = (
    {  # 01 how we know you need extra help
        "school": ("We look at what your last school told us and check your progress in every subject.",),
        "college": (
            "We read your application, ask about any needs at interview and do a short "
            "reading and maths check when you start.",
        ),
        "specialist": (
            "We are a specialist college for young people with {needs}; we get to "
            "know you through visits before you start.",
        ),
        "any": ("You can also tell us yourself at any time.",),
    },
    {  # 02 asking for help
        "school": ("Talk to your tutor or {lead}, or use the worry box outside the library.",),
        "college": ("Go to the Learning Support office, or tell your tutor.",),
        "specialist": ("Tell any member of staff, or use your communication book.",),
        "any": ("We will always listen and get back to you within a day.",),
    },
    {  # 03 course work matched to you
        "school": ("Teachers adapt work with writing frames, coloured overlays and extra time.",),
        "college": (
            "Your course can include a learning support assistant in class and "
            "assistive technology such as text-to-speech.",
        ),
        "specialist": ("Your timetable mixes English and maths with work skills and living skills, at your own pace.",),
        "any": ("This helps you show what you can do.",),
    },
    {  # 04 planning with you
        "school": ("You are invited to your reviews and can share your views in writing, in a video or in person.",),
        "college": ("You and a learning support coordinator write your learning plan together.",),
        "specialist": ("You lead your own person-centred review with help from your key worker.",),
        "any": ("Someone will explain everything in a way that works for you.",),
    },
    {  # 05 becoming more independent
        "school": ("Your tutor helps you set goals, like getting to school on your own.",),
        "college": ("Study skills workshops and travel training help you do more for yourself.",),
        "specialist": ("You practise cooking, budgeting and travel in real places, not just in class.",),
        "any": ("We celebrate every step.",),
    },
    {  # 06 if you are worried
        "school": ("You can talk to your tutor, the school counsellor or {lead}.",),
        "college": ("Our wellbeing team has drop-in times every day.",),
        "specialist": ("Your key worker checks in with you every morning.",),
        "any": ("If you are worried about your safety, tell any member of staff straight away.",),
    },
    {  # 07 how you are doing
        "school": ("You get reports three times a year and can talk to your teachers at review meetings.",),
        "college": ("Your tutor meets you every half term to look at your progress and targets.",),
        "specialist": ("We record your progress with photos and videos so you can see how far you have come.",),
        "any": ("You will always know what your next target is.",),
    },
    {  # 08 help with things other than your course
        "school": ("The school nurse can help with medicines and health care plans.",),
        "college": ("Our student services team helps with money, health, housing and attendance.",),
        "specialist": ("Nurses and care staff support personal care and medicines in private.",),
        "any": ("We work with your family and other services if you need more help.",),
    },
    {  # 09 trained staff
        "school": (
            "{lead} holds the national award for special educational needs co-ordination, and staff have had "
            "autism awareness training.",
        ),
        "college": ("Learning support staff have qualifications in dyslexia support and British Sign Language.",),
        "specialist": (
            "Our team includes speech and language therapists, an occupational therapist and trained job coaches.",
        ),
        "any": ("Staff have disability awareness training every year.",),
    },
    {  # 10 help from outside experts
        "school": ("We can ask the educational psychology and sensory support services for advice.",),
        "college": ("We get advice from health teams on conditions such as epilepsy and diabetes.",),
        "specialist": ("Health and social care staff visit college and join your reviews.",),
        "any": ("Staff can get training from outside experts if they need it.",),
    },
    {  # 11 taking part in activities; access
        "school": ("Clubs and trips are open to everyone; most of the site has ramps and a lift.",),
        "college": (
            "The main campus is step-free, with accessible toilets and changing rooms; "
            "the student union runs clubs with support if you need it.",
        ),
        "specialist": ("The whole campus is wheelchair accessible, with a changing place toilet and quiet spaces.",),
        "any": ("Ask Learning Support about any adjustments you need.",),
    },
    {  # 12 getting ready to start
        "school": ("You can visit the sixth form with your family and meet {lead} before you start.",),
        "college": ("Taster days, an early start day and a visit to the Learning Support base help you settle in.",),
        "specialist": ("You can come for taster days and an overnight stay before you join.",),
        "any": ("We talk to your school so we know what works for you.",),
    },
    {  # 13 preparing for employment
        "school": ("Careers advisers meet you from year 9 and help you plan work experience.",),
        "college": ("Work placements, supported internships and a job club help you move into work.",),
        "specialist": ("Job coaches support you on real work placements in local businesses.",),
        "any": ("Contact us on {phone} or {email}; more is in the {council} Local Offer.",),
    },
)
