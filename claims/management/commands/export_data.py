from django.core.management.base import BaseCommand

from claims.opendata.transfer import dumps, export_document


class Command(BaseCommand):
    help = (
        "Write all content (parties, topics, events, statements, denials, claims, stances, "
        "corrections) as one JSON document to standard output. Progress goes to standard error."
    )

    def handle(self, *args, **options):
        document = export_document(progress=self.stderr.write)
        self.stdout.write(dumps(document))
