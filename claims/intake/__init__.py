"""Article intake: clean a news article and find its quoted passages, who said each and through
whom, and the party each speaker most likely is.

One engine behind the admin page “New statements from an article” and ``manage.py intake``.
It proposes; editors decide. Nothing here writes to the database. Rule-based throughout: no
model to download, linear in the article's length. ``bench/intake_eval.py`` measures it on a
hand-annotated corpus of fictional articles (``tests/articles/corpus/``).
"""

import bisect
import datetime
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from claims.intake.attribution import Reader
from claims.intake.naming import World, fold, tokens
from claims.intake.quotes import find_quotes, is_a_name, mask
from claims.intake.reading import (
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_CHARS,
    ArticleRefused,
    article_date,
    check_length,
    clean_article,
    decode_article,
    text_date,
)
from claims.intake.reported import reported_speech
from claims.models import Conduit, Party, Spelling, Statement

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_ARTICLE_CHARS",
    "ArticleRefused",
    "Candidate",
    "IntakeResult",
    "decode_article",
    "intake",
]


@dataclass
class Candidate:
    quote: str
    speaker: str
    conduit: str
    attribution: str
    sentence: str
    position: int
    party: Party | None = None  # the party the speaker most likely is, if Newsdesk knows it
    kind: str = Statement.Kind.READOUT  # how a desk would file it (``proposed_kind``)
    doubt: str = ""  # why the party is missing or only inferred ("" when the article says)
    reported: bool = False  # reported speech: the article's words, not a quotation
    denies: int | None = None  # the index of the candidate whose words these deny, if any


@dataclass
class IntakeResult:
    text: str
    candidates: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    published: datetime.date | None = None  # the article's date, when it shows one

    def as_dict(self):
        return {
            "cleaned_text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "candidates": [
                {**asdict(c), "party": c.party.slug if c.party else None} for c in self.candidates
            ],
            "warnings": self.warnings,
        }


def attribution_level(speaker, party):
    """How directly the words come from the party: a guess from how the speaker is named."""
    lowered = speaker.lower()
    Attribution = Statement.Attribution
    if not speaker:
        return ""
    if any(word in lowered for word in ("entourage", "close to", "sources", "source ")):
        return Attribution.ENTOURAGE
    if re.search(r"spokes|porte-parole", lowered):
        return Attribution.SPOKESPERSON
    if any(word in lowered for word in ("anonym", "not to be named", "unnamed", "an official")):
        return Attribution.ANONYMOUS
    if party is not None and party.kind != Party.Kind.PERSON:
        return Attribution.OFFICIAL
    if re.search(
        r"\b(ministry|ministère|government|gouvernement|office|presidency|présidence|kremlin"
        r"|chancellery)\b",
        lowered,
    ):
        return Attribution.OFFICIAL
    if party is not None or re.match(r"^[A-ZÀ-Ý]", speaker):
        return Attribution.NAMED_OFFICIAL
    return Attribution.MEDIA


_KINDS = [  # (what the sentence says, the kind of statement a desk files it as), first match
    (r"\b(?:wrote|posted|tweeted|said)\s+on\s+(?:X|Twitter|Telegram|Facebook|Instagram|social"
     r"|his\s+\w+\s+account|her\s+\w+\s+account)|\bsur\s+(?:X|Telegram|Facebook|les réseaux)"
     r"|\ba (?:écrit|publié) sur\b", "social_post"),
    (r"\b(?:news conference|press conference|briefing|told reporters|told journalists"
     r"|conférence de presse|point de presse|devant la presse|devant les journalistes)\b",
     "press_conference"),
    (r"\b(?:interview|entretien|entrevue)\b", "interview"),
    (r"\b(?:statement|communiqué|communique|press release|declaration)\b", "press_release"),
]  # fmt: skip


def proposed_kind(sentence, conduit, world):
    """The kind of statement a desk would file these words as: from the sentence's reporting
    words ("told reporters", "in an interview", "posted on X", "in a statement"), else words
    given to a news agency ("told KPA", "KPA quoted") are remarks to an agency; else a
    readout."""
    for pattern, kind in _KINDS:
        if re.search(pattern, sentence, re.IGNORECASE):
            return kind
    known = world.conduit(conduit) if conduit else None
    if known is not None and known.kind in ("agency", "state_media"):
        return Statement.Kind.AGENCY_REPORT
    return Statement.Kind.READOUT


def _top_matter(paragraphs):
    """How many leading paragraphs are the article's head (headline, standfirst, dateline or
    byline): quotations there repeat the body's."""
    head = 0
    for number, paragraph in enumerate(paragraphs[:6]):
        short = len(paragraph) < 100
        dated = text_date(paragraph) is not None and len(paragraph) < 60
        if dated or (short and re.match(r"^(?:By|Par)\s", paragraph)):
            head = number + 1
        elif number == head and not re.search(r"[.!?…:][\"”»’']*$", paragraph):
            head = number + 1  # a headline has no full stop (a quotation's counts)
    return head


def _merge(found, head_paragraphs, side_of):
    """Drop exact repeats, quoted names, and the head's teasers: a quotation in the headline
    or standfirst that abridges or paraphrases what the body quotes the same side saying (it
    shares a word of substance with it, often in another translation), or that nobody is said
    to have said."""
    kept, seen = [], {}  # seen: the quotation's words → its place in ``kept``
    bodies = [fold(q.text) for q, _ in found if q.paragraph >= head_paragraphs]
    said_by_side = {}  # side → the words (of five letters or more) the body quotes it saying
    for quote, attribution in found:
        if quote.paragraph >= head_paragraphs and (side := side_of(attribution)) is not None:
            said_by_side.setdefault(side, set()).update(_content_words(quote.text))
    for quote, attribution in found:
        key = fold(quote.text).strip(" .,")
        if is_a_name(quote.text):
            continue
        if quote.paragraph < head_paragraphs and (
            not attribution.speaker
            or any(key in body and key != body.strip(" .,") for body in bodies)
            or _content_words(quote.text) & said_by_side.get(side_of(attribution), set())
        ):
            continue
        if key in seen:  # the same words again: keep the reading that found a speaker
            if not kept[seen[key]][1].speaker and attribution.speaker:
                kept[seen[key]] = (quote, attribution)
            continue
        seen[key] = len(kept)
        kept.append((quote, attribution))
    return kept


def intake(raw, parties=None, conduits=None, spellings=None):
    """Clean ``raw`` (text or HTML), find its quotes, their speakers and conduits, and suggest
    their parties (from ``parties``, ``conduits`` and ``spellings``, by default every one
    Newsdesk knows; given parties and no spellings, none). Always returns; never raises on
    input."""
    try:
        text = clean_article(check_length(raw or ""))
    except ArticleRefused as refusal:
        return IntakeResult("", warnings=[str(refusal)])
    result = IntakeResult(text, published=article_date(raw, text))
    if not text:
        result.warnings.append(_("The input has no readable text."))
        return result
    if spellings is None:  # the editors', when intake reads what Newsdesk knows
        spellings = Spelling.objects.expansions() if parties is None else {}
    parties = list(Party.objects.all()) if parties is None else parties
    conduits = list(Conduit.objects.all()) if conduits is None else conduits
    world = World(parties, conduits, spellings)

    paragraphs = text.split("\n\n")
    quotes, result.warnings = find_quotes(paragraphs)
    reader = Reader(text, mask(text, quotes), quotes, world)
    read = []
    for index in range(len(quotes)):
        read.append(reader.attribute(index, read))
    found = [(q, a) for q, a in zip(quotes, read, strict=True) if len(q.text.split()) >= 2]
    last_side, last_paragraph = None, None

    def side_of(attribution):
        party = world.party(attribution.referent or attribution.speaker, [])
        return world.side(party).slug if party is not None else None

    for quote, attribution in _merge(found, _top_matter(paragraphs), side_of):
        recent = reader.recent_parties(quote.start)
        party = world.party(attribution.referent or attribution.speaker, recent)
        paragraph, doubt = text.count("\n\n", 0, quote.start), ""
        if party is None and _unowned_institution(attribution.speaker):
            # "the education ministry": whose, the article does not say. The side that spoke
            # just before (this paragraph or the one before) is proposed, and the doubt said;
            # further away, none.
            named = attribution.speaker.strip()
            if last_side is not None and paragraph - last_paragraph <= 1:
                party = last_side
                doubt = _("“%(speaker)s” is taken to be %(side)s's, who spoke just before: "
                          "the article does not say. Check.") % {
                    "speaker": named, "side": last_side.name}  # fmt: skip
            else:
                doubt = _("The article does not say whose “%(speaker)s” this is: choose the "
                          "party.") % {"speaker": named}  # fmt: skip
        elif party is not None:
            last_side, last_paragraph = world.side(party), paragraph
        result.candidates.append(
            Candidate(
                quote=quote.text,
                speaker=attribution.speaker,
                conduit=attribution.conduit,
                attribution=attribution_level(attribution.speaker, party),
                sentence=attribution.sentence,
                position=quote.start + 1,
                party=party,
                doubt=doubt,
                kind=proposed_kind(attribution.sentence, attribution.conduit, world),
            )
        )
    head = text.split("\n\n")[: _top_matter(paragraphs)]
    taken = [(0, sum(len(p) + 2 for p in head))]  # the head: headlines retell, they report not
    taken += [(c.position - 1, c.position + len(c.quote) + 1) for c in result.candidates]
    taken += [
        (q.start, q.end) for q in quotes if len(q.text.split()) >= 2 and not is_a_name(q.text)
    ]
    proposed = {}  # id of a reported item → its candidate (to link a denial to its claim)
    reported_items = reported_speech(text, taken)
    for item in reported_items:
        recent = reader.recent_parties(item.position)
        # "the Ministry of Defense in Paris": the place may say whose ministry it is
        party = world.party(item.speaker, recent) or world.party(_untimed(item.named), recent)
        result.candidates.append(
            proposed.setdefault(id(item), None)
            or Candidate(
                quote=item.clause,
                speaker=item.speaker,
                conduit=item.conduit,
                attribution=Statement.Attribution.MEDIA,
                sentence=item.sentence,
                position=item.position,
                party=party,
                kind=proposed_kind(item.sentence, item.conduit, world),
                reported=True,
            )
        )
        proposed[id(item)] = result.candidates[-1]
    result.candidates.sort(key=lambda candidate: candidate.position)
    for item in reported_items:  # "A rejected B's claim that …": A's denial points at B's
        if item.denies is not None:
            denial, claim = proposed[id(item)], proposed[id(item.denies)]
            denial.denies = result.candidates.index(claim)
    _pair_denials(text, result.candidates, world)
    if not any(not candidate.reported for candidate in result.candidates):
        result.warnings.append(
            _(
                "No quoted passages were found: the article quotes nobody directly, or uses "
                'quotation marks Newsdesk does not recognise (it reads “…”, "…", ‘…’, „…“ '
                "and «…»)."
            )
        )
    return result


_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|refutes"
    r"|contradicted|disputed|a démenti|dément|démentent|ont démenti|a rejeté|rejette"
    r"|a réfuté)\b",
    re.IGNORECASE,
)


def _pair_denials(text, candidates, world):
    """A statement the article says denies another ("… later denied this. “France has
    neither accepted …”", « X a démenti ») is proposed as a denial of the last statement of
    another side before it, in its paragraph or the two before — the words it disputes being
    that statement's quoted words. Linear: each candidate looks back at most over the
    candidates of three paragraphs."""
    starts = [0] + [match.end() for match in re.finditer(r"\n\n", text)]

    def side(candidate):
        if candidate.party is not None:
            return world.side(candidate.party).slug
        return fold(candidate.speaker) or None

    paragraphs = [bisect.bisect_right(starts, c.position) - 1 for c in candidates]
    for index, candidate in enumerate(candidates):
        if candidate.denies is not None:
            continue  # already paired by its own sentence
        paragraph_start = starts[paragraphs[index]]
        sentence_start = text.find(candidate.sentence[:40], paragraph_start, candidate.position + 1)
        sentence_start = sentence_start if sentence_start >= 0 else candidate.position
        before = text[max(paragraph_start, sentence_start - 300) : sentence_start]
        if not (_DENIAL.search(candidate.sentence) or _DENIAL.search(before)):
            continue
        for earlier in range(index - 1, -1, -1):
            if paragraphs[index] - paragraphs[earlier] > 2:
                break
            other = candidates[earlier]
            if other.reported or side(other) in (None, side(candidate)):
                continue
            candidate.denies = earlier
            break


def _untimed(speaker):
    """ "the Ministry of Defense in Paris on Wednesday evening" → "… in Paris"."""
    return re.sub(r"\s+(?:on|last|this|late|early)\s+\w+(?:\s+\w+)?$", "", speaker).strip()


def _content_words(text):
    return {word for word in tokens(text) if len(word) >= 5}


def _unowned_institution(speaker):
    """ "the education ministry": an institution named without its state."""
    words = speaker.split()[1:]
    return (
        bool(words)
        and all(word.islower() for word in words)
        and tokens(words[-1])[-1:] in (["ministry"], ["ministere"], ["office"], ["department"])
    )
