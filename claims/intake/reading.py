"""Reading an article: its bytes decoded, its page furniture removed, its date found."""

import codecs
import datetime
import re

import charset_normalizer
import trafilatura
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from claims.text.sanitize import clean_text, markup_to_text

# What intake reads at most: a long feature is ~60,000 characters; a page of HTML ~1 MB.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MAX_ARTICLE_CHARS = 500_000

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


def _number(value):
    return number_format(value, force_grouping=True)


def check_length(text):
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleRefused(
            _(
                "The article is %(length)s characters long; intake reads up to %(limit)s. "
                "Paste only the article, without the rest of the page."
            )
            % {"length": _number(len(text)), "limit": _number(MAX_ARTICLE_CHARS)}
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
            _(
                "The file is %(size)s bytes; intake reads up to %(limit)s. Save only the "
                "article, or paste it."
            )
            % {"size": _number(len(data)), "limit": _number(MAX_ARTICLE_BYTES)}
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return check_length(data.decode(encoding, errors="replace"))
    if len(_BINARY_BYTES.findall(data[:65536])) > 8:
        raise ArticleRefused(
            _(
                "This file is not text: it looks like a binary file (a PDF, an image, a word "
                "processor file…). Save the article as .html or .txt, or paste it."
            )
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
            _(
                "Newsdesk cannot tell how this file's text is encoded. Save it as UTF-8, "
                "or paste it."
            )
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
        # A consent banner is dense with its words; an article that mentions privacy is not.
        consent = len(_CONSENT.findall(paragraph))
        banner = consent >= 2 and consent * 300 >= len(paragraph)
        if _BOILERPLATE.match(paragraph) or banner:
            continue
        if paragraph in seen:  # repeated photo captions
            continue
        seen.add(paragraph)
        kept.append(paragraph)
    return "\n\n".join(kept)


_MONTHS = {
    **dict.fromkeys(["january", "jan", "janvier", "janv"], 1),
    **dict.fromkeys(["february", "feb", "février", "fevrier", "févr", "fevr"], 2),
    **dict.fromkeys(["march", "mar", "mars"], 3),
    **dict.fromkeys(["april", "apr", "avril", "avr"], 4),
    **dict.fromkeys(["may", "mai"], 5),
    **dict.fromkeys(["june", "jun", "juin"], 6),
    **dict.fromkeys(["july", "jul", "juillet", "juil"], 7),
    **dict.fromkeys(["august", "aug", "août", "aout"], 8),
    **dict.fromkeys(["september", "sep", "sept", "septembre"], 9),
    **dict.fromkeys(["october", "oct", "octobre"], 10),
    **dict.fromkeys(["november", "nov", "novembre"], 11),
    **dict.fromkeys(["december", "dec", "décembre", "decembre", "déc"], 12),
}
_MONTH = r"(?P<month>[A-Za-zéûÉÛ]{3,9})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)\b"
_DATES = [
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:er)?\s+{_MONTH}\s+{_YEAR}"),  # 3 March 2026, 1er mai 2026
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d),?\s+{_YEAR}"),  # March 3, 2026 / Aug. 2, 2026
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2026-03-03
    re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),  # 14.09.2026
]
# The date is in the article's head: its dateline, a "Published …" line, a readout's heading.
DATE_PARAGRAPHS = 6


def _date(match):
    month = match["month"]
    month = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    try:
        return datetime.date(int(match["year"]), month, int(match["day"])) if month else None
    except ValueError:  # 31 February
        return None


def text_date(text):
    """The first full date (day, month, year; English or French) in the article's head."""
    for paragraph in text.split("\n\n")[:DATE_PARAGRAPHS]:
        found = [m for pattern in _DATES for m in pattern.finditer(paragraph[:300])]
        for match in sorted(found, key=lambda m: m.start()):
            if date := _date(match):
                return date
    return None


def article_date(raw, text):
    """When the article was published: the page's date metadata (through trafilatura) for
    HTML, else the first full date in its head. None when it shows none — never today by
    default, never a copyright year."""
    if looks_like_html(raw):
        # The page's own date markup (meta tags, <time>, structured data, its address), not an
        # extensive search of its text: that takes a "© 2025" footer for 1 January 2025.
        undated_search = {
            "original_date": True,
            "extensive_search": False,
            "max_date": datetime.date.today().isoformat(),
        }
        metadata = trafilatura.extract_metadata(raw, date_config=undated_search)
        if metadata is not None and metadata.date:
            try:
                return datetime.date.fromisoformat(metadata.date[:10])
            except ValueError:
                pass
    return text_date(text)
