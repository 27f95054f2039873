"""The one place where user-supplied text is cleaned.

Everything editors paste (statement texts, translations, summaries, names) passes through here
when it is saved — see ``claims.models.fields``. HTML keeps a small allow-list of tags (paragraphs,
emphasis, lists, quotes, links, line breaks); links may only point to http, https or mailto and
always carry ``rel="noopener noreferrer nofollow"``. The site also runs under a strict
Content-Security-Policy, so that a miss here still cannot run script.
"""

import html
import re

import bleach
from bleach.html5lib_shim import Filter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "i", "b", "u", "ul", "ol", "li", "blockquote", "q", "a", "cite"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

# Elements whose content is never text a reader should see: dropped whole, not just untagged.
_DROPPED_ELEMENTS = re.compile(
    r"<(script|style|template|noscript|iframe|object|svg|math)\b.*?(</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
# C0 controls (but tab, newline, carriage return), DEL and C1 controls: invisible, and some
# break PostgreSQL (NUL) or Atom feeds (UnserializableContentError).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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
    """Plain text: control characters removed, line endings unified, outer space trimmed."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARACTERS.sub("", value).strip()


def check_size(value):
    """Validator: refuse HTML over the size cap, saying how long it is and what the limit is."""
    limit = settings.NEWSDESK_MAX_HTML_CHARS
    if value and len(value) > limit:
        raise ValidationError(
            "This text is %(length)s characters long; the limit is %(limit)s. "
            "Split it into several statements or keep only the passages that matter.",
            code="too_long",
            params={"length": f"{len(value):,}", "limit": f"{limit:,}"},
        )


_BLOCK_ENDS = re.compile(r"</(p|li|blockquote)\s*>|<br\s*/?>", re.IGNORECASE)


def html_to_text(value):
    """Readable plain text of sanitised HTML: one line per paragraph, entities decoded."""
    return html.unescape(strip_tags(_BLOCK_ENDS.sub("\n", value or ""))).strip()


_TAG_NAMES = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)")


def removed_markup(value):
    """Names of the tags in ``value`` that sanitising removes, e.g. ["img", "script"]."""
    return sorted({name.lower() for name in _TAG_NAMES.findall(value or "")} - ALLOWED_TAGS)


def sanitize_html(value):
    """Return ``value`` reduced to the allow-list. Idempotent: cleaning twice changes nothing."""
    value = clean_text(value)
    if not value:
        return ""
    check_size(value)
    value = _DROPPED_ELEMENTS.sub("", value)
    return _cleaner.clean(value).strip()
