from django.core.management.base import BaseCommand

from claims.opendata import dataset


class Command(BaseCommand):
    help = (
        "Write the open dataset (every published event with its statements, rebuttals and "
        "claims, as JSON and CSV, with a data dictionary and the licence set in the admin) into "
        "NEWSDESK_DATASET_ROOT, where /data/files/ serves it. Run it after publishing, or on a "
        "schedule; files are replaced whole, never half-written."
    )

    def handle(self, *args, **options):
        package = dataset.build(progress=lambda line: self.stderr.write(line))
        for resource in package["resources"]:
            count = resource.get("rows", resource.get("items"))
            self.stdout.write(f"{resource['path']}: {count:,} rows, {resource['bytes']:,} bytes")
        self.stdout.write(
            f"Licence: {package['licenses'][0]['name']}. Written to {dataset.root()}."
        )
