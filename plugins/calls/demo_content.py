"""Demo content of the calls plugin, written for this demo (facts from the project's
source documents: a regional best-practice recognition in personalised medicine, a
call for cross-KET projects judged on the three C3-Saxony criteria, call-for-competences
workshops matching project owners with competence providers from other regions, vouchers,
and an implementation-barriers survey)."""

from __future__ import annotations

SERIES = "s3-personalised-medicine"
PASSWORD = "confsite-demo"  # the core demo's password, so every demo account logs in alike

WORKSHOP = {
    "slug": "smarthealth-competences-workshop",
    "title": "SmartHealth call-for-competences workshop",
    "description": "Project owners selected in the call for projects pitch their ideas; "
    "competence providers from Flanders, Auvergne-Rhône-Alpes and Saxony book 1:1 "
    "meetings with them to agree on the support a voucher could buy.",
    "start": "2027-03-10T09:00",
    "end": "2027-03-10T17:30",
    "timezone": "Europe/Brussels",
    "venue": "Ghent, Belgium",
}
WORKSHOP_SESSIONS = [
    ("Welcome and the voucher scheme", "opening", "09:00", "09:30"),
    ("Project pitches", "talks", "09:30", "11:00"),
    ("1:1 meetings with competence providers", "co_creation", "11:30", "13:00"),
    ("Contributed experiences", "talks", "14:00", "15:30"),
]

# (e-mail, display name, region, organisation, needs, offers, TRL)
PARTICIPANTS = [
    (
        "saskia.peeters@example.org",
        "Saskia Peeters",
        "Flanders",
        "NanoSense Diagnostics",
        ["microfluidics", "regulatory advice", "reimbursement study"],
        ["gold nanoparticle assays"],
        4,
    ),
    (
        "jerome.vial@example.org",
        "Jérôme Vial",
        "Auvergne-Rhône-Alpes",
        "LabPocket",
        ["clinical validation", "business model"],
        ["point-of-care imaging"],
        6,
    ),
    (
        "katrin.mueller@example.org",
        "Katrin Müller",
        "Saxony",
        "Fraunhofer cluster lab",
        [],
        ["microfluidics", "clean room prototyping", "clinical validation"],
        None,
    ),
    (
        "bart.declercq@example.org",
        "Bart De Clercq",
        "Flanders",
        "MedReg Consult",
        [],
        ["regulatory advice", "reimbursement study"],
        None,
    ),
    (
        "chloe.martin@example.org",
        "Chloé Martin",
        "Auvergne-Rhône-Alpes",
        "Business Design Lab",
        [],
        ["business model", "market study"],
        None,
    ),
    (
        "zdenek.horak@example.org",
        "Zdeněk Horák",
        "Saxony",
        "BioPrint Dresden",
        ["market study", "regulatory advice"],
        ["3D bioprinting"],
        5,
    ),
]
# (requester, invitee, slot index, accepted?)
MEETINGS = [
    ("saskia.peeters@example.org", "katrin.mueller@example.org", 0, True),
    ("jerome.vial@example.org", "katrin.mueller@example.org", 1, True),
    ("saskia.peeters@example.org", "bart.declercq@example.org", 1, True),
    ("zdenek.horak@example.org", "bart.declercq@example.org", 2, False),
]

REVIEWERS = [
    ("reviewer.ines@example.org", "Inês Carvalho"),
    ("reviewer.lukasz@example.org", "Łukasz Zieliński"),
    ("reviewer.oystein@example.org", "Øystein Berg"),
]

BEST_PRACTICE = {
    "title": "Regional best practices in personalised medicine",
    "description": "A recognition for examples where personalised medicine already reached "
    "patients through a regional health system. Awarded examples are published in the "
    "catalogue so that other regions can learn from them.",
    "eligibility": "Hospitals, regional health services, patient organisations and research "
    "teams of the partnership's regions. The example must be in use, not only planned.",
    "opens": "2026-09-01T09:00",
    "closes": "2026-10-31T18:00",
    "topics": ["Oncology", "Rare diseases", "Prevention", "Data and infrastructure"],
    "criteria": [
        ("Benefit for patients", "Measured or observed change in care.", 2.0, 5),
        ("Transferability", "Could another region adopt it?", 1.0, 5),
        ("Sustainability", "Funding and organisation beyond a pilot.", 1.0, 5),
    ],
}
# (applicant e-mail, name, title, summary, country, topic, scores per reviewer, decision, in catalogue)
BEST_PRACTICE_ENTRIES = [
    (
        "marta.iglesias@example.org",
        "Marta Iglesias",
        "Molecular tumour board for the whole region",
        "A weekly virtual board lets small hospitals present cases with sequencing results and "
        "receive a shared treatment recommendation.",
        "ES",
        "Oncology",
        [(5, 4, 4), (4, 5, 4)],
        "accepted",
        True,
    ),
    (
        "ziga.kovac@example.org",
        "Žiga Kovač",
        "Newborn screening extended with genomic confirmation",
        "Positive screening results are confirmed by targeted sequencing within ten days, with "
        "genetic counselling for every family.",
        "SI",
        "Rare diseases",
        [(4, 4, 5), (5, 3, 4)],
        "accepted",
        True,
    ),
    (
        "aoife.byrne@example.org",
        "Aoife Byrne",
        "Pharmacogenomic passport in community pharmacies",
        "Pharmacists record a small gene panel once and check new prescriptions against it.",
        "IE",
        "Prevention",
        [(3, 4, 3), (4, 4, 2)],
        "waitlisted",
        False,
    ),
    (
        "henrik.lund@example.org",
        "Henrik Lund",
        "Regional data hub for cohort studies",
        "A single access procedure to hospital data for approved research projects.",
        "DK",
        "Data and infrastructure",
        [(2, 3, 2), (3, 2, 3)],
        "rejected",
        False,
    ),
]

PROJECTS = {
    "title": "Call for cross-KET projects in user-centric precision health",
    "description": "Projects combining life sciences and digital or micro-electronic "
    "technologies. Selected project owners pitch at a call-for-competences workshop and "
    "may then apply for vouchers.",
    "eligibility": "SMEs and larger enterprises of the three regions; projects co-submitted "
    "by a life-sciences and a technology company are especially welcome.",
    "opens": "2026-10-01T09:00",
    "closes": "2027-02-15T18:00",
    "criteria": [
        (
            "Soundness and innovation",
            "Feasibility, unique selling point, innovation beyond the state of the art, user benefit.",
            1.0,
            10,
        ),
        ("Leverage and economic impact", "Expected leverage effect and economic impact.", 1.0, 10),
        (
            "Contribution to the regional smart-specialisation strategy",
            "Quality of the cross-sectoral aspects.",
            1.0,
            10,
        ),
    ],
}

VOUCHERS = {
    "title": "SmartHealth innovation vouchers",
    "description": "Vouchers buy access to external expertise from competence providers; "
    "they cover a share of the invoice, not in-house costs.",
    "eligibility": "Project owners matched with a competence provider at a call-for-competences workshop.",
    "opens": "2026-11-01T09:00",
    "closes": "2027-04-30T18:00",
}
# (applicant e-mail, title, amount, co-financing %, provider, status)
VOUCHER_ENTRIES = [
    (
        "saskia.peeters@example.org",
        "Competition analysis for nanomaterial cell assays",
        9000,
        60,
        "Fraunhofer cluster lab",
        "in_use",
    ),
    (
        "jerome.vial@example.org",
        "Reimbursement policies in six countries",
        7500,
        50,
        "MedReg Consult",
        "awarded",
    ),
]

CONTRIBUTION = {
    "title": "Call for contributed experiences",
    "description": "Short talks by companies that already used a voucher: what they bought, "
    "and what changed.",
    "opens": "2026-11-01T09:00",
    "closes": "2027-01-31T18:00",
    "accepted": (
        "zdenek.horak@example.org",
        "From a voucher to a trade-fair booth",
        "How a small voucher paid for our first booth and the contacts that followed.",
    ),
}

SURVEY = {
    "title": "Barriers to implementing personalised medicine",
    "description": "Which obstacles did your project meet when its results were to be used in care?",
    "opens": "2026-11-01T09:00",
    "closes": "2027-06-30T18:00",
    "barriers": ["Funding after the project", "Access to data", "Reimbursement", "Regulation", "Skills"],
    "answers": [
        (["Funding after the project", "Reimbursement"], "Bridge funding between pilot and routine care."),
        (["Access to data"], "One procedure for all hospitals of the region."),
        (["Reimbursement", "Regulation"], ""),
        (["Funding after the project", "Access to data", "Skills"], "Training for clinicians."),
    ],
}

COMPETENCES = {
    "title": "Competence offers for the SmartHealth voucher scheme",
    "description": "Research institutes, universities and consultancies describe the services a "
    "voucher can buy from them, so that project owners know whom to meet at the workshop.",
    "eligibility": "Competence providers of the three regions; services only, no funding of "
    "the provider's own research.",
    "opens": "2026-10-01T09:00",
    "closes": "2027-03-01T18:00",
    "services": ["Technology", "Market and business", "Legal and regulatory"],
    # (e-mail, title, summary, service group)
    "offers": [
        (
            "katrin.mueller@example.org",
            "Microfluidic prototyping in a clean room",
            "From drawing to a tested chip in eight weeks.",
            "Technology",
        ),
        (
            "bart.declercq@example.org",
            "Regulatory route for in-vitro diagnostics",
            "Classification, technical file and a reimbursement scan.",
            "Legal and regulatory",
        ),
        (
            "chloe.martin@example.org",
            "Business model sprint",
            "Two workshops and a canvas reviewed with future customers.",
            "Market and business",
        ),
    ],
}
