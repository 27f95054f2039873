"""Share images: a PNG card per event (1200 × 630, the size link previews use), drawn with
Pillow — the title, the sides, the disputed words and who denied them, in the site's colours,
large enough to read as a thumbnail.

Fonts come from Debian's fonts-dejavu-core (installed by ``make`` and the production image), with
Pillow's own bundled font as the fallback: nothing is ever downloaded. A card is cached like any
public page (``claims/caching/page_cache.py``), so it is drawn again only when something public
changes.
"""

import io
import textwrap
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from claims.render import wording

WIDTH, HEIGHT = 1200, 630
INK, MUTED, PAPER, WASH = "#1b1b1f", "#55585f", "#ffffff", "#f4f5f7"
DISPUTED, ACCENT = "#a3261b", "#0b4f8a"
SIDES = ["#1f5fa8", "#a34400", "#1d6b3a", "#6b3fa0", "#0d6670", "#a3235d"]  # as in site.css
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]


@lru_cache(maxsize=16)
def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)  # Pillow's own font: plainer, always there


def _lines(draw, text, typeface, width, most):
    """``text`` wrapped to ``width`` pixels, at most ``most`` lines (the last shortened)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=typeface) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == most:
            break
    if line and len(lines) < most:
        lines.append(line)
    if len(lines) == most and " ".join(lines) != " ".join(words):
        last = lines[-1]
        while last and draw.textlength(last + "…", font=typeface) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def event_card(comparison):
    """The PNG bytes of an event's share card."""
    event = comparison.event
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 14], fill=DISPUTED if comparison.denials else ACCENT)
    margin, y = 60, 50
    draw.text((margin, y), "Newsdesk", font=font(30, bold=True), fill=INK)
    kind = event.get_kind_display()
    draw.text((margin + 200, y + 6), f"{kind} · {wording.when(event)}", font=font(24), fill=MUTED)
    y += 60
    title = font(52, bold=True)
    for line in _lines(draw, event.display_title, title, WIDTH - 2 * margin, 2):
        draw.text((margin, y), line, font=title, fill=INK)
        y += 64
    y += 14
    x = margin
    for number, column in enumerate(comparison.columns[:4]):
        label = column.side.label
        typeface = font(28, bold=True)
        width = draw.textlength(label, font=typeface) + 36
        colour = SIDES[column.colour % len(SIDES)]
        draw.rounded_rectangle([x, y, x + width, y + 48], radius=24, fill=colour)
        draw.text((x + 18, y + 8), label, font=typeface, fill=PAPER)
        x += width + 16
        if number == 3 and len(comparison.columns) > 4:
            draw.text((x, y + 8), f"+{len(comparison.columns) - 4}", font=typeface, fill=MUTED)
    y += 76
    if comparison.denials:
        denial = comparison.denials[0]
        draw.rectangle([margin, y, WIDTH - margin, HEIGHT - 50], fill=WASH)
        draw.rectangle([margin, y, margin + 10, HEIGHT - 50], fill=DISPUTED)
        sentence = f"{wording.rebuttal_sentence(denial)} — {wording.denial_delay_briefly(denial)}"
        typeface = font(30, bold=True)
        for line in _lines(draw, sentence, typeface, WIDTH - 2 * margin - 50, 1):
            draw.text((margin + 32, y + 20), line, font=typeface, fill=DISPUTED)
        quote = font(34)
        text = f"“{denial.disputed_passage}”"
        lines = _lines(draw, text, quote, WIDTH - 2 * margin - 50, 2)
        for number, line in enumerate(lines):
            draw.text((margin + 32, y + 70 + 44 * number), line, font=quote, fill=INK)
        if denial.rebutting_passage:
            answer = f"{denial.statement.party.side.label}: “{denial.rebutting_passage}”"
            top = y + 90 + 44 * len(lines)
            for line in _lines(draw, answer, font(28), WIDTH - 2 * margin - 50, 2):
                draw.text((margin + 32, top), line, font=font(28), fill=MUTED)
                top += 38
    else:
        summary = textwrap.shorten(event.summary or _("No rebuttal recorded."), 220)
        for number, line in enumerate(_lines(draw, summary, font(32), WIDTH - 2 * margin, 4)):
            draw.text((margin, y + 44 * number), line, font=font(32), fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
