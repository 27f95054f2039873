"""Demo data: the seed case (only what the WELT article reports) and fictional events.

The seed case is a real phone call between real ministers: every word below is taken from the
article in ``shared/seed/`` (machine-translated; “Leghorn” there is a mistranslation of Lecornu,
which the quote gives as “[Lecornu]”, the newsroom's mark for a changed word, with an editor's
note saying so).
Where the article gives no time of day, statements carry day precision and the time only orders
them. All other events are between clearly fictional states and officials.
"""

from datetime import UTC, datetime

from django.db import transaction

from claims.models import (
    Claim,
    CommentRequest,
    Denial,
    Event,
    Party,
    Precision,
    Stance,
    Statement,
    Status,
    Topic,
    one_public_change,
)

SEED_SOURCE = "WELT, as machine-translated into English"
# The newsroom's convention for a word changed inside a quotation: square brackets, explained.
LECORNU_NOTE = (
    "[Lecornu]: the machine translation of the article reads “Leghorn”, a mistranslation of the "
    "minister's name."
)

PARTIES = [
    # slug, name, short name, kind, parent slug, country, role
    ("france", "France", "", Party.Kind.STATE, None, "FR", ""),
    (
        "france-armed-forces-ministry",
        "Ministry of the Armed Forces",
        "",
        Party.Kind.MINISTRY,
        "france",
        "FR",
        "",
    ),
    (
        "sebastien-lecornu",
        "Sébastien Lecornu",
        "",
        Party.Kind.PERSON,
        "france-armed-forces-ministry",
        "FR",
        "Minister of the Armed Forces",
    ),
    ("russia", "Russia", "", Party.Kind.STATE, None, "RU", ""),
    (
        "russia-defence-ministry",
        "Russian Ministry of Defence",
        "",
        Party.Kind.MINISTRY,
        "russia",
        "RU",
        "",
    ),
    (
        "sergei-shoigu",
        "Sergei Shoigu",
        "",
        Party.Kind.PERSON,
        "russia-defence-ministry",
        "RU",
        "Minister of Defence",
    ),
    # Fictional states and officials from here on.
    ("valdoria", "Republic of Valdoria (fictional)", "Valdoria", Party.Kind.STATE, None, "", ""),
    (
        "valdoria-defence-ministry",
        "Valdorian Ministry of Defence",
        "",
        Party.Kind.MINISTRY,
        "valdoria",
        "",
        "",
    ),
    (
        "valdoria-presidency",
        "Presidency of Valdoria",
        "",
        Party.Kind.GOVERNMENT,
        "valdoria",
        "",
        "",
    ),
    (
        "anders-voll",
        "Anders Voll (fictional)",
        "",
        Party.Kind.PERSON,
        "valdoria-presidency",
        "",
        "President of Valdoria",
    ),
    ("serapine", "Kingdom of Serapine (fictional)", "Serapine", Party.Kind.STATE, None, "", ""),
    (
        "serapine-foreign-ministry",
        "Serapine Foreign Ministry",
        "",
        Party.Kind.MINISTRY,
        "serapine",
        "",
        "",
    ),
    (
        "serapine-trade-ministry",
        "Serapine Ministry of Trade",
        "",
        Party.Kind.MINISTRY,
        "serapine",
        "",
        "",
    ),
    (
        "tarrowmere",
        "Federated States of Tarrowmere (fictional)",
        "Tarrowmere",
        Party.Kind.STATE,
        None,
        "",
        "",
    ),
    (
        "tarrowmere-monitoring-mission",
        "Tarrowmere Joint Monitoring Mission",
        "",
        Party.Kind.AGENCY,
        "tarrowmere",
        "",
        "",
    ),
    (
        "tarrowmere-interior-ministry",
        "Tarrowmere Ministry of the Interior",
        "",
        Party.Kind.MINISTRY,
        "tarrowmere",
        "",
        "",
    ),
    (
        "tarrowmere-foreign-ministry",
        "Tarrowmere Foreign Ministry",
        "",
        Party.Kind.MINISTRY,
        "tarrowmere",
        "",
        "",
    ),
    ("quellen", "Free State of Quellen (fictional)", "Quellen", Party.Kind.STATE, None, "", ""),
    (
        "quellen-trade-ministry",
        "Quellen Ministry of Trade",
        "",
        Party.Kind.MINISTRY,
        "quellen",
        "",
        "",
    ),
    ("quellen-chancellery", "Quellen Chancellery", "", Party.Kind.GOVERNMENT, "quellen", "", ""),
    (
        "union-of-northern-ports",
        "Union of Northern Ports (fictional)",
        "Union of Northern Ports",
        Party.Kind.INTERNATIONAL,
        None,
        "",
        "",
    ),
]

TOPICS = [
    ("terrorism", "Terrorism"),
    ("war-in-ukraine", "War in Ukraine"),
    ("border-security", "Border security"),
    ("trade", "Trade"),
    ("water", "Water"),
    ("cyber-security", "Cyber security"),
    ("naval-affairs", "Naval affairs"),
]


def at(*parts):
    return datetime(*parts, tzinfo=UTC)


# Each event: its fields, statements (keyed by a local name), denials, claims with stances.
EVENTS = [
    {
        "slug": "lecornu-shoigu-phone-call-2024",
        "title": "Phone call between the French and Russian defence ministers",
        # Newsdesk's own words in French (a description of the event, not a quotation).
        "title_fr": "Appel téléphonique entre les ministres français et russe de la Défense",
        "summary_fr": (
            "Le ministre français des Armées, Sébastien Lecornu, et le ministre russe de la "
            "Défense, Sergueï Choïgou, se sont entretenus par téléphone — leur premier appel "
            "depuis près d'un an et demi, annoncé par le ministère à Paris un mercredi soir. "
            "Il portait sur l'attentat terroriste près de Moscou et la guerre en Ukraine. Les "
            "deux ministères ont publié un compte rendu de l'appel ; peu après, la France a "
            "démenti une partie de la version russe."
        ),
        "kind": Event.Kind.PHONE_CALL,
        "occurred_at": at(2024, 4, 3, 9),
        "occurred_precision": Precision.DAY,
        "location": "By telephone",
        "summary": (
            "France's Minister of the Armed Forces, Sébastien Lecornu, and Russia's Minister of "
            "Defence, Sergei Shoigu, spoke by phone — their first call in nearly a year and a "
            "half, announced by the ministry in Paris on a Wednesday evening. It was about the "
            "terrorist attack near Moscow and the war in Ukraine. Both ministries published "
            "accounts of the call; shortly afterwards, France denied part of the Russian "
            "account."
        ),
        "topics": ["terrorism", "war-in-ukraine"],
        "participants": ["sebastien-lecornu", "sergei-shoigu"],
        "status": Status.PUBLISHED,
        "statements": {
            "ru-readout": {
                "party": "russia-defence-ministry",
                "kind": Statement.Kind.READOUT,
                "attribution": Statement.Attribution.OFFICIAL,
                "speaker": "the Russian Defense Ministry",
                "issued_at": at(2024, 4, 3, 12),
                "issued_precision": Precision.DAY,
                "text": (
                    "<p>Moscow said [Lecornu] tried to convince the Russian side that Ukraine and "
                    "the West were not involved in the terrorist attack, shifting responsibility "
                    "to Islamic State terrorist fighters. Shoigu insisted that the investigation "
                    "would be completed and all those responsible would be punished.</p>"
                    "<p>The Russian Defense Ministry also said that Minister Sergei Shoigu and his "
                    "French counterpart Sébastien Lecornu “expressed their willingness to engage "
                    "in dialogue on Ukraine”.</p>"
                    "<p>Shoigu explained that the deployment of French troops to Ukraine, if "
                    "implemented, would cause problems for the country.</p>"
                ),
                "note": LECORNU_NOTE,
                "source_name": SEED_SOURCE,
            },
            "ru-indications": {
                "party": "russia",
                "kind": Statement.Kind.READOUT,
                "attribution": Statement.Attribution.MEDIA,
                "speaker": "on the Russian side",
                "issued_at": at(2024, 4, 3, 12, 2),
                "issued_precision": Precision.DAY,
                "text": (
                    "<p>There are indications on the Russian side that Ukraine is at the forefront "
                    "of organizing terrorist attacks.</p>"
                ),
                "note": "The article's own summary of the Russian position, not a quotation.",
                "source_name": SEED_SOURCE,
            },
            "ru-istanbul": {
                "party": "russia-defence-ministry",
                "kind": Statement.Kind.READOUT,
                "attribution": Statement.Attribution.OFFICIAL,
                "speaker": "The Russian Defense Ministry previously said",
                "issued_at": at(2024, 4, 3, 12, 3),
                "issued_precision": Precision.DAY,
                "text": (
                    "<p>The Russian Defense Ministry previously said the “Istanbul Peace "
                    "Initiative” could be a starting point for dialogue. The ministry did not "
                    "provide further information.</p>"
                ),
                "note": (
                    "The article says only that the ministry said this “previously”: it gives no "
                    "date and does not place it in the readout of this call. Dated here by the "
                    "article."
                ),
                "source_name": SEED_SOURCE,
            },
            "ru-shoigu": {
                "party": "sergei-shoigu",
                "kind": Statement.Kind.READOUT,
                "attribution": Statement.Attribution.NAMED_OFFICIAL,
                "speaker": "Shoigu said in Moscow",
                "issued_at": at(2024, 4, 3, 12, 1),
                "issued_precision": Precision.DAY,
                "text": (
                    "<p>“The Kiev regime does not do anything without the consent of Western "
                    "observers. We believe that the French secret services are not behind this "
                    "case,” Shoigu said in Moscow.</p>"
                ),
                "source_name": SEED_SOURCE,
            },
            "fr-readout": {
                "party": "france-armed-forces-ministry",
                "kind": Statement.Kind.READOUT,
                "attribution": Statement.Attribution.OFFICIAL,
                "speaker": "the Ministry of Defense in Paris",
                "issued_at": at(2024, 4, 3, 18),
                "issued_precision": Precision.DAY,
                "text": (
                    "<p>As announced by the Ministry of Defense in Paris on Wednesday evening, "
                    "Lecornu condemned the Islamist terrorist attack near Moscow and recalled "
                    "France's desire to intensify exchanges in the fight against terrorism.</p>"
                    "<p>Lecornu insisted that France had no information about the link between "
                    "the attack and Ukraine. The minister appealed to Russia to refrain from any "
                    "instrumentalisation.</p>"
                    "<p>According to Paris, France's defense minister has also unreservedly "
                    "condemned Russia's war of "
                    "aggression against Ukraine. France will support Ukraine to the extent "
                    "necessary and actively in its struggle for independence and sovereignty to "
                    "restore peace and security on the European continent.</p>"
                ),
                "source_name": SEED_SOURCE,
            },
            "fr-denial": {
                "party": "sebastien-lecornu",
                "kind": Statement.Kind.AGENCY_REPORT,
                "attribution": Statement.Attribution.ENTOURAGE,
                "speaker": "Lecornu's immediate entourage",
                "conduit": "AFP",
                "issued_at": at(2024, 4, 3, 20),
                "issued_precision": Precision.DAY,
                "text": (
                    "<p>“France has neither accepted nor proposed anything of the sort,” "
                    "Lecornu's immediate entourage told the AFP news agency.</p>"
                ),
                "source_name": SEED_SOURCE,
            },
        },
        "claims": [
            {
                "text": "Both ministers expressed willingness to engage in dialogue on Ukraine",
                "stances": [
                    (
                        "russia",
                        Stance.Position.ASSERTS,
                        "ru-readout",
                        "expressed their willingness to engage in dialogue on Ukraine",
                    ),
                ],
            },
            {
                "text": "Ukraine is linked to the attack near Moscow",
                "stances": [
                    (
                        "france",
                        Stance.Position.QUALIFIES,
                        "fr-readout",
                        "France had no information about the link between the attack and Ukraine.",
                    ),
                    (
                        "russia",
                        Stance.Position.ASSERTS,
                        "ru-indications",
                        "There are indications on the Russian side that Ukraine is at the "
                        "forefront of organizing terrorist attacks.",
                    ),
                ],
            },
            {
                "text": "France condemned the terrorist attack near Moscow",
                "stances": [
                    (
                        "france",
                        Stance.Position.ASSERTS,
                        "fr-readout",
                        "Lecornu condemned the Islamist terrorist attack near Moscow",
                    ),
                ],
            },
            {
                "text": "France condemned Russia's war of aggression against Ukraine",
                "stances": [
                    (
                        "france",
                        Stance.Position.ASSERTS,
                        "fr-readout",
                        "unreservedly condemned Russia's war of aggression against Ukraine",
                    ),
                ],
            },
            {
                "text": "The Istanbul Peace Initiative could be a starting point for dialogue",
                "stances": [
                    (
                        "russia",
                        Stance.Position.ASSERTS,
                        "ru-istanbul",
                        "the “Istanbul Peace Initiative” could be a starting point for dialogue.",
                    ),
                ],
            },
            {
                "text": (
                    "A deployment of French troops to Ukraine would cause problems for the country"
                ),
                "stances": [
                    (
                        "russia",
                        Stance.Position.ASSERTS,
                        "ru-readout",
                        "the deployment of French troops to Ukraine, if implemented, would cause "
                        "problems for the country.",
                    ),
                ],
            },
        ],
        "denials": [
            {
                "statement": "fr-denial",
                "target": "ru-readout",
                "kind": Denial.Kind.DENIAL,
                "disputed_passage": "expressed their willingness to engage in dialogue on Ukraine",
                "rebutting_passage": (
                    "France has neither accepted nor proposed anything of the sort"
                ),
                "claim": "Both ministers expressed willingness to engage in dialogue on Ukraine",
            },
        ],
    },
    {
        "slug": "keldar-pass-border-incident",
        "title": "Border incident at the Keldar Pass",
        "title_fr": "Incident frontalier au col de Keldar",
        "kind": Event.Kind.INCIDENT,
        "occurred_at": at(2026, 9, 14, 5, 40),
        "occurred_precision": Precision.EXACT,
        "location": "Keldar Pass, on the Valdoria–Serapine border (fictional)",
        "summary": (
            "A fictional example with three sides. Valdoria says a Serapine patrol crossed the "
            "border and fired on one of its posts; Serapine admits the patrol but denies the "
            "crossing and the shooting; Tarrowmere's monitors heard shots and cannot yet say who "
            "fired."
        ),
        "topics": ["border-security"],
        "participants": [
            "valdoria-defence-ministry",
            "serapine-foreign-ministry",
            "tarrowmere-monitoring-mission",
        ],
        "status": Status.PUBLISHED,
        "statements": {
            "valdoria": {
                "party": "valdoria-defence-ministry",
                "kind": Statement.Kind.PRESS_RELEASE,
                "attribution": Statement.Attribution.OFFICIAL,
                "speaker": "Valdorian Ministry of Defence",
                "issued_at": at(2026, 9, 14, 9, 10),
                "text": (
                    "<p>At 05:40 this morning a Serapine army patrol of twelve soldiers crossed "
                    "the border at the Keldar Pass and fired on a Valdorian observation post. "
                    "Two of our soldiers were wounded.</p>"
                    "<p>Valdoria demands an immediate explanation.</p>"
                ),
                "source_name": "Valdorian Ministry of Defence website (fictional)",
                "source_url": "https://valdoria.example/defence/keldar",
                "archive_url": "https://archive.example/valdoria-keldar",
            },
            "serapine": {
                "party": "serapine-foreign-ministry",
                "kind": Statement.Kind.PRESS_CONFERENCE,
                "attribution": Statement.Attribution.SPOKESPERSON,
                "speaker": "Foreign Ministry spokesperson Ilsa Marrow (fictional)",
                "issued_at": at(2026, 9, 14, 11, 25),
                "text": (
                    "<p>A Serapine patrol was present near the Keldar Pass this morning on a "
                    "routine mission. At no point did it cross into Valdorian territory, and it "
                    "did not open fire.</p>"
                ),
                "source_name": "Serapine Foreign Ministry briefing (fictional)",
            },
            "tarrowmere": {
                "party": "tarrowmere-monitoring-mission",
                "kind": Statement.Kind.PRESS_RELEASE,
                "attribution": Statement.Attribution.OFFICIAL,
                "speaker": "Tarrowmere Joint Monitoring Mission",
                "issued_at": at(2026, 9, 14, 15),
                "text": (
                    "<p>Our observers heard shots near the Keldar Pass between 05:30 and 06:00. "
                    "We cannot yet say from which side they were fired. Our investigation "
                    "continues.</p>"
                ),
            },
        },
        "claims": [
            {
                "text": "A Serapine patrol crossed into Valdorian territory",
                "stances": [
                    (
                        "valdoria",
                        Stance.Position.ASSERTS,
                        "valdoria",
                        "crossed the border at the Keldar Pass",
                    ),
                ],
            },
            {
                "text": "Serapine soldiers opened fire on a Valdorian post",
                "stances": [
                    (
                        "valdoria",
                        Stance.Position.ASSERTS,
                        "valdoria",
                        "fired on a Valdorian observation post",
                    ),
                    ("serapine", Stance.Position.DENIES, "serapine", "it did not open fire"),
                    (
                        "tarrowmere",
                        Stance.Position.QUALIFIES,
                        "tarrowmere",
                        "We cannot yet say from which side they were fired.",
                    ),
                ],
            },
        ],
        "denials": [
            {
                "statement": "serapine",
                "target": "valdoria",
                "kind": Denial.Kind.PARTIAL,
                "disputed_passage": (
                    "crossed the border at the Keldar Pass and fired on a Valdorian observation "
                    "post"
                ),
                "rebutting_passage": (
                    "At no point did it cross into Valdorian territory, and it did not open fire."
                ),
                "claim": "A Serapine patrol crossed into Valdorian territory",
            },
        ],
    },
    {
        "slug": "port-ambray-grain-agreement",
        "title": "Grain corridor agreement signed in Port Ambray",
        "title_fr": "Accord sur un corridor céréalier signé à Port Ambray",
        "kind": Event.Kind.AGREEMENT,
        "occurred_at": at(2026, 10, 2, 14),
        "occurred_precision": Precision.EXACT,
        "location": "Port Ambray, Quellen (fictional)",
        "summary": (
            "A fictional example of a correction and a statement in another language: Serapine "
            "announced the volume of grain the agreement covers; Quellen corrected the figure in "
            "French."
        ),
        "topics": ["trade"],
        "participants": ["serapine-trade-ministry", "quellen-trade-ministry"],
        "status": Status.PUBLISHED,
        "statements": {
            "serapine": {
                "party": "serapine-trade-ministry",
                "kind": Statement.Kind.PRESS_RELEASE,
                "attribution": Statement.Attribution.OFFICIAL,
                "issued_at": at(2026, 10, 2, 15, 30),
                "text": (
                    "<p>Under the agreement signed today, Quellen will open its ports to two "
                    "million tonnes of Serapine grain a year.</p>"
                ),
            },
            "quellen": {
                "party": "quellen-trade-ministry",
                "kind": Statement.Kind.PRESS_RELEASE,
                "attribution": Statement.Attribution.OFFICIAL,
                "issued_at": at(2026, 10, 2, 17, 5),
                "language": "fr",
                "text": (
                    "<p>L'accord signé aujourd'hui ouvre les ports de Quellen à 1,2 million de "
                    "tonnes de céréales serapines par an, et non deux millions comme annoncé.</p>"
                ),
                "translation": (
                    "<p>The agreement signed today opens Quellen's ports to 1.2 million tonnes of "
                    "Serapine grain a year, not two million as announced.</p>"
                ),
                "translated_by": Statement.Translator.EDITORIAL,
            },
        },
        "claims": [
            {
                "text": "The agreement covers two million tonnes of grain a year",
                "stances": [
                    (
                        "serapine",
                        Stance.Position.ASSERTS,
                        "serapine",
                        "two million tonnes of Serapine grain a year",
                    ),
                ],
            },
        ],
        "denials": [
            {
                "statement": "quellen",
                "target": "serapine",
                "kind": Denial.Kind.CORRECTION,
                "disputed_passage": "two million tonnes of Serapine grain a year",
                "rebutting_passage": "1,2 million de tonnes de céréales serapines par an",
                "claim": "The agreement covers two million tonnes of grain a year",
            },
        ],
    },
    {
        "slug": "lake-morrow-summit",
        "title": "Lake Morrow summit on water rights",
        "kind": Event.Kind.MEETING,
        "occurred_at": at(2026, 10, 20, 10),
        "occurred_precision": Precision.DAY,
        "location": "Lake Morrow (fictional)",
        "summary": (
            "A fictional example of a non-denial denial and of a participant that has not spoken "
            "yet: Valdoria announced an agreement on sharing the lake's water; Quellen would not "
            "confirm it; Tarrowmere, an observer at the talks, has said nothing."
        ),
        "topics": ["water"],
        "participants": ["anders-voll", "quellen-chancellery", "tarrowmere-foreign-ministry"],
        "comment_requests": [
            {
                "party": "tarrowmere-foreign-ministry",
                "asked_at": at(2026, 10, 21, 10),
                "through": "e-mail to the foreign ministry's press office",
                "deadline": at(2026, 10, 22, 18),
            }
        ],
        "status": Status.PUBLISHED,
        "statements": {
            "valdoria": {
                "party": "valdoria-presidency",
                "kind": Statement.Kind.READOUT,
                "attribution": Statement.Attribution.OFFICIAL,
                "issued_at": at(2026, 10, 20, 18),
                "issued_precision": Precision.DAY,
                "text": (
                    "<p>President Anders Voll and Chancellor Mira Castell agreed to share the "
                    "waters of Lake Morrow equally from next spring.</p>"
                ),
            },
            "quellen": {
                "party": "quellen-chancellery",
                "kind": Statement.Kind.INTERVIEW,
                "attribution": Statement.Attribution.ANONYMOUS,
                "speaker": "a senior Quellen official who asked not to be named",
                "conduit": "Norland Press Agency (fictional)",
                "issued_at": at(2026, 10, 21, 9),
                "issued_precision": Precision.DAY,
                "text": (
                    "<p>The talks were constructive. We do not comment on details of a "
                    "negotiation that is still under way.</p>"
                ),
            },
        },
        "claims": [
            {
                "text": "Valdoria and Quellen agreed to share the lake's water equally",
                "stances": [
                    (
                        "valdoria",
                        Stance.Position.ASSERTS,
                        "valdoria",
                        "agreed to share the waters of Lake Morrow equally from next spring",
                    ),
                ],
            },
        ],
        "denials": [
            {
                "statement": "quellen",
                "target": "valdoria",
                "kind": Denial.Kind.NON_DENIAL,
                "disputed_passage": (
                    "agreed to share the waters of Lake Morrow equally from next spring"
                ),
                "rebutting_passage": (
                    "We do not comment on details of a negotiation that is still under way."
                ),
                "claim": "Valdoria and Quellen agreed to share the lake's water equally",
            },
        ],
    },
    {
        "slug": "tarrowmere-grid-cyberattack",
        "title": "Cyberattack on the Tarrowmere power grid",
        "kind": Event.Kind.ATTACK,
        "occurred_at": at(2026, 11, 3, 22, 15),
        "occurred_precision": Precision.EXACT,
        "location": "Tarrowmere (fictional)",
        "summary": (
            "A fictional example of a counter-accusation: Tarrowmere blamed Valdorian military "
            "intelligence; Valdoria, through an anonymous official, blamed Tarrowmere's own "
            "negligence; a regional organisation offered to support an investigation."
        ),
        "topics": ["cyber-security"],
        "participants": [
            "tarrowmere-interior-ministry",
            "valdoria-defence-ministry",
            "union-of-northern-ports",
        ],
        "status": Status.PUBLISHED,
        "statements": {
            "tarrowmere": {
                "party": "tarrowmere-interior-ministry",
                "kind": Statement.Kind.PRESS_CONFERENCE,
                "attribution": Statement.Attribution.NAMED_OFFICIAL,
                "speaker": "Interior Minister Petra Lind (fictional)",
                "issued_at": at(2026, 11, 4, 9),
                "text": (
                    "<p>The attack that cut power to 400,000 homes was carried out by a unit of "
                    "the Valdorian military intelligence service.</p>"
                ),
            },
            "valdoria": {
                "party": "valdoria-defence-ministry",
                "kind": Statement.Kind.AGENCY_REPORT,
                "attribution": Statement.Attribution.ANONYMOUS,
                "speaker": "a Valdorian defence official speaking on condition of anonymity",
                "conduit": "Norland Press Agency (fictional)",
                "issued_at": at(2026, 11, 4, 13, 30),
                "text": (
                    "<p>Valdoria had nothing to do with this. Tarrowmere's own negligence left "
                    "its grid open, and it is looking for someone to blame.</p>"
                ),
            },
            "union": {
                "party": "union-of-northern-ports",
                "kind": Statement.Kind.SOCIAL_POST,
                "attribution": Statement.Attribution.OFFICIAL,
                "issued_at": at(2026, 11, 4, 16),
                "text": (
                    "<p>We are aware of reports of a cyberattack on the Tarrowmere grid and are "
                    "ready to support an independent investigation.</p>"
                ),
            },
        },
        "claims": [
            {
                "text": "Valdorian military intelligence carried out the attack",
                "stances": [
                    (
                        "tarrowmere",
                        Stance.Position.ASSERTS,
                        "tarrowmere",
                        "was carried out by a unit of the Valdorian military intelligence service",
                    ),
                ],
            },
        ],
        "denials": [
            {
                "statement": "valdoria",
                "target": "tarrowmere",
                "kind": Denial.Kind.COUNTER_ACCUSATION,
                "disputed_passage": (
                    "was carried out by a unit of the Valdorian military intelligence service"
                ),
                "rebutting_passage": "Valdoria had nothing to do with this.",
                "claim": "Valdorian military intelligence carried out the attack",
            },
        ],
    },
    {
        "slug": "cape-sorrel-naval-exercise",
        "title": "Naval exercise off Cape Sorrel",
        "kind": Event.Kind.ANNOUNCEMENT,
        "occurred_at": at(2026, 11, 20, 8),
        "occurred_precision": Precision.DAY,
        "location": "Off Cape Sorrel (fictional)",
        "summary": "A fictional draft, still being checked: invisible to the public.",
        "topics": ["naval-affairs"],
        "participants": ["serapine-foreign-ministry", "quellen-chancellery"],
        "status": Status.DRAFT,
        "statements": {
            "serapine": {
                "party": "serapine-foreign-ministry",
                "kind": Statement.Kind.PRESS_RELEASE,
                "attribution": Statement.Attribution.OFFICIAL,
                "issued_at": at(2026, 11, 20, 10),
                "issued_precision": Precision.DAY,
                "text": "<p>The Serapine navy will hold a routine exercise off Cape Sorrel.</p>",
                "status": Status.DRAFT,
            },
        },
        "claims": [],
        "denials": [],
    },
]


def upsert(model, lookup, defaults):
    """Like ``update_or_create``, but saves (and so records history) only when something changed.

    Saving validates every row, so the demo obeys the editors' rules.
    """
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    changed = instance.pk is None
    for name, value in defaults.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        # A demo from an earlier version, brought up to date: a public text changed is a
        # correction like any other, with its note.
        instance.correction_note = "The demo's text was brought up to date."
        instance.save()
    return instance


# How articles name the seed case's parties, for article intake (editors keep such lists in
# the admin): the article says "The Russian Defense Ministry" and "The French Ministry of Defense".
ALIASES = {  # as the seed article names them (a capital for its government, as news copy does)
    "france": ["French", "Paris"],
    "france-armed-forces-ministry": [
        "French Ministry of Defense",
        "French Ministry of Defence",
        "Ministry of Defense in Paris",
    ],
    "russia": ["Russian", "Russian Federation", "Moscow"],
    "russia-defence-ministry": ["Russian Defense Ministry", "Russian Ministry of Defense"],
}


def load(stdout=None):
    """Create or update every demo row; running it again changes nothing. One transaction,
    one change of what the public sees."""
    with transaction.atomic(), one_public_change():
        _load(stdout)


def _load(stdout):
    parties = {}
    for slug, name, short_name, kind, parent, country, role in PARTIES:
        parties[slug] = upsert(
            Party,
            {"slug": slug},
            {
                "name": name,
                "short_name": short_name,
                "kind": kind,
                "parent": parties[parent] if parent else None,
                "country": country,
                "role": role,
                "aliases": "\n".join(ALIASES.get(slug, [])),
            },
        )
    topics = {}
    for slug, name in TOPICS:
        topics[slug] = upsert(Topic, {"slug": slug}, {"name": name})

    for spec in EVENTS:
        fields = {
            key: spec[key]
            for key in ("title", "kind", "occurred_at", "occurred_precision", "location")
        }
        translated = {key: spec.get(key, "") for key in ("title_fr", "summary_fr")}
        event = upsert(
            Event, {"slug": spec["slug"]}, {**fields, **translated, "summary": spec["summary"]}
        )
        event.topics.set(topics[slug] for slug in spec["topics"])
        event.participants.set(parties[slug] for slug in spec["participants"])

        statements = {}
        for key, data in spec["statements"].items():
            data = {"status": Status.PUBLISHED, **data, "party": parties[data["party"]]}
            lookup = {"event": event, "party": data["party"], "issued_at": data["issued_at"]}
            statements[key] = upsert(Statement, lookup, data)

        for request in spec.get("comment_requests", []):
            upsert(
                CommentRequest,
                {"event": event, "party": parties[request["party"]]},
                {key: value for key, value in request.items() if key != "party"},
            )

        claims = {}
        for position, claim_spec in enumerate(spec["claims"]):
            claim = upsert(
                Claim,
                {"event": event, "text": claim_spec["text"]},
                {"position": position, "status": spec["status"]},
            )
            claims[claim.text] = claim
            for side, stance_position, statement, quote in claim_spec["stances"]:
                upsert(
                    Stance,
                    {"claim": claim, "side": parties[side]},
                    {
                        "position": stance_position,
                        "statement": statements[statement],
                        "quote": quote,
                        "status": spec["status"],
                    },
                )

        for denial in spec["denials"]:
            upsert(
                Denial,
                {
                    "statement": statements[denial["statement"]],
                    "target": statements[denial["target"]],
                    "disputed_passage": denial["disputed_passage"],
                },
                {
                    "kind": denial["kind"],
                    "rebutting_passage": denial["rebutting_passage"],
                    "claim": claims.get(denial["claim"]),
                    "status": spec["status"],
                },
            )
        # Published last, once its statements are in place.
        if event.status != spec["status"]:
            event.status = spec["status"]
            event.save(update_fields=["status"])
        if stdout:
            count = len(statements)
            stdout.write(f"  {event.title}: {count} statement{'s'[: count != 1]}")
