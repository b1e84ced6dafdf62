"""The demo's data: organisations, people, series, events and attendees.

Everything here is plain Python data (dicts, lists, strings, numbers) with no
logic; the demo loader turns it into database rows.

Sources. The reference scenario is the Regions4PerMed Key Area 4 ("Innovation
Flow in the Healthcare") conference of 13-14 July 2021 and the follow-up
interregional workshop of 16-17 November 2021, both online and hosted by the
Galician Health Knowledge Agency (ACIS). Names, affiliations, countries,
dates, session titles and headline figures are taken from the published
report; every descriptive text (summaries, bios, descriptions) is written
anew for confsite. The partnership series comes from the monitoring report of
the S3 thematic partnership on personalised medicine (2018). Attendees, the
partnership's recent and upcoming events, and the people who speak at them are
fictional.

Conventions
-----------
* Keys (``"key"``, ``"slug"``) are stable short ids used for cross-references:
  ``PEOPLE[*]["organisation"]`` and ``EVENTS[*]["host"]`` are organisation keys;
  ``chairs`` and ``speakers`` are person keys; ``EVENTS[*]["series"]`` is a
  series slug. Plugins' demo data refer to event slugs, session keys and talk
  keys defined here.
* Countries are ISO 3166-1 alpha-2 codes (United Kingdom is ``"GB"``, Greece
  ``"GR"``).
* Sectors: academia, industry, public_authority, healthcare_provider,
  cluster_agency, other.
* Event kinds: conference, workshop, meeting, webinar, training,
  dissemination, capacity_building. Formats: online, hybrid, in_person.
  Session kinds: opening, keynote, talks, panel, break, visit, co_creation,
  closing.
* Times are local wall-clock ISO strings ("2021-07-13T10:00") in the event's
  ``timezone``.
* Events placed relative to the day the demo is loaded carry no absolute
  times. Instead they (and their sessions) give ``start_offset_days`` +
  ``start_time`` and ``end_offset_days`` + ``end_time`` (days from today,
  negative for the past; "HH:MM" local time). Their registration window is
  given the same way as ``registration_opens_offset_days`` +
  ``registration_opens_time`` and ``registration_closes_offset_days`` +
  ``registration_closes_time``; ``None`` offsets mean no registration window.
* ``capacity`` is ``None`` for unlimited.
"""

from typing import Any

ORGANISATIONS = [
    # --- Regions4PerMed Key Area 4: host and speakers' organisations ---
    {
        "key": "acis",
        "name": "Galician Health Knowledge Agency (ACIS)",
        "country": "ES",
        "region": "Galicia",
        "sector": "public_authority",
    },
    {
        "key": "sergas",
        "name": "Galician Health Service (SERGAS)",
        "country": "ES",
        "region": "Galicia",
        "sector": "healthcare_provider",
    },
    {
        "key": "galaria",
        "name": "Galaria (SERGAS)",
        "country": "ES",
        "region": "Galicia",
        "sector": "public_authority",
    },
    {
        "key": "chuo",
        "name": "Ourense University Hospital Complex (CHUO)",
        "country": "ES",
        "region": "Galicia",
        "sector": "healthcare_provider",
    },
    {"key": "elixir", "name": "ELIXIR Hub", "country": "GB", "region": "", "sector": "academia"},
    {
        "key": "gemelli",
        "name": "Gemelli Generator",
        "country": "IT",
        "region": "Lazio",
        "sector": "healthcare_provider",
    },
    {
        "key": "enoll",
        "name": "European Network of Living Labs (ENoLL)",
        "country": "BE",
        "region": "Brussels-Capital",
        "sector": "other",
    },
    {
        "key": "eit-health-spain",
        "name": "EIT Health Spain",
        "country": "ES",
        "region": "Catalonia",
        "sector": "cluster_agency",
    },
    {
        "key": "european-commission",
        "name": "European Commission, DG CONNECT",
        "country": "BE",
        "region": "Brussels-Capital",
        "sector": "public_authority",
    },
    {
        "key": "aquas",
        "name": "Agency for Health Quality and Assessment of Catalonia (AQuAS)",
        "country": "ES",
        "region": "Catalonia",
        "sector": "public_authority",
    },
    {
        "key": "corvers",
        "name": "Corvers Procurement Services B.V.",
        "country": "NL",
        "region": "",
        "sector": "industry",
    },
    {
        "key": "tls",
        "name": "Fondazione Toscana Life Sciences",
        "country": "IT",
        "region": "Tuscany",
        "sector": "cluster_agency",
    },
    {
        "key": "navarra-gov",
        "name": "Government of Navarra",
        "country": "ES",
        "region": "Navarra",
        "sector": "public_authority",
    },
    {
        "key": "fraunhofer-izi",
        "name": "Fraunhofer Institute for Cell Therapy and Immunology (IZI)",
        "country": "DE",
        "region": "Saxony",
        "sector": "academia",
    },
    {
        "key": "extremadura-hospital",
        "name": "Extremadura University Hospital",
        "country": "ES",
        "region": "Extremadura",
        "sector": "healthcare_provider",
    },
    {
        "key": "lombardy-region",
        "name": "Lombardy Region",
        "country": "IT",
        "region": "Lombardy",
        "sector": "public_authority",
    },
    {
        "key": "info-solution",
        "name": "Info Solution S.p.A.",
        "country": "IT",
        "region": "",
        "sector": "industry",
    },
    {
        "key": "euregha",
        "name": "European Regional and Local Health Authorities (EUREGHA)",
        "country": "BE",
        "region": "Brussels-Capital",
        "sector": "other",
    },
    {
        "key": "cluster-tav",
        "name": "Lombardy Cluster Technologies for Living Environments (Cluster TAV)",
        "country": "IT",
        "region": "Lombardy",
        "sector": "cluster_agency",
    },
    {
        "key": "dhi",
        "name": "Digital Health & Care Innovation Centre (DHI)",
        "country": "GB",
        "region": "Scotland",
        "sector": "academia",
    },
    # --- Regions4PerMed consortium partners met at the workshop ---
    {
        "key": "wmu",
        "name": "Wroclaw Medical University",
        "country": "PL",
        "region": "Lower Silesia",
        "sector": "academia",
    },
    {
        "key": "frrb",
        "name": "Fondazione Regionale per la Ricerca Biomedica",
        "country": "IT",
        "region": "Lombardy",
        "sector": "other",
    },
    {
        "key": "smwk",
        "name": "Saxon State Ministry for Science, Culture and Tourism",
        "country": "DE",
        "region": "Saxony",
        "sector": "public_authority",
    },
    # --- S3 partnership on personalised medicine: lead regions' bodies ---
    {
        "key": "ewi",
        "name": "Flemish Government, Department of Economy, Science and Innovation",
        "country": "BE",
        "region": "Flanders",
        "sector": "public_authority",
    },
    {
        "key": "limburg",
        "name": "Province of Limburg",
        "country": "NL",
        "region": "Limburg",
        "sector": "public_authority",
    },
    {
        "key": "oost-nl",
        "name": "Oost NL",
        "country": "NL",
        "region": "East Netherlands",
        "sector": "cluster_agency",
    },
]

PEOPLE = [
    # --- KA4 conference: opening session ---
    {
        "key": "antonio-fernandez-campa",
        "name": "Antonio Fernández-Campa",
        "position": "Managing Director",
        "organisation": "acis",
        "country": "ES",
        "bio": "Leads the Galician Health Knowledge Agency, which steers research and "
        "innovation policy for the Galician public health system.",
    },
    {
        "key": "jorge-aboal-vinas",
        "name": "Jorge Aboal Viñas",
        "position": "General Director of Health Assistance",
        "organisation": "sergas",
        "country": "ES",
        "bio": "Heads healthcare delivery at the Galician Health Service and oversees its "
        "personalised-medicine and advanced-therapy plans.",
    },
    # --- KA4 conference and workshop chair ---
    {
        "key": "jose-maria-romero-fidalgo",
        "name": "José María Romero Fidalgo",
        "position": "Director, Health Development and Innovation Area",
        "organisation": "acis",
        "country": "ES",
        "bio": "Runs the innovation area of ACIS and coordinated Galicia's contribution to "
        "Regions4PerMed Key Area 4, including the LABSAÚDE living-lab network.",
    },
    # --- KA4 conference: Session I ---
    {
        "key": "gary-saunders",
        "name": "Gary Saunders",
        "position": "Human Data Coordinator",
        "organisation": "elixir",
        "country": "GB",
        "bio": "Coordinates human-data activities at ELIXIR, working on federated, "
        "cross-border access to genomic data for research and care.",
    },
    {
        "key": "andrea-damiani",
        "name": "Andrea Damiani",
        "position": "Head of Artificial Intelligence R&D",
        "organisation": "gemelli",
        "country": "IT",
        "bio": "Leads AI research at Gemelli Generator, building data platforms and "
        "explainable models for clinical decision support.",
    },
    {
        "key": "evdokimos-konstantinidis",
        "name": "Evdokimos Konstantinidis",
        "position": "President",
        "organisation": "enoll",
        "country": "GR",
        "bio": "Presides over the European Network of Living Labs and coordinated the "
        "VITALISE project on shared living-lab infrastructure for health.",
    },
    # --- KA4 conference: Session II ---
    {
        "key": "cristina-bescos",
        "name": "Cristina Bescos",
        "position": "Senior Director, Digital Health",
        "organisation": "eit-health-spain",
        "country": "ES",
        "bio": "Directs digital-health activities at EIT Health Spain, connecting start-ups "
        "with investors and European funding programmes.",
    },
    {
        "key": "orestis-kalliantzidis",
        "name": "Orestis Kalliantzidis",
        "position": "Policy Officer, eHealth, Well-being and Ageing",
        "organisation": "european-commission",
        "country": "BE",
        "bio": "Works in DG CONNECT on Horizon Europe support for innovation procurement in health and care.",
    },
    # --- KA4 conference: Session III ---
    {
        "key": "rossana-alessandrello",
        "name": "Rossana Alessandrello",
        "position": "",
        "organisation": "aquas",
        "country": "ES",
        "bio": "Works at AQuAS on pre-commercial procurement and public procurement of "
        "innovation projects in healthcare.",
    },
    {
        "key": "ana-lucia-jaramillo",
        "name": "Ana Lucía Jaramillo",
        "position": "",
        "organisation": "corvers",
        "country": "NL",
        "bio": "Advises public buyers on innovation procurement and contributes to the "
        "European Assistance for Innovation Procurement (EAFIP).",
    },
    {
        "key": "javier-quiles-del-rio",
        "name": "Javier Quiles del Río",
        "position": "",
        "organisation": "sergas",
        "country": "ES",
        "bio": "Has led ICT innovation projects of the Galician Health Service procured "
        "through public procurement of innovation.",
    },
    {
        "key": "alicia-pineiro-redondo",
        "name": "Alicia Piñeiro Redondo",
        "position": "",
        "organisation": "galaria",
        "country": "ES",
        "bio": "Manages innovation procurement of biotechnological solutions for "
        "personalised medicine at Galaria.",
    },
    # --- KA4 workshop ---
    {
        "key": "ana-cajaraville-leiro",
        "name": "Ana Cajaraville Leiro",
        "position": "",
        "organisation": "acis",
        "country": "ES",
        "bio": "Co-chaired the Key Area 4 interregional workshop, moderating the panels "
        "and their question-and-answer rounds.",
    },
    {
        "key": "gianni-derrico",
        "name": "Gianni D'Errico",
        "position": "Project Coordinator, Regions4PerMed",
        "organisation": "tls",
        "country": "IT",
        "bio": "Coordinates the Regions4PerMed project from Fondazione Toscana Life Sciences.",
    },
    {
        "key": "mariona-baliu-pique",
        "name": "Mariona Baliu-Piqué",
        "position": "",
        "organisation": "galaria",
        "country": "ES",
        "bio": "Involved in setting up Galicia's public manufacturing centre for cellular "
        "immunotherapy in Santiago de Compostela.",
    },
    {
        "key": "angel-alonso-sanchez",
        "name": "Ángel Alonso Sánchez",
        "position": "Chief Scientific Officer, Navarra Strategy on Personalised Medicine",
        "organisation": "navarra-gov",
        "country": "ES",
        "bio": "Scientific lead of Navarra's personalised-medicine strategy and of its "
        "NAGEN genomic medicine programme.",
    },
    {
        "key": "thomas-tradler",
        "name": "Thomas Tradler",
        "position": "Head of Business Development",
        "organisation": "fraunhofer-izi",
        "country": "DE",
        "bio": "Heads business development at Fraunhofer IZI in Leipzig, linking its cell "
        "and gene therapy research with industry partners.",
    },
    {
        "key": "adrian-llerena",
        "name": "Adrián Llerena",
        "position": "Scientific Director, MedeA Project",
        "organisation": "extremadura-hospital",
        "country": "ES",
        "bio": "Pharmacogenetics researcher leading the MedeA personalised prescription "
        "project in Extremadura's regional health service.",
    },
    {
        "key": "matteo-pozzetti",
        "name": "Matteo Pozzetti",
        "position": "",
        "organisation": "lombardy-region",
        "country": "IT",
        "bio": "Works on pre-commercial procurement in Lombardy Region's research and "
        "technology-transfer office.",
    },
    {
        "key": "marco-penco",
        "name": "Marco Penco",
        "position": "Research and New Products Manager",
        "organisation": "info-solution",
        "country": "IT",
        "bio": "Manages research and new products at Info Solution, a supplier in "
        "Lombardy's first pilot pre-commercial procurement.",
    },
    {
        "key": "valentina-polylas",
        "name": "Valentina Polylas",
        "position": "Director",
        "organisation": "euregha",
        "country": "BE",
        "bio": "Directs EUREGHA, the Brussels network of regional and local health authorities.",
    },
    {
        "key": "cristina-de-capitani",
        "name": "Cristina De Capitani",
        "position": "Cluster Manager",
        "organisation": "cluster-tav",
        "country": "IT",
        "bio": "Manages the Lombardy cluster on technologies for living environments, "
        "which brings hospitals, universities and companies together.",
    },
    {
        "key": "jay-bradley",
        "name": "Jay Bradley",
        "position": "Research Fellow",
        "organisation": "dhi",
        "country": "GB",
        "bio": "Researcher at Scotland's Digital Health & Care Innovation Centre working "
        "on participatory design and simulation of health services.",
    },
    # --- Fictional people for the relative-date events ---
    {
        "key": "pieter-claes",
        "name": "Pieter Claes",
        "position": "Innovation Policy Officer",
        "organisation": "ewi",
        "country": "BE",
        "bio": "Follows interregional cooperation on life sciences and personalised "
        "medicine for the partnership's lead region in Flanders.",
    },
    {
        "key": "sanne-verhoeven",
        "name": "Sanne Verhoeven",
        "position": "Health Data Adviser",
        "organisation": "oost-nl",
        "country": "NL",
        "bio": "Advises regional companies and hospitals on sharing health data under European rules.",
    },
    {
        "key": "lucia-otero-varela",
        "name": "Lucía Otero Varela",
        "position": "Innovation Procurement Officer",
        "organisation": "acis",
        "country": "ES",
        "bio": "Helps hospital teams turn clinical needs into pre-commercial and innovation "
        "procurement tenders.",
    },
]

SERIES = [
    {
        "slug": "regions4permed",
        "title": "Regions4PerMed",
        "description": "An interregional project in which European regions take up one "
        "personalised-medicine key area at a time, each with a conference, "
        "a follow-up workshop and a report of recommendations for regional "
        "policy makers.",
    },
    {
        "slug": "s3-personalised-medicine",
        "title": "S3 Partnership for the regional co-development, innovation and adoption "
        "of Personalised Medicine (S3P4PM)",
        "description": "A Smart Specialisation thematic partnership under the Industrial "
        "Modernisation platform, started in May 2018 and led by Flanders, "
        "Limburg and East Netherlands, in which regions work together on the "
        "translational obstacles to personalised medicine.",
    },
]

EVENTS: list[dict[str, Any]] = [
    # ------------------------------------------------------------------
    # Reference conference: Regions4PerMed Key Area 4, 13-14 July 2021
    # ------------------------------------------------------------------
    {
        "slug": "ka4-conference-2021",
        "series": "regions4permed",
        "title": "Innovation Flow in the Healthcare: Key Area 4 Conference",
        "kind": "conference",
        "format": "online",
        "status": "published",
        "start": "2021-07-13T09:30",
        "end": "2021-07-14T14:00",
        "timezone": "Europe/Madrid",
        "venue": "",
        "online_url": "https://stream.example.org/regions4permed/ka4-conference-2021",
        "host": "acis",
        "description": "The fourth Regions4PerMed technical conference, streamed over two "
        "mornings. Speakers from research infrastructures, funders, the "
        "European Commission and regional health services looked at how "
        "regions can move research and innovation into personalised care: "
        "infrastructure models, funding instruments and innovation "
        "procurement.",
        "capacity": None,
        "registration_opens": "2021-06-01T09:00",
        "registration_closes": "2021-07-13T09:00",
        "sessions": [
            {
                "key": "ka4c-opening",
                "title": "Opening session",
                "kind": "opening",
                "start": "2021-07-13T09:30",
                "end": "2021-07-13T10:00",
                "room": "Main stream",
                "description": "Welcome from the host region, presenting the Galician building "
                "blocks for bringing personalised medicine into a regional "
                "health system.",
                "chairs": [],
                "talks": [
                    {
                        "key": "ka4c-o-t1",
                        "title": "Galicia's track record in health innovation",
                        "summary": "The ACIS managing director reviewed how the Galician Health "
                        "Service has used innovative public procurement, for example "
                        "the Código100 programme, to reach advanced therapies, and how "
                        "the LABSAÚDE network opened a living lab at the Ourense "
                        "hospital complex. He also recalled the four-star rating the "
                        "European Commission gave Galicia for active and healthy "
                        "ageing practices.",
                        "speakers": ["antonio-fernandez-campa"],
                    },
                    {
                        "key": "ka4c-o-t2",
                        "title": "The SERGAS strategy for personalised medicine",
                        "summary": "An overview of finished and ongoing personalised-medicine "
                        "projects in the Galician Health Service, resting on a shared "
                        "electronic health record and e-prescription. He described the "
                        "Galician Public Foundation for Genomic Medicine, its role in "
                        "IMPaCT and 1+MG, and the new regional plan for advanced and "
                        "CAR-T therapies.",
                        "speakers": ["jorge-aboal-vinas"],
                    },
                ],
            },
            {
                "key": "ka4c-s1",
                "title": "Session I: Research and Innovation models to boost innovation",
                "kind": "talks",
                "start": "2021-07-13T10:00",
                "end": "2021-07-13T11:30",
                "room": "Main stream",
                "description": "How research and innovation infrastructures, from genomic data "
                "networks to hospital data platforms and living labs, can be "
                "organised so that they drive innovation in personalised "
                "medicine.",
                "chairs": ["jose-maria-romero-fidalgo"],
                "talks": [
                    {
                        "key": "ka4c-s1-t1",
                        "title": "Regions and cross-border genomic data for personalised medicine",
                        "summary": "Gary Saunders explained how ELIXIR links national "
                        "bioinformatics centres with EMBL-EBI and how the Beyond 1 "
                        "Million Genomes effort prepares federated access to sequenced "
                        "genomes and related health data across borders. He argued for "
                        "stable, long-term investment in federated infrastructure, "
                        "shared standards and networks of trust, built on citizens' "
                        "confidence.",
                        "speakers": ["gary-saunders"],
                    },
                    {
                        "key": "ka4c-s1-t2",
                        "title": "Real-world data and explainable AI in a research hospital",
                        "summary": "Andrea Damiani showed how Gemelli Generator integrates and "
                        "manages large clinical datasets, framed by the five Vs of big "
                        "data, and how in silico trials combine synthetic cohorts with "
                        "disease and therapy models. He demonstrated an explainable-AI "
                        "dashboard for colorectal surgery that lets clinicians compare "
                        "a patient with reference subgroups.",
                        "speakers": ["andrea-damiani"],
                    },
                    {
                        "key": "ka4c-s1-t3",
                        "title": "Living labs for health: ENoLL and the VITALISE project",
                        "summary": "The ENoLL president presented living labs as places for "
                        "co-creation with users in real-life conditions and called for "
                        "a common labelling and certification route for new members. "
                        "He introduced VITALISE, a Horizon 2020 project that aligns "
                        "living-lab procedures and ICT tools across 17 labs in seven "
                        "countries and opens them to outside researchers.",
                        "speakers": ["evdokimos-konstantinidis"],
                    },
                ],
            },
            {
                "key": "ka4c-break-1",
                "title": "Break",
                "kind": "break",
                "start": "2021-07-13T11:30",
                "end": "2021-07-13T11:45",
                "room": "Main stream",
                "description": "",
                "chairs": [],
                "talks": [],
            },
            {
                "key": "ka4c-s2",
                "title": "Session II: Financial instruments to support innovation",
                "kind": "talks",
                "start": "2021-07-13T11:45",
                "end": "2021-07-13T12:45",
                "room": "Main stream",
                "description": "European funding and investment routes that help innovators "
                "take personalised-medicine solutions from the lab to patients.",
                "chairs": ["jose-maria-romero-fidalgo"],
                "talks": [
                    {
                        "key": "ka4c-s2-t1",
                        "title": "EIT Health instruments to finance health innovation",
                        "summary": "Cristina Bescos described the accelerator, education and "
                        "innovation pillars of EIT Health and its four financing routes "
                        "for start-ups: an investor network, a crowdfunding platform, "
                        "the Venture Centre of Excellence run with the European "
                        "Investment Fund, and joint workstreams with the European "
                        "Innovation Council. Start-ups backed by EIT Health Spain raised "
                        "close to EUR 67 million in 2020.",
                        "speakers": ["cristina-bescos"],
                    },
                    {
                        "key": "ka4c-s2-t2",
                        "title": "Horizon Europe funding for innovation procurement in health",
                        "summary": "Orestis Kalliantzidis set out how Horizon Europe, and "
                        "Destination 4 of its health cluster in particular, supports "
                        "coordination, PCP and PPI actions. He cited a DG CONNECT "
                        "benchmark putting European innovation procurement at about "
                        "half the level of other leading economies, and presented the "
                        "2021 procurers' network topic and the 2022 PCP and PPI topics.",
                        "speakers": ["orestis-kalliantzidis"],
                    },
                ],
            },
            {
                "key": "ka4c-s3",
                "title": "Session III: Innovative procurement tools: PCP and PPI",
                "kind": "talks",
                "start": "2021-07-14T09:30",
                "end": "2021-07-14T12:00",
                "room": "Main stream",
                "description": "Pre-commercial procurement and public procurement of "
                "innovation as ways for health systems to obtain new solutions, "
                "with experience from Catalonia, Galicia and the EU's support "
                "service for procurers.",
                "chairs": ["jose-maria-romero-fidalgo"],
                "talks": [
                    {
                        "key": "ka4c-s3-t1",
                        "title": "Public procurement of innovation: basics, outcomes and benefits",
                        "summary": "Standing in for Ramón Maspons Bosch, Rossana "
                        "Alessandrello explained that PPI starts from needs voiced by "
                        "the buyer and has to fit each region's economic, geographic "
                        "and political setting. She named strategy, innovation, "
                        "citizens, analytics, evaluation and reimbursement as its "
                        "building blocks and tied it to prevention and value-based "
                        "care.",
                        "speakers": ["rossana-alessandrello"],
                    },
                    {
                        "key": "ka4c-s3-t2",
                        "title": "PCP and PPI at AQuAS: experience and barriers",
                        "summary": "A look back at a decade of AQuAS work on PCP and PPI, "
                        "including DECIPHER, EURIPHI, INSPIRE and the upRaise and "
                        "iRaise training schemes, and at a EUR 30 million call that "
                        "funded 18 projects. She contrasted PCP, PPI and the innovation "
                        "partnership and discussed obstacles such as risk, skills and "
                        "reimbursement.",
                        "speakers": ["rossana-alessandrello"],
                    },
                    {
                        "key": "ka4c-s3-t3",
                        "title": "The EAFIP methodology for innovation procurement",
                        "summary": "Ana Lucía Jaramillo introduced the European Assistance for "
                        "Innovation Procurement, set up by DG CONNECT in 2015, and "
                        "walked through its stepwise method. She dwelt on the five "
                        "preparatory steps, from needs assessment to value "
                        "calculation, that decide between PCP and PPI.",
                        "speakers": ["ana-lucia-jaramillo"],
                    },
                    {
                        "key": "ka4c-s3-t4",
                        "title": "ICT innovation through PPI in the Galician Health Service",
                        "summary": "Javier Quiles del Río traced Galicia's PPI programmes from "
                        "Hospital2050 and InnovaSaúde (2011) to Código100 (2016), with "
                        "results such as the TELEA home-monitoring service, the "
                        "E-saúde patient portal and the SIPAD, CADIA and SHARE tools. "
                        "He credited alignment between regional and EU e-health "
                        "priorities for their success.",
                        "speakers": ["javier-quiles-del-rio"],
                    },
                    {
                        "key": "ka4c-s3-t5",
                        "title": "Procuring biotechnological innovation for personalised medicine",
                        "summary": "Alicia Piñeiro Redondo presented Galaria's procurement of "
                        "biotech solutions, from InnovaSuMMA and EMPATTICS to Código100, "
                        "Innovatrial and InnovaMicroLab. She described a two-phase PCP "
                        "on liquid-biopsy biomarkers and two innovation partnerships, "
                        "and noted that half of the bidders were excluded, mostly for "
                        "lack of legal support.",
                        "speakers": ["alicia-pineiro-redondo"],
                    },
                ],
            },
            {
                "key": "ka4c-break-2",
                "title": "Break",
                "kind": "break",
                "start": "2021-07-14T12:00",
                "end": "2021-07-14T12:15",
                "room": "Main stream",
                "description": "",
                "chairs": [],
                "talks": [],
            },
            {
                "key": "ka4c-closing",
                "title": "Main outcomes of the conference",
                "kind": "closing",
                "start": "2021-07-14T12:15",
                "end": "2021-07-14T14:00",
                "room": "Main stream",
                "description": "The chair draws together what the three sessions mean for "
                "regions and closes the conference.",
                "chairs": ["jose-maria-romero-fidalgo"],
                "talks": [],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Reference workshop: Key Area 4 interregional workshop, 16-17 Nov 2021
    # ------------------------------------------------------------------
    {
        "slug": "ka4-workshop-2021",
        "series": "regions4permed",
        "title": "Key Area 4 Interregional Workshop: Innovation Flow in the Healthcare",
        "kind": "workshop",
        "format": "online",
        "status": "published",
        "start": "2021-11-16T09:30",
        "end": "2021-11-17T13:00",
        "timezone": "Europe/Madrid",
        "venue": "",
        "online_url": "https://meet.example.org/regions4permed/ka4-workshop-2021",
        "host": "acis",
        "description": "Follow-up to the Key Area 4 conference for consortium partners and "
        "regional stakeholders. On day one, panels on three policy "
        "intervention areas share practice and lessons learned; on day two, a "
        "virtual living-lab visit is followed by a session in which partners "
        "work on and rank the resulting recommendations.",
        "capacity": 60,
        "registration_opens": "2021-10-15T09:00",
        "registration_closes": "2021-11-15T18:00",
        "sessions": [
            {
                "key": "ka4w-opening",
                "title": "Opening and introduction",
                "kind": "opening",
                "start": "2021-11-16T09:30",
                "end": "2021-11-16T10:00",
                "room": "Plenary room",
                "description": "Introduction to the workshop's aims and to the Regions4PerMed project.",
                "chairs": [],
                "talks": [
                    {
                        "key": "ka4w-o-t1",
                        "title": "Welcome and aims of the workshop",
                        "summary": "The host outlined the three policy intervention areas and how "
                        "the two days build on the July conference.",
                        "speakers": ["jose-maria-romero-fidalgo"],
                    },
                    {
                        "key": "ka4w-o-t2",
                        "title": "Regions4PerMed: where the project stands",
                        "summary": "The project coordinator placed Key Area 4 within the project's "
                        "yearly cycle of key areas and explained how its results will "
                        "be used.",
                        "speakers": ["gianni-derrico"],
                    },
                ],
            },
            {
                "key": "ka4w-p1",
                "title": "Policy area 1: Research and Innovation (R+I) infrastructure models to "
                "foster innovation",
                "kind": "panel",
                "start": "2021-11-16T10:00",
                "end": "2021-11-16T11:30",
                "room": "Plenary room",
                "description": "How regions can build research and innovation infrastructures "
                "that can compete well beyond their own "
                "borders.",
                "chairs": ["jose-maria-romero-fidalgo", "ana-cajaraville-leiro"],
                "talks": [
                    {
                        "key": "ka4w-p1-t1",
                        "title": "A public manufacturing centre for cellular immunotherapy in Galicia",
                        "summary": "The fully public centre in Santiago de Compostela, with an "
                        "initial investment above EUR 3 million, will make advanced "
                        "therapy medicinal products such as academic CAR-T cells close "
                        "to patients and will host a research unit on cellular "
                        "immunotherapy.",
                        "speakers": ["mariona-baliu-pique"],
                    },
                    {
                        "key": "ka4w-p1-t2",
                        "title": "The NAGEN Scheme of Navarra",
                        "summary": "NAGEN 1000 applied whole-genome sequencing to 1,000 "
                        "rare-disease patients in a region of about 650,000 people, "
                        "finding the cause in 36% of cases and cutting both time to "
                        "diagnosis and cost; five more pilots and Navarra's "
                        "personalised-medicine strategy build on it.",
                        "speakers": ["angel-alonso-sanchez"],
                    },
                    {
                        "key": "ka4w-p1-t3",
                        "title": "Fraunhofer IZI and strategies for regional innovation",
                        "summary": "An overview of Fraunhofer IZI in Leipzig, its four business "
                        "units and its value chain for cell and gene therapy, and of three "
                        "ways it feeds innovation into the region: joint research, "
                        "excellence partnerships, and spin-offs or subsidiaries such as "
                        "those targeted by the Saxocell cluster.",
                        "speakers": ["thomas-tradler"],
                    },
                ],
            },
            {
                "key": "ka4w-break-1",
                "title": "Break",
                "kind": "break",
                "start": "2021-11-16T11:30",
                "end": "2021-11-16T11:45",
                "room": "Plenary room",
                "description": "",
                "chairs": [],
                "talks": [],
            },
            {
                "key": "ka4w-p2",
                "title": "Policy area 2: Financial instruments to support innovation: "
                "innovation procurement (PCP and PPI)",
                "kind": "panel",
                "start": "2021-11-16T11:45",
                "end": "2021-11-16T13:15",
                "room": "Plenary room",
                "description": "Regional experience with pre-commercial procurement and public "
                "procurement of innovation for new health services.",
                "chairs": ["jose-maria-romero-fidalgo", "ana-cajaraville-leiro"],
                "talks": [
                    {
                        "key": "ka4w-p2-t1",
                        "title": "Clinical Implementation of an e-Health based Pharmacogenetics and "
                        "Personalised Prescription System in a European Regional Health "
                        "Service (MedeA)",
                        "summary": "Extremadura's MedeA project, with a EUR 5.3 million budget, "
                        "uses association for innovation and PPI to build a "
                        "personalised prescription system (PoPS) that combines genetic "
                        "biomarkers, drug interactions and health-record data to "
                        "prevent adverse drug reactions.",
                        "speakers": ["adrian-llerena"],
                    },
                    {
                        "key": "ka4w-p2-t2",
                        "title": "Modernising healthcare through PCP in Lombardy",
                        "summary": "Speaking for Gabriele Busti, he explained the EU and Italian "
                        "legal basis of PCP, reviewed the tenders Lombardy has run "
                        "since 2013 with ERDF 2014-2020 funds, and shared what the "
                        "region learned about needs analysis, supplier time and "
                        "evaluation.",
                        "speakers": ["matteo-pozzetti"],
                    },
                    {
                        "key": "ka4w-p2-t3",
                        "title": "A supplier's view of PCP: the hospital bed mover",
                        "summary": "Marco Penco told how winning Lombardy's first pilot PCP led "
                        "his company to an electric bed mover tailored to one "
                        "hospital's needs, helped by site visits, while pointing to "
                        "how long the process took and the lack of real-life testing "
                        "before delivery.",
                        "speakers": ["marco-penco"],
                    },
                ],
            },
            {
                "key": "ka4w-lunch",
                "title": "Lunch break",
                "kind": "break",
                "start": "2021-11-16T13:15",
                "end": "2021-11-16T14:30",
                "room": "Plenary room",
                "description": "",
                "chairs": [],
                "talks": [],
            },
            {
                "key": "ka4w-p3",
                "title": "Policy area 3: Smart and future hospitals",
                "kind": "panel",
                "start": "2021-11-16T14:30",
                "end": "2021-11-16T16:00",
                "room": "Plenary room",
                "description": "Hospitals and care settings equipped to test new services, and "
                "what regions can do to build them around users' needs.",
                "chairs": ["jose-maria-romero-fidalgo", "ana-cajaraville-leiro"],
                "talks": [
                    {
                        "key": "ka4w-p3-t1",
                        "title": "EUREGHA: regions for value-based, digital and age-friendly care",
                        "summary": "Valentina Polylas presented EUREGHA's priorities, among them "
                        "value-based care, digital health, health inequalities and "
                        "cross-border cooperation, and the IN-4-AHA project, which "
                        "carries forward the European Innovation Partnership on Active "
                        "and Healthy Ageing.",
                        "speakers": ["valentina-polylas"],
                    },
                    {
                        "key": "ka4w-p3-t2",
                        "title": "How technologies for Living Environments support Personalised Medicine",
                        "summary": "Cristina De Capitani showed how the Lombardy cluster links "
                        "hospitals, universities and firms around patients' daily "
                        "lives, with examples in chronic-disease telemonitoring, "
                        "metabolic biosensors, personalised rehabilitation and the "
                        "SPATIALS3 nutrition hub.",
                        "speakers": ["cristina-de-capitani"],
                    },
                    {
                        "key": "ka4w-p3-t3",
                        "title": "Participatory design and simulation of new healthcare services in Scotland",
                        "summary": "Jay Bradley described how DHI designs services together with "
                        "citizens and clinicians and tests them by simulation; over "
                        "seven years it ran 52 projects, and a COVID-19 test-result "
                        "notification service it prototyped was later procured "
                        "nationally.",
                        "speakers": ["jay-bradley"],
                    },
                ],
            },
            {
                "key": "ka4w-visit",
                "title": "Virtual visit: the Living Lab of Ourense (LABSAÚDE)",
                "kind": "visit",
                "start": "2021-11-17T09:30",
                "end": "2021-11-17T10:30",
                "room": "Plenary room",
                "description": "A guided video tour of the experimental hospital floors at the "
                "Ourense University Hospital Complex, the pilot site of the "
                "Galician network of health living labs.",
                "chairs": ["jose-maria-romero-fidalgo"],
                "talks": [
                    {
                        "key": "ka4w-v-t1",
                        "title": "Inside the Living Lab of Ourense",
                        "summary": "A recorded walk through the experimental rooms, nursing "
                        "station, therapeutic garden and co-creation space built under "
                        "Hospital2050, followed by the results of the lab's first open "
                        "call: nine proposals, and six company agreements "
                        "signed in November 2021.",
                        "speakers": ["jose-maria-romero-fidalgo"],
                    },
                ],
            },
            {
                "key": "ka4w-cocreation",
                "title": "Capacity-building and co-creation session",
                "kind": "co_creation",
                "start": "2021-11-17T10:45",
                "end": "2021-11-17T13:00",
                "room": "Plenary room",
                "description": "Consortium partners discuss the practices presented, compare "
                "their regions' situations and rank the panels' "
                "recommendations; each partner's position is recorded.",
                "chairs": ["jose-maria-romero-fidalgo", "ana-cajaraville-leiro"],
                "talks": [],
            },
        ],
    },
    # ------------------------------------------------------------------
    # Upcoming training in the Regions4PerMed series (tiny capacity -> waiting list)
    # ------------------------------------------------------------------
    {
        "slug": "procurement-training",
        "series": "regions4permed",
        "title": "Training: preparing an innovation procurement in health",
        "kind": "training",
        "format": "hybrid",
        "status": "published",
        "start_offset_days": 30,
        "start_time": "09:30",
        "end_offset_days": 30,
        "end_time": "13:00",
        "timezone": "Europe/Madrid",
        "venue": "ACIS headquarters, Santiago de Compostela",
        "online_url": "https://meet.example.org/regions4permed/procurement-training",
        "host": "acis",
        "description": "A hands-on morning for hospital and regional staff who are about to "
        "launch a pre-commercial procurement or a public procurement of "
        "innovation. Places are deliberately few so that each participant can "
        "work on a real case.",
        "capacity": 2,
        "registration_opens_offset_days": -14,
        "registration_opens_time": "09:00",
        "registration_closes_offset_days": 28,
        "registration_closes_time": "18:00",
        "sessions": [
            {
                "key": "pt-s1",
                "title": "From unmet need to market consultation",
                "kind": "talks",
                "start_offset_days": 30,
                "start_time": "09:30",
                "end_offset_days": 30,
                "end_time": "11:00",
                "room": "Training room",
                "description": "How to describe a clinical need, review existing solutions and "
                "talk to the market before choosing PCP or PPI.",
                "chairs": [],
                "talks": [
                    {
                        "key": "pt-s1-t1",
                        "title": "Writing a needs statement that suppliers can use",
                        "summary": "Worked examples of turning a ward's problem into functional "
                        "requirements and questions for an open market consultation.",
                        "speakers": ["lucia-otero-varela"],
                    },
                ],
            },
            {
                "key": "pt-break",
                "title": "Break",
                "kind": "break",
                "start_offset_days": 30,
                "start_time": "11:00",
                "end_offset_days": 30,
                "end_time": "11:30",
                "room": "Training room",
                "description": "",
                "chairs": [],
                "talks": [],
            },
            {
                "key": "pt-s2",
                "title": "Hands-on: drafting your own procurement plan",
                "kind": "co_creation",
                "start_offset_days": 30,
                "start_time": "11:30",
                "end_offset_days": 30,
                "end_time": "13:00",
                "room": "Training room",
                "description": "Participants draft a needs statement and a timeline for a case "
                "from their own organisation and get feedback.",
                "chairs": ["lucia-otero-varela"],
                "talks": [],
            },
        ],
    },
    # ------------------------------------------------------------------
    # S3 partnership on personalised medicine: past and upcoming activities
    # ------------------------------------------------------------------
    {
        "slug": "s3p4pm-plenary",
        "series": "s3-personalised-medicine",
        "title": "S3P4PM plenary meeting",
        "kind": "meeting",
        "format": "in_person",
        "status": "published",
        "start_offset_days": -40,
        "start_time": "10:00",
        "end_offset_days": -40,
        "end_time": "16:00",
        "timezone": "Europe/Brussels",
        "venue": "Koning Albert II-laan 35, 1030 Brussels",
        "online_url": "",
        "host": "ewi",
        "description": "Plenary of the partnership's lead and partner regions to review "
        "progress in the focus areas and agree the plan for the next six "
        "months.",
        "capacity": 40,
        "registration_opens_offset_days": None,
        "registration_opens_time": None,
        "registration_closes_offset_days": None,
        "registration_closes_time": None,
        "sessions": [
            {
                "key": "s3pl-opening",
                "title": "Welcome by the lead regions",
                "kind": "opening",
                "start_offset_days": -40,
                "start_time": "10:00",
                "end_offset_days": -40,
                "end_time": "10:30",
                "room": "Meeting room",
                "description": "Round of introductions and adoption of the agenda.",
                "chairs": ["pieter-claes"],
                "talks": [],
            },
            {
                "key": "s3pl-updates",
                "title": "Updates from the focus areas",
                "kind": "talks",
                "start_offset_days": -40,
                "start_time": "10:30",
                "end_offset_days": -40,
                "end_time": "12:30",
                "room": "Meeting room",
                "description": "Short reports on cell therapy and regenerative medicine, "
                "preventive medicine, and the horizontal topics of data "
                "management and skills.",
                "chairs": ["pieter-claes"],
                "talks": [
                    {
                        "key": "s3pl-updates-t1",
                        "title": "Personal data management: first findings",
                        "summary": "What partner regions already have in place for citizen-"
                        "controlled health data and where they could cooperate.",
                        "speakers": ["sanne-verhoeven"],
                    },
                ],
            },
            {
                "key": "s3pl-lunch",
                "title": "Lunch",
                "kind": "break",
                "start_offset_days": -40,
                "start_time": "12:30",
                "end_offset_days": -40,
                "end_time": "13:30",
                "room": "Meeting room",
                "description": "",
                "chairs": [],
                "talks": [],
            },
            {
                "key": "s3pl-planning",
                "title": "Planning the next six months",
                "kind": "co_creation",
                "start_offset_days": -40,
                "start_time": "13:30",
                "end_offset_days": -40,
                "end_time": "15:30",
                "room": "Meeting room",
                "description": "Regions agree who leads which working area and which "
                "activities to report in the next monitoring period.",
                "chairs": ["pieter-claes"],
                "talks": [],
            },
            {
                "key": "s3pl-closing",
                "title": "Conclusions and next steps",
                "kind": "closing",
                "start_offset_days": -40,
                "start_time": "15:30",
                "end_offset_days": -40,
                "end_time": "16:00",
                "room": "Meeting room",
                "description": "",
                "chairs": ["pieter-claes"],
                "talks": [],
            },
        ],
    },
    {
        "slug": "s3p4pm-data-webinar",
        "series": "s3-personalised-medicine",
        "title": "Webinar: personal data management platforms for personalised medicine",
        "kind": "webinar",
        "format": "online",
        "status": "published",
        "start_offset_days": 21,
        "start_time": "14:00",
        "end_offset_days": 21,
        "end_time": "15:30",
        "timezone": "Europe/Brussels",
        "venue": "",
        "online_url": "https://meet.example.org/s3p4pm/data-webinar",
        # The meeting link reaches registrants half an hour before the start (and by e-mail).
        "join_release_minutes": 30,
        "reminder_hours": 48,
        "host": "oost-nl",
        "description": "An open webinar on one of the partnership's horizontal topics: how "
        "citizens can hold and share their own health data, and what regions "
        "can learn from each other's platforms.",
        "capacity": 100,
        "registration_opens_offset_days": -10,
        "registration_opens_time": "09:00",
        "registration_closes_offset_days": 21,
        "registration_closes_time": "12:00",
        "sessions": [
            {
                "key": "s3wb-s1",
                "title": "Citizen-held health data in practice",
                "kind": "talks",
                "start_offset_days": 21,
                "start_time": "14:00",
                "end_offset_days": 21,
                "end_time": "15:30",
                "room": "Webinar",
                "description": "Presentation followed by questions from participants.",
                "chairs": ["pieter-claes"],
                "talks": [
                    {
                        "key": "s3wb-s1-t1",
                        "title": "Personal data platforms: options for regions",
                        "summary": "A comparison of personal health data platform models and the "
                        "questions regions should answer before backing one.",
                        "speakers": ["sanne-verhoeven"],
                    },
                ],
            },
        ],
    },
    {
        "slug": "s3p4pm-info-day",
        "series": "s3-personalised-medicine",
        "title": "Introducing S3P4PM: info day at the Health Innovation Fair",
        "kind": "dissemination",
        "format": "in_person",
        "status": "published",
        "start_offset_days": 75,
        "start_time": "10:00",
        "end_offset_days": 75,
        "end_time": "12:00",
        "timezone": "Europe/Brussels",
        "venue": "Brussels Expo, Brussels",
        "online_url": "",
        "host": "ewi",
        "description": "An information session on the partnership's stand for regions, "
        "clusters and companies thinking of joining, with a short presentation "
        "and time for one-to-one talks.",
        "capacity": 50,
        "registration_opens_offset_days": -5,
        "registration_opens_time": "09:00",
        "registration_closes_offset_days": 74,
        "registration_closes_time": "18:00",
        "sessions": [
            {
                "key": "s3id-s1",
                "title": "What the partnership offers regions",
                "kind": "talks",
                "start_offset_days": 75,
                "start_time": "10:00",
                "end_offset_days": 75,
                "end_time": "10:45",
                "room": "Partnership stand",
                "description": "Aims, focus areas and how to join.",
                "chairs": [],
                "talks": [
                    {
                        "key": "s3id-s1-t1",
                        "title": "Introducing S3P4PM",
                        "summary": "The partnership's objectives, its lead regions and focus "
                        "areas, and the steps for a region to sign up.",
                        "speakers": ["pieter-claes"],
                    },
                ],
            },
            {
                "key": "s3id-s2",
                "title": "Meet the lead regions",
                "kind": "co_creation",
                "start_offset_days": 75,
                "start_time": "10:45",
                "end_offset_days": 75,
                "end_time": "12:00",
                "room": "Partnership stand",
                "description": "Informal one-to-one talks with representatives of the lead regions.",
                "chairs": [],
                "talks": [],
            },
        ],
    },
]

FIGURES = {  # published headline figures ("in a nutshell") of the reference conference
    "ka4-conference-2021": {
        "countries": 16,
        "registered": 65,
        "speakers": 11,
        "stream_views": {"2021-07-13": 194, "2021-07-14": 414},
    },
}

# Fictional attendees of the reference conference: 65 people from 16 countries,
# matching the published headline figures. Names and organisations are invented.
ATTENDEES = [
    # Spain (14)
    {
        "name": "Marta Iglesias Rey",
        "email": "marta.iglesias@example.org",
        "organisation": "Instituto de Biomedicina del Noroeste",
        "country": "ES",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Pablo Ferreiro Castro",
        "email": "pablo.ferreiro@example.org",
        "organisation": "Servizo Provincial de Innovación Sanitaria",
        "country": "ES",
        "sector": "public_authority",
        "checked_in": True,
    },
    {
        "name": "Lucía Domínguez Soto",
        "email": "lucia.dominguez@example.org",
        "organisation": "Hospital San Rafael del Miño",
        "country": "ES",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Javier Ortega Lema",
        "email": "javier.ortega@example.org",
        "organisation": "Genómica Atlántica S.L.",
        "country": "ES",
        "sector": "industry",
        "checked_in": True,
    },
    {
        "name": "Elena Barreiro Vidal",
        "email": "elena.barreiro@example.org",
        "organisation": "Clúster de Tecnologías de Salud del Noroeste",
        "country": "ES",
        "sector": "cluster_agency",
        "checked_in": False,
    },
    {
        "name": "Sergio Navarro Gil",
        "email": "sergio.navarro@example.org",
        "organisation": "Universidad de Castilla Oriental",
        "country": "ES",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Núria Puig Ferrer",
        "email": "nuria.puig@example.org",
        "organisation": "Consorci de Salut del Vallès Alt",
        "country": "ES",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Carlos Medina Ruiz",
        "email": "carlos.medina@example.org",
        "organisation": "Agencia Regional de Evaluación Sanitaria del Sur",
        "country": "ES",
        "sector": "public_authority",
        "checked_in": True,
    },
    {
        "name": "Ana Belén Torres Ramos",
        "email": "ana.torres@example.org",
        "organisation": "Farmacogen Iberia S.A.",
        "country": "ES",
        "sector": "industry",
        "checked_in": False,
    },
    {
        "name": "Raúl Castaño Prieto",
        "email": "raul.castano@example.org",
        "organisation": "Fundación Biomédica del Duero",
        "country": "ES",
        "sector": "other",
        "checked_in": True,
    },
    {
        "name": "Irene Salgado Fuentes",
        "email": "irene.salgado@example.org",
        "organisation": "Hospital Universitario de Montealto",
        "country": "ES",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "David Quintana Mora",
        "email": "david.quintana@example.org",
        "organisation": "BioDatos Salud S.L.",
        "country": "ES",
        "sector": "industry",
        "checked_in": True,
    },
    {
        "name": "Alba Rivas Conde",
        "email": "alba.rivas@example.org",
        "organisation": "Universidad del Cantábrico Occidental",
        "country": "ES",
        "sector": "academia",
        "checked_in": False,
    },
    {
        "name": "Óscar Lago Fernández",
        "email": "oscar.lago@example.org",
        "organisation": "Asociación de Pacientes con Enfermedades Raras del Noroeste",
        "country": "ES",
        "sector": "other",
        "checked_in": True,
    },
    # Italy (7)
    {
        "name": "Giulia Moretti",
        "email": "giulia.moretti@example.org",
        "organisation": "Istituto di Ricerca Biomedica dell'Adriatico",
        "country": "IT",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Luca Bernardi",
        "email": "luca.bernardi@example.org",
        "organisation": "Azienda Ospedaliera di Valle Serena",
        "country": "IT",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Francesca Galli",
        "email": "francesca.galli@example.org",
        "organisation": "Agenzia Regionale per l'Innovazione in Sanità",
        "country": "IT",
        "sector": "public_authority",
        "checked_in": True,
    },
    {
        "name": "Davide Rinaldi",
        "email": "davide.rinaldi@example.org",
        "organisation": "Omnigen Diagnostics S.r.l.",
        "country": "IT",
        "sector": "industry",
        "checked_in": False,
    },
    {
        "name": "Silvia Caruso",
        "email": "silvia.caruso@example.org",
        "organisation": "Polo Tecnologico Salute e Vita",
        "country": "IT",
        "sector": "cluster_agency",
        "checked_in": True,
    },
    {
        "name": "Alessandro Fontana",
        "email": "alessandro.fontana@example.org",
        "organisation": "Università degli Studi di Monteverde",
        "country": "IT",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Chiara Marchetti",
        "email": "chiara.marchetti@example.org",
        "organisation": "Fondazione per la Medicina di Precisione del Nord",
        "country": "IT",
        "sector": "other",
        "checked_in": True,
    },
    # Greece (3)
    {
        "name": "Eleni Papadaki",
        "email": "eleni.papadaki@example.org",
        "organisation": "Institute of Health Informatics of Thessaly",
        "country": "GR",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Nikos Georgiou",
        "email": "nikos.georgiou@example.org",
        "organisation": "Health Innovation Directorate of Crete",
        "country": "GR",
        "sector": "public_authority",
        "checked_in": True,
    },
    {
        "name": "Maria Kostopoulou",
        "email": "maria.kostopoulou@example.org",
        "organisation": "MedData Hellas S.A.",
        "country": "GR",
        "sector": "industry",
        "checked_in": False,
    },
    # United Kingdom (4)
    {
        "name": "Emily Harrison",
        "email": "emily.harrison@example.org",
        "organisation": "University of Northbridge",
        "country": "GB",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "James Whitfield",
        "email": "james.whitfield@example.org",
        "organisation": "Greenvale NHS Foundation Trust",
        "country": "GB",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Sophie Kendrick",
        "email": "sophie.kendrick@example.org",
        "organisation": "Genomica Analytics Ltd",
        "country": "GB",
        "sector": "industry",
        "checked_in": True,
    },
    {
        "name": "Callum MacLeod",
        "email": "callum.macleod@example.org",
        "organisation": "Highlands Health Innovation Network",
        "country": "GB",
        "sector": "cluster_agency",
        "checked_in": False,
    },
    # Netherlands (4)
    {
        "name": "Lotte de Vries",
        "email": "lotte.devries@example.org",
        "organisation": "Universitair Centrum Oostland",
        "country": "NL",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Bram Kuipers",
        "email": "bram.kuipers@example.org",
        "organisation": "Zorginnovatie Noord",
        "country": "NL",
        "sector": "cluster_agency",
        "checked_in": True,
    },
    {
        "name": "Femke Janssen",
        "email": "femke.janssen@example.org",
        "organisation": "Ziekenhuis Rijnvallei",
        "country": "NL",
        "sector": "healthcare_provider",
        "checked_in": False,
    },
    {
        "name": "Joost van Dijk",
        "email": "joost.vandijk@example.org",
        "organisation": "PrecisionLab B.V.",
        "country": "NL",
        "sector": "industry",
        "checked_in": True,
    },
    # Belgium (5)
    {
        "name": "Sarah Peeters",
        "email": "sarah.peeters@example.org",
        "organisation": "Vlaams Centrum voor Gezondheidsdata",
        "country": "BE",
        "sector": "public_authority",
        "checked_in": True,
    },
    {
        "name": "Thomas Dubois",
        "email": "thomas.dubois@example.org",
        "organisation": "Institut Wallon de Recherche Clinique",
        "country": "BE",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Elise Maes",
        "email": "elise.maes@example.org",
        "organisation": "Ziekenhuisnetwerk Kempenland",
        "country": "BE",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Hugo Lambert",
        "email": "hugo.lambert@example.org",
        "organisation": "Patients' Voice for Precision Care",
        "country": "BE",
        "sector": "other",
        "checked_in": True,
    },
    {
        "name": "Ines Claessens",
        "email": "ines.claessens@example.org",
        "organisation": "BioScope Analytics NV",
        "country": "BE",
        "sector": "industry",
        "checked_in": False,
    },
    # Germany (5)
    {
        "name": "Katharina Vogel",
        "email": "katharina.vogel@example.org",
        "organisation": "Institut für Translationale Medizin Elbtal",
        "country": "DE",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Felix Hartmann",
        "email": "felix.hartmann@example.org",
        "organisation": "Landesagentur für Gesundheitsinnovation",
        "country": "DE",
        "sector": "public_authority",
        "checked_in": True,
    },
    {
        "name": "Anna Schubert",
        "email": "anna.schubert@example.org",
        "organisation": "Klinikum Auenwald",
        "country": "DE",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Lukas Brandt",
        "email": "lukas.brandt@example.org",
        "organisation": "GenoTherapeutics GmbH",
        "country": "DE",
        "sector": "industry",
        "checked_in": False,
    },
    {
        "name": "Miriam Kessler",
        "email": "miriam.kessler@example.org",
        "organisation": "Biotechnologie-Netzwerk Sachsen-Süd",
        "country": "DE",
        "sector": "cluster_agency",
        "checked_in": True,
    },
    # France (4)
    {
        "name": "Camille Moreau",
        "email": "camille.moreau@example.org",
        "organisation": "Institut de Recherche en Santé du Grand Ouest",
        "country": "FR",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Julien Fabre",
        "email": "julien.fabre@example.org",
        "organisation": "Centre Hospitalier de la Vallée du Lys",
        "country": "FR",
        "sector": "healthcare_provider",
        "checked_in": False,
    },
    {
        "name": "Claire Bonnet",
        "email": "claire.bonnet@example.org",
        "organisation": "Agence Régionale d'Innovation en Santé",
        "country": "FR",
        "sector": "public_authority",
        "checked_in": True,
    },
    {
        "name": "Antoine Girard",
        "email": "antoine.girard@example.org",
        "organisation": "MédiGénome SAS",
        "country": "FR",
        "sector": "industry",
        "checked_in": True,
    },
    # Poland (4)
    {
        "name": "Agnieszka Kowalczyk",
        "email": "agnieszka.kowalczyk@example.org",
        "organisation": "Akademia Medyczna Doliny Odry",
        "country": "PL",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Piotr Zieliński",
        "email": "piotr.zielinski@example.org",
        "organisation": "Regionalne Centrum Innowacji w Zdrowiu",
        "country": "PL",
        "sector": "public_authority",
        "checked_in": True,
    },
    {
        "name": "Magdalena Lewandowska",
        "email": "magdalena.lewandowska@example.org",
        "organisation": "Szpital Wojewódzki w Borowie",
        "country": "PL",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Tomasz Grabowski",
        "email": "tomasz.grabowski@example.org",
        "organisation": "BioInnova Polska Sp. z o.o.",
        "country": "PL",
        "sector": "industry",
        "checked_in": False,
    },
    # Portugal (3)
    {
        "name": "Inês Carvalho",
        "email": "ines.carvalho@example.org",
        "organisation": "Instituto de Medicina Personalizada do Douro",
        "country": "PT",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Rui Almeida",
        "email": "rui.almeida@example.org",
        "organisation": "Centro Hospitalar do Alto Tejo",
        "country": "PT",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Beatriz Sousa",
        "email": "beatriz.sousa@example.org",
        "organisation": "Agência Regional de Inovação em Saúde do Norte",
        "country": "PT",
        "sector": "public_authority",
        "checked_in": False,
    },
    # Sweden (2)
    {
        "name": "Erik Lindqvist",
        "email": "erik.lindqvist@example.org",
        "organisation": "Norrland Institute of Molecular Medicine",
        "country": "SE",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Karin Sjöberg",
        "email": "karin.sjoberg@example.org",
        "organisation": "Region Västkust Health Innovation Office",
        "country": "SE",
        "sector": "public_authority",
        "checked_in": True,
    },
    # Finland (2)
    {
        "name": "Aino Virtanen",
        "email": "aino.virtanen@example.org",
        "organisation": "Lakeland University Hospital",
        "country": "FI",
        "sector": "healthcare_provider",
        "checked_in": True,
    },
    {
        "name": "Mikko Heikkinen",
        "email": "mikko.heikkinen@example.org",
        "organisation": "GenoNord Oy",
        "country": "FI",
        "sector": "industry",
        "checked_in": True,
    },
    # Austria (2)
    {
        "name": "Johanna Gruber",
        "email": "johanna.gruber@example.org",
        "organisation": "Alpenländisches Institut für Biomedizin",
        "country": "AT",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Stefan Huber",
        "email": "stefan.huber@example.org",
        "organisation": "MedTech Cluster Ostalpen",
        "country": "AT",
        "sector": "cluster_agency",
        "checked_in": False,
    },
    # Ireland (2)
    {
        "name": "Aoife Byrne",
        "email": "aoife.byrne@example.org",
        "organisation": "Western Seaboard University",
        "country": "IE",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Ciarán Walsh",
        "email": "ciaran.walsh@example.org",
        "organisation": "Midlands Health Innovation Office",
        "country": "IE",
        "sector": "public_authority",
        "checked_in": True,
    },
    # Hungary (2)
    {
        "name": "Réka Tóth",
        "email": "reka.toth@example.org",
        "organisation": "Pannon Orvosbiológiai Intézet",
        "country": "HU",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Gábor Szabó",
        "email": "gabor.szabo@example.org",
        "organisation": "Pharmagen Hungary Kft.",
        "country": "HU",
        "sector": "industry",
        "checked_in": False,
    },
    # Romania (2)
    {
        "name": "Ioana Popescu",
        "email": "ioana.popescu@example.org",
        "organisation": "Transylvanian Centre for Precision Medicine",
        "country": "RO",
        "sector": "academia",
        "checked_in": True,
    },
    {
        "name": "Andrei Ionescu",
        "email": "andrei.ionescu@example.org",
        "organisation": "Regional Health Innovation Agency Carpathia",
        "country": "RO",
        "sector": "public_authority",
        "checked_in": True,
    },
]

# An organiser's message to the reference conference's registrants (messages log).
MESSAGES = [
    {
        "event": "ka4-conference-2021",
        "audience": "confirmed",
        "subject": "Practical information for the conference days",
        "body": "Dear participant,\n\n"
        "the conference opens at **9:00** with a short welcome in the auditorium; badges are "
        "handed out at the entrance from 8:15.\n\n"
        "- The sessions are streamed, so colleagues who cannot travel can follow online.\n"
        "- Slides are shared on the event page after each session.\n"
        "- Please tell us about any dietary needs by replying to the organisers.\n\n"
        "We look forward to meeting you.",
    },
]
