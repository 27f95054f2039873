import json

from django.core.management.base import BaseCommand, CommandError

from claims.transfer import ImportRefused, import_document


class Command(BaseCommand):
    help = (
        "Load a document written by export_data into an empty database, in one transaction: "
        "a bad file is refused with the reason and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file written by export_data")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete all existing content first (in the same transaction)",
        )

    def handle(self, *args, file, replace, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                document = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(
                f"{file} is not valid JSON: {error}. Nothing was imported."
            ) from error
        try:
            import_document(document, replace=replace, progress=self.stderr.write)
        except ImportRefused as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        self.stdout.write(self.style.SUCCESS(f"Imported {file}."))
