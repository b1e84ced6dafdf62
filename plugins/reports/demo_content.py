"""Demo data for the recommendation-report plugin.

For the reference workshop (``ka4-workshop-2021`` in ``confsite.demo.content``):

* ``POLICY_AREAS`` - the three policy intervention areas discussed on day one,
  each tied to the panel session that covered it, with a rationale and the
  recommendations partners prioritise on day two. ``addressee`` is one of
  regions, national_authorities, eu_institutions, industry,
  healthcare_providers, research.
* ``PARTNERS`` - five consortium partners (organisation keys from
  ``confsite.demo.content.ORGANISATIONS``) who vote on the recommendations.
  The organisations are real members of the Regions4PerMed consortium; the
  contact people and e-mail addresses are fictional.
* ``CAPACITY_BUILDING_CONCLUSIONS`` - the synthesis of the co-creation session.

Area titles and organisation names come from the Regions4PerMed Key Area 4
report; every sentence is written for confsite.
"""

POLICY_AREAS = {
    "ka4-workshop-2021": [
        {
            "title": "Research and Innovation (R+I) infrastructure models to foster innovation",
            "session": "ka4w-p1",
            "rationale": (
                "Personalised medicine moves fastest where public and private research "
                "organisations pool their facilities and expertise instead of working apart. "
                "When regions compare how they set up and run such infrastructures, and what "
                "went wrong along the way, they can build stronger research and innovation "
                "networks and shorten the road from a laboratory result to its use in the "
                "clinic."
            ),
            "recommendations": [
                {
                    "text": "Invest in regional facilities that develop and manufacture innovative "
                    "therapies close to patients, and connect them with similar centres "
                    "in other regions and countries.",
                    "addressee": "regions",
                },
                {
                    "text": "Encourage multidisciplinary research groups to apply jointly to "
                    "competitive calls so that they attract more funding and bring new "
                    "therapies to validation and market sooner.",
                    "addressee": "research",
                },
                {
                    "text": "Plan the introduction of validated genomic technologies into the "
                    "public health service so that they reach real clinical settings, not "
                    "only pilot studies.",
                    "addressee": "national_authorities",
                },
                {
                    "text": "Back applied-research institutes whose joint work with companies "
                    "creates spin-offs, attracts subsidiaries and keeps expertise in the "
                    "region.",
                    "addressee": "regions",
                },
                {
                    "text": "Work with other regions on omics research and data standards so that "
                    "results can be applied across borders.",
                    "addressee": "regions",
                },
            ],
        },
        {
            "title": "Financial instruments to support innovation: innovation procurement (PCP and PPI)",
            "session": "ka4w-p2",
            "rationale": (
                "Funding and procurement instruments allow health authorities to commission "
                "solutions that the market does not yet supply, at whatever stage of maturity "
                "they need. Pre-commercial procurement and public procurement of innovation "
                "have already produced results in several European regions and offer a "
                "dependable way to obtain prototypes, technologies and services that make care "
                "both better and more affordable."
            ),
            "recommendations": [
                {
                    "text": "Use PCP, PPI or innovation partnerships to develop and buy e-health "
                    "tools, such as personalised prescription systems, that support "
                    "screening and prevention.",
                    "addressee": "regions",
                },
                {
                    "text": "Make pharmacogenetic testing available to the whole population rather "
                    "than to selected patient groups.",
                    "addressee": "national_authorities",
                },
                {
                    "text": "Spend time on identifying real needs before any tender, so that the "
                    "solutions obtained fit the people who will use them.",
                    "addressee": "healthcare_providers",
                },
                {
                    "text": "Create regular contact between buyers and suppliers, give suppliers "
                    "more time to design and test, and shorten the evaluation phase.",
                    "addressee": "regions",
                },
                {
                    "text": "Design PCP tenders that stay attractive to companies without capping "
                    "the profit on a product built for a specific need.",
                    "addressee": "regions",
                },
                {
                    "text": "Take part in open market consultations and share what was learned "
                    "from earlier procurements to help buyers write better tenders.",
                    "addressee": "industry",
                },
            ],
        },
        {
            "title": "Smart and future hospitals",
            "session": "ka4w-p3",
            "rationale": (
                "Hospitals equipped to trial new services are where research models and "
                "funding instruments finally meet patient care. Because regions run or steer "
                "many of these hospitals, they are well placed to spot shared needs, attract "
                "public-private investment and make sure the design of future hospitals starts "
                "from what patients and staff actually need."
            ),
            "recommendations": [
                {
                    "text": "Build resilient, value-based health and care systems that take up "
                    "digital tools and integrate care across settings.",
                    "addressee": "regions",
                },
                {
                    "text": "Carry the knowledge gained in active and healthy ageing initiatives "
                    "into regional innovation programmes.",
                    "addressee": "regions",
                },
                {
                    "text": "Support digital skills for the health workforce and stronger "
                    "networks among stakeholders across Europe.",
                    "addressee": "eu_institutions",
                },
                {
                    "text": "Include lifestyle factors such as nutrition and rehabilitation in "
                    "personalised-medicine strategies.",
                    "addressee": "national_authorities",
                },
                {
                    "text": "Set up networks for testing technologies and running trials in "
                    "patients' everyday surroundings.",
                    "addressee": "healthcare_providers",
                },
                {
                    "text": "Design new services together with patients, clinicians and "
                    "researchers from the first sketch onwards.",
                    "addressee": "research",
                },
            ],
        },
    ],
}

PARTNERS = [
    {"organisation": "acis", "name": "Laura Mosquera Pazos", "email": "laura.mosquera@example.org"},
    {"organisation": "tls", "name": "Lorenzo Bianchini", "email": "lorenzo.bianchini@example.org"},
    {"organisation": "wmu", "name": "Agnieszka Nowicka", "email": "agnieszka.nowicka@example.org"},
    {"organisation": "frrb", "name": "Giulia Ferraresi", "email": "giulia.ferraresi@example.org"},
    {"organisation": "smwk", "name": "Jonas Weidner", "email": "jonas.weidner@example.org"},
]

CAPACITY_BUILDING_CONCLUSIONS = (
    "Partners agreed that the practices gathered across the innovation value chain should be "
    "published and shared with everyone working on personalised medicine rather than kept "
    "inside the consortium. Because regions differ in digital maturity and in their legal and "
    "policy frameworks, learning from one another has to be continuous and adapted to local "
    "conditions. The Ourense living lab and Galicia's procurement programmes were seen as "
    "models worth studying, a bilateral exchange on academic CAR-T production was already "
    "being prepared, and partners asked that innovation be built into future "
    "personalised-medicine partnerships and initiatives."
)
