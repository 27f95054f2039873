"""HTML built in Python: disputed passages marked in a statement's text, word diffs of texts.

Statement texts are sanitised HTML (``claims/text/sanitize.py``). Passages are looked for in its
text nodes only — never inside a tag or an attribute — by a real HTML parser, and the marks are
built with ``format_html`` so that every piece of text is escaped exactly once.
"""

import difflib
import re
from html import unescape

from django.utils.html import escape, format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe

from claims.text.folding import fold
from claims.text.passages import text_nodes


def mark_passages(html, marks):
    """``html`` with each ``(passage, mark_id, title, links[, css class])`` wrapped in
    ``<mark>`` at its first occurrence, followed by links ``(anchor, label)`` to the rebuttals
    (the class is "disputed-passage" unless given).

    A passage that cannot be found (the database holds a text changed behind the rules' back)
    is left unmarked; the caller can tell with ``passage_in_html``.
    """
    nodes = text_nodes(html)
    spans = {}  # node index → [(start, end, mark)]
    for mark in marks:
        passage = mark[0]
        for index, (is_text, value) in enumerate(nodes):
            start = value.find(passage) if is_text and passage else -1
            if start < 0:
                continue
            end = start + len(passage)
            taken = spans.setdefault(index, [])
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, mark))
            break
    out = []
    for index, (is_text, value) in enumerate(nodes):
        if not is_text:
            out.append(mark_safe(value))  # a tag of sanitised HTML, as it was stored
            continue
        position = 0
        for start, end, (_passage, mark_id, title, links, *css) in sorted(spans.get(index, [])):
            out.append(escape(value[position:start]))
            refs = format_html_join("", ' <a class="denial-ref" href="#{}">{}</a>', links)
            out.append(
                format_html(
                    '<mark class="{}" id="{}" title="{}">{}</mark>{}',
                    css[0] if css else "disputed-passage",
                    mark_id,
                    title,
                    value[start:end],
                    format_html('<span class="denial-refs">{}</span>', refs) if links else "",
                )
            )
            position = end
        out.append(escape(value[position:]))
    return mark_safe("".join(out))


_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old, new):
    """(old, new) as safe HTML, removed words in <del> and added words in <ins>."""
    old_words = _TOKENS.findall(unescape(strip_tags(old or "")))
    new_words = _TOKENS.findall(unescape(strip_tags(new or "")))
    old_out, new_out = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_words[i1:i2]), "".join(new_words[j1:j2])
        if tag == "equal":
            old_out.append(escape(before))
            new_out.append(escape(after))
            continue
        if before:
            old_out.append(format_html("<del>{}</del>", before))
        if after:
            new_out.append(format_html("<ins>{}</ins>", after))
    return mark_safe("".join(old_out)), mark_safe("".join(new_out))


def _stem(form):
    """The part of a search word that its other endings share: "dialogue" → "dialog"."""
    return form if len(form) <= 4 else form[: max(4, len(form) - 2)]


def _matching_words(text, forms):
    """Spans of the words of ``text`` that a search for ``forms`` matched (accents and case
    aside, any ending), as ``[(start, end)]``."""

    stems = [_stem(word) for form in forms for word in form.split()]
    return [
        match.span()
        for match in re.finditer(r"\w[\w'’-]*", text)
        if any(fold(match.group()).startswith(stem) for stem in stems)
    ]


def snippet(text, forms, length=240):
    """The passage of plain ``text`` around its first word matching ``forms``, the matching
    words in ``<mark>``: "… both ministers <mark>expressed</mark> their willingness …"."""
    spans = _matching_words(text, forms)
    if not spans:
        return ""
    first = spans[0][0]
    start = (
        max(0, text.rfind(" ", 0, max(0, first - length // 3)) + 1) if first > length // 3 else 0
    )
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > first else end
    out, position = ["… " if start else ""], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[position:span_start]))
        out.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        position = span_end
    out.append(escape(text[position:end]))
    out.append(" …" if end < len(text) else "")
    return mark_safe("".join(out))
