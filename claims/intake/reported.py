"""Reported speech: what an article says an official said without quoting them — a ministry's
readout retold ("As announced by the ministry, the minister condemned …"), "X said that …",
"According to X, …", « X a déclaré que … », « Selon X, … ».

Each is proposed as a statement *reported*, not quoted: its text is the article's sentence, its
attribution "media characterisation" (the outlet's rendering of the words), so that no page
ever shows it in quotation marks. Sentences that hold a quotation intake already proposes are
left to it. Rule-based and linear: one pass of anchored patterns over each sentence.
"""

import re
from dataclasses import dataclass

from claims.intake.attribution import _clean
from claims.intake.quotes import is_a_name

_QUOTE_MARKS = re.compile(r"[“”\"«»„]")
_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+|$)")

# Verbs that report speech. "said" and "says" may be followed directly by the clause
# ("Moscow said Leghorn tried …"); the others need "that".
_VERBS = (
    r"said|says|announced|stated|explained|insisted|claimed|added|stressed|argued|asserted"
    r"|confirmed|declared|maintained|noted|warned|reiterated|recalled|underlined|emphasi[sz]ed"
    r"|told\s+\w+(?:\s+\w+)?"
)
_WHEN = r"(?:(?:also|later|previously|again|earlier|then|further)\s+)?"
_ON = r"(?:\s+(?:on|last)\s+\w+(?:\s+(?:morning|afternoon|evening|night))?)?"
_PATTERNS = [
    # As announced by X, <clause>
    re.compile(
        r"^(?:As|as)\s+(?:announced|stated|said|reported|indicated|confirmed)\s+by\s+"
        r"(?P<speaker>[^,]{2,120}),\s+(?P<clause>.{10,})$"
    ),
    # According to X, <clause>
    re.compile(r"^According\s+to\s+(?P<speaker>[^,]{2,80}),\s+(?P<clause>.{10,})$"),
    # X (also) said (on Monday) that <clause>
    re.compile(
        rf"^(?P<speaker>[^,;:]{{2,80}}?)\s+{_WHEN}(?:{_VERBS}){_ON}\s+that\s+(?P<clause>.{{10,}})$"
    ),
    # X said <Clause> / X said the …
    re.compile(
        rf"^(?P<speaker>[^,;:]{{2,80}}?)\s+{_WHEN}(?:said|says){_ON}\s+"
        r"(?P<clause>(?:[A-ZÀ-Ý]|(?:the|a|an|its|their|his|her)\s).{10,})$"
    ),
    # Selon X, <clause> / Comme l'a annoncé X, <clause>
    re.compile(r"^Selon\s+(?P<speaker>[^,]{2,80}),\s+(?P<clause>.{10,})$"),
    re.compile(
        r"^Comme\s+l[’']a\s+(?:annoncé|indiqué|déclaré|précisé)\s+(?P<speaker>[^,]{2,120}),\s+"
        r"(?P<clause>.{10,})$"
    ),
    # X a déclaré que <clause>
    re.compile(
        r"^(?P<speaker>[^,;:]{2,80}?)\s+(?:a|ont|avait)\s+(?:aussi\s+|également\s+)?"
        r"(?:déclaré|affirmé|annoncé|indiqué|assuré|souligné|précisé|estimé|expliqué|insisté"
        r"|rappelé|ajouté)\s+(?:sur\s+le\s+fait\s+)?qu(?:e\s+|[’'])(?P<clause>.{10,})$"
    ),
]
_PRONOUNS = {"he", "she", "it", "they", "il", "elle", "ils", "elles", "on", "we", "i"}


@dataclass
class Reported:
    sentence: str
    clause: str
    speaker: str
    position: int  # of the reported words in the text
    conduit: str = ""  # "…, KPA reported."
    named: str = ""  # the speaker as printed, place and time included ("… in Paris on Monday")
    denies: "Reported | None" = None  # the claim this one denies, reported in the same sentence


def reported_speech(text, taken):
    """Each sentence of ``text`` that reports speech without quoting it, with its speaker.
    ``taken``: (start, end) spans of the quotations already proposed; a sentence holding one
    is theirs."""
    found = []
    offset = 0
    for paragraph in text.split("\n\n"):
        for match in _SENTENCE.finditer(paragraph):
            start = offset + match.start()
            sentence = match.group().strip()
            end = start + len(match.group())
            if len(sentence) > 600 or any(a < end and b > start for a, b in taken):
                continue
            pair = _denied_claim(sentence)
            if pair is not None:  # "A rejected B's claim that …": two statements, one denial
                (denier, rebuttal), (owner, claim, owned) = pair
                offset_in = match.group().index(sentence)
                claimed = Reported(
                    owned, claim, owner, start + match.group().index(claim), named=owner
                )
                found.append(
                    Reported(
                        sentence, rebuttal, denier, start + offset_in, named=denier, denies=claimed
                    )  # fmt: skip
                )
                found.append(claimed)
                continue
            reading = _read(sentence)
            if reading is not None:
                speaker, clause, conduit, named = reading
                position = start + match.group().index(clause)  # where the reported words start
                found.append(Reported(sentence, clause, speaker, position, conduit, named))
        offset += len(paragraph) + 2
    return found


_CLAIM_NOUNS = (
    r"(?:reports?|claims?|statements?|allegations?|assertions?|suggestions?|accusations?"
    r"|rumou?rs?)"
)
_DENIED_CLAIM = [
    re.compile(
        r"^(?P<denier>[^,;:]{2,80}?)\s+(?:also\s+|later\s+|flatly\s+|firmly\s+)?"
        r"(?:denied|rejected|dismissed|refuted|disputed)\s+"
        r"(?P<owner>(?:the\s+)?[A-ZÀ-Ý][\w-]*(?:\s+[A-ZÀ-Ý][\w-]*){0,4})['’]s?\s+"
        rf"(?:\w+\s+)?{_CLAIM_NOUNS}\s+that\s+(?P<claim>.{{10,}})$"
    ),
    re.compile(
        r"^(?P<denier>[^,;:]{2,80}?)\s+a\s+(?:démenti|rejeté|réfuté)\s+les\s+"
        r"(?:affirmations|allégations|accusations|informations)\s+(?:de\s+la\s+|de\s+l['’]|du\s+"
        r"|des\s+|de\s+)(?P<owner>[A-ZÀ-Ý][\w-]*(?:\s+[A-ZÀ-Ý][\w-]*){0,4})\s+"
        r"selon\s+lesquelles\s+(?P<claim>.{10,})$"
    ),
]


def _denied_claim(sentence):
    """ "Valdoria rejected Kestria's claim that its divers laid mines": the denier's words
    (the sentence) and the claim's (its clause), each with its own speaker — never the
    denier for the claim."""
    if _QUOTE_MARKS.search(_without_names(sentence)):
        return None
    for pattern in _DENIED_CLAIM:
        match = pattern.match(sentence)
        if match is None:
            continue
        denier = _clean(match["denier"], strict=True)
        owner = _clean(match["owner"], strict=True)
        claim = match["claim"].strip()
        if denier and owner and len(claim.split()) >= 4:
            # the claim's statement is the article's words from its owner on: "Kestria's
            # claim that …" (not the denier's)
            return (denier, sentence.rstrip(" .")), (owner, claim, sentence[match.start("owner") :])
    return None


def _read(sentence):
    if _QUOTE_MARKS.search(_without_names(sentence)):
        return None
    for pattern in _PATTERNS:
        match = pattern.match(sentence)
        if match is None:
            continue
        speaker = _clean(match["speaker"], strict=True)
        if not speaker or speaker.lower() in _PRONOUNS:
            continue
        clause, conduit = match["clause"].strip(), ""
        credit = _CREDIT.search(clause)
        if credit is not None:  # "…, KPA reported."
            clause, conduit = clause[: credit.start()], credit["outlet"]
        if len(clause.split()) < 5:
            continue
        return speaker, clause, conduit, match["speaker"].strip()
    return None


_CREDIT = re.compile(
    r",\s+(?:the\s+)?(?P<outlet>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})\s+"
    r"(?:reported|reports|said|says|rapporte|a rapporté)\.?$"
)


def _without_names(sentence):
    """The sentence without quoted names (the “Istanbul Peace Initiative”): they do not make
    it a quotation."""
    return re.sub(
        r"[“\"«„]\s*([^”\"»“]{1,80}?)\s*[”\"»“]",
        lambda m: "" if is_a_name(m[1]) else m[0],
        sentence,
    )
