import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.opendata.transfer import ImportRefused, import_document


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
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="import on behalf of this user, with the newsroom's rules for that user: "
            "published content needs a chief editor. Without it, the import is made as the "
            "operator running the command.",
        )

    def handle(self, *args, file, replace, username, **options):
        user = None
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"There is no active user “{username}”.")
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
            import_document(document, replace=replace, progress=self.stderr.write, user=user)
        except ImportRefused as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        self.stdout.write(self.style.SUCCESS(f"Imported {file}."))
