"""HTML built in Python: disputed passages marked in a statement's text, word diffs of texts.

Statement texts are sanitised HTML (``claims/sanitize.py``). Passages are looked for in its text
nodes only — never inside a tag or an attribute — by a real HTML parser, and the marks are built
with ``format_html`` so that every piece of text is escaped exactly once.
"""

import difflib
import re
from html import unescape
from html.parser import HTMLParser

from django.utils.html import escape, format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe


class _Nodes(HTMLParser):
    """Sanitised HTML as a list of ``(is_text, value)``: tags as written, text decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes = []

    def handle_starttag(self, tag, attrs):
        self.nodes.append((False, self.get_starttag_text()))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.nodes.append((False, f"</{tag}>"))

    def handle_data(self, data):
        if self.nodes and self.nodes[-1][0]:  # text split by the parser's buffering
            self.nodes[-1] = (True, self.nodes[-1][1] + data)
        else:
            self.nodes.append((True, data))


def _nodes(html):
    parser = _Nodes()
    parser.feed(html or "")
    parser.close()
    return parser.nodes


def passage_in_html(html, passage):
    """True if ``passage`` occurs within one run of text of ``html`` (so it can be marked)."""
    return bool(passage) and any(is_text and passage in value for is_text, value in _nodes(html))


def mark_passages(html, marks):
    """``html`` with each ``(passage, mark_id, title, links)`` wrapped in ``<mark>`` at its
    first occurrence, followed by links ``(anchor, label)`` to the rebuttals.

    A passage that cannot be found (the database holds a text changed behind the rules' back)
    is left unmarked; the caller can tell with ``passage_in_html``.
    """
    nodes = _nodes(html)
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
        for start, end, (_passage, mark_id, title, links) in sorted(spans.get(index, [])):
            out.append(escape(value[position:start]))
            out.append(
                format_html(
                    '<mark class="disputed-passage" id="{}" title="{}">{}</mark>'
                    '<span class="denial-refs">{}</span>',
                    mark_id,
                    title,
                    value[start:end],
                    format_html_join("", ' <a class="denial-ref" href="#{}">{}</a>', links),
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
