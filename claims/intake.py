"""Article intake: clean a news article and find its quoted passages with speaker and conduit.

One engine behind the admin page “New statements from an article” and ``manage.py intake``.
It proposes; editors decide. Nothing here writes to the database.
"""

import re
from dataclasses import asdict, dataclass, field

import trafilatura
from django.utils.html import strip_tags

from .models import Statement
from .sanitize import clean_text

# Paragraphs that are page furniture, not reporting.
_BOILERPLATE = re.compile(
    r"""^(see\ also|read\ on|read\ more|also\ read|more\ on\ this|related|advertisement
        |leave\ a\ (reply|comment)|your\ email\ address\ will\ not\ be\ published
        |required\ fields\ are\ marked|you\ can\ listen\ to|subscribe|share\ this
        |source:|photo:|image:|picture:)""",
    re.IGNORECASE | re.VERBOSE,
)
_CONSENT = re.compile(
    r"\b(cookies?|consent|gdpr|personal\ data|data\ protection|privacy|third[- ]party\ providers"
    r"|tracking|opt[- ]out)\b",
    re.IGNORECASE,
)
_TEASER_AFTER = re.compile(r"^(read on|read more|see also|also read)$", re.IGNORECASE)

# A quoted passage: curly, straight, German and French quotation marks.
_QUOTE = re.compile(
    r"„(?P<de>[^“”„\n]+)[“”]"
    r"|“(?P<en>[^”“\n]+)”"
    r"|\"(?P<straight>[^\"\n]+)\""
    r"|«\s?(?P<fr>[^»«\n]+?)\s?»"
)
_OPENERS = "“„«"

_VERBS = (
    r"said|says|told|tells|stated|states|explained|explains|insisted|insists|declared|declares"
    r"|wrote|writes|announced|announces|stressed|stresses|noted|notes|claimed|claims|denied"
    r"|denies|confirmed|confirms|added|adds|warned|warns|replied|replies|argued|argues"
)
_ADVERBS = r"(?:(?:also|previously|later|then|again|had|has|have|further|firmly)\s+)*"
# “…,” Shoigu said in Moscow.   /   “…,” said Shoigu.
_SPEAKER_AFTER = re.compile(
    rf"^[\s,.;:–—-]*(?P<speaker>[^,.;:“”\"«»]+?)\s+{_ADVERBS}(?:{_VERBS})\b"
)
_SPEAKER_AFTER_INVERTED = re.compile(
    rf"^[\s,.;:–—-]*(?:{_VERBS})\s+(?P<speaker>[A-Z][^,.;:“”\"«»]*?)(?=[,.;:]|\s+(?:to|in|on)\b|$)"
)
# The Russian Defense Ministry also said that … “…”   /   France denies – “…”
_SPEAKER_BEFORE = re.compile(rf"^(?P<speaker>[^“”\"«»]+?)\s+{_ADVERBS}(?:{_VERBS})\b[^“”\"«»]*$")
_ACCORDING_TO = re.compile(r"\b[Aa]ccording to (?P<speaker>[^,.;:“”\"«»]+)")
_CONDUIT = re.compile(
    r"\b(?:told|telling|tells|in an interview with|speaking to|said to)\s+(?:the\s+)?"
    r"(?:news agency\s+)?(?P<conduit>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*)"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")

MAX_SPEAKER_WORDS = 8


@dataclass
class Candidate:
    quote: str
    speaker: str
    conduit: str
    attribution: str
    sentence: str
    position: int


@dataclass
class IntakeResult:
    text: str
    candidates: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def as_dict(self):
        return {
            "cleaned_text": self.text,
            "candidates": [asdict(candidate) for candidate in self.candidates],
            "warnings": self.warnings,
        }


def decode_article(data):
    """Text of an uploaded or read file: UTF-8, or Latin-1 (which never fails) for older pages."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def looks_like_html(raw):
    return bool(re.search(r"<(html|body|article|p|div|h1)\b", raw, re.IGNORECASE))


def extract_text(raw):
    """The article's text: from HTML through trafilatura (main content only), else as given."""
    if looks_like_html(raw):
        extracted = trafilatura.extract(
            raw, include_comments=False, include_tables=False, favor_precision=True
        )
        # A page trafilatura cannot read still gets its tags stripped, never raw markup.
        raw = extracted or strip_tags(raw)
    return clean_text(raw)


def clean_article(raw):
    """Remove page furniture: consent banners, “See also”/“Read on” teasers, comment forms."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", extract_text(raw))]
    kept, seen, after_teaser = [], set(), False
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if _TEASER_AFTER.match(paragraph):
            after_teaser = True
            continue
        # Headlines of teasers follow "Read on": short lines without a full stop.
        if after_teaser and len(paragraph) < 90 and not re.search(r"[.!?”\"]$", paragraph):
            continue
        after_teaser = False
        if _BOILERPLATE.match(paragraph) or len(_CONSENT.findall(paragraph)) >= 2:
            continue
        if paragraph in seen:  # repeated photo captions
            continue
        seen.add(paragraph)
        kept.append(paragraph)
    return "\n\n".join(kept)


def _sentence_bounds(paragraph, start, end):
    """The sentence around paragraph[start:end], not splitting inside the quote."""
    before = [m.end() for m in _SENTENCE_END.finditer(paragraph, 0, start)]
    sentence_start = before[-1] if before else 0
    after = _SENTENCE_END.search(paragraph, end)
    sentence_end = after.end() if after else len(paragraph)
    return sentence_start, sentence_end


def _plausible(speaker):
    speaker = speaker.strip(" ,–—-")
    if not speaker or len(speaker.split()) > MAX_SPEAKER_WORDS:
        return ""
    return speaker


def _attribution(speaker, conduit):
    lowered = speaker.lower()
    Attribution = Statement.Attribution
    if any(word in lowered for word in ("entourage", "close to", "sources", "source ")):
        return Attribution.ENTOURAGE
    if "spokes" in lowered:
        return Attribution.SPOKESPERSON
    if any(word in lowered for word in ("anonym", "not to be named", "unnamed", "an official")):
        return Attribution.ANONYMOUS
    if re.search(r"\b(ministry|government|office|presidency|kremlin|chancellery)\b", lowered):
        return Attribution.OFFICIAL
    if re.match(r"^[A-Z]", speaker):
        return Attribution.NAMED_OFFICIAL
    return Attribution.MEDIA


def _find_in_paragraph(paragraph, offset):
    previous = None
    for match in _QUOTE.finditer(paragraph):
        group = next(name for name, value in match.groupdict().items() if value is not None)
        # A comma closing the quoted words belongs to the reporting sentence, not the quote.
        quote = match[group].strip().rstrip(",").rstrip()
        if len(quote.split()) < 2:  # “ON”, “no”: a word in quotes, not a quoted passage
            continue
        start, end = _sentence_bounds(paragraph, match.start(), match.end())
        sentence = paragraph[start:end].strip()
        after = paragraph[match.end() : end]
        before = paragraph[start : match.start()]
        speaker = ""
        if found := _SPEAKER_AFTER.match(after):
            speaker = _plausible(found["speaker"])
        if not speaker and (found := _SPEAKER_AFTER_INVERTED.match(after)):
            speaker = _plausible(found["speaker"])
        if not speaker and (found := _SPEAKER_BEFORE.match(before.strip())):
            speaker = _plausible(found["speaker"])
        if not speaker and (found := _ACCORDING_TO.search(sentence)):
            speaker = _plausible(found["speaker"])
        conduit = ""
        if found := _CONDUIT.search(f"{before} {after}"):  # the reporting words, not the quote
            conduit = found["conduit"].rstrip(".")
        if not speaker and previous and previous.sentence == sentence:
            # X said “…” and “…”: later quotes of the sentence are X's too.
            speaker, conduit = previous.speaker, conduit or previous.conduit
        previous = Candidate(
            quote=quote,
            speaker=speaker,
            conduit=conduit,
            attribution=_attribution(speaker, conduit) if speaker else "",
            sentence=sentence,
            position=offset + match.start(group) + (len(match[group]) - len(match[group].lstrip())),
        )
        yield previous


def find_quotes(text):
    """Every quoted passage of ``text`` (a cleaned article) with its speaker and conduit."""
    candidates, warnings, offset = [], [], 0
    for paragraph in text.split("\n\n"):
        candidates.extend(_find_in_paragraph(paragraph, offset))
        stripped = _QUOTE.sub("", paragraph)
        for opener in _OPENERS:
            if opener in stripped:
                warnings.append(
                    f"An opening {opener} has no closing quotation mark near “{paragraph[:60]}…”;"
                    " that passage was not taken."
                )
        offset += len(paragraph) + 2
    return candidates, warnings


def intake(raw):
    """Clean ``raw`` (text or HTML) and find its quotes. Always returns; never raises on input."""
    text = clean_article(raw or "")
    result = IntakeResult(text)
    if not text:
        result.warnings.append("The input has no readable text.")
        return result
    result.candidates, result.warnings = find_quotes(text)
    if not result.candidates:
        result.warnings.append(
            "No quoted passages were found: the article quotes nobody directly, or uses "
            'quotation marks Newsdesk does not recognise (it reads “…”, "…", „…“ and «…»).'
        )
    return result
