"""Demo data for the partnership monitoring plugin.

Applies to the series ``s3-personalised-medicine`` in ``confsite.demo.content``
(the S3 Partnership for the regional co-development, innovation and adoption of
Personalised Medicine, S3P4PM).

* ``PROFILE`` - the partnership's fact sheet: objectives, lead regions with
  their representatives, partner and joining regions, other participants,
  thematic working areas and the SDG contribution matrix (goal number ->
  strongly_agree, agree, neutral, disagree, strongly_disagree, not_applicable).
* ``PAST_ACTIVITIES`` / ``FUTURE_ACTIVITIES`` - historical activities reported
  outside the events held in confsite. ``kind`` is meeting, workshop or
  dissemination. ``dates`` lists ISO dates (several for an activity held over
  separate days; for month or season precision the first day of the period;
  empty when not fixed). ``precision`` is day, month, season or tbd and
  ``date_text`` keeps the wording of the source.

Region names, representatives, focus areas, activities and SDG ratings come
from the partnership's 2018 monitoring report; contact addresses are replaced
by @example.org ones, texts are written for confsite, and entries marked
"demo addition" are invented to show features the 2018 report left empty.
"""

PROFILE = {
    "thematic_platform": "Industrial Modernisation",
    # The 2018 report left the coordinator blank: a visible placeholder.
    "ec_coordinator": "[placeholder] Policy officer, European Commission, policy.officer@example.org",
    "other_information": (
        "The partnership builds on the medical-technology partnership of the same platform "
        "and will agree with it who covers which topics, so that regions are not asked twice."
    ),
    "working_areas_comments": (
        "The four areas came out of the second meeting; the regions in charge will be "
        "confirmed once each area has a short work plan."
    ),
    "objectives": (
        "Remove the translational obstacles that slow the uptake of personalised medicine "
        "across European regions, so that it adds value for people's health and well-being "
        "and helps keep health systems sustainable."
    ),
    "lead_regions": [
        {
            "region": "Flanders (BE)",
            "representatives": [
                {
                    "name": "Kathleen D'Hondt",
                    "institution": "Flemish Government, Department of Economy, Science and Innovation",
                    "contact": "kathleen.dhondt@example.org",
                },
            ],
        },
        {
            "region": "Limburg (NL)",
            "representatives": [
                {
                    "name": "Dirk Plees",
                    "institution": "Province of Limburg, cluster Economy and Innovation",
                    "contact": "dirk.plees@example.org",
                },
            ],
        },
        {
            "region": "East Netherlands (NL)",
            "representatives": [
                {
                    "name": "Karolien de Bruine",
                    "institution": "Oost NL",
                    "contact": "karolien.debruine@example.org",
                },
            ],
        },
    ],
    # The 2018 report lists no partner regions beyond the three lead regions.
    "partner_regions": [],
    "joining_regions": [
        "Slovenia",
        "BioRN (Germany)",
        "Lombardy (IT)",
        "Auvergne-Rhône-Alpes (FR)",
    ],
    "other_participants": [
        "EIT Health",
        "Flanders.bio (cluster, Flanders)",
        "DSP Valley (cluster, Flanders)",
        "Brightlands Maastricht Health Campus (Limburg)",
        "Slovenian Innovation Hub (SIS)",
        "Janssen Pharmaceutica (industry ambassador)",
        "Anthleron (SME)",
    ],
    # Focus areas named in the 2018 report; the report left regions in charge
    # "tbd", so the assignments below are a demo addition.
    "working_areas": [
        {
            "title": "Cell therapy (CAR-T) and regenerative medicine",
            "region_in_charge": "Flanders (BE)",
            "involved_regions": ["Limburg (NL)", "East Netherlands (NL)"],
            "other_actors": ["Flanders.bio", "Janssen Pharmaceutica"],
        },
        {
            "title": "Preventive medicine",
            "region_in_charge": "Limburg (NL)",
            "involved_regions": ["Flanders (BE)", "East Netherlands (NL)"],
            "other_actors": ["Brightlands Maastricht Health Campus"],
        },
        {
            "title": "Personal data management platform",
            "region_in_charge": "East Netherlands (NL)",
            "involved_regions": ["Flanders (BE)", "Limburg (NL)"],
            "other_actors": ["DSP Valley"],
        },
        {
            "title": "Skills and training needs",
            "region_in_charge": "Flanders (BE)",
            "involved_regions": ["Limburg (NL)", "East Netherlands (NL)"],
            "other_actors": ["EIT Health"],
        },
    ],
    "sdg": {
        1: "not_applicable",
        2: "not_applicable",
        3: "strongly_agree",
        4: "agree",
        5: "agree",
        6: "not_applicable",
        7: "not_applicable",
        8: "strongly_agree",
        9: "strongly_agree",
        10: "agree",
        11: "agree",
        12: "strongly_agree",
        13: "neutral",
        14: "not_applicable",
        15: "not_applicable",
        16: "agree",
        17: "not_applicable",
    },
}

PAST_ACTIVITIES = [
    {
        "title": "Kick-off meeting",
        "kind": "meeting",
        "dates": ["2018-05-30"],
        "precision": "day",
        "date_text": "30 May 2018",
        "place": "Brussels",
    },
    {
        "title": "Second meeting",
        "kind": "meeting",
        "dates": ["2018-07-05"],
        "precision": "day",
        "date_text": "5 July 2018",
        "place": "Brussels",
    },
    # demo addition: a workshop held over several separate days
    {
        "title": "Focus-area scoping calls",
        "kind": "workshop",
        "dates": ["2018-06-12", "2018-06-19", "2018-06-26"],
        "precision": "day",
        "date_text": "12, 19 and 26/06/2018",
        "place": "Teleconference",
    },
]

FUTURE_ACTIVITIES = [
    {
        "title": "Third meeting",
        "kind": "meeting",
        "dates": ["2018-10-01"],
        "precision": "month",
        "date_text": "October",
        "place": "Brussels",
    },
    {
        "title": "Introducing S3P4PM",
        "kind": "dissemination",
        "dates": ["2018-10-01"],
        "precision": "month",
        "date_text": "October - week of Regions",
        "place": "Brussels",
    },
    # demo additions: vague dates as partnerships often report them
    {
        "title": "Workshop on cell therapy and regenerative medicine",
        "kind": "workshop",
        "dates": [],
        "precision": "tbd",
        "date_text": "TBD",
        "place": "TBD",
    },
    {
        "title": "Preventive medicine working session",
        "kind": "workshop",
        "dates": ["2018-09-01"],
        "precision": "season",
        "date_text": "Autumn 2018",
        "place": "Maastricht?",
    },
]


# What the lead regions wrote for a reporting period (executive summary, "any other
# comments" rows, progress report, self-evaluation), in our own words. FIRST_PERIOD is
# the 2018 half-year of the source report and becomes a "previous version" of every later
# report; CURRENT_PERIOD is written for the current half-year when the demo is loaded.
FIRST_PERIOD = {
    "start": "2018-01-01",
    "end": "2018-06-30",
    "texts": {
        "executive_summary": (
            "Personalised medicine changes how health and disease are approached, driven by "
            "diagnostics, omics data and digital tools. Three lead regions started this "
            "partnership in May 2018 to turn that potential into regional investment and to "
            "keep health systems sustainable.\n\n"
            "After two meetings the partners agree on first focus areas and on working "
            "alongside the medical-technology partnership rather than next to it."
        ),
        "innovative_results": (
            "First shared focus areas after the second meeting: cell therapy (CAR-T) with "
            "regenerative medicine, and preventive medicine; horizontal topics are a "
            "platform for personal data and the skills the field needs."
        ),
        "socio_economic_impacts": (
            "Too early for measurable impact one month in; the expected contribution is "
            "better health and well-being and more sustainable health care."
        ),
        "partnership_collaboration": (
            "None yet; contact with the medical-technology partnership is planned to avoid overlap."
        ),
        "business_involvement": (
            "The regional delegations include two clusters, a development agency, an open "
            "innovation campus, an industry ambassador and interested SMEs."
        ),
        "cooperation_level": (
            "Good for a first month: common focus areas emerged quickly and now need a closer look."
        ),
        "eu13_involvement": (
            "Slovenia intends to sign a letter of commitment; partners already work with EIT "
            "Health's programme for EU13 regions and will use it to reach more of them."
        ),
        "non_eu_involvement": "None so far; the partnership is open once its priorities are public.",
        "outreach": "In preparation: a first presentation is planned for the week of the regions.",
        "other_platforms": "None.",
        "self_evaluation": (
            "A fast start; the risk is spreading over too many topics before the focus areas have owners."
        ),
    },
    "comments": {
        "past-meeting": "The kick-off and the second meeting were held back to back with regional events.",
        "future-workshop": "Dates follow once each working area has named its lead.",
    },
}

CURRENT_PERIOD = {
    "texts": {
        "executive_summary": (
            "The partnership now runs its meetings and dissemination on confsite. This "
            "half-year it held a plenary and prepares a webinar and an info day; the tables "
            "below are built from those events.\n\n"
            "[placeholder] The lead regions complete this summary before the report is sent."
        ),
        "innovative_results": (
            "Each working area has a lead region and a short work plan; the cell-therapy "
            "area prepares a joint project idea."
        ),
        "socio_economic_impacts": "[placeholder] To be completed by the lead regions.",
        "partnership_collaboration": (
            "A joint session with the medical-technology partnership settled who covers "
            "data platforms and who covers devices."
        ),
        "business_involvement": "Clusters of all three lead regions take part in the plenaries.",
        "cooperation_level": (
            "Sufficient for the focus areas; a wider circle of regions is needed for investment projects."
        ),
        "eu13_involvement": (
            "Slovenia takes part in every meeting; the info day targets further EU13 regions."
        ),
        "non_eu_involvement": "None.",
        "outreach": "A webinar and an info day are planned this half-year (see the tables).",
        "other_platforms": "[placeholder] To be completed by the lead regions.",
        "self_evaluation": (
            "Meetings are well attended; written outputs lag behind and need a rapporteur per area."
        ),
    },
    "comments": {
        "past-meeting": "Minutes of the plenary are shared with all partners.",
        "future-dissemination": "The info day is open to regions that consider joining.",
    },
}
