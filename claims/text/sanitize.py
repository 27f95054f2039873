"""The one place where user-supplied text is cleaned.

Everything editors paste (statement texts, translations, summaries, names) passes through here
when it is validated, which every save does — see ``claims.models.fields``. HTML keeps a small
allow-list of tags (paragraphs, emphasis, lists, quotes, links, line breaks); links may only point
to http, https or mailto and always carry ``rel="noopener noreferrer nofollow"``. The site also
runs under a strict Content-Security-Policy, so that a miss here still cannot run script.

Characters that no reader needs are removed everywhere: control characters (some break
PostgreSQL or Atom feeds), Unicode noncharacters such as U+FFFE/U+FFFF (ill-formed XML) and lone
surrogates. Names and titles also lose bidirectional overrides and zero-width characters, which
can make a name look like another.
"""

import html
import re

import bleach
from bleach.html5lib_shim import Filter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "i", "b", "u", "ul", "ol", "li", "blockquote", "q", "a", "cite"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

# Elements whose content is never text a reader should see: dropped whole, not just untagged.
DROPPED_ELEMENTS = re.compile(
    r"<(script|style|template|noscript|iframe|object|svg|math)\b.*?(</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
# C0 controls (but tab and newline), DEL and C1 controls; Unicode noncharacters (U+FDD0–U+FDEF
# and the last two code points of every plane); lone surrogates (a str can hold them, no
# database or XML document can).
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
# Bidirectional embeddings, overrides, isolates and marks; zero-width spaces and joiners; the
# word joiner and byte-order mark. Invisible in a name, and able to disguise one.
_INVISIBLE_IN_NAMES = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s+")

_ABSOLUTE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


class _LinkFilter(Filter):
    """Links: absolute http/https/mailto only (no relative or entity tricks), and a safe rel."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"} and token["name"] == "a":
                attrs = {**token["data"], (None, "rel"): LINK_REL}
                if not _ABSOLUTE_LINK.match(attrs.get((None, "href"), "")):
                    attrs.pop((None, "href"), None)
                token["data"] = attrs
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_LinkFilter],
)


def clean_text(value):
    """Plain text: unwanted characters removed, line endings unified, outer space trimmed."""
    if not value:
        return ""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _UNWANTED.sub("", value).strip()


def clean_line(value):
    """A name or title: plain text on one line, without invisible or direction-changing
    characters."""
    return _SPACES.sub(" ", _INVISIBLE_IN_NAMES.sub("", clean_text(value))).strip()


def too_long(length, limit):
    return ValidationError(
        gettext(
            "This text is %(length)s characters long; the limit is %(limit)s. Split it or keep "
            "only the passages that matter."
        ),
        code="too_long",
        params={"length": f"{length:,}", "limit": f"{limit:,}"},
    )


def check_length(value, limit):
    if value and len(value) > limit:
        raise too_long(len(value), limit)


def check_size(value):
    """Validator: refuse HTML over the size cap, saying how long it is and what the limit is."""
    check_length(value, settings.NEWSDESK_MAX_HTML_CHARS)


# Input this many times over a cap is refused before any cleaning, which would only waste time.
HOPELESS_FACTOR = 4


def refuse_hopeless(value, limit):
    if value and len(value) > limit * HOPELESS_FACTOR:
        raise too_long(len(value), limit)


_BLOCK_ENDS = re.compile(r"</(p|li|blockquote)\s*>|<br\s*/?>", re.IGNORECASE)


def html_to_text(value):
    """Readable plain text of sanitised HTML: one line per paragraph, entities decoded."""
    return html.unescape(strip_tags(_BLOCK_ENDS.sub("\n", value or ""))).strip()


def paragraphs_to_html(text):
    """Plain text, paragraphs parted by a blank line, as HTML paragraphs (escaped)."""
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text or ""))
    return "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in paragraphs if part)


def as_plain_paragraphs(value):
    """``value`` as plain text, paragraphs parted by a blank line — when it is plain paragraphs
    and nothing else, so that ``paragraphs_to_html`` gives exactly ``value`` back; else None
    (it has formatting a plain text would lose)."""
    text = "\n\n".join(line for line in html_to_text(value).split("\n") if line.strip())
    return text if paragraphs_to_html(text) == value else None


def markup_to_text(value):
    """Readable text of any HTML: what scripts, styles and the like contain is dropped."""
    return html_to_text(DROPPED_ELEMENTS.sub("", value or ""))


_TAG_NAMES = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)")


def removed_markup(value):
    """Names of the tags in ``value`` that sanitising removes, e.g. ["img", "script"]."""
    return sorted({name.lower() for name in _TAG_NAMES.findall(value or "")} - ALLOWED_TAGS)


# How deep tags may nest. No statement needs more than a few levels (a quote in a list item in
# a paragraph); the HTML parser's cost grows with the square of the depth (``<b>`` × 20,000,
# 60 kB, took 23 s), so deeper input is refused, with a message, before any parsing.
MAX_NESTING = 40
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
# Tags that never hold others open: void elements, and those a new sibling closes (HTML's
# "optional end tags": <p>a<p>b is two paragraphs side by side, not one inside the other).
_FLAT_TAGS = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed",
     "source", "track", "p", "li", "dt", "dd", "option", "tr", "td", "th"}
)  # fmt: skip


def nesting_depth(value):
    """How deep the tags of ``value`` nest, read in one pass over its tags (no parsing)."""
    depth = deepest = 0
    for closing, name in _TAG.findall(value or ""):
        if name.lower() in _FLAT_TAGS:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def refuse_deep_nesting(value):
    depth = nesting_depth(value)
    if depth > MAX_NESTING:
        raise ValidationError(
            gettext(
                "Tags in this text nest %(depth)s deep; the limit is %(limit)s. Paste it again "
                "as plain paragraphs (for example from a plain-text copy of the page)."
            ),
            code="too_deep",
            params={"depth": f"{depth:,}", "limit": MAX_NESTING},
        )


def sanitize_html(value):
    """Return ``value`` reduced to the allow-list. Idempotent: cleaning twice changes nothing.

    The size cap is checked on the result (escaping can make a text longer), by the field's
    validator; input far over the cap, or nested too deep, is refused at once.
    """
    refuse_hopeless(value, settings.NEWSDESK_MAX_HTML_CHARS)
    refuse_deep_nesting(value)
    value = clean_text(value)
    if not value:
        return ""
    value = DROPPED_ELEMENTS.sub("", value)
    return "".join(_cleaner.clean(piece) for piece in top_level_pieces(value)).strip()


# html5lib's tree walker (inside bleach) looks each element up among its siblings: its cost grows
# with the square of the number of paragraphs side by side (100,000 characters of short
# paragraphs: 1.1 s). Cleaned in pieces of whole top-level elements, each a few thousand
# characters, a long text costs what its pieces cost. Each piece is cleaned on its own and comes
# out well-formed, so the pieces joined are as safe as each one.
PIECE = 4_000
_FULL_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")
_TOP_LEVEL_ENDS = frozenset({"p", "blockquote", "ul", "ol"})


def top_level_pieces(value):
    """``value`` cut after closing tags of top-level blocks, in pieces of about ``PIECE``."""
    pieces, start, depth = [], 0, 0
    for match in _FULL_TAG.finditer(value):
        closing, name = match[1], match[2].lower()
        if name not in _FLAT_TAGS:
            depth = max(depth - 1, 0) if closing else depth + 1
        if closing and depth == 0 and name in _TOP_LEVEL_ENDS and match.end() - start >= PIECE:
            pieces.append(value[start : match.end()])
            start = match.end()
    pieces.append(value[start:])
    return pieces
