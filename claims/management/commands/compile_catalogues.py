from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile the translation catalogues (locale/<language>/LC_MESSAGES/*.po → .mo) in pure "
        "Python, so that a machine without GNU gettext serves every language. The .mo files "
        "are built, never committed (make does this on every install)."
    )

    def handle(self, *args, **options):
        compiled = 0
        for root in settings.LOCALE_PATHS:
            for catalogue in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(catalogue))
                if errors := [entry.msgid for entry in po if "fuzzy" in entry.flags]:
                    raise CommandError(f"{catalogue}: fuzzy entries left: {errors[:3]}")
                po.save_as_mofile(str(catalogue.with_suffix(".mo")))
                compiled += 1
                translated = len(po.translated_entries())
                self.stdout.write(f"{catalogue}: {translated} messages")
        if not compiled:
            raise CommandError("No catalogue found in LOCALE_PATHS.")
