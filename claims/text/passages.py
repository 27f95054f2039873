"""Passages of sanitised HTML: its text nodes, and whether a passage occurs in one of them (so
that a page can mark it). Plain text work, below the models, which check passages on save;
the marks themselves are HTML, built in ``claims/render/marking.py``."""

from html.parser import HTMLParser


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


def text_nodes(html):
    parser = _Nodes()
    parser.feed(html or "")
    parser.close()
    return parser.nodes


def passage_in_html(html, passage):
    """True if ``passage`` occurs within one run of text of ``html`` (so it can be marked)."""
    return bool(passage) and any(
        is_text and passage in value for is_text, value in text_nodes(html)
    )
