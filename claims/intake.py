"""Article intake: clean a news article and find its quoted passages with speaker and conduit.

One engine behind the admin page “New statements from an article” and ``manage.py intake``.
It proposes; editors decide. Nothing here writes to the database.
"""

import bisect
import codecs
import re
from dataclasses import asdict, dataclass, field

import charset_normalizer
import trafilatura

from .models import Party, Statement
from .sanitize import clean_text, markup_to_text

# What intake reads at most: a long feature is ~60,000 characters; a page of HTML ~1 MB.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MAX_ARTICLE_CHARS = 500_000
# How far from a quote its speaker and conduit are looked for: bounded windows keep intake
# linear in the article's length, however long a paragraph or sentence is.
WINDOW = 400

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
    party: Party | None = None  # the party the speaker most likely is, if Newsdesk knows it


@dataclass
class IntakeResult:
    text: str
    candidates: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def as_dict(self):
        return {
            "cleaned_text": self.text,
            "candidates": [
                {**asdict(c), "party": c.party.slug if c.party else None} for c in self.candidates
            ],
            "warnings": self.warnings,
        }


class ArticleRefused(ValueError):
    """Input intake cannot read; the message says why, for the editor."""


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def check_length(text):
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleRefused(
            f"The article is {len(text):,} characters long; intake reads up to "
            f"{MAX_ARTICLE_CHARS:,}. Paste only the article, without the rest of the page."
        )
    return text


def decode_article(data):
    """Text of an uploaded or read file, whatever its encoding; binary files are refused.

    In order: a byte-order mark; the charset an HTML page declares; UTF-8; else a detector
    (charset-normalizer). Latin-1 is read as Windows-1252, as browsers do, so that curly quotes
    typed on Windows survive.
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleRefused(
            f"The file is {len(data):,} bytes; intake reads up to {MAX_ARTICLE_BYTES:,}. "
            "Save only the article, or paste it."
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return check_length(data.decode(encoding, errors="replace"))
    if len(_BINARY_BYTES.findall(data[:65536])) > 8:
        raise ArticleRefused(
            "This file is not text: it looks like a binary file (a PDF, an image, a word "
            "processor file…). Save the article as .html or .txt, or paste it."
        )
    if declared := _DECLARED.search(data[:8192]):
        try:
            return check_length(data.decode(_browser_encoding(declared[1].decode("ascii"))))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: the content decides
    try:
        return check_length(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ArticleRefused(
            "Newsdesk cannot tell how this file's text is encoded. Save it as UTF-8, or paste it."
        )
    return check_length(data.decode(_browser_encoding(best.encoding), errors="replace"))


def _browser_encoding(name):
    """Latin-1 labels mean Windows-1252 (its superset) on the web: curly quotes live there."""
    encoding = codecs.lookup(name).name
    return "cp1252" if encoding in {"latin-1", "iso8859-1", "ascii"} else encoding


def looks_like_html(raw):
    return bool(re.search(r"<(html|body|article|p|div|h1)\b", raw, re.IGNORECASE))


def extract_text(raw):
    """The article's text: from HTML through trafilatura (main content only), else as given."""
    if looks_like_html(raw):
        extracted = trafilatura.extract(
            raw, include_comments=False, include_tables=False, favor_precision=True
        )
        # A page trafilatura cannot read still gets its tags stripped, never raw markup, and
        # never what scripts and styles contain.
        raw = extracted or markup_to_text(raw)
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


def _sentence_bounds(ends, length, start, end):
    """The sentence around paragraph[start:end] (``ends``: where the paragraph's sentences
    end, in order), not splitting inside the quote and never longer than the quote and a
    window either side of it."""
    index = bisect.bisect_right(ends, start) - 1
    sentence_start = ends[index] if index >= 0 else 0
    after = bisect.bisect_left(ends, end)
    sentence_end = ends[after] if after < len(ends) else length
    return max(sentence_start, start - WINDOW), min(sentence_end, end + WINDOW)


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
    ends = [m.end() for m in _SENTENCE_END.finditer(paragraph)]
    for match in _QUOTE.finditer(paragraph):
        group = next(name for name, value in match.groupdict().items() if value is not None)
        # A comma closing the quoted words belongs to the reporting sentence, not the quote.
        quote = match[group].strip().rstrip(",").rstrip()
        if len(quote.split()) < 2:  # “ON”, “no”: a word in quotes, not a quoted passage
            continue
        start, end = _sentence_bounds(ends, len(paragraph), match.start(), match.end())
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


def suggest_party(speaker, parties):
    """The party a speaker as printed most likely is: same name, or a person's surname
    (“Shoigu”, “Lecornu's immediate entourage”). None when unsure — the editor chooses."""
    spoken = speaker.strip().lower()
    if not spoken:
        return None
    for party in parties:
        if spoken in {party.name.lower(), party.short_name.lower()}:
            return party
    words = {word.removesuffix("'s").removesuffix("’s") for word in re.findall(r"[\w'’]+", spoken)}
    people = [
        p for p in parties if p.kind == Party.Kind.PERSON and p.name.split()[-1].lower() in words
    ]
    return people[0] if len(people) == 1 else None


def suggest_parties(candidates, parties):
    """Give each candidate the party its speaker most likely is; a state or institution that
    speaks is its official channel, not a named official."""
    for candidate in candidates:
        candidate.party = suggest_party(candidate.speaker, parties)
        if (
            candidate.party is not None
            and candidate.party.kind != Party.Kind.PERSON
            and candidate.attribution == Statement.Attribution.NAMED_OFFICIAL
        ):
            candidate.attribution = Statement.Attribution.OFFICIAL


def intake(raw, parties=None):
    """Clean ``raw`` (text or HTML), find its quotes and suggest their parties (from
    ``parties``, or every party Newsdesk knows). Always returns; never raises on input."""
    """Clean ``raw`` (text or HTML) and find its quotes. Always returns; never raises on input."""
    try:
        text = clean_article(check_length(raw or ""))
    except ArticleRefused as refusal:
        return IntakeResult("", warnings=[str(refusal)])
    result = IntakeResult(text)
    if not text:
        result.warnings.append("The input has no readable text.")
        return result
    result.candidates, result.warnings = find_quotes(text)
    suggest_parties(result.candidates, list(Party.objects.all()) if parties is None else parties)
    if not result.candidates:
        result.warnings.append(
            "No quoted passages were found: the article quotes nobody directly, or uses "
            'quotation marks Newsdesk does not recognise (it reads “…”, "…", „…“ and «…»).'
        )
    return result
