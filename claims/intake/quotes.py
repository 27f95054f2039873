"""Finding quoted passages and sentences in news text, in English and French conventions.

One pass over each paragraph with a stack of open quotation marks, so that the time is linear in
the text's length: curly “…” and ‘…’, straight "…" and '…', „…“, « … » (nested marks stay
inside the passage that holds them); an apostrophe (can’t, l’ASP, the ministers’ quarrel) is not
a quotation mark; a passage left open at the end of a paragraph continues when the next one
opens with a quotation mark, as newspapers print a quotation that runs over paragraphs.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from claims.intake.naming import WORDS

# Opening mark → the marks that close it.
_CLOSERS = {"“": "”", "„": "“”", "«": "»", "‘": "’", '"': '"', "'": "'"}
_OPENERS = set(_CLOSERS)
_SPACE = " \u00a0\u202f\t"


@dataclass
class Quote:
    text: str  # the quoted words, paragraphs joined with a space
    start: int  # where the opening mark is, in the article's text
    end: int  # just after the closing mark
    paragraph: int  # the paragraph where it opens
    last_paragraph: int  # …and where it closes


def _letter(char):
    return char.isalnum()


def _is_apostrophe(paragraph, index, stack):
    """’ or ' between letters (can’t, l’ASP), or a plural possessive (the ministers’ quarrel)
    while a later mark can still close the open quotation."""
    before = paragraph[index - 1] if index else " "
    after = paragraph[index + 1] if index + 1 < len(paragraph) else " "
    if _letter(before) and _letter(after):
        return True
    if before in "sS" and after == " " and paragraph[index + 2 : index + 3].islower():
        closer = paragraph.find(paragraph[index], index + 1)
        return bool(stack) and closer != -1
    return False


def _opens(paragraph, index):
    """A mark opens a quotation where a word starts after it, not inside a word."""
    before = paragraph[index - 1] if index else " "
    after = paragraph[index + 1] if index + 1 < len(paragraph) else " "
    if paragraph[index] in "'‘":
        return not _letter(before) and (_letter(after) or after in '“"')
    return after not in _SPACE or paragraph[index] == "«"


def scan(paragraph, stack, inner=None):
    """Quoted spans of ``paragraph`` as (start, end) of their words, outermost only.

    ``stack`` holds the marks still open (a passage continued from the previous paragraph
    starts with its mark on it); it is left holding what this paragraph leaves open. A span
    whose start is -1 began in an earlier paragraph. ``inner`` (a list), if given, receives
    the spans one level down inside the passage left open: should its opening mark prove
    stray, they are the paragraph's quotations.
    """
    spans = []
    begin = -1 if stack else None
    inner_begin = None
    # “ nests in “ when enough ” follow to close both ("“We told them “no” to it,” he said");
    # else the “ before was never closed. Counted from the end once: linear.
    closers_after = [0] * (len(paragraph) + 1)
    for index in range(len(paragraph) - 1, -1, -1):
        mark = paragraph[index]
        closers_after[index] = closers_after[index + 1] + (mark == "”") - (mark == "“")
    for index, char in enumerate(paragraph):
        if char not in _OPENERS and char not in "”»’":
            continue
        if stack and char in _CLOSERS[stack[-1]]:
            if char in "'’" and _is_apostrophe(paragraph, index, stack):
                continue
            if (
                char in "'\""
                and index
                and paragraph[index - 1] in _SPACE
                and _opens(paragraph, index)
            ):
                pass  # a straight mark after a space opens (nested) rather than closes
            else:
                stack.pop()
                if not stack:
                    spans.append((begin, index))
                    if inner is not None:
                        inner.clear()
                elif len(stack) == 1 and inner is not None and inner_begin is not None:
                    inner.append((inner_begin, index))
                continue
        if char in _OPENERS and _opens(paragraph, index):
            if char in "'’" and _is_apostrophe(paragraph, index, stack):
                continue
            nested = char == "“" and closers_after[index + 1] >= 2
            if stack == [char] and char in "\"“‘'" and not nested:
                # These marks do not nest in themselves: the one before was never closed
                # (a quotation continued from an earlier paragraph, or a stray mark).
                begin = index + 1
                continue
            if not stack:
                begin = index + 1
            elif len(stack) == 1:
                inner_begin = index + 1
            stack.append(char)
    return spans, begin


def find_quotes(paragraphs):
    """Every quoted passage of the article (its paragraphs, in order) and warnings about marks
    left open. Offsets count paragraphs as joined with two newlines."""
    quotes, warnings = [], []
    stack, pending, offset, inner = [], None, 0, []
    for number, paragraph in enumerate(paragraphs):
        if stack:
            # Open at the end of the previous paragraph: continued only if this one opens.
            stripped = paragraph.lstrip(_SPACE)
            if stripped[:1] in _OPENERS or stripped[:1] == "»":
                skip = len(paragraph) - len(stripped) + 1
                paragraph_rest = paragraph[skip:]
                spans, begin = scan(paragraph_rest, stack)
                spans = [(s if s == -1 else s + skip, e + skip) for s, e in spans]
                begin = begin if begin in (None, -1) else begin + skip
            else:
                warnings.append(pending[2])
                quotes.extend(pending[4])  # what the stray mark held
                stack, pending = [], None
                spans, begin = scan(paragraph, stack, inner)
        else:
            spans, begin = scan(paragraph, stack, inner)
        for start, end in spans:
            if start == -1:  # closes a passage that began in an earlier paragraph
                first_paragraph, first_start, words = pending[0], pending[1], pending[3]
                words = [*words, paragraph[skip:end]]
                pending = None
            else:
                first_paragraph, first_start, words = (
                    number,
                    offset + start - 1,
                    [paragraph[start:end]],
                )
            text = " ".join(_tidy(w) for w in words)
            quotes.append(Quote(text, first_start, offset + end + 1, first_paragraph, number))
        if stack:
            if begin == -1 and pending:  # still open: one more paragraph of the same passage
                pending = (*pending[:3], [*pending[3], paragraph[skip:]], pending[4])
            else:
                held = [
                    Quote(_tidy(paragraph[a:b]), offset + a - 1, offset + b + 1, number, number)
                    for a, b in inner
                ]
                pending = (
                    number,
                    offset + begin - 1,
                    _(
                        "An opening %(mark)s has no closing quotation mark near “%(words)s…”; "
                        "that passage was not taken."
                    )
                    % {"mark": stack[0], "words": paragraph[max(begin - 1, 0) : begin + 60]},
                    [paragraph[begin:]],
                    held,
                )
        offset += len(paragraph) + 2
    if stack and pending:
        warnings.append(pending[2])
        quotes.extend(pending[4])
    return sorted(quotes, key=lambda quote: quote.start), warnings


def _tidy(words):
    # A comma that closes the quoted words belongs to the reporting sentence.
    return words.strip(_SPACE + "\n").rstrip(",").rstrip(_SPACE)


# Words that end with a full stop without ending a sentence.
ABBREVIATIONS = set(WORDS["sentences"]["abbreviations"].split())
# Sentences a dotted acronym (“the U.S.”) can end before.
_STARTERS = set(WORDS["sentences"]["starters"].split())
_END = re.compile(r"[.!?…]+[”»’\"']*(?=[\s\u00a0]+[A-ZÀ-Ý“\"«‘'„(])")


def sentence_starts(paragraph, masked):
    """Where the sentences of ``paragraph`` start; ``masked`` is the paragraph with quoted
    words blanked out, so that a full stop inside a quotation ends nothing by itself."""
    starts = [0]
    for match in _END.finditer(masked):
        word = re.search(r"([\w.]+)\.$", masked[max(0, match.start() - 20) : match.start() + 1])
        if match.group()[0] == "." and word:
            token = word[1].lower()
            following = re.match(r"[\s\u00a0]+([\w'’]+)", masked[match.end() :])
            following = following[1].lower() if following else ""
            if token in ABBREVIATIONS or re.fullmatch(r"[a-z]", token):
                continue  # Mr. Vey, Lt. Gen. Ferrin, J. Smith
            if "." in token and following not in _STARTERS:
                continue  # the U.S. Navy, the C.H.S. Council
        starts.append(match.end())
    return starts


def mask(text, quotes):
    """``text`` with every quotation's words blanked out (same length, paragraphs kept), except
    a final . ! or ? which ends the reporting sentence when the quotation ends it."""
    chars = list(text)
    for quote in quotes:
        inner = range(quote.start + 1, min(quote.end - 1, len(text)))
        last = next((i for i in reversed(inner) if not text[i].isspace()), None)
        for index in inner:
            if chars[index] != "\n" and not (index == last and text[index] in ".!?"):
                chars[index] = " "
    return "".join(chars)


def is_a_name(words):
    """“Istanbul Peace Initiative”: a title or a name in quotation marks, not speech."""
    parts = words.strip().split()
    return (
        0 < len(parts) <= 5
        and not re.search(r"[.!?,;:]", words)
        and all(part[:1].isupper() or part.lower() in NAME_LINKS for part in parts)
        and parts[0][:1].isupper()
    )


NAME_LINKS = {"of", "the", "for", "and", "de", "du", "des", "la", "le", "et", "pour"}
