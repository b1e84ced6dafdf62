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
