"""Invented answers to the SE7 parent carer questions (question/parent-carer-01 .. -14).

For each question: sentences that depend on the kind of setting ("ey" nursery or pre-school,
"school" mainstream school, "special" special school or specialist nursery) and sentences any
setting might write. Placeholders: {name}, {lead}, {needs}, {phone}, {email}, {council}.
"""

from __future__ import annotations

Answers = dict[str, tuple[str, ...]]

PARENT_CARER: tuple[Answers, ...] = (
    {  # 01 identifying needs and raising concerns
        "ey": (
            "Our key persons watch how each child plays, talks and moves and use the progress "
            "check at age two to spot anything that needs a closer look.",
            "Every child has a key person who notices early if they are finding things hard.",
        ),
        "school": (
            "Class teachers track every pupil's progress each half term and talk to {lead} "
            "if a child is not making expected progress.",
            "We use reading and spelling screening in every year group to pick up needs early.",
        ),
        "special": (
            "We are a special school for pupils with {needs}; every pupil has an EHC plan "
            "(education, health and care plan).",
            "{name} caters for {needs}, and places are agreed by the council's SEN (special educational needs) team.",
        ),
        "any": (
            "If you are worried, talk to {lead} first; you do not need to wait for a meeting.",
            "You can raise a concern at the door, by phone on {phone} or by email to {email}.",
        ),
    },
    {  # 02 how staff support my child
        "ey": ("Your child's key person plans small-group and one-to-one play, with advice from {lead}.",),
        "school": (
            "{lead} plans support with the class teacher; teaching assistants run small groups several times a week.",
            "A named governor for SEND (special educational needs and disabilities) meets "
            "{lead} each term to check how well support is working.",
        ),
        "special": (
            "Classes have no more than eight pupils, with a teacher and two teaching assistants.",
            "Therapists work in class alongside teachers every week.",
        ),
        "any": (
            "We explain the plan to you at a meeting and give you a written copy.",
            "We review how well our support works every term and change it if it is not helping.",
        ),
    },
    {  # 03 matching the curriculum
        "ey": (
            "We follow the Early Years Foundation Stage and adapt activities to each child's "
            "interests and stage of development.",
        ),
        "school": (
            "Teachers adapt lessons with visual prompts, pre-teaching of new words and "
            "tasks broken into smaller steps.",
            "Some pupils follow a personalised timetable with extra English and maths in small groups.",
        ),
        "special": (
            "Our curriculum is built around communication, independence and life skills, alongside English and maths.",
            "Pupils learn through sensory activities, signing and symbols as well as spoken words.",
        ),
        "any": ("This means your child can take part in the same topics as others at a level that suits them.",),
    },
    {  # 04 knowing how my child is doing
        "ey": (
            "You can see photos and notes of your child's learning in an online journal.",
            "A home-setting book goes back and forth every day.",
        ),
        "school": (
            "As well as reports, you meet the class teacher and {lead} three times a year to review targets.",
            "We run coffee mornings and short workshops on reading and maths at home.",
        ),
        "special": (
            "A home-school diary goes home every day, and your child's EHC plan "
            "(education, health and care plan) is reviewed every year.",
        ),
        "any": ("You can ask for a meeting at any time.", "We will show you simple ways to help at home."),
    },
    {  # 05 wellbeing, medicines and personal care
        "ey": (
            "Staff are trained to give medicines with your written consent and to support "
            "toileting and nappy changing in private.",
        ),
        "school": (
            "Pupils have a named adult they can go to, and a quiet room at lunchtime.",
            "Medicines are kept securely and given by trained staff, following an individual healthcare plan.",
        ),
        "special": (
            "Our school nurse and trained staff manage medicines, tube feeding and personal care.",
            "We use positive behaviour support plans and have not "
            "needed a permanent exclusion in the last three years.",
        ),
        "any": ("Children share their views through pictures, talking mats or a pupil voice group.",),
    },
    {  # 06 specialist services
        "ey": ("We get advice from the local speech and language therapy team and the early years inclusion service.",),
        "school": (
            "We can call on educational psychologists, speech and language therapists and the sensory support team.",
            "A school counsellor visits weekly.",
        ),
        "special": (
            "Speech and language therapists, occupational therapists and a physiotherapist work on site.",
            "A paediatrician holds a clinic at school each term.",
        ),
        "any": ("Social care and health staff join review meetings when needed.",),
    },
    {  # 07 staff training
        "ey": ("All staff have had training in Makaton signing and early communication this year.",),
        "school": (
            "{lead} holds the national award for special educational needs co-ordination; teaching assistants "
            "have had autism and dyslexia training.",
        ),
        "special": ("Staff train in positive behaviour support, moving and handling, and epilepsy care every year.",),
        "any": (
            "Next term's training is on supporting children with anxiety.",
            "Every new member of staff has disability awareness training.",
        ),
    },
    {  # 08 trips and activities
        "ey": ("Outings are planned so that every child can go, with extra adults if needed.",),
        "school": (
            "We carry out a risk assessment with you before trips and residential visits.",
            "After-school clubs are open to all pupils, with support where needed.",
        ),
        "special": ("Trips use our own accessible minibuses and are part of learning about the community.",),
        "any": ("We talk to you when we plan trips so that we can make reasonable adjustments.",),
    },
    {  # 09 accessibility
        "ey": ("Our nursery is on one level with a ramp at the entrance and an accessible toilet and changing area.",),
        "school": (
            "The main building has a lift and ramps, but the older science block is "
            "reached by stairs; lessons are moved when needed.",
            "We have improved acoustics in two classrooms and use visual timetables.",
        ),
        "special": (
            "The whole site is wheelchair accessible, with ceiling hoists, a changing "
            "place toilet and a hydrotherapy pool.",
        ),
        "any": (
            "We can arrange an interpreter for parents whose first language is not English.",
            "Our accessibility plan is on our website.",
        ),
    },
    {  # 10 starting and moving on
        "ey": (
            "Before your child starts we visit you at home, and we share their learning "
            "journey with their next school.",
        ),
        "school": (
            "We offer extra visits, photo books and a transition plan before your child starts or moves on.",
            "{lead} meets the next school's SENCO to pass on what works.",
        ),
        "special": (
            "Planning for moving on starts at the year 9 annual review, with careers advice and college taster days.",
        ),
        "any": ("We listen to you about what your child needs for a good start.",),
    },
    {  # 11 resources
        "ey": ("Extra funding for early years inclusion pays for additional staff hours when a child needs them.",),
        "school": (
            "Our special educational needs budget pays for teaching assistants, interventions and specialist "
            "advice; we publish how it is spent each year.",
        ),
        "special": (
            "Places are funded by the council; staffing is matched to the needs in each "
            "pupil's EHC plan (education, health and care plan).",
        ),
        "any": ("We review how resources are used every term.",),
    },
    {  # 12 deciding on support
        "ey": (
            "Your child's key person, {lead} and you agree support together, using the "
            "graduated approach: assess, plan, do, review.",
        ),
        "school": (
            "Decisions follow the graduated approach of assess, plan, do and review, and you are part of every review.",
        ),
        "special": (
            "Support is set out in your child's EHC plan (education, health and care "
            "plan) and reviewed every year with you and other professionals.",
        ),
        "any": ("We measure impact against the targets we set together.",),
    },
    {  # 13 parents' involvement
        "ey": ("Parents join stay-and-play sessions and help plan our celebrations.",),
        "school": (
            "Parents can join our parents' forum for special educational needs and "
            "disabilities, which meets each term with {lead}.",
        ),
        "special": ("Families are invited to termly coffee mornings and our parent carer training sessions.",),
        "any": ("We ask for parents' views in a yearly survey and tell you what changed.",),
    },
    {  # 14 who to contact
        "ey": ("Talk to your child's key person first, or {lead}.",),
        "school": ("Your first contact is your child's class teacher or tutor, then {lead}.",),
        "special": ("Your first contact is your child's class teacher, then the deputy head.",),
        "any": ("Call {phone} or email {email}. You can find more in the {council} Local Offer.",),
    },
)
