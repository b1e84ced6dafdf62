"""Demo data for the take-home messages plugin.

``MESSAGES`` maps each talk key of the reference conference
(``confsite.demo.content``, event ``ka4-conference-2021``) to the short
statements a rapporteur would publish after the talk. ``MAIN_OUTCOMES`` holds
the conference's closing synthesis: a few paragraphs separated by blank lines
and a list of key points. All texts are written for confsite; they restate the
ideas of the Regions4PerMed Key Area 4 report in new words.
"""

MESSAGES = {
    # Opening session
    "ka4c-o-t1": [
        "Innovative public procurement gave the Galician Health Service a route to advanced "
        "therapies that the market did not yet offer.",
        "A living lab inside a working hospital lets a region try out new solutions where care "
        "actually happens.",
        "European recognition for healthy-ageing practice shows that regional innovation policy "
        "can be benchmarked and rewarded.",
    ],
    "ka4c-o-t2": [
        "One shared health record and e-prescription system is what allows treatment to adapt to "
        "everything known about a patient.",
        "A public genomic-medicine foundation can bring genetic testing into routine care for "
        "prenatal, rare-disease, cancer and pharmacogenomic cases.",
        "Tying personalised-medicine plans to the regional oncology and rare-disease strategies "
        "keeps them anchored in clinical priorities.",
        "Joint units with industry and translational programmes speed up the arrival of "
        "technologies such as proteomics in hospital laboratories.",
    ],
    # Session I
    "ka4c-s1-t1": [
        "Europe's genomic data infrastructure needs regions involved from the start, not only "
        "national bodies.",
        "Federated access across jurisdictions works only with shared interoperable standards "
        "and trust built at every level.",
        "People own their genomic data, so keeping their trust is the precondition for any "
        "data-sharing programme.",
        "Steady, long-term funding of federated infrastructure serves personalised medicine "
        "better than short project cycles.",
        "The data-sharing gaps exposed by the pandemic should guide how health systems are redesigned.",
    ],
    "ka4c-s1-t2": [
        "Regional investment should cover all five Vs of big data: speed, value, reliability, "
        "diversity of sources and volume.",
        "Explainable AI helps show patients that their data is handled ethically and to their benefit.",
        "A well-designed dashboard turns complex models into comparisons a surgeon can read at a glance.",
        "Organisations using health data must respect rules on proprietary information, and "
        "regions should check that they do.",
    ],
    "ka4c-s1-t3": [
        "A single labelling and certification route would make living labs easier to compare "
        "and to admit into ENoLL.",
        "Shared protocols and ICT tools, as built in VITALISE, let researchers use health living "
        "labs in other countries.",
        "The strength of a living lab lies in co-creating with real users, in real settings, "
        "with many stakeholders involved.",
    ],
    # Session II
    "ka4c-s2-t1": [
        "Start-ups need more than grants: investor networks, crowdfunding and growth funds each "
        "close a different funding gap.",
        "EIT Health combines acceleration, education and near-market projects to move solutions into care.",
        "Lining up EIT, EIC and EIF instruments gives innovators a clearer path from idea to scale-up.",
        "Regions can connect their start-ups to pan-European programmes instead of building "
        "every support scheme alone.",
    ],
    "ka4c-s2-t2": [
        "Destination 4 of the Horizon Europe health cluster funds innovation procurement, and "
        "regional authorities stand to gain most from it.",
        "Europe spends about half as much on innovation procurement as other major economies, "
        "largely because of fragmentation and caution.",
        "Making innovation procurement routine would modernise public services and help "
        "start-ups and SMEs grow.",
        "A network joining seasoned and first-time healthcare procurers can spread know-how and "
        "build capacity.",
        "The 2022 PCP and PPI topics aim at health systems that withstand shocks during the recovery.",
    ],
    # Session III
    "ka4c-s3-t1": [
        "Procurement of innovation should begin with unmet needs stated by the buyer, not with a "
        "product in search of a customer.",
        "There is no single PPI model: the approach must suit each region's economy, geography and politics.",
        "Before launching a PPI, check strategy, innovation, citizens, analytics, evaluation and "
        "reimbursement.",
        "Value-based healthcare is a way to check that money spent on innovation actually "
        "improves patient outcomes.",
    ],
    "ka4c-s3-t2": [
        "PCP buys research and development where no solution exists yet; PPI buys innovative "
        "solutions that are close to market.",
        "Both instruments share risks and rewards between public buyers and suppliers.",
        "An innovation partnership covers development and purchase in a single procedure.",
        "Looking only at one provider's needs is a common trap; payers, insurers and the wider "
        "system must be brought in.",
    ],
    "ka4c-s3-t3": [
        "A structured, step-by-step method turns procurement into a strategic lever for innovation.",
        "Talk to the market early and openly, well before the tender documents are written.",
        "Needs assessment, prior-art and IPR search, a standards review, consulting the market and "
        "calculating value together set the procurement route.",
        "Solution maturity guides the choice: PCP below TRL 8, PPI at TRL 8 and 9.",
    ],
    "ka4c-s3-t4": [
        "Innovation pays off only when solutions are rolled out across the whole regional health service.",
        "Dialogue and negotiation before award show how ready the market really is.",
        "Matching regional e-health priorities with EU lines was a key reason for Galicia's ICT "
        "procurement results.",
        "Regional leadership plus procurement funding can give professionals and citizens "
        "better digital health platforms.",
    ],
    "ka4c-s3-t5": [
        "Biotech and pharma procurements must plan from the outset for regulatory limits and "
        "for access to patient samples or biobanks.",
        "Many small firms drop out of PCP tenders for lack of legal staff, so regions should "
        "help them with the paperwork.",
        "Tendering for a category of challenge rather than one product widens the range of possible answers.",
        "Innovation partnerships can carry a well-defined R&D need all the way to a tool used "
        "in clinical routine.",
    ],
}

MAIN_OUTCOMES = {
    "ka4-conference-2021": {
        "text": (
            "Bringing new diagnostics, therapies and services into personalised care depends on "
            "research and innovation infrastructures that treat human and genomic data "
            "ethically, exchange it through interoperable federated systems and respect the "
            "legal differences between jurisdictions. Networks that connect biological data "
            "with information from citizens give researchers access to rich molecular "
            "profiles, as long as regional and European rules are observed.\n"
            "\n"
            "Prototypes only reach patients with sustained public and private funding. "
            "Innovation procurement should open with a precise description of the unmet need, "
            "which then tells the buyer how mature a solution to ask for: pre-commercial "
            "procurement for research and development below TRL 8, public procurement of "
            "innovation or an innovation partnership for mature solutions. Along the way these "
            "instruments create a dialogue between buyers, payers and suppliers that makes the "
            "results more useful.\n"
            "\n"
            "Whatever is procured also needs a place to be used. Authorities should make "
            "laboratories, hospital wards and other real settings available so that new "
            "solutions can be tested, adopted and kept in service for as long as they were "
            "meant to run."
        ),
        "key_points": [
            "Regional research institutes, universities, companies and public bodies must work "
            "together to speed up omics-based personalised medicine.",
            "Citizens and health staff need validated tools to reach e-health records and telemonitoring.",
            "Living labs need a harmonised labelling and certification procedure.",
            "A sustainable, federated European infrastructure for genomic data is a shared priority.",
            "Clear procedures, standards and support platforms make innovation procurement easier to use.",
            "Research and innovation are central to keeping health systems sustainable.",
            "Without citizens' trust, genomic and health data cannot be put to use.",
        ],
    },
}

EVENT = "ka4-conference-2021"

# Where each talk key lives in the core demo (event slug, session title, talk title):
# a plugin cannot import ``confsite.demo``, so the titles are copied here once.
_S1 = "Session I: Research and Innovation models to boost innovation"
_S2 = "Session II: Financial instruments to support innovation"
_S3 = "Session III: Innovative procurement tools: PCP and PPI"
TALKS = {
    "ka4c-o-t1": (EVENT, "Opening session", "Galicia's track record in health innovation"),
    "ka4c-o-t2": (EVENT, "Opening session", "The SERGAS strategy for personalised medicine"),
    "ka4c-s1-t1": (EVENT, _S1, "Regions and cross-border genomic data for personalised medicine"),
    "ka4c-s1-t2": (EVENT, _S1, "Real-world data and explainable AI in a research hospital"),
    "ka4c-s1-t3": (EVENT, _S1, "Living labs for health: ENoLL and the VITALISE project"),
    "ka4c-s2-t1": (EVENT, _S2, "EIT Health instruments to finance health innovation"),
    "ka4c-s2-t2": (EVENT, _S2, "Horizon Europe funding for innovation procurement in health"),
    "ka4c-s3-t1": (EVENT, _S3, "Public procurement of innovation: basics, outcomes and benefits"),
    "ka4c-s3-t2": (EVENT, _S3, "PCP and PPI at AQuAS: experience and barriers"),
    "ka4c-s3-t3": (EVENT, _S3, "The EAFIP methodology for innovation procurement"),
    "ka4c-s3-t4": (EVENT, _S3, "ICT innovation through PPI in the Galician Health Service"),
    "ka4c-s3-t5": (EVENT, _S3, "Procuring biotechnological innovation for personalised medicine"),
}

# Left as drafts, so the demo rapporteur has a session to review and publish.
DRAFT_TALKS = {"ka4c-s2-t1", "ka4c-s2-t2"}

# Who writes the demo messages, and an attendee's suggestion waiting for moderation.
RAPPORTEUR = "rapporteur@example.org"
SUGGESTION = {
    "author": "attendee@example.org",
    "talk": "ka4c-s2-t2",
    "text": "Regions could pool their demand to reach the scale that innovation procurement calls for.",
}
