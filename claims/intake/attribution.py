"""Who said each quoted passage, and through whom: what a sub-editor reads around a quotation.

For each quotation the reporting words around it in its sentence (never more than WINDOW
characters either side, so the work stays linear in the article's length) are read for a
speaking verb in either word order (“…,” said X / X said “…” / « … », a déclaré X), with the
patterns of news copy (X was quoted by C as saying, C quoted X as saying, what X called,
according to C, an article in C claiming). The speaker phrase is trimmed as a sub-editor would
(adverbials, relative clauses, appositions); pronouns, roles and documents (“he”, “the
spokesperson”, “the statement”) are resolved to the last compatible name the article mentioned.
The conduit comes from the sentence, else the paragraph, else the article (dateline, masthead,
closing “… reported”).
"""

import bisect
import re
from dataclasses import dataclass

from claims.intake.naming import MEDIA_WORDS, WORDS, fold, fold_in_place, significant, tokens
from claims.intake.quotes import ABBREVIATIONS, sentence_starts

WINDOW = 400
# How many mentions (and earlier quotations) back a pronoun, a role or a conduit is looked for.
LOOK_BACK = 60
MAX_SPEAKER_WORDS = 12

_ENGLISH_VERBS = WORDS["verbs"]["english"].split()
_FRENCH_PARTICIPLES = WORDS["verbs"]["french_participles"].split()
_FRENCH_VERBS = WORDS["verbs"]["french"].split()
PARTICIPLES = set(WORDS["verbs"]["participles"].split())
# Verb forms that are also plural nouns: "media reports claimed …".
_NOUN_FORMS = set(WORDS["verbs"]["noun_forms"].split())
# Auxiliaries and adverbs between a subject and its verb: "has also said", "a déjà déclaré".
_AUX = (
    r"(?:(?:has|have|had|was|were|is|are|would|will|also|later|then|again|previously|firmly"
    r"|only|quickly|just|further|earlier|himself|herself|itself|repeatedly|publicly|flatly"
    r"|categorically|swiftly)\s+)*"
)
_FRENCH_AUX = (
    r"(?:(?:a|ont|avait|avaient|aurait)(?:-t-(?:il|elle))?\s+"
    r"(?:(?:aussi|encore|déjà|également|ensuite|alors|pourtant)\s+)?)"
)
VERB = re.compile(
    rf"(?<![\w-])(?:{_AUX}(?P<en>{'|'.join(_ENGLISH_VERBS)})(?:\s+out)?"
    rf"|{_FRENCH_AUX}(?P<frp>{'|'.join(_FRENCH_PARTICIPLES)})"
    rf"|(?P<fr>{'|'.join(_FRENCH_VERBS)}))(?![\w-])"
)
_INVERTED_PRONOUN = re.compile(
    rf"^[\s,;:–—-]*(?:a|avait)-t-(?P<pronoun>il|elle)\s+(?:{'|'.join(_FRENCH_PARTICIPLES)})\b"
)

# Where a speaker phrase starts: after these, a new clause begins.
_BOUNDARY = re.compile(
    r"[;:()]|\s[–—-]\s|(?<![\w'’-])(?:that|and|but|while|whereas|when|after|before|because|as"
    r"|although|though|if|since|where|que|qu'|qu’|et|mais|tandis|lorsque|quand|alors|dont)(?![\w'’-])",
)
# Words that start an adverbial or a participle clause, not a speaker.
_ADVERBIAL_START = re.compile(
    r"^(?:in|at|on|during|after|before|from|with|without|by|for|to|under|over|across|despite"
    r"|earlier|later|meanwhile|however|but|and|also|then|now|yet|still|so|moreover|separately"
    r"|asked|reached|speaking|contacted|questioned|interviewed|pressed|dans|selon|en|pour|à|au"
    r"|aux|sur|lors|après|avant|pendant|depuis|devant|interrogée?|contactée?|jeudi|mardi|lundi"
    r"|mercredi|vendredi|samedi|dimanche|hier|enfin|ensuite|mais|or|d'après|d’après|toutefois"
    r"|pourtant|cependant)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:(?:but|and|so|yet|meanwhile|however|earlier|later|also|then|now|still|separately"
    r"|when|mais|et|or|alors|pourtant|cependant|enfin|ensuite),?\s+)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"(?:\s+(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:late|early)\s+on\s+\w+|on\s+\w+\s+(?:night|morning|evening)|this\s+week|last\s+week"
    r"|today|yesterday|tonight|also|later|earlier|then|again|himself|herself|itself|themselves"
    r"|lui-même|elle-même|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|mardi soir"
    r"|firmly|flatly|publicly|only|just|repeatedly|swiftly|quickly))+$"
)
_PRONOUNS = {"he": "m", "she": "f", "il": "m", "elle": "f", "him": "m", "her": "f"}
_POSSESSIVES = {"its", "their", "sa", "son", "ses", "leur"}
_IT = {"it", "they", "its", "their"}
_DOCUMENTS = re.compile(
    r"^(?:the|le|la|l'|l’)\s*(?:statement|communiqué|communique|readout|note|release|declaration"
    r"|déclaration|texte|text of the statement)$",
    re.IGNORECASE,
)
# Head nouns of institutions a pronoun or a role can stand for.
INSTITUTION_HEADS = (
    "ministry|ministère|office|presidency|présidence|government|gouvernement|council|conseil"
    "|mission|authority|embassy|establishment|diplomatie|department|navy|kremlin|chancellery"
)
# A name starts at the start of a word, and a word once read is never read again shorter
# (possessive quantifiers): linear in the text's length, even for a paste with no space.
_INSTITUTION = re.compile(
    r"(?<![\w'’-])(?:(?:[Tt]he|[Ii]ts|[Tt]heir|[Ll]e|[Ll]a|[Ll]'|[Ll]’)\s*)?"
    r"(?:(?:(?!(?:In|At|On|But|When|Selon|Dans|After|Asked)\b)[A-ZÀ-Ý][\w-]*+(?:['’]s)?"
    r"|(?!(?:when|that|and|but|while|as|of|in|on|at|to|by|for|with|from|said|says|told|qui|que"
    r"|et|selon|dans|du|de|des|par|the|a|an|le|la|les)\b)[a-zà-ÿ]++(?:['’]s)?)[ \u00a0]+){0,4}?"
    rf"(?i:{INSTITUTION_HEADS})(?:['’]s)?"
    r"(?:[ \u00a0]+[a-zà-ÿ]+(?=[ \u00a0]+d))?"
    r"(?:[ \u00a0]+(?:of|des|du|de|d'|d’)[ \u00a0]*(?:the[ \u00a0]+|la[ \u00a0]+|l')?"
    r"[A-ZÀ-Ý][\w'-]*(?:[ \u00a0]+(?:[A-ZÀ-Ý][\w-]*|étrangères|of|and))*){0,2}"
)
_TITLES = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Mme|Mlle|M|Lt|Gen|Col|Adm|Capt|Maj)\.?|President|Minister|Spokesman"
    r"|Spokeswoman|Spokesperson|Ambassador|Commander|Defence\s+Minister|Foreign\s+Minister"
    r"|Official\s+Spokesperson"
)
_NAME = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
_PERSON = re.compile(
    rf"(?P<title>(?:(?:{_TITLES})[ \u00a0]+)+)?"
    rf"(?P<name>{_NAME}(?:[ \u00a0]+{_NAME}){{0,2}})(?![\w'’-])"
)
# A person's gender, when the copy gives it: a title, a "-woman"/"-man" role just before the
# name, or (in French) the article before the role ("la ministre", "le président"); else the
# person's record (its role).
_ROLES_BY_SEX = r"(?:spokes|chair|congress|states|business|council|assembly)"
_FEMALE = re.compile(
    rf"^(?:Mrs|Ms|Mme|Mlle|Madame|Queen|Princess|Lady|Dame)\b|\b{_ROLES_BY_SEX}woman\b",
    re.IGNORECASE,
)
_MALE = re.compile(
    rf"^(?:Mr|M\.|Monsieur|King|Prince|Sir|Lord)(?:\s|$)|\b{_ROLES_BY_SEX}man\b", re.IGNORECASE
)
_ROLE_JUST_BEFORE = re.compile(rf"\b{_ROLES_BY_SEX}(?P<sex>wo)?man[ \u00a0]*$", re.IGNORECASE)
_FRENCH_ROLES = (
    r"ministre|présidente?|porte-parole|ambassad(?:eur|rice)|cheffe?|secrétaire|directeur"
    r"|directrice|commissaire|députée?|sénat(?:eur|rice)|maire|gouverneure?|premier|première"
    r"|vice-présidente?|conseill(?:er|ère)|représentante?|envoyée?"
)
# The article, the role, then only lower-case words ("la ministre des affaires étrangères")
# up to the name.
_FRENCH_ROLE_BEFORE = re.compile(
    rf"\b(?P<article>(?i:la|le|une|un|cette|ce))[ \u00a0]+(?i:{_FRENCH_ROLES})\b"
    r"(?:[ \u00a0]+(?:d['’]|l['’])?[a-zà-ÿ-]+)*[ \u00a0]*$"
)
# Capitalised words that never start a person's name.
_NOT_NAMES = set(WORDS["names"]["not_names"].split())
_AUDIENCE = re.compile(
    r"^(?:reporters|journalists|the press|la presse|the media|a news conference|a press "
    r"conference|a briefing|les journalistes|des journalistes)$",
    re.IGNORECASE,
)
_VENUES = re.compile(
    r"\b(?:parliament|assembly|assemblée|senate|sénat|congress|cabinet|crews?|them|him|her|us"
    r"|me|you|troops|sailors|students|lui|leur|eux)\b",
    re.IGNORECASE,
)
_CONDUIT_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(?:told|tells|telling)\s+(?P<c>reporters|journalists|the press|the media|a news "
        r"conference|a press conference|a briefing|the agency|the newspaper|the broadcaster"
        r"|(?:the\s+)?(?-i:[A-Z][\w’'&.-]*(?:\s+(?:of\s+)?[A-Z][\w’'&.-]*){0,4}))"
        r"(?:\s+news agency)?",
        r"\bin (?:a statement|remarks|comments|an interview) (?:to|with)\s+(?P<c>[^,.;:“”\"«»]+?)"
        r"(?=[,.;:“”\"«»]|\s+(?:on|that)\b|$)",
        r"\b(?:speaking|spoke|spoken|talking) (?:to|with)\s+(?P<c>[^,.;:“”\"«»]+?)"
        r"(?=[,.;:“”\"«»]|\s+(?:on|that|after|in)\b|$)",
        r"\b(?:according to|d['’]après)\s+(?P<c>[^,.;:“”\"«»]+?)(?=[,.;:“”\"«»]|$)",
        r"\b(?:cited|quoted|carried|published|released) (?:by|in)\s+(?P<c>[^,.;:“”\"«»]+?)"
        r"(?=[,.;:“”\"«»]|\s+as\b|$)",
        r"\bcitée? par\s+(?P<c>[^,.;:“”\"«»]+?)(?=[,.;:“”\"«»]|$)",
        r"\b(?:wrote|posted|said|writing) on\s+"
        r"(?P<c>X|Twitter|Facebook|Telegram|Instagram|social media)\b",
        r"\bon\s+(?P<c>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)['’]s\s+(?:\w+\s+)?"
        r"(?:programme|program|show|broadcast)",
        r"\b(?:a|avait|ont)\s+(?:déclaré|affirmé|confié|indiqué|assuré|dit|précisé|expliqué)\s+"
        r"(?P<c>à\s+(?:l['’]|la\s+|le\s+)?[^,.;:“”\"«»]+?)"
        r"(?=[,.;:“”\"«»]|\s+(?:la|le|les|l['’])\b|$)",
        r"\b(?:devant|face à)\s+(?P<c>la presse|les journalistes|des journalistes)",
        r"\bselon\s+(?P<c>l['’]agence[^,.;:“”\"«»]*?|la chaîne[^,.;:“”\"«»]*?)(?=[,.;:“”\"«»]|$)",
        r",\s*(?:the\s+)?(?P<c>[A-Z][^,.;:“”\"«»]{1,60}?)\s+(?:news agency\s+)?reported\b",
        # French: "dans une déclaration à l'APS", "dans un entretien accordé au Monde"
        r"\b(?:dans|lors d['’]|par)\s+(?:une?|la|le)\s+(?:déclaration|communiqué|entretien"
        r"|interview|entrevue|message)\s+(?:accordée?\s+|transmise?\s+|adressée?\s+)?"
        r"(?P<c>(?:à|au|aux|avec)\s+[^,.;:“”\"«»]+?)(?=[,.;:“”\"«»]|\s+(?:que|qu['’]|le|la)\b|$)",
    )
]
# Outlets named after a French preposition of speaking to ("auprès de l'AFP", "à l'agence
# Reuters", "sur France Info"): taken only when they name an outlet Newsdesk knows, these
# words being common ("sur la frontière", "à Paris").
_KNOWN_CONDUIT_AFTER = re.compile(
    r"\b(?:auprès\s+(?:de\s+|d['’]|du\s+|des\s+)|à\s+|au\s+|sur\s+|avec\s+)"
    r"(?:l['’]agence\s+|la\s+chaîne\s+|la\s+radio\s+|le\s+quotidien\s+|le\s+journal\s+"
    r"|l['’]|la\s+|le\s+)?(?P<c>[A-ZÀ-Ý][\w'’&.-]*(?:\s+[A-ZÀ-Ý0-9][\w'’&.-]*){0,4})",
)
_QUOTED_AS = [
    # The report was described by Ivo Marek as "…" / qualifié par le ministre de « … »
    re.compile(
        r"\b(?:described|called|termed|labelled|labeled|branded|dismissed|denounced|hailed"
        r"|qualifiée?s?|décrite?s?|dénoncée?s?)\s+(?:by|par)\s+(?P<s>[^,;:“”\"«»]{2,80}?)"
        r"\s+(?:as|comme|de)\s*(?P<c>)$"
    ),
    # Ilse Marrow was quoted by the VBC as saying
    re.compile(
        r"(?P<s>[^,;:]+?)\s+(?:was|were|is|has been)\s+(?:quoted|cited)\s+(?:by|in)\s+"
        r"(?P<c>.+?)\s+as\s+(?:saying|telling|stating)\b"
    ),
    # Nordpress quotes Defence Minister Ilse Marrow as saying
    re.compile(
        r"(?P<c>[^,.;:]+?)\s+(?:on\s+\w+\s+)?(?:quoted|quotes|cited|cites)\s+(?P<s>.+?)\s+as\s+"
        r"(?:saying|telling|stating)\b"
    ),
]
_WHAT_CALLED = re.compile(
    r"\bwhat\s+(?P<s>[^,;:]{2,80}?)\s+(?:had\s+|has\s+)?(?:called|described as|termed|dubbed"
    r"|labelled|branded)\s*$"
)
_REPORTED_BY = re.compile(
    r"(?:(?:published|reported|aired|broadcast|made|carried)\s+by|(?:article|report|story|reports"
    r"|allegations?|claims?|informations?|affirmations?|accusations?|assertions?|rumeurs?"
    r"|rumou?rs?)\s+(?:in|by|from|of|du|de|dans|publiée?s?\s+par))\s+"
    r"(?P<s>(?:the\s+|The\s+|le\s+|Le\s+|la\s+|La\s+|l['’])?[A-ZÀ-Ý][\w'’-]*(?:\s+(?:[A-ZÀ-Ý][\w'’-]*|d['’][A-ZÀ-Ý][\w-]*))*)"
    r"(?=[^“”\"«»]*(?:claiming|alleging|saying|that|selon lequel|selon laquelle|selon lesquel"
    r"|according to which|qui affirm))"
)
# The words of a claim a sentence reports (often to say it was denied): its author is the
# speaker, never the one denying it. "Kestria's claim that …", "KPA's report that …"
_CLAIM_NOUNS = (
    r"(?:reports?|claims?|statements?|allegations?|assertions?|suggestions?|accusations?"
    r"|rumou?rs?|informations?|affirmations?|allégations?|rumeurs?)"
)
_POSSESSIVE_CLAIM = re.compile(
    r"(?P<s>(?:the\s+|The\s+)?[A-ZÀ-Ý][\w-]*(?:\s+[A-ZÀ-Ý][\w-]*){0,4})['’]s?\s+"
    rf"(?:\w+\s+)?{_CLAIM_NOUNS}\s+(?:that|about)\b(?P<rest>[^“”\"«»]*)$"
)
# "… reports that the army was “…”" with nobody named: whose words, the copy does not say.
_UNOWNED_CLAIM = re.compile(
    rf"(?i)\b{_CLAIM_NOUNS}\s+(?:that|selon\s+lesquel\w*|selon\s+laquelle)\b"
    r"(?P<rest>[^“”\"«»]*)$"
)
# “…”, as Kestria claimed / « … », comme l'affirme Kestria
_AS_CLAIMED = re.compile(
    r"^\s*,?\s*(?:as|comme)\s+(?:l['’](?:a\s+)?\w+\s+)?(?P<s>[^,;:.“”\"«»]{2,60}?)\s+"
    r"(?:had\s+|has\s+)?(?:claimed|alleged|asserted|reported|suggested|l['’]a\s+\w+)\b"
)
_ACCORDING = re.compile(
    r"^\s*(?:[Aa]ccording to|[Ss]elon|[Dd]['’]après)\s+(?P<x>[^,]{2,80}?),\s*(?P<rest>.*)$", re.S
)
_RELATIVE_SPEAKER = re.compile(
    rf"(?P<s>[^,;:]{{3,90}}),\s+(?:qui|who|which)\s+(?:lui\s+|leur\s+|also\s+|l['’])?"
    rf"(?:{'|'.join(_ENGLISH_VERBS + _FRENCH_VERBS)})\b[^,]*$"
)
_SPEECH_NOUNS = re.compile(
    r"^(?:(?:les|des|the|ses|their|its)\s+)?(?:accusations?|allégations?|claims?|propos"
    r"|déclarations?|remarks?|critiques?|comments?)\s+"
    r"(?P<of>du|de la|de l['’]|des|de|of|by|from)\s+",
    re.IGNORECASE,
)
_DETERMINER_OF = {"du": "le ", "de la": "la ", "de l'": "l'", "de l’": "l’", "des": "les "}
_READ_IN_WORDS = (
    r"(?:peut-on|pouvait-on|on\s+peut|on\s+pouvait)\s+lire\s+dans\s+(?:un|une|le|la|l['’])\s*"
    r"[\w-]+(?:\s+[\w-]+)?\s+(?P<of>du|de\s+la|de\s+l['’]|des)\s*(?P<s>[^,.;:«»“”\"]{2,80})"
)
_READ_IN = re.compile(rf"^\s*[,.]?\s*{_READ_IN_WORDS}", re.IGNORECASE)
_READ_IN_BEFORE = re.compile(rf"{_READ_IN_WORDS}\s*:?\s*$", re.IGNORECASE)


def _without_speech_noun(text):
    """ "les accusations du gouvernement valdorien" → "le gouvernement valdorien"."""
    return _SPEECH_NOUNS.sub(lambda m: _DETERMINER_OF.get(m["of"].lower(), ""), text)


_ACCORDING_AFTER = re.compile(
    r"(?:[Aa]ccording to|[Ss]elon|[Dd]['’]après)\s+(?P<x>[^,.;]{2,60}?)\s*[.,]?\s*$"
)
_ABBREVIATED = re.compile(
    r"\b(?:" + "|".join(sorted(ABBREVIATIONS)) + r")\.\s+[A-Z]", re.IGNORECASE
)
_NAMED_SUBJECT = re.compile(
    r"(?P<s>(?:(?:Mr|Ms|Mrs|Dr|M|Mme)\.?\s+)?[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*){0,3})"
    r"\s+(?:has|had|is|was|will|would|a|avait)\b"
)
# "… when the Harbour Gazette asked him …", "… has just spoken to KPA."
_ASKED_BY = re.compile(
    r"\b(?P<c>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})\s+asked\s+(?:him|her|them)\b"
    r"|\b(?:spoken|spoke|speaking|talked|told)\s+(?:to\s+)?"
    r"(?P<c2>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})"
)
_HEADLINE_SPEAKER = re.compile(r"^\s*:\s*(?P<s>[^:]{3,60}?)\s+(?:on|about|sur)\s+\S")
# Article-level conduits.
_DATELINE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]+,[^()]{0,60}\((?P<c>[^)]{2,40})\)\s*[–—-]")
# "TARSK, March 3. /KPA/." (an agency's own dateline)
_DATELINE_SLASHED = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý .'’-]+,[^/]{0,60}?/(?P<c>[^/\n]{2,40})/")
# "— Meridian Wire": a credit line closing the copy
_CREDIT_LINE = re.compile(r"^[—–-]+\s*(?P<c>[^,.;:“”\"«»\n]{2,40}?)\s*\.?$")
_CLOSING = re.compile(
    r"(?:,\s*|^)(?:the\s+)?(?P<c>[^,.;:“”\"«»]{2,60}?)\s+reported\.?$"
    r"|rapportée?s?\s+par\s+(?P<fr>[^,.;:“”\"«»]{2,60}?)\.?$",
    re.IGNORECASE,
)
_INTERVIEW = re.compile(
    r"(?:[Dd]ans un entretien accordé (?:au|à la|à l['’]|à)|[Ii]n an interview with)\s+"
    r"(?P<c>[^,.;:“”\"«»]{2,60})"
)


@dataclass
class Mention:
    kind: str  # person, institution, state, conduit
    text: str
    position: int
    gender: str = ""
    party: object = None


@dataclass
class Attribution:
    speaker: str = ""
    conduit: str = ""
    referent: str = ""  # what the speaker stands for, for party matching (a role's holder…)
    sentence: str = ""
    from_sentence: bool = False  # the conduit was named in the quote's own sentence


class Reader:
    """One article's quotations, read in order with what the article has named so far."""

    def __init__(self, text, masked, quotes, world):
        self.text, self.masked, self.quotes, self.world = text, masked, quotes, world
        self.paragraph_starts = [0]
        for match in re.finditer(r"\n\n", text):
            self.paragraph_starts.append(match.end())
        self.sentences = []  # (start, end) in the text, every paragraph's
        for number, start in enumerate(self.paragraph_starts):
            end = self._paragraph_end(number)
            starts = [start + s for s in sentence_starts(text[start:end], masked[start:end])]
            self.sentences += list(zip(starts, [*starts[1:], end], strict=True))
        self.sentence_starts = [s for s, _ in self.sentences]
        self.mentions = self._mentions()
        self.mention_positions = [m.position for m in self.mentions]
        self.article_conduit = self._article_conduit()

    # — the article's structure —

    def _paragraph_end(self, number):
        if number + 1 < len(self.paragraph_starts):
            return self.paragraph_starts[number + 1] - 2
        return len(self.text)

    def paragraph_of(self, position):
        return bisect.bisect_right(self.paragraph_starts, position) - 1

    def sentence_of(self, position):
        return self.sentences[bisect.bisect_right(self.sentence_starts, position) - 1]

    # — what the article names —

    def _mentions(self):
        masked, found, surnames = self.masked, [], set()
        for match in _PERSON.finditer(masked):
            name, title = match["name"], match["title"] or ""
            words = name.split()
            while words and fold(words[0]) in _NOT_NAMES:
                words.pop(0)
            if not words:
                continue
            known = [n for n in self.world.people if n.given & set(tokens(" ".join(words)))]
            if len(words) >= 2:
                surnames.add(words[-1])
            if not known and len(words) < 2 and not title and words[0] not in surnames:
                continue  # one capitalised word: a name only if the article gave it in full
            if not known and any(
                self.world.state(tokens(w)) or self.world.conduit(w) for w in words
            ):
                continue
            text = f"{title}{' '.join(words)}".strip()
            party = known[0].thing if len(known) == 1 else None
            gender = _gender(masked[max(0, match.start() - 80) : match.start("name")], text, party)
            found.append(Mention("person", text, match.start("name"), gender, party))
        for match in _INSTITUTION.finditer(masked):
            text = match.group().strip()
            if not set(significant(tokens(text))) & MEDIA_WORDS:
                named = self.world.mentioned(text)
                party = named[-1] if named else None
                found.append(Mention("institution", text, match.start(), party=party))
        # States and conduits by every form of their names, in one pass each.
        folded = fold_in_place(masked)
        for kind, (pattern, things) in (
            ("state", self.world.state_names),
            ("conduit", self.world.conduit_names),
        ):
            for match in pattern.finditer(folded) if pattern else ():
                thing = things[" ".join(match.group().split())]
                text = masked[match.start() : match.end()] if kind == "state" else thing.name
                party = thing if kind == "state" else None
                found.append(Mention(kind, text, match.start(), party=party))
        found.sort(key=lambda m: (m.position, len(m.text)))  # the longest last
        # "The Serapine defence ministry" is one mention, not also the state inside it.
        spans = [(m.position, m.position + len(m.text)) for m in found if m.kind != "state"]
        return [
            m
            for m in found
            if m.kind != "state" or not any(start <= m.position < end for start, end in spans)
        ]

    def last(self, position, kinds, test=None):
        """The last mention before ``position`` of one of ``kinds`` (passing ``test``), among
        the LOOK_BACK mentions before it: a pronoun stands for someone named recently."""
        end = bisect.bisect_left(self.mention_positions, position)
        for mention in reversed(self.mentions[max(0, end - LOOK_BACK) : end]):
            if mention.kind in kinds and (test is None or test(mention)):
                return mention
        return None

    def recent_parties(self, position):
        """Parties the article named in full before ``position``, the last named last."""
        end = bisect.bisect_left(self.mention_positions, position)
        named = []
        for mention in self.mentions[max(0, end - LOOK_BACK) : end]:
            if mention.party is not None:
                named = [p for p in named if p is not mention.party] + [mention.party]
        return named

    def _article_conduit(self):
        paragraphs = self.text.split("\n\n")
        for paragraph in paragraphs[:4]:
            if found := _DATELINE.match(paragraph) or _DATELINE_SLASHED.match(paragraph):
                return self._conduit_name(found["c"])
            if len(paragraph) < 90:  # a masthead: "VBC News — 13 April 2026"
                conduit = self.world.conduit(paragraph.split("—")[0].split("|")[0])
                if (
                    conduit is not None
                    and conduit.kind in ("agency", "state_media", "broadcaster")
                    and fold(paragraph).startswith(fold(conduit.name)[:3])
                ):
                    return conduit.name
        for paragraph in paragraphs[:6]:
            if found := _INTERVIEW.search(paragraph):
                return self._conduit_name(found["c"])
        for paragraph in paragraphs[-2:]:
            if (found := _CREDIT_LINE.match(paragraph.strip())) and (
                conduit := self.world.conduit(found["c"])
            ):
                return conduit.name
        # "…, KPA reported." closing the first paragraph or the last ones: the agency carries
        # the article.
        for paragraph in [*paragraphs[:1], *paragraphs[-2:]]:
            last_sentence = paragraph.strip()
            if found := _CLOSING.search(last_sentence[-200:]):
                if found["c"] and re.search(
                    r"\b(?:words|remarks|déclarations|propos)\b", found["c"]
                ):
                    continue
                name = found["c"] or found["fr"]
                if found["fr"] and re.search(r"(?i)déclarations du|propos du", last_sentence):
                    continue  # the words of one speaker only
                conduit = self.world.conduit(name)
                if conduit is not None:
                    return conduit.name
        return ""

    def _conduit_name(self, text, position=None):
        """A conduit as printed → its name in Newsdesk if known; "the agency" → the last
        conduit the article named; venues and pronouns are no conduit."""
        text = re.sub(r"^(?:à|au|aux)\s+", "", text.strip(), flags=re.IGNORECASE)
        text = text.strip(" .,")
        if not text or _VENUES.search(text):
            return ""
        conduit = self.world.conduit(text)
        if conduit is not None:
            return conduit.name
        if re.fullmatch(r"(?i)(?:the|l['’])\s*(?:agency|agence|newspaper|broadcaster|paper)", text):
            mention = self.last(position or len(self.text), ("conduit",))
            return mention.text if mention else ""
        if _AUDIENCE.match(text):
            return text
        if (
            re.fullmatch(r"(?:the\s+)?[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*){0,3}", text)
            and self.world.party(text) is None
        ):
            return re.sub(r"^the\s+", "", text)  # an outlet Newsdesk does not list yet
        return ""

    # — one quotation —

    def attribute(self, index, previous):
        """``previous``: the attributions of the quotations before this one."""
        quote = self.quotes[index]
        start, end = self.sentence_of(quote.start)
        sentence_end = self.sentence_of(max(quote.end - 1, quote.start))[1]
        before_start = max(start, quote.start - WINDOW)
        after_end = min(sentence_end, quote.end + WINDOW)
        earlier = None  # the previous quotation in the same sentence
        if index and self.quotes[index - 1].end > start:
            earlier = previous[-1]
            before_start = max(before_start, self.quotes[index - 1].end)
        if index + 1 < len(self.quotes) and self.quotes[index + 1].start < after_end:
            after_end = self.quotes[index + 1].start
        before = self.text[before_start : quote.start]
        after = self.text[quote.end : after_end]
        result = Attribution(sentence=self.text[start:sentence_end].strip())

        speaker, conduit = self._speaker(before, after, quote, earlier, previous)
        if not conduit:
            speaker, conduit = self._without_outlet(speaker)
        result.speaker = speaker
        # The conduit: the sentence, the paragraph, the article.
        found = self._sentence_conduit(before, after, quote.start, speaker)
        if found:
            result.conduit, result.from_sentence = found, True
        elif conduit:
            result.conduit, result.from_sentence = conduit, True
        elif earlier and earlier.speaker == speaker:
            result.conduit = earlier.conduit
        else:
            result.conduit = self._paragraph_conduit(quote, speaker, previous)
        if not result.conduit:
            result.conduit = self.article_conduit
        if fold(result.conduit) and fold(result.conduit) in fold(speaker):
            result.conduit = ""  # an outlet speaking for itself
        result.speaker, result.referent = self._resolve(result.speaker, quote.start)
        return result

    def _speaker(self, before, after, quote, earlier, previous):
        """(speaker as printed, conduit found with it) from the reporting words."""
        # « … », peut-on lire dans un communiqué du ministère / On peut lire dans … : « … »
        if found := _READ_IN.match(after) or _READ_IN_BEFORE.search(before):
            return _clean(_DETERMINER_OF[found["of"].lower()] + found["s"]), ""
        for pattern in _QUOTED_AS:
            if found := pattern.search(before):
                return _clean(found["s"]), self._conduit_name(found["c"], quote.start)
        if found := _WHAT_CALLED.search(before):
            return _clean(found["s"]), ""
        if found := _REPORTED_BY.search(before):
            return _clean(found["s"]), ""
        if found := _AS_CLAIMED.match(after):
            return _clean(found["s"]), ""
        if (found := _POSSESSIVE_CLAIM.search(before)) and _inside_the_claim(found["rest"]):
            return _clean(found["s"]), ""
        if (found := _UNOWNED_CLAIM.search(before)) and _inside_the_claim(found["rest"]):
            return "", ""  # a claim nobody is named for: not the words of who denies it
        if self.paragraph_of(quote.start) == 0 and (found := _HEADLINE_SPEAKER.match(after)):
            return _clean(found["s"]), ""
        if speaker := self._after(after):
            return speaker, ""
        if found := _RELATIVE_SPEAKER.search(before):
            phrase = _last_clause(found["s"])
            verbs = list(VERB.finditer(phrase))
            phrase = phrase[verbs[-1].end() :] if verbs else phrase
            phrase = re.sub(
                r"^\s*(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier)\s+", "", phrase
            )
            if speaker := _clean(_without_speech_noun(phrase.strip())):
                return speaker, ""
        if found := _ACCORDING.match(before):
            return self._according(found)
        speaker, empty_clause = self._before(before)
        if speaker:
            return speaker, ""
        found = _ACCORDING_AFTER.search(after)
        if found and not self.world.conduit(found["x"]):
            return _clean(found["x"]), ""
        # “…, adding: …” / “…, saying …”: the sentence's subject; else the same speaker as
        # the quotation before in the sentence or the paragraph.
        if empty_clause:
            main, _ = self._before(self.masked[self.sentence_of(quote.start)[0] : quote.start])
            if main:
                return main, ""
        if earlier is not None:
            return earlier.speaker, ""
        paragraph = self.paragraph_of(quote.start)
        if previous and self.paragraph_of(self.quotes[len(previous) - 1].end) == paragraph:
            return previous[-1].speaker, ""
        # A paragraph that is a quotation, after one that ends "…said:".
        if paragraph and self.text[self.paragraph_starts[paragraph] : quote.start].strip() == "":
            end = self.paragraph_starts[paragraph] - 2
            if self.text[max(0, end - 10) : end].rstrip().endswith(":"):
                start = self.sentence_of(end - 1)[0]
                speaker, _ = self._before(self.text[start:end].rstrip(" :"))
                if speaker:
                    return speaker, ""
        return "", ""

    def _after(self, after):
        """“…,” said X / “…,” X said / « … », a déclaré à l'ASP X."""
        if found := _INVERTED_PRONOUN.match(after):
            return found["pronoun"]
        stripped = after.lstrip(" ,;–—-\u00a0")
        if not stripped or stripped[0] in ".!?" or after.lstrip().startswith(":"):
            return ""
        verb = VERB.search(stripped[:160])
        if verb is None:
            return ""
        if verb.start() == 0 or not stripped[: verb.start()].strip(" ,"):
            # Inverted: the verb comes first, then (a French conduit and) the speaker.
            rest = stripped[verb.end() :]
            rest = re.sub(
                r"^\s*(?:à|au|aux)\s+(?:l['’]|la\s+|le\s+)?[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*",
                "",
                rest,
            )
            return _noun_phrase_after(rest)
        head = stripped[: verb.start()]
        if _BOUNDARY.search(head) or _sentence_break(head):
            return ""
        if self.world.conduit(head) and (verb["en"] or "").startswith("report"):
            return ""  # “…”, the agency reported: a conduit, not the speaker
        return _clean(head, strict=True)

    def _before(self, before):
        """X said (that) … “…” — the first speaking verb whose subject is a plausible speaker.
        Returns (speaker, whether a verb had an empty subject: “, adding:”)."""
        empty, outlet = False, ""
        for verb in VERB.finditer(before):
            following = before[verb.end() :]
            if re.match(r"\s+by\s+(?:the\s+)?[A-Z]", following):
                continue  # "the zone announced by Vessa": a participle, not a speaker's verb
            if verb.group().lower() in _NOUN_FORMS and VERB.match(following.lstrip()):
                continue  # "media reports claimed": a noun before the verb
            head = before[: verb.start()]
            boundaries = list(_BOUNDARY.finditer(head))
            if boundaries:
                head = head[boundaries[-1].end() :]
            word = (verb["en"] or verb["frp"] or verb["fr"] or "").lower()
            if word in PARTICIPLES and head.rstrip().endswith(","):
                # "…, estimant que « … »": the sentence's subject speaks
                if speaker := _clean(_subject(before[: verb.start()])):
                    return speaker, False
                empty = True
                continue
            speaker = _clean(head)
            if speaker and word.startswith(("report", "rapport")) and self.world.conduit(speaker):
                # "KPA reports that X called …": the outlet carries, X speaks — if the
                # sentence names another speaker; else the outlet speaks for itself.
                outlet = outlet or speaker
                continue
            if speaker:
                return speaker, False
            if not head.strip(" ,") or word in PARTICIPLES:
                empty = True
        return outlet, empty and not outlet

    def _according(self, found):
        """“According to C, X …” (C an outlet: X speaks through C) or “According to X, …”."""
        source, rest = found["x"].strip(), found["rest"]
        if apposed := re.match(rf"((?:(?:{_TITLES})\s+)*{_NAME}(?:\s+{_NAME}){{0,2}}),\s+", rest):
            # « Selon le porte-parole du ministère, Antoine Sérac, … »: the name
            source, rest = apposed[1], rest[apposed.end() :]
        conduit = self._conduit_name(source)
        is_outlet = self.world.conduit(source) is not None or re.search(
            r"(?i)\b(?:agency|agence|chaîne|media|médias|journal|newspaper)\b", source
        )
        if is_outlet:
            speaker, _ = self._before(rest)
            if speaker:
                return speaker, conduit or source
            # "According to SNA, Oren Talvik has cancelled a visit to “…”"
            subject = _NAMED_SUBJECT.match(rest)
            if subject and (self.world.party(subject["s"]) or len(subject["s"].split()) >= 2):
                return subject["s"], conduit or source
        return _clean(source), ""

    def _sentence_conduit(self, before, after, position, speaker):
        # Only this clause: ", while Vey Tamsin told KPA …" names another speaker's conduit.
        after = _NEXT_CLAUSE.split(after, maxsplit=1)[0]
        reporting = f"{before} … {after}"
        for pattern in _CONDUIT_PATTERNS:
            for found in pattern.finditer(reporting):
                name = self._conduit_name(found["c"], position)
                if name and fold(name) not in fold(speaker):
                    return name
        for found in _KNOWN_CONDUIT_AFTER.finditer(reporting):
            if (conduit := self._known_outlet(found["c"])) is not None:
                return conduit.name
        return ""

    def _known_outlet(self, text):
        """The outlet Newsdesk knows that ``text`` names by its first words ("KPA a rapporté"
        → KPA), or None."""
        words = text.split()
        for size in range(len(words), 0, -1):
            if (conduit := self.world.conduit(" ".join(words[:size]))) is not None:
                return conduit
        return None

    def _without_outlet(self, speaker):
        """ "la ministre Anja Brill à KPA" → ("la ministre Anja Brill", "KPA"): an outlet
        Newsdesk knows, named after a preposition at the end of the speaker."""
        for found in _KNOWN_CONDUIT_AFTER.finditer(speaker):
            rest = speaker[found.end() :].strip(" ,.")
            if rest or found.start() == 0:
                continue
            if (conduit := self._known_outlet(found["c"])) is not None:
                return speaker[: found.start()].rstrip(" ,"), conduit.name
        return speaker, ""

    def _paragraph_conduit(self, quote, speaker, previous):
        paragraph = self.paragraph_of(quote.start)
        start = self.paragraph_starts[paragraph]
        # Within a few sentences back: a wall of text with no paragraph break costs no more.
        earlier = self.masked[max(start, quote.start - 2 * WINDOW) : quote.start]
        # "… when the Harbour Gazette asked him", "Deshal later told Ostrel Today …": an outlet
        # Newsdesk knows, named earlier in the paragraph (weaker than the sentence: known only)
        for found in _ASKED_BY.finditer(earlier):
            if conduit := self.world.conduit(found["c"] or found["c2"]):
                return conduit.name
        # The same speaker's conduit earlier in the paragraph (or the article, when it names
        # no conduit of its own).
        count = len(previous)
        recent = range(count - 1, max(-1, count - 1 - LOOK_BACK), -1)
        for done, earlier_quote in ((previous[i], self.quotes[i]) for i in recent):
            crossed = self.paragraph_of(earlier_quote.start) != paragraph
            if crossed and self.article_conduit:
                break
            if crossed and _AUDIENCE.match(done.conduit):
                continue  # an audience was there once; an agency carries every quotation
            if same_speaker(done.speaker, speaker) and done.from_sentence and done.conduit:
                return done.conduit
        return ""

    # — pronouns, roles, documents —

    def _resolve(self, speaker, position):
        """(speaker as a sub-editor would print it, what it stands for)."""
        lowered = fold(speaker).strip()
        if lowered in _PRONOUNS:
            gender = _PRONOUNS[lowered]
            # Someone named recently whom the copy gives that gender; else someone it gives
            # none (never someone of the other gender).
            mention = self.last(position, ("person",), lambda m: m.gender == gender) or self.last(
                position, ("person",), lambda m: not m.gender
            )
            if mention is None:
                return speaker, speaker
            printed = mention.party.name if mention.party is not None else _untitled(mention.text)
            return printed, mention.text
        if lowered in _IT:
            mention = self.last(position, ("institution", "state"))
            return (mention.text, mention.text) if mention else (speaker, speaker)
        if _DOCUMENTS.match(speaker.strip()):
            mention = self.last(position, ("institution",))
            return (mention.text, mention.text) if mention else (speaker, speaker)
        words = lowered.split()
        if (
            len(words) > 1
            and words[0] in _POSSESSIVES
            and re.fullmatch(INSTITUTION_HEADS, words[-1])
        ):
            # "Its foreign ministry": the state or institution named last, the owner
            mention = self.last(
                position,
                ("state", "institution"),
                lambda m: fold(m.text).split()[0] not in _POSSESSIVES,
            )
            if mention is not None:
                return speaker, f"{mention.text} {' '.join(speaker.split()[1:])}"
        if _is_role(speaker):
            head = fold(speaker.split()[-1]).removesuffix("'s")
            head = re.sub(r"^(?:l|d)'", "", head)

            def holds(mention):
                if tokens(mention.text) == tokens(speaker):
                    return False  # the role itself
                role = tokens(getattr(mention.party, "role", "") or "")
                return head in tokens(mention.text) or head in role

            mention = self.last(position, ("person", "institution"), holds)
            if mention is not None:
                return speaker, mention.text
            # "the ministry's spokesman": the ministry the article named last
            if "'s" in lowered or "’s" in speaker:
                owner = re.split(r"['’]s\b", speaker)[0]
                owner_head = fold(owner.split()[-1])
                mention = self.last(
                    position,
                    ("institution",),
                    lambda m: owner_head in fold(m.text) and tokens(m.text) != tokens(owner),
                )
                if mention is not None:
                    return speaker, mention.text
        if role := self._appositive(speaker, position):
            return speaker, self._resolve(role, position)[1]
        return speaker, speaker

    def _appositive(self, name, position):
        """The role printed beside a name (“the ministry's spokesman, Eder Voss”) near the
        quotation, when the name is nobody Newsdesk knows."""
        if self.world.party(name) is not None or not _is_name(name):
            return ""
        escaped = re.escape(name)
        found = re.search(
            rf"(?P<a>(?:[Tt]he|[Ii]ts|[Ll]e|[Ll]a|[Ll]['’])[^,.;“”\"«»\n]{{2,60}}),\s+{escaped}\b"
            rf"|\b{escaped},\s+(?P<b>(?:the|le|la|l['’])[^,.;“”\"«»\n]{{2,60}})[,.]",
            self.masked[max(0, position - 2 * WINDOW) : position + WINDOW],
        )
        return (found["a"] or found["b"]).strip() if found else ""


def same_speaker(one, other):
    """“le porte-parole Antoine Sérac” and “M. Sérac” are one speaker."""
    one, other = tokens(one), tokens(other)
    return bool(one and other) and one[-1] == other[-1]


_FINITE = re.compile(
    r"\s(?:a|ont|avait|has|have|had|is|was|will|would|on\s+(?:Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday)|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s"
)


def _subject(clause):
    """The subject of a clause: what comes before its first verb (by its auxiliary, or a
    day of the week after the subject: "Valdoria on Tuesday rejected…")."""
    clause = re.split(r"\s[–—-]\s", clause)[-1]  # after a dateline
    first = VERB.search(clause)
    finite = _FINITE.search(clause)
    ends = [m.start() for m in (first, finite) if m is not None]
    return clause[: min(ends)] if ends else ""


def _last_clause(text):
    boundaries = list(_BOUNDARY.finditer(text))
    return text[boundaries[-1].end() :] if boundaries else text


def _sentence_break(text):
    return re.search(r"[.!?]\s+[A-Z]", text) and not _ABBREVIATED.search(text)


def _is_role(speaker):
    """ "the Minister", "The Official Spokesperson", "le ministère": a role or an institution
    named by its function, without a proper name of its own."""
    words = speaker.split()
    if (
        not words
        or fold(words[0])
        not in (
            "the",
            "le",
            "la",
            "l'",
            "its",
            "his",
            "her",
            "their",
        )
        and not re.match(r"(?i)^l['’]", words[0])
    ):
        return False
    rest = [w for w in words[1:] if w[:1].isupper()]
    return all(
        fold(w).removesuffix("'s") in (*_NOT_NAMES, "secretary-general", "official") for w in rest
    )


# Where a sentence turns to another subject after a quotation.
_NEXT_CLAUSE = re.compile(
    r"[,;]\s*(?:while|whereas|but|and|tandis\s+qu['’e]|alors\s+qu['’e]|mais|et)\s+(?=\w)"
    r"|;\s*",
    re.IGNORECASE,
)


def _inside_the_claim(clause):
    """Whether a quotation ending ``clause`` ("that the army was …") is the claim's own words:
    no clause break and no one speaking in between ("…, calling them", "X called …")."""
    return "," not in clause and VERB.search(clause) is None


def _gender(before, text, party):
    """ "f", "m" or "" for a person named as ``text`` right after the words ``before``."""
    if _FEMALE.search(text):
        return "f"
    if _MALE.search(text):
        return "m"
    if found := _ROLE_JUST_BEFORE.search(before):
        return "f" if found["sex"] else "m"
    if found := _FRENCH_ROLE_BEFORE.search(before):
        return "f" if found["article"].lower() in ("la", "une", "cette") else "m"
    role = getattr(party, "role", "") or ""
    if found := re.search(rf"\b{_ROLES_BY_SEX}(?P<sex>wo)?man\b", role, re.IGNORECASE):
        return "f" if found["sex"] else "m"
    return ""


def _untitled(text):
    return re.sub(rf"^(?:(?:{_TITLES})\s+)+", "", text)


def _noun_phrase_after(rest):
    """The speaker after an inverted verb: up to a comma, a sentence end or an adjunct;
    "the minister, Claire Duvanel" gives the name."""
    parts = _split_commas(rest)
    if not parts:
        return ""
    first = _cut_adjunct(parts[0])
    if len(parts) > 1:
        second = _cut_adjunct(parts[1])
        if (_is_role(first) or first[:1].islower()) and _is_name(second):
            return second
    return _clean(first)


_ADJUNCT = re.compile(
    r"\s+(?:during|in|at|on|after|before|when|while|from|with|as|according|speaking|adding|to"
    r"|who|which|outside|lors|dans|après|avant|en|sur|pendant|depuis|devant|auprès|qui|ce|cette"
    r"|mardi|lundi|mercredi|jeudi|vendredi|samedi|dimanche|hier|yesterday|today|last|this)\b.*$",
    re.S,
)


def _cut_adjunct(text):
    return _ADJUNCT.sub("", " " + text.strip()).strip()


def _split_commas(text):
    """Comma-separated parts up to the sentence's end (abbreviations do not end it)."""
    end = len(text)
    for match in re.finditer(r"[.!?;:](?=\s|$)", text):
        word = re.search(r"([\w.]+)$", text[: match.start()])
        token = fold(word[1]) if word else ""
        if match.group() == "." and (token in ABBREVIATIONS or len(token) == 1 or "." in token):
            continue
        end = match.start()
        break
    return [p.strip() for p in text[:end].split(",") if p.strip()]


_HOW_OR_WHERE = re.compile(
    r"(?:\s+(?:in|on|via|dans|par)\s+(?:a|an|its|their|the|un|une|son|sa|ses|leur)\s+"
    r"(?:written\s+|joint\s+|brief\s+)?(?:statement|communiqué|communique|release|post"
    r"|message|note|letter|declaration|déclaration|lettre|publication|tweet)s?"
    r"|\s+(?:à|in|at|depuis|from)\s+(?-i:[A-ZÀ-Ý][\w'’-]+)(?:\s+(?-i:[A-ZÀ-Ý][\w'’-]+))?)+$",
    re.IGNORECASE,
)


def _clean(text, strict=False):
    """A speaker phrase trimmed as a sub-editor would: adverbials and conjunctions in front,
    relative clauses, appositions (“Oren Talvik, Serapine's defence minister” → the name),
    times and auxiliaries behind. Empty when what is left is not a plausible speaker."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip(" ,;:–—-\"“”«»'‘’")
    parts = [p.strip() for p in re.split(r",\s*", text) if p.strip()]
    parts = [p for p in parts if not re.match(r"(?i)^(?:which|who|whom|whose|qui|dont)\b", p)]
    while len(parts) > 1 and (_ADVERBIAL_START.match(parts[0]) or _looks_adverbial(parts[0])):
        parts.pop(0)
    while len(parts) > 1 and (
        _ADVERBIAL_START.match(parts[-1]) or re.match(r"^\w+(?:ing|ed|é|ée)\b", parts[-1])
    ):
        parts.pop()
    if not parts:
        return ""
    if len(parts) >= 2:
        name = next((p for p in parts if _is_name(p)), None)
        if strict and len(parts) > 2 and name is None:
            return ""
        text = name if name else parts[-1]
    else:
        text = parts[0]
    text = _LEADING.sub("", text)
    text = _TRAILING.sub("", text).strip(" ,")
    # "the foreign ministry in a statement", "Ivo Marek à Tarsk": how and where, not who
    text = _HOW_OR_WHERE.sub("", text).strip(" ,")
    text = re.sub(r"\s+(?:has|have|had|was|is|are|were|would|will|a|avait|ont)$", "", text)
    words = text.split()
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return ""
    first = fold(words[0])
    if not (
        words[0][:1].isupper()
        or first in _DETERMINERS
        or re.match(r"^(?:the|le|la|les|l'|l’)", first)
        or set(tokens(text)) & MEDIA_WORDS  # "media reports claimed"
    ):
        return ""
    if VERB.search(" ".join(words[1:-1])) or re.search(r"[“”\"«»]", text):
        return ""  # a clause ("the president would speak"), not a speaker ("media reports")
    return text


# Lower-case words a speaker phrase may start with: "one woman", "un diplomate", "he".
_DETERMINERS = set(WORDS["names"]["determiners"].split())


def _looks_adverbial(part):
    words = part.split()
    return len(words) == 1 and part.lower().endswith("ly")


def _is_name(part):
    return bool(re.match(rf"^(?:(?:{_TITLES})\s+)*{_NAME}(?:\s+{_NAME}){{0,2}}$", part)) and not (
        fold(part.split()[0]) in _NOT_NAMES and len(part.split()) == 1
    )
