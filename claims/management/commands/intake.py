import json
import sys

from django.core.management.base import BaseCommand, CommandError

from claims.intake import MAX_ARTICLE_BYTES, ArticleRefused, decode_article, intake


class Command(BaseCommand):
    help = (
        "Clean a news article (text or HTML) and list its quoted passages with speaker and "
        "conduit. Reads FILE, or standard input when FILE is '-'. Writes nothing to the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .html or .txt file, or - for standard input")
        parser.add_argument("--json", action="store_true", help="print JSON (cleaned text too)")

    def handle(self, *args, file, json: bool, **options):
        raw = self.read(file)
        result = intake(raw)
        for warning in result.warnings:
            self.stderr.write(warning)
        if json:
            self.stdout.write(dumps(result.as_dict()))
            return
        if result.published:
            self.stdout.write(f"Article dated {result.published.isoformat()}.")
        for number, candidate in enumerate(result.candidates, 1):
            via = f" via {candidate.conduit}" if candidate.conduit else ""
            speaker = candidate.speaker or "(speaker not found)"
            party = f" [{candidate.party}]" if candidate.party else ""
            if candidate.reported:  # the article's words, not a quotation: no quotation marks
                self.stdout.write(f"{number}. {speaker}{party}{via}, reported: {candidate.quote}")
            else:
                self.stdout.write(f"{number}. {speaker}{party}{via}: “{candidate.quote}”")

    def read(self, file):
        try:
            # One byte more than intake reads, so that an oversized input is refused by size.
            if file == "-":
                data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
            else:
                with open(file, "rb") as handle:
                    data = handle.read(MAX_ARTICLE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            return decode_article(data)
        except ArticleRefused as refusal:
            raise CommandError(str(refusal)) from refusal


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=2)
